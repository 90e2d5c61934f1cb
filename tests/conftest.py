"""Shared fixtures: small content trees written from a dict of path -> text."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable, Mapping
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]

SITE_YAML = "title: Test Briefing\nbase_url: https://example.org/\ndescription: A test.\n"
ACTORS_YAML = """\
- id: vladimir-putin
  name: Vladimir Putin
  kind: person
  aliases: [Putin, Владимир Путин]
  description: President of Russia.
- id: emmanuel-macron
  name: Emmanuel Macron
  kind: person
  aliases: [Macron]
- id: nato
  name: NATO
  kind: organization
  aliases: [North Atlantic Treaty Organization]
"""
TOPICS_YAML = """\
- id: diplomacy
  name: Diplomacy
- id: security-guarantees
  name: Security guarantees
"""
THREAD = """\
---
title: {title}
summary: A thread about {title}.
status: active
started: 2022-01-01
---

Background of the thread.
"""


def entry(
    title: str = "An entry",
    date: str = "2022-01-28",
    thread: str = "talks",
    actors: str = "[vladimir-putin]",
    topics: str = "[diplomacy]",
    extra: str = "",
    body: str = "Body text.",
) -> str:
    """An entry file's text; pass `extra` for more front matter lines."""
    return (
        f"---\ntitle: {title}\nsummary: Summary of {title}.\ndate: {date}\nthread: {thread}\n"
        f"actors: {actors}\ntopics: {topics}\nsources:\n  - publisher: The Moscow Times\n"
        f"    title: A report\n{extra}---\n\n{body}\n"
    )


def base_files() -> dict[str, str]:
    return {
        "site.yaml": SITE_YAML,
        "actors.yaml": ACTORS_YAML,
        "topics.yaml": TOPICS_YAML,
        "threads/talks.md": THREAD.format(title="Talks"),
        "threads/buildup.md": THREAD.format(title="Build-up"),
        "entries/2022/2022-01-28-call.md": entry("Putin calls Macron", actors="[Putin, macron]"),
        "entries/2022/2022-01-26-replies.md": entry(
            "Written replies", date="2022-01-26", thread="[talks, buildup]", actors="[nato]"
        ),
    }


def write_tree(root: Path, files: Mapping[str, str | bytes]) -> Path:
    for relative, text in files.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, encoding="utf-8")
    return root


MakeContent = Callable[..., Path]


@pytest.fixture
def make_content(tmp_path: Path) -> MakeContent:
    """make_content(**overrides) -> content folder; a value of None deletes that file."""

    def make(files: Mapping[str, str | bytes | None] | None = None, base: bool = True) -> Path:
        tree: dict[str, str | bytes | None] = dict(base_files()) if base else {}
        tree.update(files or {})
        root = tmp_path / "content"
        return write_tree(root, {k: v for k, v in tree.items() if v is not None})

    return make


def run_cli(
    *args: str | Path, cwd: Path = REPO, env: Mapping[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """Run `python build.py ARGS` as a user would."""
    return subprocess.run(
        [sys.executable, str(REPO / "build.py"), *map(str, args)],
        cwd=cwd,
        capture_output=True,
        text=True,
        env=dict(env) if env else None,
        check=False,
    )


def build_site(content: Path, out: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    return run_cli(
        "build",
        "--content",
        content,
        "--templates",
        REPO / "templates",
        "--out",
        out,
        "--no-search",
        *extra,
    )
