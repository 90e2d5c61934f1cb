"""`new`: paths, slugs from any script, a complete front matter, refusals, did-you-mean."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from pathlib import Path

import pytest

from briefing.commands.new import entry_text, thread_text
from briefing.content.placeholders import NEW_BODY
from briefing.content.validate import ENTRY_KEYS, THREAD_KEYS
from briefing.engine.store import load_site
from tests.conftest import MakeContent, build_site, run_cli

ARGS = ("--thread", "talks", "--actors", "vladimir-putin,nato", "--topics", "diplomacy")


def new(content: Path, *args: str) -> tuple[int, str, str]:
    result = run_cli("new", *args, "--content", content)
    return result.returncode, result.stdout.strip(), result.stderr


def fill(path: Path) -> None:
    """Fill in the two placeholders the scaffold marks as required."""
    text = path.read_text(encoding="utf-8")
    text = text.replace('summary: ""', "summary: What happened, in a sentence.", 1)
    text = text.replace('  - publisher: ""', "  - publisher: Reuters", 1)
    path.write_text(text, encoding="utf-8")


@pytest.mark.parametrize(
    ("title", "file_name"),
    [
        ("Putin calls Macron", "2022-02-01-putin-calls-macron.md"),
        ("Путин звонит Макрону", "2022-02-01-putin-zvonit-makronu.md"),
        ("Ёлки: «Щит» и Объём", "2022-02-01-elki-shchit-i-obem.md"),
        (
            "Zelensky's 'peace formula' — Kyiv, 2022",
            "2022-02-01-zelensky-peace-formula-kyiv-2022.md",
        ),
    ],
)
def test_an_entry_is_written_at_its_dated_path_with_an_ascii_slug(
    make_content: MakeContent, title: str, file_name: str
) -> None:
    content = make_content()
    before = set(content.rglob("*"))
    code, printed, stderr = new(content, title, *ARGS, "--date", "2022-02-01")
    assert code == 0, stderr
    path = content / "entries" / "2022" / file_name
    assert printed == str(path)
    assert sorted(set(content.rglob("*")) - before) == [path]  # that file, and nothing else
    text = path.read_text(encoding="utf-8")
    assert "\ndraft: true" in text
    assert "\nthread: [talks]" in text and "\nactors: [vladimir-putin, nato]" in text
    fill(path)
    site, errors = load_site(content, include_drafts=True)
    assert site is not None, errors
    drafted = [e.url for e in site.entries if e.draft]
    assert drafted == [f"2022/02/01/{file_name.removeprefix('2022-02-01-').removesuffix('.md')}/"]
    assert drafted[0].isascii()


def test_the_filled_scaffold_builds_with_drafts_and_the_raw_one_names_its_placeholders(
    make_content: MakeContent, tmp_path: Path
) -> None:
    content = make_content()
    code, printed, _ = new(content, 'A "quoted": title', *ARGS, "--date", "2022-02-01")
    assert code == 0
    path = Path(printed)
    # As a draft, what is left to write is only a warning: the preview shows the draft.
    raw = build_site(content, tmp_path / "raw", "--drafts")
    assert raw.returncode == 0, raw.stderr
    shown = f"content/entries/2022/{path.name}"
    assert f"{shown}:3: warning: summary: required, and missing or empty" in raw.stderr
    assert f"{shown}:9: warning: sources[1].publisher: required, and missing or empty" in raw.stderr
    assert raw.stderr.count(shown) == 2
    assert build_site(content, tmp_path / "strict", "--drafts", "--strict").returncode == 1
    # Published as it stands, the scaffold is unfinished work, each piece at its line.
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("\ndraft: true", "\n# draft: true"), encoding="utf-8")
    unfinished = build_site(content, tmp_path / "unfinished")
    assert unfinished.returncode == 1
    body_line = text.split("\n").index(NEW_BODY) + 1
    assert f"{shown}:3: summary: required, and missing or empty" in unfinished.stderr
    assert f"{shown}:9: sources[1].publisher: required, and missing or empty" in unfinished.stderr
    assert (
        f'{shown}:{body_line}: body: still the placeholder "{NEW_BODY}"; write the entry itself, '
        "in Markdown (or keep 'draft: true' until it is done)"
    ) in unfinished.stderr
    path.write_text(text, encoding="utf-8")
    fill(path)
    built = build_site(content, tmp_path / "site", "--drafts")
    assert built.returncode == 0, built.stderr
    page = tmp_path / "site" / "2022/02/01/a-quoted-title/index.html"
    assert ">A &#34;quoted&#34;: title</h1>" in page.read_text(encoding="utf-8")
    published = build_site(content, tmp_path / "published")
    assert published.returncode == 0, published.stderr
    assert not (tmp_path / "published" / "2022/02/01/a-quoted-title").exists()


def test_every_field_of_the_schema_is_in_the_scaffold() -> None:
    text = entry_text("T", dt.date(2022, 2, 1), ["talks"], ["nato"], ["diplomacy"])
    for key in ENTRY_KEYS:
        if key != "topic":  # the singular spelling of topics
            assert f"\n{key}:" in text or f"\n# {key}:" in text, key
    thread = thread_text("T")
    for key in THREAD_KEYS:
        assert f"\n{key}:" in thread or f"\n# {key}:" in thread, key


def test_the_date_defaults_to_today_in_the_sites_time_zone(make_content: MakeContent) -> None:
    content = make_content(
        {"site.yaml": "title: T\nbase_url: https://example.org/\ntimezone: Pacific/Kiritimati\n"}
    )
    zone = zoneinfo.ZoneInfo("Pacific/Kiritimati")
    before = dt.datetime.now(zone).date()
    code, printed, stderr = new(content, "Today", *ARGS)
    after = dt.datetime.now(zone).date()
    assert code == 0, stderr
    assert Path(printed).name in {f"{d.isoformat()}-today.md" for d in (before, after)}


def test_an_existing_file_is_never_overwritten(make_content: MakeContent) -> None:
    content = make_content()
    code, printed, _ = new(content, "Same title", *ARGS, "--date", "2022-02-01")
    assert code == 0
    Path(printed).write_text("my work", encoding="utf-8")
    code, _, stderr = new(content, "Same title", *ARGS, "--date", "2022-02-01")
    assert code == 1
    assert "by content/entries/2022/2022-02-01-same-title.md; not overwritten" in stderr
    assert Path(printed).read_text(encoding="utf-8") == "my work"


def test_unknown_ids_are_refused_with_a_did_you_mean(make_content: MakeContent) -> None:
    content = make_content()
    code, printed, stderr = new(
        content, "Typos", "--thread", "tallks", "--actors", "vladimir-putn,nato",
        "--topics", "diplomacyy", "--date", "2022-02-01",
    )  # fmt: skip
    assert code == 1 and printed == ""
    shown = "content/entries/2022/2022-02-01-typos.md"
    assert f"{shown}:5: thread: unknown thread 'tallks' (did you mean 'talks' (Talks)?)" in stderr
    assert (
        f"{shown}:6: actors: unknown actor 'vladimir-putn' (did you mean 'vladimir-putin' (Vladimir Putin)?)"
        in stderr
    )
    assert (
        f"{shown}:7: topics: unknown topic 'diplomacyy' (did you mean 'diplomacy' (Diplomacy)?)"
        in stderr
    )
    assert "nothing was written" in stderr
    assert not (content / "entries/2022/2022-02-01-typos.md").exists()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("No thread", "--date", "2022-02-01"), "give the entry's thread: --thread ID"),
        (("Bad date", "--thread", "talks", "--date", "2022-02-30"), "--date: '2022-02-30'"),
        (("Bad date", "--thread", "talks", "--date", "01/02/2022"), "write YYYY-MM-DD"),
    ],
)
def test_bad_arguments_are_explained(
    make_content: MakeContent, args: tuple[str, ...], message: str
) -> None:
    code, _, stderr = new(make_content(), *args)
    assert code == 1
    assert message in stderr


def test_a_new_thread(make_content: MakeContent, tmp_path: Path) -> None:
    content = make_content()
    code, printed, stderr = new(content, "thread", "gas-crisis", "The gas crisis")
    assert code == 0, stderr
    path = content / "threads" / "gas-crisis.md"
    assert printed == str(path)
    text = path.read_text(encoding="utf-8")
    assert 'title: "The gas crisis"' in text
    text = text.replace('summary: ""', "summary: Gas supplies and prices.")
    path.write_text(text, encoding="utf-8")
    built = build_site(content, tmp_path / "site")
    assert built.returncode == 0, built.stderr
    assert (tmp_path / "site" / "threads" / "gas-crisis" / "index.html").is_file()
    code, _, stderr = new(content, "thread", "gas-crisis", "Again")
    assert code == 1 and "already exists" in stderr
    code, _, stderr = new(content, "thread", "Gas Crisis", "Bad id")
    assert code == 1 and "must be a lowercase slug such as 'gas-crisis'" in stderr
