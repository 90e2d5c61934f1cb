"""`python build.py serve` in a subprocess, on a free port, with a raw HTTP client for it."""

from __future__ import annotations

import http.client
import os
import queue
import re
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from tests.conftest import REPO

STARTUP_SECONDS = 60


@dataclass
class Response:
    status: int
    headers: dict[str, str]
    body: str


@dataclass
class ServerProcess:
    """A running preview server; its output is collected as it is printed."""

    process: subprocess.Popen[str]
    url: str  # e.g. http://127.0.0.1:41234/brief/
    port: int
    stdout: list[str] = field(default_factory=list)
    stderr: list[str] = field(default_factory=list)

    def get(self, path: str, headers: Mapping[str, str] | None = None) -> Response:
        """GET a raw request target (sent as is, never normalised by the client)."""
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
        try:
            names = {k.lower() for k in headers or {}}
            connection.putrequest("GET", path, skip_host="host" in names)
            for name, value in (headers or {}).items():
                connection.putheader(name, value)
            connection.endheaders()
            answer = connection.getresponse()
            body = answer.read().decode("utf-8", "replace")
            return Response(answer.status, {k.lower(): v for k, v in answer.getheaders()}, body)
        finally:
            connection.close()

    def page(self, site_path: str) -> Response:
        return self.get(self.url_path(site_path))

    def url_path(self, site_path: str) -> str:
        base = "/" + self.url.split("/", 3)[3]
        return base + site_path.lstrip("/")

    def wait_for(
        self, site_path: str, check: Callable[[Response], bool], timeout: float = 10.0
    ) -> Response:
        """Fetch the page until `check` holds; fail with the last answer after `timeout`."""
        deadline = time.monotonic() + timeout
        while True:
            answer = self.page(site_path)
            if check(answer):
                return answer
            if time.monotonic() > deadline:
                raise AssertionError(
                    f"{site_path}: condition not met in {timeout}s; last answer "
                    f"{answer.status}:\n{answer.body[-2000:]}\nserver stderr:\n"
                    + "".join(self.stderr)
                )
            time.sleep(0.05)

    def stop(self, sig: int = signal.SIGINT, timeout: float = 30.0) -> int:
        """Send `sig` and wait for the process to end; returns its exit code."""
        if self.process.poll() is None:
            self.process.send_signal(sig)
        try:
            return self.process.wait(timeout)
        finally:
            time.sleep(0.1)  # let the reader threads take the last lines


def _pump(stream: object, sink: list[str], lines: queue.Queue[str] | None) -> None:
    for line in iter(stream.readline, ""):  # type: ignore[attr-defined]
        sink.append(line)
        if lines is not None:
            lines.put(line)


@contextmanager
def serve(
    content: Path, templates: Path, *extra: str, env: Mapping[str, str] | None = None
) -> Iterator[ServerProcess]:
    """Start the preview on a free port; stop it (SIGINT) when the block ends."""
    command = [
        sys.executable, str(REPO / "build.py"), "serve", "--content", str(content),
        "--templates", str(templates), "--port", "0", *extra,
    ]  # fmt: skip
    process = subprocess.Popen(
        command, cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        env={**os.environ, **(env or {}), "PYTHONUNBUFFERED": "1"},
    )  # fmt: skip
    lines: queue.Queue[str] = queue.Queue()
    stdout: list[str] = []
    stderr: list[str] = []
    threading.Thread(target=_pump, args=(process.stdout, stdout, lines), daemon=True).start()
    threading.Thread(target=_pump, args=(process.stderr, stderr, None), daemon=True).start()
    url = _wait_for_url(process, lines, stderr)
    port = int(url.split(":")[2].split("/")[0])
    server = ServerProcess(process, url, port, stdout, stderr)
    try:
        yield server
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGINT)
            try:
                process.wait(30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def _wait_for_url(
    process: subprocess.Popen[str], lines: queue.Queue[str], stderr: list[str]
) -> str:
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        try:
            line = lines.get(timeout=0.2)
        except queue.Empty:
            if process.poll() is not None:
                break
            continue
        match = re.search(r"serving (http://\S+)", line)
        if match:
            return match.group(1)
    process.kill()
    raise AssertionError("the server did not start:\n" + "".join(stderr))
