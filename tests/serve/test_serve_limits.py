"""The preview under load and odd requests, and its claim on --out (issue 14, items 11, 13)."""

from __future__ import annotations

import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

from briefing.serve import server as http_server
from tests.conftest import REPO
from tests.serve.server_process import serve
from tests.serve.sitegen import copy_templates, make_site

CONNECTIONS = 200


def test_many_connections_at_once_are_all_answered(tmp_path: Path) -> None:
    """Connections made while the server is busy wait in its listen backlog, not in the
    client's SYN retries (1 s, 3 s, 7 s...)."""
    (tmp_path / "index.html").write_text("<p>hello</p>")
    served = http_server.Served(
        tmp_path, lambda: "/", frozenset({"localhost"}), lambda: (0, [], []), lambda h: None
    )
    server, _ = http_server.bind("127.0.0.1", 0, lambda port: http_server.make_handler(served))
    port = server.server_address[1]
    answers: list[float] = []
    started = time.monotonic()

    def fetch() -> None:
        reply = b""
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=20) as connection:
                connection.sendall(
                    b"GET / HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
                )
                while chunk := connection.recv(65536):
                    reply += chunk
        except OSError:  # counted below: an answer missing
            return
        if reply.startswith(b"HTTP/1.1 200") and reply.endswith(b"<p>hello</p>"):
            answers.append(time.monotonic() - started)

    clients = [threading.Thread(target=fetch) for _ in range(CONNECTIONS)]
    try:
        for client in clients:  # all connect before the server accepts a single one
            client.start()
        time.sleep(0.3)
        http_server.start(server)
        for client in clients:
            client.join(30)
    finally:
        server.shutdown()
        server.server_close()
    assert len(answers) == CONNECTIONS
    assert max(answers) < 2.5, f"slowest answer after {max(answers):.1f}s"


def test_a_long_path_is_a_logged_404_and_builds_wait_for_serve(tmp_path: Path) -> None:
    """Two cases in one preview (each start costs seconds): a path too long for the file
    system, and a build into the folder the preview holds."""
    content, templates = make_site(tmp_path), copy_templates(tmp_path)
    out = tmp_path / "out"
    with serve(content, templates, "--no-search", "--out", str(out)) as running:
        answer = running.page("a" * 300)
        assert answer.status == 404
        build = subprocess.Popen(
            [sys.executable, str(REPO / "build.py"), "build", "--content", str(content),
             "--templates", str(templates), "--out", str(out), "--no-search"],
            cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )  # fmt: skip
        try:
            assert build.stderr is not None
            line = build.stderr.readline()  # blocks until the build says why it waits
            assert f"waiting for another build of {out}/ (pid {running.process.pid})" in line
            assert build.poll() is None
            assert running.page("").status == 200
        finally:
            build.kill()
            build.communicate()
        assert any("404 for aaaa" in line for line in running.stderr), running.stderr
