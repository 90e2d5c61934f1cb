"""`python build.py serve` as an editor uses it: pages, live edits, errors, safety, Ctrl-C."""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.conftest import REPO, entry
from tests.serve.server_process import ServerProcess, serve
from tests.serve.sitegen import copy_templates, make_site

ENTRY = "entries/2022/2022-01-20-item-01.md"
ENTRY_PAGE = "2022/01/20/item-01/"


@pytest.fixture
def site(tmp_path: Path) -> tuple[Path, Path]:
    """A site of its own, for the tests that start a server with other options."""
    return make_site(tmp_path), copy_templates(tmp_path)


@dataclass(frozen=True)
class LiveSite:
    """The module's one running server, its folders, and how it all stood at the start."""

    server: ServerProcess
    content: Path
    out: Path
    files: dict[str, bytes]  # the content folder as it started
    urls: frozenset[str]  # the sitemap's URLs as it started


def content_files(content: Path) -> dict[str, bytes]:
    return {p.relative_to(content).as_posix(): p.read_bytes() for p in content.rglob("*")
            if p.is_file()}  # fmt: skip


def sitemap_urls(server: ServerProcess) -> frozenset[str]:
    return frozenset(re.findall(r"<loc>([^<]+)</loc>", server.page("sitemap.xml").body))


@pytest.fixture(scope="module")
def live(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveSite]:
    """One server for the module: starting one takes longer than most of these tests."""
    root = tmp_path_factory.mktemp("serve-http")
    content, templates, out = make_site(root), copy_templates(root), root / "out"
    with serve(content, templates, "--no-search", "--out", str(out)) as running:
        yield LiveSite(running, content, out, content_files(content), sitemap_urls(running))


@pytest.fixture
def server(live: LiveSite) -> Iterator[ServerProcess]:
    """The module's server; after the test its content is put back and rebuilt, so each test
    starts from the same site whatever ran before it."""
    yield live.server
    now = content_files(live.content)
    if now == live.files:
        return
    for relative in now.keys() - live.files.keys():
        (live.content / relative).unlink()
    for relative, data in live.files.items():
        if now.get(relative) != data:
            (live.content / relative).parent.mkdir(parents=True, exist_ok=True)
            (live.content / relative).write_bytes(data)
    live.server.wait_for(ENTRY_PAGE, lambda r: r.status == 200 and "Item 01" in r.body
                         and 'id="briefing-overlay"' not in r.body)  # fmt: skip
    deadline = time.monotonic() + 10
    while sitemap_urls(live.server) != live.urls:
        assert time.monotonic() < deadline, "the site did not come back to where it started"
        time.sleep(0.05)


def edit(content: Path, relative: str, old: str, new: str) -> None:
    path = content / relative
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {relative}"
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_pages_are_served_at_the_base_url_path(server: ServerProcess) -> None:
    assert server.url.endswith("/brief/")
    root = server.get("/")
    assert root.status == 302 and root.headers["location"] == "/brief/"
    home = server.page("")
    assert home.status == 200
    assert home.headers["content-type"] == "text/html; charset=utf-8"
    assert '<script src="/__briefing/livereload.js"' in home.body
    assert server.page(ENTRY_PAGE).status == 200
    assert server.page("sitemap.xml").headers["content-type"] == "application/xml"
    assert server.page("feed.xml").status == 200
    folder = server.get(server.url_path("2022/01/20"))
    assert folder.status == 301 and folder.headers["location"] == "/brief/2022/01/20/"
    script = server.get("/__briefing/livereload.js")
    assert script.headers["content-type"] == "text/javascript; charset=utf-8"
    assert "EventSource" in script.body


def test_unknown_paths_get_the_sites_404_page(server: ServerProcess) -> None:
    for path in ("/brief/no/such/page/", "/elsewhere/", "/brief/2022/13/"):
        answer = server.get(path)
        assert answer.status == 404, path
        assert "Page not found" in answer.body
        assert "/__briefing/livereload.js" in answer.body


def test_an_edit_is_served_and_a_new_file_appears(server: ServerProcess, live: LiveSite) -> None:
    content = live.content
    edit(content, ENTRY, "title: Item 01", "title: Item one, edited live")
    server.wait_for(ENTRY_PAGE, lambda r: "Item one, edited live" in r.body)
    (content / "entries/2022/2022-02-07-fresh.md").write_text(
        entry("A fresh entry", date="2022-02-07"), encoding="utf-8"
    )
    server.wait_for("2022/02/07/fresh/", lambda r: r.status == 200 and "A fresh entry" in r.body)


def test_deleting_or_renaming_an_entry_removes_its_page(
    server: ServerProcess, live: LiveSite
) -> None:
    content = live.content
    (content / ENTRY).rename(content / "entries/2022/2022-01-20-renamed.md")
    server.wait_for("2022/01/20/renamed/", lambda r: r.status == 200)
    server.wait_for(ENTRY_PAGE, lambda r: r.status == 404)
    (content / "entries/2022/2022-01-20-renamed.md").unlink()
    server.wait_for("2022/01/20/renamed/", lambda r: r.status == 404)


def test_a_broken_save_shows_the_overlay_over_the_last_good_page(
    server: ServerProcess, live: LiveSite
) -> None:
    content = live.content
    edit(content, ENTRY, "thread: buildup", "thread: bildup")
    message = (
        "content/entries/2022/2022-01-20-item-01.md:5: "
        "thread: unknown thread &#x27;bildup&#x27; (did you mean &#x27;buildup&#x27; (Buildup)?)"
    )
    broken = server.wait_for(ENTRY_PAGE, lambda r: 'id="briefing-overlay"' in r.body)
    assert message in broken.body
    assert broken.status == 200 and "Item 01" in broken.body  # the last good page
    other = server.page("threads/")
    assert 'id="briefing-overlay"' in other.body and message in other.body
    edit(content, ENTRY, "thread: bildup", "thread: buildup\ntrend: steady")
    fixed = server.wait_for(ENTRY_PAGE, lambda r: 'id="briefing-overlay"' not in r.body)
    assert "Item 01" in fixed.body
    printed = "".join(server.stderr)
    assert "thread: unknown thread 'bildup' (did you mean 'buildup' (Buildup)?)" in printed
    assert "1 error: serving the last good build until the next save" in printed


@pytest.mark.parametrize(
    "target",
    [
        "/../etc/passwd",
        "/brief/../../etc/passwd",
        "/%2e%2e/%2e%2e/etc/passwd",
        "/brief/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
        "/brief/..%2f..%2f..%2fetc/passwd",
        "/brief/%2E%2E/index.html",
        "/brief/..\\..\\etc\\passwd",
        "/brief/%5c..%5c..%5cetc",
        "/brief/index.html%00.css",
        "http://127.0.0.1/etc/passwd",
    ],
)
def test_traversal_is_refused(server: ServerProcess, target: str) -> None:
    answer = server.get(target, {"Host": f"127.0.0.1:{server.port}"})
    assert answer.status == 400, (target, answer.status)
    assert "root:" not in answer.body


@pytest.mark.parametrize(
    "target", ["//etc/passwd", "/brief//etc/passwd", "/brief/%252e%252e/etc/passwd", "/etc/passwd"]
)
def test_paths_outside_the_site_are_not_found(server: ServerProcess, target: str) -> None:
    answer = server.get(target)
    assert answer.status == 404, (target, answer.status)
    assert "root:" not in answer.body


def test_symlinks_out_of_the_output_folder_are_refused(
    server: ServerProcess, live: LiveSite, tmp_path: Path
) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("do not serve me", encoding="utf-8")
    links = [live.out / "leak.txt", live.out / "up"]
    os.symlink(secret, links[0])
    os.symlink(tmp_path, links[1])
    try:
        for target in ("/brief/leak.txt", "/brief/up/secret.txt", "/brief/up/"):
            answer = server.get(target)
            assert answer.status == 404, target
            assert "do not serve me" not in answer.body
    finally:
        for link in links:
            link.unlink()


def test_content_types(server: ServerProcess, live: LiveSite) -> None:
    wasm = live.out / "core.wasm"
    wasm.write_bytes(b"\0asm\1\0\0\0")
    try:
        assert server.get("/brief/core.wasm").headers["content-type"] == "application/wasm"
    finally:
        wasm.unlink()
    css = next((live.out / "assets").glob("style.*.css")).name
    assert server.get(f"/brief/assets/{css}").headers["content-type"].startswith("text/css")
    assert server.get("/brief/robots.txt").headers["content-type"].startswith("text/plain")


def test_other_hosts_are_refused(server: ServerProcess) -> None:
    port = server.port
    for host in ("evil.example", f"evil.example:{port}", f"127.0.0.1.nip.io:{port}", "127.0.0.1"):
        answer = server.get("/brief/", {"Host": host})
        assert answer.status == 403, host
        assert "Item" not in answer.body
    for host in (f"127.0.0.1:{port}", f"localhost:{port}", f"LOCALHOST:{port}", f"[::1]:{port}"):
        assert server.get("/brief/", {"Host": host}).status == 200, host
    events = server.get("/__briefing/events", {"Host": f"attacker.example:{port}"})
    assert events.status == 403


def test_the_event_stream_checks_its_origin(server: ServerProcess) -> None:
    port = server.port
    for origin in ("http://evil.example", f"http://evil.example:{port}", "null"):
        answer = server.get("/__briefing/events", {"Origin": origin})
        assert answer.status == 403, origin
    cross = server.get("/__briefing/events", {"Sec-Fetch-Site": "cross-site"})
    assert cross.status == 403
    with socket.create_connection(("127.0.0.1", port), timeout=5) as sock:
        sock.sendall(
            f"GET /__briefing/events HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n"
            f"Origin: http://127.0.0.1:{port}\r\n\r\n".encode()
        )
        head = sock.recv(4096).decode()
        while "event: state" not in head:
            head += sock.recv(4096).decode()
    assert head.startswith("HTTP/1.1 200")
    assert "text/event-stream" in head


def test_ctrl_c_stops_cleanly_and_leaves_no_temporary_folder(
    site: tuple[Path, Path], tmp_path: Path
) -> None:
    content, templates = site
    temporary = tmp_path / "tmp"
    temporary.mkdir()
    with serve(content, templates, env={"TMPDIR": str(temporary)}) as running:
        assert running.page("").status == 200
        assert any(temporary.iterdir()), "the served folder is a temporary one"
        code = running.stop(signal.SIGINT)
    stderr = "".join(running.stderr)
    assert code == 0, stderr
    assert "Traceback" not in stderr
    assert list(temporary.iterdir()) == []
    assert "stopped" in "".join(running.stdout)


def test_sigterm_stops_cleanly_too(site: tuple[Path, Path], tmp_path: Path) -> None:
    content, templates = site
    with serve(content, templates, "--no-search", "--out", str(tmp_path / "out")) as running:
        code = running.stop(signal.SIGTERM)
    assert code == 0
    assert "Traceback" not in "".join(running.stderr)
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".out.")] == []


def test_a_busy_port_moves_to_the_next_free_one(site: tuple[Path, Path]) -> None:
    content, templates = site
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        busy = taken.getsockname()[1]
        command = [
            sys.executable, str(REPO / "build.py"), "serve", "--content", str(content),
            "--templates", str(templates), "--no-search", "--port", str(busy),
        ]  # fmt: skip
        process = subprocess.Popen(command, stdout=subprocess.PIPE, text=True, cwd=REPO)
        try:
            assert process.stdout is not None
            first = process.stdout.readline() + process.stdout.readline()
            while "serving" not in first:
                first += process.stdout.readline()
        finally:
            process.send_signal(signal.SIGINT)
            process.wait(30)
    assert f"port {busy} is in use; using" in first
    assert f"127.0.0.1:{busy}/" not in first.split("serving", 1)[1]


def test_drafts_are_shown_unless_no_drafts(site: tuple[Path, Path], tmp_path: Path) -> None:
    content, templates = site
    (content / "entries/2022/2022-02-08-draft.md").write_text(
        entry("Work in progress", date="2022-02-08", extra="draft: true\n"), encoding="utf-8"
    )
    with serve(content, templates, "--no-search", "--out", str(tmp_path / "a")) as running:
        assert running.page("2022/02/08/draft/").status == 200
    with serve(
        content, templates, "--no-search", "--no-drafts", "--out", str(tmp_path / "b")
    ) as running:
        assert running.page("2022/02/08/draft/").status == 404


def test_a_site_broken_from_the_start_is_served_once_fixed(
    site: tuple[Path, Path], tmp_path: Path
) -> None:
    content, templates = site
    edit(content, ENTRY, "thread: buildup", "thread: bildup")
    with serve(content, templates, "--no-search", "--out", str(tmp_path / "out")) as running:
        waiting = running.page("")
        assert waiting.status == 404
        assert "The site has not built yet" in waiting.body
        assert "unknown thread &#x27;bildup&#x27;" in waiting.body
        assert "The content has errors, so the site has not built" in waiting.body
        assert "last good build" not in waiting.body
        assert 'data-built="0"' in waiting.body  # the script's overlay says the same
        assert "1 error: nothing built yet until the next save" in "".join(running.stderr)
        edit(content, ENTRY, "thread: bildup", "thread: buildup")
        home = running.wait_for("", lambda r: r.status == 200)
        assert 'id="briefing-overlay"' not in home.body
        assert running.page(ENTRY_PAGE).status == 200


def test_a_broken_body_link_is_shown_and_a_moved_target_followed(
    server: ServerProcess, live: LiveSite
) -> None:
    content = live.content
    edit(content, ENTRY, "Body of item 1.", "Body of item 1, see [item 2](2022-01-20-item-00.md).")
    linked = server.wait_for(ENTRY_PAGE, lambda r: "see <a" in r.body)
    assert '<a href="/brief/2022/01/20/item-00/">item 2</a>' in linked.body
    edit(
        content,
        "entries/2022/2022-01-20-item-00.md",
        "title: Item 00",
        "slug: item-zero\ntitle: Item 00",
    )
    server.wait_for(ENTRY_PAGE, lambda r: '<a href="/brief/2022/01/20/item-zero/">' in r.body)
    edit(content, ENTRY, "2022-01-20-item-00.md", "2022-01-20-item-0.md")
    message = (
        "content/entries/2022/2022-01-20-item-01.md:13: link &#x27;2022-01-20-item-0.md&#x27; "
        "names no entry file (did you mean &#x27;2022-01-20-item-00.md&#x27; (Item 00)?)"
    )
    broken = server.wait_for(ENTRY_PAGE, lambda r: 'id="briefing-overlay"' in r.body)
    assert message in broken.body


def test_the_search_index_is_refreshed_in_the_background_after_changes(
    site: tuple[Path, Path], tmp_path: Path
) -> None:
    content, templates = site
    out = tmp_path / "out"
    with serve(content, templates, "--out", str(out)) as running:
        running.wait_for("pagefind/pagefind-entry.json", lambda r: r.status == 200, timeout=30)
        assert (
            running.page("pagefind/pagefind.js")
            .headers["content-type"]
            .startswith("text/javascript")
        )
        refreshed = "".join(running.stdout).count("search index refreshed")
        edit(content, ENTRY, "title: Item 01", "title: Item one, searchable")
        deadline = time.monotonic() + 30
        while "".join(running.stdout).count("search index refreshed") <= refreshed:
            assert time.monotonic() < deadline, "".join(running.stdout + running.stderr)
            time.sleep(0.1)
