"""Find one page of each type in a built site, by the URL layout the generator promises."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

# Page type -> pattern of its index.html path relative to the output root. The first
# match in sorted order stands for the type. Types marked optional may be absent.
PAGE_TYPES: dict[str, str] = {
    "home": r"index\.html",
    "entry": r"\d{4}/\d{2}/\d{2}/(?!page/)[^/]+/index\.html",
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
}
OPTIONAL_TYPES = frozenset({"thread-page-2"})


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
        match = next((rel for rel in relatives if compiled.fullmatch(rel)), None)
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
