"""A small generated content folder with enough entries to paginate every list."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

from tests.conftest import ACTORS_YAML, REPO, THREAD, TOPICS_YAML, entry, write_tree

THREADS = ("talks", "buildup", "sanctions")
ACTORS = ("vladimir-putin", "emmanuel-macron", "nato")
TOPICS = ("diplomacy", "security-guarantees")


def generated_files(count: int = 24, page_size: int = 3) -> dict[str, str]:
    """site.yaml with a small page size, three threads and `count` entries over a few days."""
    files = {
        "site.yaml": (
            "title: Test Briefing\nbase_url: https://example.org/brief/\n"
            f"description: A test.\ntimezone: Europe/Moscow\npage_size: {page_size}\n"
        ),
        "actors.yaml": ACTORS_YAML,
        "topics.yaml": TOPICS_YAML,
    }
    for thread in THREADS:
        files[f"threads/{thread}.md"] = THREAD.format(title=thread.capitalize())
    start = dt.date(2022, 1, 20)
    for number in range(count):
        day = start + dt.timedelta(days=(number * 5) // 7)
        threads = THREADS[number % 3] if number % 4 else f"[{THREADS[number % 3]}, talks]"
        actors = f"[{ACTORS[number % 3]}, {ACTORS[(number + 1) % 3]}]"
        files[f"entries/{day.year}/{day.isoformat()}-item-{number:02d}.md"] = entry(
            f"Item {number:02d}",
            date=day.isoformat(),
            thread=threads,
            actors=actors,
            topics=f"[{TOPICS[number % 2]}]",
            body=f"Body of item {number}.\n\n## Details\n\nMore text.",
        )
    return files


def make_site(root: Path, count: int = 24, page_size: int = 3) -> Path:
    """A content folder at root/content; returns it."""
    return write_tree(root / "content", generated_files(count, page_size))


def copy_templates(root: Path) -> Path:
    """A private copy of the repository's templates (tests may edit it)."""
    target = root / "templates"
    shutil.copytree(REPO / "templates", target)
    return target
