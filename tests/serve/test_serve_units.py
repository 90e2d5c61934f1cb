"""The preview's pure parts: routing, host and origin checks, injection, change classes."""

from __future__ import annotations

import json
import threading
import time
from http import HTTPStatus
from pathlib import Path

import pytest
from watchfiles import Change

from briefing.serve import overlay
from briefing.serve.command import Broadcaster
from briefing.serve.overlay import inject, overlay_html, state_event
from briefing.serve.server import allowed_hosts, content_type, host_ok, origin_ok, resolve, route
from briefing.serve.watch import SourceFilter, classify


@pytest.mark.parametrize(
    ("target", "base", "expected"),
    [
        ("/", "/", (HTTPStatus.OK, "", "", "")),
        ("/", "/brief/", (HTTPStatus.FOUND, "", "", "/brief/")),
        ("/brief", "/brief/", (HTTPStatus.FOUND, "", "", "/brief/")),
        ("/brief/", "/brief/", (HTTPStatus.OK, "", "", "")),
        ("/brief/2022/01/?x=1#top", "/brief/", (HTTPStatus.OK, "2022/01/", "", "")),
        ("/brief/a%20b/", "/brief/", (HTTPStatus.OK, "a b/", "", "")),
        ("/other/", "/brief/", (HTTPStatus.NOT_FOUND, "", "", "")),
        ("/brief//etc/passwd", "/brief/", (HTTPStatus.NOT_FOUND, "", "", "")),
        ("/__briefing/livereload.js", "/brief/", (HTTPStatus.OK, "", "livereload.js", "")),
        ("/brief/../x", "/brief/", (HTTPStatus.BAD_REQUEST, "", "", "")),
        ("/brief/%2e%2e/x", "/brief/", (HTTPStatus.BAD_REQUEST, "", "", "")),
        ("/brief/./x", "/brief/", (HTTPStatus.BAD_REQUEST, "", "", "")),
        ("/brief/x%00", "/brief/", (HTTPStatus.BAD_REQUEST, "", "", "")),
        ("/brief/x%5c..", "/brief/", (HTTPStatus.BAD_REQUEST, "", "", "")),
        ("http://evil/brief/", "/brief/", (HTTPStatus.BAD_REQUEST, "", "", "")),
        ("*", "/", (HTTPStatus.BAD_REQUEST, "", "", "")),
    ],
)
def test_route(target: str, base: str, expected: tuple[HTTPStatus, str, str, str]) -> None:
    found = route(target, base)
    assert (found.status, found.site_path, found.reserved, found.location) == expected


def test_resolve_stays_inside_the_folder(tmp_path: Path) -> None:
    root = tmp_path / "site"
    (root / "a").mkdir(parents=True)
    (root / "a" / "index.html").write_text("a")
    (root / "x.css").write_text("x")
    (tmp_path / "secret").write_text("s")
    (root / "leak").symlink_to(tmp_path / "secret")
    root = root.resolve()
    assert resolve(root, "") is None
    assert resolve(root, "a/") == root / "a" / "index.html"
    assert resolve(root, "a") == "a/"
    assert resolve(root, "x.css") == root / "x.css"
    assert resolve(root, "leak") is None
    assert resolve(root, "/etc/passwd") is None
    assert resolve(root, "missing/") is None


def test_hosts_and_origins() -> None:
    allowed = allowed_hosts("127.0.0.1", 8123)
    for good in ("127.0.0.1:8123", "localhost:8123", "LocalHost:8123", "[::1]:8123"):
        assert host_ok(good, allowed), good
    for bad in (None, "", "127.0.0.1", "127.0.0.1:8124", "evil.com:8123", "localhost.evil:8123"):
        assert not host_ok(bad, allowed), bad
    assert origin_ok(None, None, allowed)
    assert origin_ok("http://localhost:8123", "same-origin", allowed)
    assert not origin_ok("http://evil.com:8123", None, allowed)
    assert not origin_ok("null", None, allowed)
    assert not origin_ok(None, "cross-site", allowed)
    assert not origin_ok("https://localhost:8123", None, allowed)


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("index.html", "text/html; charset=utf-8"),
        ("wasm.en.pagefind", "application/octet-stream"),
        ("pagefind.wasm", "application/wasm"),
        ("style.1234.css", "text/css; charset=utf-8"),
        ("feed.xml", "application/xml"),
        ("feed.json", "application/json"),
        ("logo.SVG", "image/svg+xml"),
        ("photo.jpg", "image/jpeg"),
        ("README", "application/octet-stream"),
    ],
)
def test_content_type(name: str, kind: str) -> None:
    assert content_type(name) == kind


def test_inject_adds_the_script_and_the_escaped_overlay() -> None:
    page = b"<html><head><title>t</title></head><body><p>x</p></body></html>"
    clean = inject(page, 7, [], [], etag='"12-34"')
    assert (
        b'<script src="/__briefing/livereload.js" data-generation="7" data-built="1"'
        b' data-etag="&quot;12-34&quot;" defer></script></head>' in clean
    )
    assert b"briefing-overlay" not in clean
    broken = inject(page, 7, ["a.md:3: <script>alert(1)</script>"], ["w.md:1: warning: x"])
    assert b"&lt;script&gt;alert(1)&lt;/script&gt;" in broken
    assert broken.endswith(b"</details></aside></body></html>")
    assert b"<script>alert" not in broken
    assert inject(b"<p>bare</p>", 1, [], []).startswith(b'<link rel="stylesheet"')
    assert "<summary>1 warning</summary>" in overlay_html(["e"], ["w"])


def test_state_event_is_one_server_sent_event() -> None:
    event = state_event(3, ["a:1: b"], [])
    assert event.startswith(b"event: state\ndata: {") and event.endswith(b"}\n\n")
    assert event.count(b"\n\n") == 1


def test_broadcaster_wakes_waiters_and_closes() -> None:
    broadcaster = Broadcaster()
    version, _ = broadcaster.current()
    seen: list[tuple[int, object]] = []
    waiter = threading.Thread(target=lambda: seen.append(broadcaster.wait(version, 5)))
    waiter.start()
    time.sleep(0.05)
    broadcaster.publish((1, [], []))
    waiter.join(2)
    assert seen and seen[0][1] == (1, [], [])
    started = time.monotonic()
    broadcaster.close()
    broadcaster.wait(seen[0][0], 5)
    assert time.monotonic() - started < 1


def test_the_filter_ignores_swap_files_and_the_output(tmp_path: Path) -> None:
    out = tmp_path / "site"
    keep = SourceFilter(out)
    for name in ("a.md", "site.yaml", "base.html", "style.css"):
        assert keep(Change.modified, str(tmp_path / "content" / name)), name
    for name in (".a.md.swp", "a.md~", "4913", ".#a.md", "#a.md#", "a.md.tmp", ".DS_Store"):
        assert not keep(Change.modified, str(tmp_path / "content" / name)), name
    assert not keep(Change.added, str(out / "index.html"))
    assert not keep(Change.added, str(tmp_path / ".site.tmp-abc123"))


def test_classify(tmp_path: Path) -> None:
    content, templates = tmp_path / "content", tmp_path / "templates"
    (content / "entries").mkdir(parents=True)
    (templates / "partials").mkdir(parents=True)
    (content / "entries" / "a.md").write_text("x")
    (templates / "partials" / "x.html").write_text("x")
    changes = classify(
        [
            (Change.modified, str(content / "entries" / "a.md")),
            (Change.deleted, str(content / "entries" / "gone.md")),
            (Change.modified, str(templates / "partials" / "x.html")),
            (Change.modified, str(tmp_path / "elsewhere.txt")),
        ],
        content,
        templates,
    )
    assert changes.content == {"entries/a.md", "entries/gone.md"}
    assert changes.templates == {"partials/x.html"}
    assert not changes.rescan
    moved = classify([(Change.deleted, str(content / "entries" / "2022"))], content, templates)
    assert moved.rescan


def test_thousands_of_warnings_reach_each_page_cut_short_with_their_count() -> None:
    """A generated corpus warns on every entry: each save would send megabytes to each tab."""
    warnings = [f"content/entries/e{n}.md:2: warning: title: as its source's" for n in range(5000)]
    event = overlay.state_event(3, ["an error"], warnings)
    state = json.loads(event.decode().split("data: ", 1)[1])
    assert state["warning_count"] == 5000 and len(state["warnings"]) == overlay.WARNINGS_SENT
    assert state["warnings"] == warnings[: overlay.WARNINGS_SENT]
    box = overlay.overlay_html(["an error"], warnings)
    assert "5000 warnings" in box
    assert "e199.md" in box and "e200.md" not in box
