"""Each bad input gives its own `path:line: message` (table-driven, like Hugo's build-error tests)."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from briefing.engine.store import load_site
from tests.conftest import MakeContent, build_site, entry

E = "content/entries/2022/2022-01-28-call.md"

CASES = [
    # (name, files to override, expected message line)
    ("no closing fence", {E: "---\ntitle: x\n"}, f"{E}:1: front matter is not closed"),
    ("yaml syntax", {E: "---\ntitle: [unclosed\nsummary: x\n---\n"}, f"{E}:3: YAML:"),
    ("not a mapping", {E: "---\n- a\n- b\n---\nbody\n"}, f"{E}:2: front matter must be a mapping"),
    ("missing title", {E: entry().replace("title: An entry\n", "")}, f"{E}:1: title: required"),
    ("wrong type", {E: entry(extra="draft: maybe\n")}, f"{E}:11: draft: expected true or false"),
    (
        "impossible date",
        {E: entry(date="2023-02-30")},
        f"{E}:4: date: '2023-02-30' is not a real calendar date",
    ),
    ("not a date", {E: entry(date="28/01/2022")}, f"{E}:4: date: '28/01/2022' is not a date"),
    (
        "unknown thread",
        {E: entry(thread="talk")},
        f"{E}:5: thread: unknown thread 'talk' (did you mean 'talks' (Talks)?)",
    ),
    (
        "unknown actor",
        {E: entry(actors="[macronn]")},
        f"{E}:6: actors: unknown actor 'macronn' (did you mean 'emmanuel-macron' (Emmanuel Macron)?)",
    ),
    (
        "unknown topic",
        {E: entry(topics="[diplomasy]")},
        f"{E}:7: topics: unknown topic 'diplomasy' (did you mean 'diplomacy' (Diplomacy)?)",
    ),
    (
        "misspelt key",
        {E: entry(extra="actros: [x]\n")},
        f"{E}:11: unknown key 'actros' (did you mean 'actors'?)",
    ),
    (
        "topic and topics",
        {E: entry(extra="topic: diplomacy\n")},
        f"{E}:11: topic: give either 'topic' or 'topics', not both",
    ),
    ("bad slug", {E: entry(extra="slug: ../x\n")}, f"{E}:11: slug: '../x' is not a safe URL slug"),
    ("slash slug", {E: entry(extra="slug: a/b\n")}, f"{E}:11: slug: 'a/b' is not a safe URL slug"),
    ("space slug", {E: entry(extra="slug: a b\n")}, f"{E}:11: slug: 'a b' is not a safe URL slug"),
    (
        "bad url",
        {
            E: entry().replace(
                "    title: A report\n", "    title: A report\n    url: javascript:alert(1)\n"
            )
        },
        f"{E}:11: sources[1].url: 'javascript:alert(1)' is not an http or https URL",
    ),
    (
        "no sources",
        {
            E: entry().replace(
                "sources:\n  - publisher: The Moscow Times\n    title: A report\n", ""
            )
        },
        f"{E}:1: sources: required",
    ),
    (
        "source without publisher",
        {
            E: entry().replace(
                "  - publisher: The Moscow Times\n    title: A report\n", "  - title: A report\n"
            )
        },
        f"{E}:9: sources[1].publisher: required",
    ),
    ("empty actors", {E: entry(actors="[]")}, f"{E}:6: actors: required"),
    ("not utf-8", {E: entry(body="caf\xe9").encode("latin-1")}, f"{E}:13: not UTF-8 text"),
    ("empty file", {E: ""}, f"{E}:1: the file is empty"),
    (
        "python tag",
        {E: entry(extra="x: !!python/object/apply:os.system ['true']\n")},
        f"{E}:11: YAML: tags that construct objects",
    ),
    ("anchor", {E: entry(extra="a: &a [1]\nb: *a\n")}, f"{E}:11: YAML anchors"),
    (
        "bad status",
        {"content/threads/talks.md": "---\ntitle: T\nsummary: S\nstatus: done\n---\n"},
        "content/threads/talks.md:4: status: 'done' is not one of active, watch, resolved",
    ),
    (
        "bad actor kind",
        {"content/actors.yaml": "- id: x\n  name: X\n  kind: human\n"},
        "content/actors.yaml:3: kind: 'human' is not one of",
    ),
    (
        "bad actor id",
        {"content/actors.yaml": "- id: Bad_Id\n  name: X\n  kind: person\n"},
        "content/actors.yaml:1: id: 'Bad_Id' must be a lowercase ASCII slug",
    ),
    (
        "missing base_url",
        {"content/site.yaml": "title: T\n"},
        "content/site.yaml:1: base_url: required",
    ),
    (
        "bad file name",
        {"content/entries/2022/call.md": entry()},
        "content/entries/2022/call.md:1: the file name must be YYYY-MM-DD-<slug>.md",
    ),
]


def _load(make_content: MakeContent, files: dict[str, str | bytes | None]) -> list[str]:
    content = make_content({k.removeprefix("content/"): v for k, v in files.items()})
    _, problems = load_site(content, include_drafts=False)
    return [str(p) for p in problems if not p.warning]


@pytest.mark.parametrize(("files", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_bad_input_message(
    make_content: MakeContent, files: dict[str, str | bytes | None], expected: str
) -> None:
    messages = _load(make_content, files)
    assert any(m.startswith(expected) for m in messages), messages


def test_every_problem_is_reported_in_one_run(make_content: MakeContent) -> None:
    messages = _load(
        make_content,
        {
            "content/entries/2022/2022-01-28-call.md": entry(actors="[nobody]"),
            "content/entries/2022/2022-01-29-two.md": entry(thread="nope", date="2022-01-29"),
            "content/threads/talks.md": "---\ntitle: T\n---\n",
        },
    )
    assert len(messages) == 3, messages


def test_duplicate_urls_name_both_files(make_content: MakeContent) -> None:
    messages = _load(
        make_content,
        {
            "content/entries/2022/2022-01-28-a.md": entry(extra="slug: same\n"),
            "content/entries/2022/2022-01-28-b.md": entry(extra="slug: same\n"),
        },
    )
    assert any(
        "2022-01-28-a.md:1: URL /2022/01/28/same/ is also written by" in m
        and m.endswith("2022-01-28-b.md; change the slug of one")
        for m in messages
    ), messages


def test_urls_that_differ_only_by_case_clash(make_content: MakeContent) -> None:
    messages = _load(
        make_content,
        {
            "content/entries/2022/2022-01-28-Call.md": entry(),
        },
    )
    assert any(
        "2022-01-28-Call.md:1: URL /2022/01/28/Call/ is also written by" in m for m in messages
    ), messages


def test_shared_alias_is_an_error_when_used(make_content: MakeContent) -> None:
    actors = "- id: a-petrov\n  name: A Petrov\n  kind: person\n  aliases: [Petrov]\n- id: b-petrov\n  name: B Petrov\n  kind: person\n  aliases: [Petrov]\n"
    content = make_content(
        {
            "actors.yaml": actors,
            "entries/2022/2022-01-28-call.md": entry(actors="[Petrov]"),
            "entries/2022/2022-01-26-replies.md": None,
        }
    )
    _, problems = load_site(content, include_drafts=False)
    shown = [str(p) for p in problems]
    assert (
        "content/actors.yaml:8: warning: 'Petrov' names 2 records (a-petrov, b-petrov); entries must refer to these by id"
        in shown
    )
    assert f"{E}:6: actors: 'Petrov' is ambiguous: it names a-petrov, b-petrov; use the id" in shown


def test_strict_build_fails_on_a_shared_alias(make_content: MakeContent, tmp_path: Path) -> None:
    actors = "- id: a-petrov\n  name: A Petrov\n  kind: person\n  aliases: [Petrov]\n- id: b-petrov\n  name: B Petrov\n  kind: person\n  aliases: [Petrov]\n"
    content = make_content(
        {
            "actors.yaml": actors,
            "entries/2022/2022-01-28-call.md": entry(actors="[a-petrov]"),
            "entries/2022/2022-01-26-replies.md": None,
        }
    )
    assert build_site(content, tmp_path / "site").returncode == 0
    strict = build_site(content, tmp_path / "site2", "--strict")
    assert strict.returncode == 1 and "'Petrov' names 2 records" in strict.stderr


def test_duplicate_ids_are_errors(make_content: MakeContent) -> None:
    actors = "- id: nato\n  name: NATO\n  kind: organization\n- id: nato\n  name: The Alliance\n  kind: organization\n"
    messages = _load(make_content, {"content/actors.yaml": actors})
    assert "content/actors.yaml:4: id: 'nato' is already used on line 1" in messages, messages


def test_alias_bomb_is_refused_quickly(make_content: MakeContent) -> None:
    bomb = "".join(f"l{i}: &l{i} [" + ", ".join([f"*l{i - 1}"] * 9) + "]\n" for i in range(1, 12))
    text = "---\nl0: &l0 [lol]\n" + bomb + "---\n"
    started = time.perf_counter()
    messages = _load(make_content, {E: text})
    assert time.perf_counter() - started < 2
    assert any("YAML anchors" in m for m in messages), messages


def test_symlink_out_of_content_is_refused_unread(
    make_content: MakeContent, tmp_path: Path
) -> None:
    secret = tmp_path / "secret.md"
    secret.write_text(entry("SECRET"), encoding="utf-8")
    content = make_content()
    (content / "entries/2022/2022-01-30-link.md").symlink_to(secret)
    site, problems = load_site(content, include_drafts=False)
    assert site is None
    assert (
        "content/entries/2022/2022-01-30-link.md:1: symlink points outside the content folder; refused"
        in [str(p) for p in problems]
    )


def test_bom_and_crlf_are_fine(make_content: MakeContent) -> None:
    text = ("\ufeff" + entry()).replace("\n", "\r\n")
    assert _load(make_content, {E: text.encode("utf-8")}) == []


def test_cli_prints_errors_and_exits_1_without_traceback(
    make_content: MakeContent, tmp_path: Path
) -> None:
    content = make_content({"entries/2022/2022-01-28-call.md": entry(date="2023-02-30")})
    result = build_site(content, tmp_path / "site")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert f"{E}:4: date: '2023-02-30' is not a real calendar date" in result.stderr
    assert not (tmp_path / "site").exists()
