#!/usr/bin/env python3
"""Screenshot each page type of a built briefing on a 360 px phone and a wide desktop.

    python scripts/screenshots.py [OUT] [--site DIR | --content DIR] [--only NAME ...]
                                  [--full-page] [--color-scheme dark]

Builds the briefing in `--content` (default content/) into a temporary folder, unless
`--site` names one already built, serves it on 127.0.0.1 and drives Debian's Chromium
headless through Playwright. For each page type (home, thread, entry, actor, search with
a query, day) the richest page is chosen: the largest file of that type. PNGs are written
as OUT/<type>-<phone|desktop>.png (default docs/screenshots/), one viewport high unless
`--full-page` is given; `--only entry-phone thread-desktop` takes just those.
"""

from __future__ import annotations

import argparse
import functools
import os
import re
import subprocess
import sys
import tempfile
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import quote

REPO_ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = Path("/usr/bin/chromium")
LAUNCH_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
               "--disable-background-networking", "--disable-component-update",
               "--disable-sync"]  # fmt: skip


@dataclass(frozen=True)
class Viewport:
    name: str
    width: int
    height: int
    scale: float
    mobile: bool


VIEWPORTS = (
    Viewport("phone", 360, 760, 2, True),
    Viewport("desktop", 1440, 860, 1, False),
)

# Page type -> pattern of its index.html path relative to the site's root.
PAGE_PATTERNS = {
    "home": r"index\.html",
    "thread": r"threads/(?!page/)[^/]+/index\.html",
    "entry": r"\d{4}/\d{2}/\d{2}/(?!page/)[^/]+/index\.html",
    "actor": r"actors/(?!page/)[^/]+/index\.html",
    "search": r"search/index\.html",
    "day": r"\d{4}/\d{2}/\d{2}/index\.html",
}

# Pagefind's files: Python's table lacks some of them, and a wrong type breaks the wasm.
EXTRA_TYPES = {".wasm": "application/wasm", ".js": "text/javascript", ".mjs": "text/javascript",
               ".pagefind": "application/octet-stream", ".pf_meta": "application/octet-stream",
               ".pf_index": "application/octet-stream", ".pf_fragment": "application/octet-stream",
               ".pf_filter": "application/octet-stream"}  # fmt: skip


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    """The command line."""
    names = [f"{page}-{view.name}" for page in PAGE_PATTERNS for view in VIEWPORTS]
    ap = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    ap.add_argument("out", nargs="?", type=Path, default=REPO_ROOT / "docs" / "screenshots",
                    help="folder for the PNGs (default docs/screenshots/)")  # fmt: skip
    source = ap.add_mutually_exclusive_group()
    source.add_argument("--site", type=Path, help="an already built site to serve")
    source.add_argument("--content", type=Path, default=REPO_ROOT / "content",
                        help="content to build (default content/)")  # fmt: skip
    ap.add_argument("--only", nargs="+", choices=names, metavar="NAME",
                    help=f"just these shots, of: {' '.join(names)}")  # fmt: skip
    ap.add_argument("--full-page", action="store_true", help="the whole page, not one viewport")
    ap.add_argument("--color-scheme", choices=["light", "dark"], default="light")
    ap.add_argument("--query", help="the search page's query (default: the top actor's name)")
    ap.add_argument("--chromium", type=Path, default=CHROMIUM, help=f"default {CHROMIUM}")
    return ap.parse_args(argv)


@contextmanager
def serve(root: Path) -> Iterator[str]:
    """Serve `root` on 127.0.0.1 (it may be built after the server starts); yield the origin."""
    handler = functools.partial(_QuietHandler, directory=str(root))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


class _QuietHandler(SimpleHTTPRequestHandler):
    def guess_type(self, path: str | os.PathLike[str]) -> str:
        return EXTRA_TYPES.get(Path(path).suffix) or super().guess_type(path)

    def log_message(self, format: str, *args: object) -> None:
        pass


def build(content: Path, out: Path, base_url: str) -> None:
    """Build the briefing with its search index, as a reader would get it."""
    command = [sys.executable, str(REPO_ROOT / "build.py"), "build", "--content", str(content),
               "--out", str(out), "--base-url", base_url, "--no-cache", "-q"]  # fmt: skip
    subprocess.run(command, cwd=REPO_ROOT, check=True)


def richest_pages(root: Path) -> dict[str, str]:
    """Page type -> site path of its largest page (the one that shows the most)."""
    files = [p for p in root.rglob("index.html") if p.relative_to(root).parts[0] != "pagefind"]
    chosen: dict[str, str] = {}
    for page_type, pattern in PAGE_PATTERNS.items():
        matches = [p for p in files if re.fullmatch(pattern, p.relative_to(root).as_posix())]
        if matches:
            best = max(matches, key=lambda p: (p.stat().st_size, p.as_posix()))
            chosen[page_type] = best.parent.relative_to(root).as_posix() + "/"
    chosen["home"] = ""
    return chosen


def actor_name(root: Path, actor_path: str) -> str:
    """The <h1> of an actor page: a query that finds several entries."""
    html = (root / actor_path / "index.html").read_text(encoding="utf-8")
    match = re.search(r"<h1[^>]*>(.*?)</h1>", html, re.DOTALL)
    return re.sub(r"<[^>]+>", "", match.group(1)).strip() if match else "talks"


def shoot(args: argparse.Namespace, root: Path, origin: str) -> list[Path]:
    """Take the screenshots; return the files written."""
    from playwright.sync_api import sync_playwright

    pages = richest_pages(root)
    query = args.query or actor_name(root, pages["actor"])
    pages["search"] = f"search/?q={quote(query)}"
    args.out.mkdir(parents=True, exist_ok=True)
    written = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(args.chromium), args=LAUNCH_ARGS)
        for view in VIEWPORTS:
            context = browser.new_context(
                viewport={"width": view.width, "height": view.height},
                device_scale_factor=view.scale, is_mobile=view.mobile, has_touch=view.mobile,
                color_scheme=args.color_scheme,
            )  # fmt: skip
            page = context.new_page()
            for page_type, path in pages.items():
                name = f"{page_type}-{view.name}"
                if args.only and name not in args.only:
                    continue
                page.goto(origin + path, wait_until="networkidle")
                if page_type == "search":
                    page.wait_for_selector("#search-results li", timeout=15_000)
                target = args.out / f"{name}.png"
                page.screenshot(path=str(target), full_page=args.full_page)
                written.append(target)
            context.close()
        browser.close()
    return written


def main(argv: Sequence[str] | None = None) -> int:
    """Build (unless --site), serve, screenshot; print each file written with its size."""
    args = parse_args(argv)
    if not args.chromium.is_file():
        print(f"no Chromium at {args.chromium}: apt-get install chromium", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory(prefix="briefing-shots-") as scratch:
        root = (args.site or Path(scratch) / "site").resolve()
        with serve(root) as origin:
            if args.site is None:
                build(args.content, root, origin)
            written = shoot(args, root, origin)
    for path in written:
        print(f"{path} {path.stat().st_size // 1024} KB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
