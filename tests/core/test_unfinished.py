"""Unfinished work and the messages around it: each case a good fixture with one thing broken,
asserting the exact `path:line: message` (issue 17, items 1 and 4)."""

from __future__ import annotations

from pathlib import Path

import pytest

from briefing.content.placeholders import CLIP_BODY, CLIP_SUMMARY, NEW_BODY, NEW_THREAD_BODY
from briefing.engine.store import load_site
from tests.conftest import MakeContent, build_site, entry

E = "content/entries/2022/2022-01-28-call.md"
UNFINISHED = "(or keep 'draft: true' until it is done)"
WITH_URL = "    title: A report\n    url: https://example.com/report\n"


def published(**fields: str) -> str:
    """An entry whose source has an address, so that only the case's own problem shows."""
    return entry(**fields).replace("    title: A report\n", WITH_URL)


ERRORS = [
    # (name, entry text, expected error)
    (
        "clip's summary placeholder",
        published().replace("summary: Summary of An entry.", f'summary: "{CLIP_SUMMARY}"'),
        f'{E}:3: summary: still the placeholder "{CLIP_SUMMARY}"; write one or two sentences '
        f"in our own words {UNFINISHED}",
    ),
    (
        "new's body placeholder",
        published(body=NEW_BODY),
        f'{E}:14: body: still the placeholder "{NEW_BODY}"; write the entry itself, in Markdown '
        f"{UNFINISHED}",
    ),
    (
        "clip's body placeholder, below a comment",
        published(body=f"<!--\nnotes\n-->\n\n{CLIP_BODY}"),
        f'{E}:18: body: still the placeholder "{CLIP_BODY}"; write the entry itself, in Markdown '
        f"{UNFINISHED}",
    ),
    (
        "TODO in the title",
        published(title="Talks resume TODO"),
        f"{E}:2: title: 'TODO' marks unfinished work; write a headline of our own and remove "
        f"the marker {UNFINISHED}",
    ),
    (
        "TK in the body",
        published(body="First paragraph.\n\nThe minister said TK."),
        f"{E}:16: body: 'TK' marks unfinished work; write the entry itself, in Markdown and "
        f"remove the marker {UNFINISHED}",
    ),
    (
        "FIXME in the trend reason",
        published(extra="trend: steady\ntrend_reason: fixme later\n"),
        f"{E}:13: trend_reason: 'fixme' marks unfinished work; write one line on why the trend "
        f"holds and remove the marker {UNFINISHED}",
    ),
    (
        "empty title",
        published().replace("title: An entry", 'title: ""'),
        f"{E}:2: title: required, and missing or empty; write a headline of our own",
    ),
    (
        "blank summary",
        published().replace("summary: Summary of An entry.", 'summary: "   "'),
        f"{E}:3: summary: required, and missing or empty; write one or two sentences in our own "
        "words",
    ),
    (
        "date against the file name",
        published(date="2022-02-03"),
        f"{E}:4: date: 2022-02-03 is not the file name's date 2022-01-28; set 'date: 2022-01-28', "
        "or rename the file to start with 2022-02-03",
    ),
    (
        "unquoted colon",
        published(title="Talks: day two"),
        f"{E}:2: YAML: a value that contains "
        """': ' must be quoted, e.g. title: "Talks: day two\"""",
    ),
    (
        "tab indent",
        published().replace("    title: A report", "\ttitle: A report"),
        f"{E}:10: YAML: the line is indented with a tab: indent with spaces only",
    ),
    (
        "unclosed quote",
        published().replace("title: An entry", 'title: "Talks resume'),
        f"{E}:2: YAML: a quote opened here is never closed: end the value with the same quote mark",
    ),
    (
        "unclosed bracket",
        published(actors="[vladimir-putin"),
        f"{E}:7: YAML: a bracket "
        "opened here is never closed: end the list with ']' (and quote any item that contains "
        "': ')",
    ),
    (
        "no space after a dash",
        published().replace("  - publisher:", "  -publisher:"),
        f"{E}:10: YAML: a list item needs a space after its dash ('- item', not '-item')",
    ),
    (
        "misspelt name: id and name suggested",
        published(actors="[Vladimir Puttin]"),
        f"{E}:6: actors: unknown actor 'Vladimir Puttin' (did you mean 'vladimir-putin' "
        "(Vladimir Putin)?)",
    ),
]


def _messages(make_content: MakeContent, text: str, drafts: bool = False) -> list[str]:
    content = make_content({"entries/2022/2022-01-28-call.md": text})
    _, problems = load_site(content, include_drafts=drafts)
    return [str(p) for p in problems if not p.warning]


@pytest.mark.parametrize(("text", "expected"), [c[1:] for c in ERRORS], ids=[c[0] for c in ERRORS])
def test_error_message(make_content: MakeContent, text: str, expected: str) -> None:
    assert expected in _messages(make_content, text)


DRAFTABLE = [c for c in ERRORS if "YAML" not in c[2] and "unknown" not in c[2]]


@pytest.mark.parametrize("text", [c[1] for c in DRAFTABLE], ids=[c[0] for c in DRAFTABLE])
def test_unfinished_work_is_allowed_in_a_draft(make_content: MakeContent, text: str) -> None:
    as_draft = text.replace("---\n\n", "draft: true\n---\n\n", 1)
    if "date: 2022-02-03" in text:  # a contradiction is not unfinished work
        return
    assert _messages(make_content, as_draft, drafts=True) == []


def test_a_thread_still_on_its_placeholder_is_a_warning(make_content: MakeContent) -> None:
    thread = f"---\ntitle: Talks\nsummary: The talks.\n---\n\n{NEW_THREAD_BODY}\n"
    content = make_content({"threads/talks.md": thread})
    site, problems = load_site(content, include_drafts=False)
    assert site is not None
    assert (
        f'content/threads/talks.md:6: warning: body: still the placeholder "{NEW_THREAD_BODY}"; '
        "write what the thread follows"
    ) in [str(p) for p in problems]


def test_a_lowercase_tk_is_a_word_not_a_marker(make_content: MakeContent) -> None:
    assert _messages(make_content, published(body="The tk sound; a TKO.")) == []


def test_a_marker_in_an_editors_comment_never_goes_live(make_content: MakeContent) -> None:
    assert _messages(make_content, published(body="<!-- TODO: check -->\n\nDone.")) == []


def test_every_problem_of_a_statement_is_reported(make_content: MakeContent) -> None:
    text = published(extra="statements:\n  - by: macronn\n    text: We will talk.\n")
    assert _messages(make_content, text) == [
        f"{E}:13: statements[1].kind: required, one of quote, paraphrase",
        f"{E}:13: statements: unknown actor 'macronn' (did you mean 'emmanuel-macron' "
        "(Emmanuel Macron)?)",
    ]


def test_a_registry_with_errors_does_not_cascade(make_content: MakeContent) -> None:
    actors = (
        "- id: vladimir-putin\n  name: Vladimir Putin\n  kind: person\n"
        "- id: emmanuel-macron\n  nmae: Emmanuel Macron\n  kind: person\n  aliases: [Macron]\n"
        "- id: nato\n  name: NATO\n  kind: organization\n"
    )
    content = make_content({"actors.yaml": actors})
    _, problems = load_site(content, include_drafts=False)
    shown = [str(p) for p in problems if "actors" in p.path or "unknown" in p.message]
    assert sorted(shown) == [
        "content/actors.yaml:1: warning: actors.yaml has errors; references to it not checked",
        "content/actors.yaml:4: name: required, and missing or empty",
        "content/actors.yaml:5: unknown key 'nmae' (did you mean 'name'?)",
    ]


WARNINGS = [
    (
        "the source's headline as ours",
        published(title="A report"),
        f"{E}:10: warning: title: the same as the headline of its source (The Moscow Times); "
        "write a headline of our own",
    ),
    (
        "a source without url",
        entry(),
        f"{E}:9: warning: sources[1].url: missing; add the address of the article "
        "(url: https://...) so that readers can check it",
    ),
]


@pytest.mark.parametrize(
    ("text", "expected"), [c[1:] for c in WARNINGS], ids=[c[0] for c in WARNINGS]
)
def test_warning_message(make_content: MakeContent, text: str, expected: str) -> None:
    content = make_content({"entries/2022/2022-01-28-call.md": text})
    _, problems = load_site(content, include_drafts=False)
    assert expected in [str(p) for p in problems]


def test_strict_fails_on_a_copied_headline_not_on_a_missing_url(
    make_content: MakeContent, tmp_path: Path
) -> None:
    copied = make_content({"entries/2022/2022-01-28-call.md": published(title="A report")})
    result = build_site(copied, tmp_path / "a", "--strict", "--no-cache")
    assert result.returncode == 1, result.stderr
    assert f"{E}:10: warning: title: the same as the headline" in result.stderr
    print_only = make_content({"entries/2022/2022-01-28-call.md": entry()})
    result = build_site(print_only, tmp_path / "b", "--strict", "--no-cache")
    assert result.returncode == 0, result.stderr


def test_a_cached_entry_keeps_its_warnings(make_content: MakeContent, tmp_path: Path) -> None:
    content = make_content()
    cache = tmp_path / "cache"
    first = build_site(content, tmp_path / "site", "--cache", cache)
    (content / "entries/2022/2022-01-26-replies.md").write_text(entry(date="2022-01-26"))
    second = build_site(content, tmp_path / "site", "--cache", cache)
    assert f"{E}:9: warning: sources[1].url: missing" in first.stderr
    assert f"{E}:9: warning: sources[1].url: missing" in second.stderr
