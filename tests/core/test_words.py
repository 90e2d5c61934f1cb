"""Counts in words: one entry, two entries; in the built site and in the terminal."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from briefing.render.words import counted
from tests.conftest import REPO, MakeContent, base_files, build_site

NOUNS = (
    "entries|problems|files|weekly snapshots|snapshots|warnings|errors|threads|actors|topics|"
    "sources|corrections|statements|weeks|days|months|pages|results|records|indicators"
)
ONE_PLURAL = re.compile(rf"(?<![\d.,])\b1 (?:[a-z-]+ )?(?:{NOUNS})\b")


@pytest.mark.parametrize(
    ("count", "noun", "expected"),
    [
        (0, "entry", "0 entries"),
        (1, "entry", "1 entry"),
        (2, "entry", "2 entries"),
        (1, "weekly snapshot", "1 weekly snapshot"),
        (3, "weekly snapshot", "3 weekly snapshots"),
        (1, "problem", "1 problem"),
        (1, "file", "1 file"),
        (12, "file", "12 files"),
    ],
)
def test_counted(count: int, noun: str, expected: str) -> None:
    assert counted(count, noun) == expected


def _one_plurals(out: Path) -> list[str]:
    found = []
    for path in sorted(out.rglob("*")):
        if path.suffix in (".html", ".xml", ".json", ".txt"):
            text = path.read_text(encoding="utf-8")
            found += [f"{path.relative_to(out)}: {m}" for m in ONE_PLURAL.findall(text)]
    return found


def test_no_one_entries_in_the_shipped_briefing(tmp_path: Path) -> None:
    out = tmp_path / "site"
    result = build_site(REPO / "content", out, "--no-cache")
    assert result.returncode == 0, result.stderr
    assert list(out.rglob("*.html"))
    assert _one_plurals(out) == []


def test_no_one_entries_in_a_one_entry_site(make_content: MakeContent, tmp_path: Path) -> None:
    files: dict[str, str | None] = {
        path: None for path in base_files() if path.startswith(("entries/", "threads/buildup"))
    }
    files["entries/2022/2022-01-28-only.md"] = (
        "---\ntitle: The only entry\nsummary: One entry alone.\ndate: 2022-01-28\n"
        "thread: talks\nactors: [nato]\ntopics: [diplomacy]\ntrend: steady\n"
        "sources:\n  - publisher: Reuters\n---\n\nIts body.\n"
    )
    content = make_content(files)
    out = tmp_path / "site"
    result = build_site(content, out, "--no-cache")
    assert result.returncode == 0, result.stderr
    pages = "".join(p.read_text(encoding="utf-8") for p in out.rglob("*.html"))
    assert "1 entry" in pages  # the counts are there, in the singular
    assert _one_plurals(out) == []
    assert ", 1 entry, 1 warning in " in result.stdout
    assert ONE_PLURAL.findall(result.stdout + result.stderr) == []
