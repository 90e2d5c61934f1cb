"""The search tests' sites: a small fixture briefing (written here) and the shipped one.

The fixture has an actor registered under a Cyrillic name with a Latin alias, a Cyrillic
word in one entry's body and two threads, and is built under a base URL with a path
(served at /briefing/), so every browser test also proves that search works there.
"""

from __future__ import annotations

import gzip
import json
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pytest

from briefing.output import search_bundle
from briefing.output.manifest import FileStamp
from tests.conftest import run_cli

REPO_ROOT = Path(__file__).resolve().parents[2]


FIXTURE_BASE_URL = "https://example.org/briefing/"
SHIPPED_BASE_URL = "https://briefing.example.org/"

VOLKOV = "Дмитрий Волков"
GAS = "Gas transit talks"
BORDER = "Border stand-off"


def _entry(title: str, date: str, thread: str, actors: str, topics: str, body: str,
           extra: str) -> str:  # fmt: skip
    return (
        f"---\ntitle: {title}\nsummary: Summary of {title.lower()}.\ndate: {date}\n"
        f"thread: {thread}\nactors: {actors}\ntopics: {topics}\n{extra}"
        "sources:\n  - publisher: Example Wire\n    title: A report\n"
        f"---\n\n{body}\n"
    )


THREAD = "---\ntitle: {}\nsummary: A thread.\nstatus: active\n---\n"
# (file, title, date, thread, actors, topics, body, more front matter). Volkov is named in
# no entry's text: only his actor record (name and alias) can find his entries.
ENTRIES = [
    ("2023/2023-03-01-transit-fees", "Transit fee talks resume in Vienna", "2023-03-01",
     "gas-talks", "[dmitry-volkov]", "[energy]",
     "The minister met the delegation in Vienna to discuss transit fees.", ""),
    ("2023/2023-03-05-patrols", "Patrols doubled along the river", "2023-03-05", "border",
     "[dmitry-volkov, anna-berg]", "[security]", "Patrols were doubled along the river.",
     "trend: escalating\n"),
    ("2023/2023-03-03-pause", "Local officials announce a pause", "2023-03-03", "border",
     "[anna-berg]", "[security]", "Local officials called it «перемирие» in their statement.", ""),
    ("2022/2022-11-20-storage", "Storage levels reported", "2022-11-20", "gas-talks",
     "[anna-berg]", "[energy]", "Storage levels were reported as sufficient for the winter.", ""),
]  # fmt: skip
FIXTURE_FILES = {
    "site.yaml": (
        f"title: Search Fixture\nbase_url: {FIXTURE_BASE_URL}\n"
        "language: en\ntimezone: Europe/Moscow\n"
    ),
    "actors.yaml": (
        f"- id: dmitry-volkov\n  name: {VOLKOV}\n  kind: person\n  aliases: [Volkov]\n"
        "- id: anna-berg\n  name: Anna Berg\n  kind: person\n  aliases: [Berg]\n"
    ),
    "topics.yaml": "- id: energy\n  name: Energy\n- id: security\n  name: Security\n",
    "threads/gas-talks.md": THREAD.format(GAS),
    "threads/border.md": THREAD.format(BORDER),
    **{f"entries/{name}.md": _entry(*fields) for name, *fields in ENTRIES},
}
VOLKOV_TITLES = ["Patrols doubled along the river", "Transit fee talks resume in Vienna"]
CYRILLIC_WORD, CYRILLIC_TITLE = "перемирие", "Local officials announce a pause"


def write_tree(root: Path, files: Mapping[str, str]) -> Path:
    for relative, text in files.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


def build(content: Path, out: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    """`python build.py build` as a user runs it, without the build cache."""
    command = [
        sys.executable, "build.py", "build", "--content", str(content), "--out", str(out),
        "--no-cache", *extra,
    ]  # fmt: skip
    return subprocess.run(
        command, cwd=REPO_ROOT, capture_output=True, text=True, timeout=600, check=False
    )


def build_or_fail(content: Path, out: Path, *extra: str) -> None:
    result = build(content, out, *extra)
    if result.returncode != 0:
        pytest.fail(f"build failed ({result.returncode}):\n{result.stdout}\n{result.stderr}")


def read_fragments(root: Path) -> list[dict[str, Any]]:
    """Every page Pagefind indexed, decoded: url, content, filters, meta."""
    return [_decoded(path) for path in sorted((root / "pagefind" / "fragment").iterdir())]


def fragments(root: Path) -> list[str]:
    """The bundle's fragments, comparable between two builds."""
    return sorted(repr(sorted(f.items())) for f in read_fragments(root))


def fragment_files(root: Path) -> dict[str, Path]:
    """Each indexed page's fragment file, by the page's URL."""
    return {_decoded(path)["url"]: path for path in (root / "pagefind" / "fragment").iterdir()}


def _decoded(path: Path) -> dict[str, Any]:
    data = gzip.decompress(path.read_bytes())
    assert data.startswith(b"pagefind_dcd"), path
    decoded: dict[str, Any] = json.loads(data[len(b"pagefind_dcd") :])
    return decoded


# The fixture as a briefing of its own, built with search and a cache -----------------------

KEPT = "search index unchanged, kept"
EDITED_ENTRY = "entries/2023/2023-03-05-patrols.md"
HOME = (REPO_ROOT / "templates" / "home.html").read_text(encoding="utf-8")


class Briefing:
    """The search fixture with its own templates folder, built with search and a cache."""

    def __init__(self, root: Path) -> None:
        self.content = write_tree(root / "content", FIXTURE_FILES)
        self.templates = write_tree(root / "templates", {"home.html": HOME})
        self.out, self.cache = root / "site", root / "cache"

    def build(self, *extra: str, env: Mapping[str, str] | None = None) -> str:
        result = run_cli(
            "build", "--content", self.content, "--templates", self.templates,
            "--out", self.out, "--cache", self.cache, "--base-url", FIXTURE_BASE_URL, *extra,
            env=env,
        )  # fmt: skip
        assert result.returncode == 0, result.stderr
        return result.stdout

    def fresh(self, out: Path) -> Path:
        """The same briefing built cold, without the cache, into out."""
        result = run_cli(
            "build", "--content", self.content, "--templates", self.templates,
            "--out", out, "--no-cache", "--base-url", FIXTURE_BASE_URL,
        )  # fmt: skip
        assert result.returncode == 0, result.stderr
        return out

    def bundle(self) -> dict[str, FileStamp]:
        return search_bundle.bundle_stamps(self.out)
