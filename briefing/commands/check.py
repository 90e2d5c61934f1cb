"""`check`: build into a temporary folder and prove every internal link, asset and anchor resolves.

check_links is a pure function of a folder of built HTML (the CI's tests can call
it on any build); run_check builds exactly as `build` does (same validation, no
search index) into a temporary folder, checks it, and removes it. site/ is never
touched.
"""

from __future__ import annotations

import argparse
import functools
import html
import os
import re
import shutil
import sys
import tempfile
import time
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

from briefing.render.words import counted

# Attributes that point somewhere, and the ones that name an anchor. Built pages quote
# every attribute with double quotes (Jinja's autoescape), which this relies on.
_LINK = re.compile(rb'\s(href|src|srcset|action|poster|data)\s*=\s*"([^"]*)"', re.IGNORECASE)
_ANCHOR = re.compile(rb'\s(?:id|name)\s*=\s*"([^"]*)"', re.IGNORECASE)
_EXTERNAL = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:|^//")  # a scheme, or protocol-relative
GENERATED = ("pagefind/",)
OUTSIDE = (
    "\0outside"  # a path no site file has  # made by the search stage, which check does not run
)


@dataclass(frozen=True, order=True)
class LinkProblem:
    """One link in one page that does not resolve."""

    page: str  # the page's file, relative to the site folder
    kind: str  # "broken link" or "missing anchor"
    target: str  # the link as written

    def shown(self, prefix: str = "") -> str:
        return f"{prefix}{self.page}: {self.kind} {self.target}"


@dataclass(frozen=True)
class Scan:
    """Every page's links and anchors, and every file of the site."""

    links: dict[str, list[str]]  # page -> link targets as written
    anchors: dict[str, frozenset[str]]  # page -> ids and names
    files: frozenset[str]  # every file, relative, with "/"


def scan(root: Path, jobs: int = 1) -> Scan:
    """Read a built site: the links and anchors of every HTML file (I/O; in `jobs` processes)."""
    from briefing.engine.parallel import run_shares

    files = list(_walk(root))
    pages = [f for f in files if f.endswith(".html")]
    shares = run_shares(
        jobs if len(pages) > 500 else 1, functools.partial(_scan_share, root, pages)
    )
    links: dict[str, list[str]] = {}
    anchors: dict[str, frozenset[str]] = {}
    for share_links, share_anchors in shares:
        links.update(share_links)
        anchors.update(share_anchors)
    return Scan(links, anchors, frozenset(files))


def _scan_share(
    root: Path, pages: list[str], share: int, shares: int
) -> tuple[dict[str, list[str]], dict[str, frozenset[str]]]:
    links: dict[str, list[str]] = {}
    anchors: dict[str, frozenset[str]] = {}
    for page in pages[share::shares]:
        data = (root / page).read_bytes()
        links[page] = list(dict.fromkeys(_text(m[1]) for m in _LINK.findall(data) if m[1]))
        anchors[page] = frozenset(_text(m) for m in _ANCHOR.findall(data))
    return links, anchors


def _walk(root: Path) -> Iterator[str]:
    for folder, dirs, names in os.walk(root):
        dirs.sort()
        base = Path(folder).relative_to(root).as_posix()
        prefix = "" if base == "." else base + "/"
        for name in sorted(names):
            yield prefix + name


def _text(raw: bytes) -> str:
    text = raw.decode("utf-8", "replace")
    return html.unescape(text) if "&" in text else text


def check_links(
    root: Path, base_url: str, *, generated: Iterable[str] = GENERATED, jobs: int = 1
) -> list[LinkProblem]:
    """Every internal link, asset and #anchor in the site at root that does not resolve.

    Links are root-relative under base_url's path (or relative, or absolute to
    base_url itself); other sites' links, mailto: and the like are not checked.
    Targets under a `generated` prefix (Pagefind's bundle) are not checked either.
    """
    return find_problems(scan(root, jobs), base_url, tuple(generated))


def find_problems(site: Scan, base_url: str, generated: tuple[str, ...]) -> list[LinkProblem]:
    """The pure part of check_links: resolve each link against the scanned site."""
    base_path = "/" + base_url.split("://", 1)[-1].partition("/")[2]
    problems = []
    known: dict[str, str | None] = {}  # a root-relative link means the same on every page
    for page, targets in site.links.items():
        for target in targets:
            shared = target.startswith("/") and not target.startswith("//")
            kind = known.get(target, "?") if shared else "?"
            if kind == "?":
                kind = _problem(site, page, target, base_url, base_path, generated)
                if shared:
                    known[target] = kind
            if kind:
                problems.append(LinkProblem(page, kind, target))
    return sorted(problems)


def _problem(
    site: Scan, page: str, target: str, base_url: str, base_path: str, generated: tuple[str, ...]
) -> str | None:
    for candidate in _candidates(target):
        internal = _site_path(candidate, page, base_url, base_path)
        if internal is None:
            continue
        path, fragment = internal
        if path.startswith(generated):
            continue
        file = _file_for(site.files, path)
        if file is None:
            return "broken link"
        if fragment and file.endswith(".html") and fragment not in site.anchors.get(file, ()):
            return "missing anchor"
    return None


def _candidates(value: str) -> list[str]:
    """The URLs in an attribute: one, or each of a srcset's candidates."""
    if "," in value and re.search(r"\s\d+(\.\d+)?[wx](,|$)", value):
        return [part.strip().split()[0] for part in value.split(",") if part.strip()]
    return [value.strip()]


def _site_path(url: str, page: str, base_url: str, base_path: str) -> tuple[str, str] | None:
    """(path relative to the site root, fragment) for an internal link; None otherwise."""
    if url.startswith(base_url):
        url = base_path + url[len(base_url) :]
    elif _EXTERNAL.match(url):
        return None
    parts = urlsplit(url)
    path, fragment = unquote(parts.path), unquote(parts.fragment)
    if not path:  # "#anchor" or "?query": this very page
        return page, fragment
    if path.startswith("/"):
        if not (path + "/").startswith(base_path):
            return OUTSIDE, fragment  # root-relative, but not under the site's path
        path = path[len(base_path) :]
    else:
        folder = page.rsplit("/", 1)[0] + "/" if "/" in page else ""
        path = folder + path
    return _normal(path), fragment


def _normal(path: str) -> str:
    """Resolve "." and ".." segments; a path that climbs out of the site cannot exist."""
    out: list[str] = []
    for segment in path.split("/"):
        if segment == "..":
            if not out:
                return OUTSIDE
            out.pop()
        elif segment != ".":
            out.append(segment)
    return "/".join(out)


def _file_for(files: frozenset[str], path: str) -> str | None:
    """The file a site path serves: itself, or its folder's index.html."""
    if path in files and not path.endswith("/"):
        return path
    index = path + "index.html" if path.endswith("/") or path == "" else path + "/index.html"
    return index if index in files else None


# The command ----------------------------------------------------------------------


def run_check(args: argparse.Namespace) -> int:
    """The `check` command: 0 when everything resolves, 1 for content errors or problems."""
    from briefing.commands.report import build_or_report, print_warnings
    from briefing.engine.parallel import default_jobs
    from briefing.engine.pipeline import BuildOptions

    started = time.perf_counter()
    temporary = Path(tempfile.mkdtemp(prefix="briefing-check-"))
    out = temporary / "site"
    try:
        options = BuildOptions(args.content, args.templates, out, drafts=args.drafts,
                               search=False, cache=None, jobs=default_jobs(),
                               verbose=args.verbose)  # fmt: skip
        report = build_or_report(options)
        if isinstance(report, int):
            return report
        built = time.perf_counter()
        problems = check_links(out, _base_url(args.content), jobs=default_jobs())
        sources = _entry_sources(args.content, args.drafts) if problems else {}
        for problem in problems:
            source = sources.get(problem.page)
            print(problem.shown("site/") + (f" (in {source})" if source else ""))
        if not args.quiet or problems:
            print_warnings(report.warnings, everything=args.verbose)
            print(f"checked {counted(report.pages, 'file')}: {counted(len(problems), 'problem')} "
                  f"(built in {built - started:.1f}s, links checked in "
                  f"{time.perf_counter() - built:.1f}s)", file=sys.stderr)  # fmt: skip
        return 1 if problems else 0
    finally:
        shutil.rmtree(temporary, ignore_errors=True)


def _base_url(content: Path) -> str:
    """site.yaml's base_url (the build has just validated it)."""
    from briefing.content import config as site_config

    config, _ = site_config.parse((content / "site.yaml").read_text(encoding="utf-8-sig"), "")
    return config.base_url if config else "/"


def _entry_sources(content: Path, drafts: bool) -> Mapping[str, str]:
    """Entry pages' files -> the content file that writes them, for the messages."""
    from briefing.engine.store import load_site

    site, _ = load_site(content, include_drafts=drafts)
    if site is None:
        return {}
    return {f"{entry.url}index.html": entry.path for entry in site.entries}
