"""Find one page of each type in a built site, by the URL layout the generator promises."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

# Page type -> pattern of its index.html path relative to the output root. The first
# match in sorted order stands for the type. Types marked optional may be absent.
ENTRY = r"\d{4}/\d{2}/\d{2}/(?!page/)[^/]+/index\.html"
PAGE_TYPES: dict[str, str] = {
    "home": r"index\.html",
    "entry": ENTRY,
    "day": r"\d{4}/\d{2}/\d{2}/index\.html",
    "month": r"\d{4}/\d{2}/index\.html",
    "year": r"\d{4}/index\.html",
    "threads-index": r"threads/index\.html",
    "thread": r"threads/(?!page/)[^/]+/index\.html",
    "thread-page-2": r"threads/(?!page/)[^/]+/page/2/index\.html",
    "actors-index": r"actors/index\.html",
    "actor": r"actors/(?!page/)[^/]+/index\.html",
    "topics-index": r"topics/index\.html",
    "topic": r"topics/(?!page/)[^/]+/index\.html",
    "404": r"404\.html",
    "search": r"search/index\.html",
    "as-of": r"threads/[^/]+/as-of/\d{4}-\d{2}-\d{2}/index\.html",
    "corrections": r"corrections/index\.html",
    "weeks-index": r"weeks/index\.html",
    "week": r"weeks/\d{4}-W\d{2}/index\.html",
    "entry-statements": ENTRY,
    "entry-corrections": ENTRY,
}
# Types that are pages of another type showing a section only some of them have: the first
# page of that type whose HTML contains the marker stands for it.
MARKERS: dict[str, str] = {
    "entry-statements": 'class="statements-side"',
    "entry-corrections": 'class="corrections"',
}
OPTIONAL_TYPES = frozenset({"thread-page-2", "as-of", "entry-statements", "entry-corrections"})


def html_files(root: Path) -> Iterator[Path]:
    """Every HTML file of the site, Pagefind's bundle excluded, in sorted order."""
    for path in sorted(root.rglob("*.html")):
        relative = path.relative_to(root)
        if relative.parts[0] != "pagefind":
            yield path


def pages_by_type(root: Path) -> dict[str, Path]:
    """One representative file for each page type present in the output."""
    relatives = [path.relative_to(root).as_posix() for path in html_files(root)]
    found: dict[str, Path] = {}
    for page_type, pattern in PAGE_TYPES.items():
        compiled = re.compile(pattern)
        marker = MARKERS.get(page_type)
        match = next(
            (
                rel
                for rel in relatives
                if compiled.fullmatch(rel)
                and (marker is None or marker in (root / rel).read_text(encoding="utf-8"))
            ),
            None,
        )
        if match is not None:
            found[page_type] = root / match
    return found


def site_path(root: Path, file: Path) -> str:
    """The URL path (inside the site) that serves `file`: `/a/b/` for a/b/index.html."""
    relative = file.relative_to(root).as_posix()
    if relative == "index.html":
        return "/"
    if relative.endswith("/index.html"):
        return "/" + relative[: -len("index.html")]
    return "/" + relative
