"""The Pagefind search index of the entry pages (I/O: Pagefind's binary as a subprocess).

Two ways in, both quiet unless verbose and both raising SearchIndexError on failure:
- `index_site` runs the Pagefind CLI over the written site (only the entry pages' files);
- `live_index` starts Pagefind's service and is fed each entry page's HTML while the site
  is rendered, so Pagefind parses on the other core instead of reading the pages back.
  The `pagefind` package's own client waits 100 ms per reply (over 16 minutes for
  10,000 pages), so this module speaks the service's small protocol itself.
"""

from __future__ import annotations

import base64
import json
import subprocess
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

import pagefind_bin

BUNDLE = "pagefind"  # the bundle's folder in the site, and its URL path
# Entry pages only (YYYY/MM/DD/slug/, see Entry.url): Pagefind never parses the lists.
ENTRY_GLOB = "[0-9][0-9][0-9][0-9]/[0-9][0-9]/[0-9][0-9]/*/index.html"


class SearchIndexError(RuntimeError):
    """Pagefind failed; its own output is the message."""


def executable() -> Path:
    """The Pagefind binary installed by the `pagefind-bin` package."""
    return Path(pagefind_bin.get_executable())


def cli_command(root: Path, *, verbose: bool) -> list[str]:
    """The Pagefind command line that indexes the entry pages of the site at root."""
    command = [str(executable()), "--site", str(root), "--output-subdir", BUNDLE]
    command += ["--glob", ENTRY_GLOB, "--verbose" if verbose else "--quiet"]
    return command


def index_site(root: Path, *, verbose: bool) -> None:
    """Index the entry pages of the site at root into root/pagefind/ with Pagefind's CLI."""
    try:
        result = subprocess.run(
            cli_command(root, verbose=verbose), capture_output=not verbose, text=True, check=False
        )
    except OSError as exc:
        raise SearchIndexError(f"pagefind could not start: {exc}") from None
    if result.returncode != 0:
        detail = ((result.stderr or "") + (result.stdout or "")).strip()
        raise SearchIndexError(f"pagefind failed (exit {result.returncode}): {detail}")


def _encode(message_id: int, payload: dict[str, Any]) -> bytes:
    return base64.b64encode(json.dumps({"message_id": message_id, "payload": payload}).encode())


def _decode(message: bytes) -> dict[str, Any]:
    reply: dict[str, Any] = json.loads(base64.b64decode(message))
    return reply


class LiveIndex:
    """A Pagefind service fed page by page; `write` builds the bundle into the site."""

    def __init__(self, process: subprocess.Popen[bytes], log: IO[bytes]) -> None:
        self._process = process
        self._log = log
        self._replies: dict[int, dict[str, Any]] = {}
        self._errors: list[str] = []
        self._arrived = threading.Condition()
        self._sent = 0
        self._reader_done = False
        self._reader = threading.Thread(target=self._read, name="pagefind-replies", daemon=True)
        self._reader.start()
        self._index_id = self._call({"type": "NewIndex", "config": None})["index_id"]
        self.pages = 0

    def add(self, path: str, html: str) -> None:
        """Queue one page (its site path, e.g. "2022/01/28/call/") for indexing."""
        url = "/" + path.lstrip("/")
        self._send({"type": "AddFile", "index_id": self._index_id, "url": url,
                    "file_path": None, "file_contents": html})  # fmt: skip
        self.pages += 1

    def write(self, root: Path) -> None:
        """Wait for every page, then write the bundle into root/pagefind/."""
        target = str((root / BUNDLE).resolve())
        self._call({"type": "WriteFiles", "index_id": self._index_id, "output_path": target})
        if self._errors:
            self._fail("; ".join(self._errors[:5]))

    def close(self) -> None:
        if self._process.stdin and not self._process.stdin.closed:
            self._process.stdin.close()
        try:
            self._process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self._process.kill()
            self._process.wait()
        self._reader.join(timeout=5)

    def _send(self, payload: dict[str, Any]) -> int:
        self._sent += 1
        assert self._process.stdin is not None
        try:
            self._process.stdin.write(_encode(self._sent, payload) + b",")
        except (BrokenPipeError, ValueError):
            self._fail("the pagefind service stopped")
        return self._sent

    def _call(self, payload: dict[str, Any]) -> dict[str, Any]:
        """Send a request and wait for its reply (replies come in order)."""
        message_id = self._send(payload)
        assert self._process.stdin is not None
        self._process.stdin.flush()
        with self._arrived:
            self._arrived.wait_for(lambda: message_id in self._replies or self._reader_done)
            reply = self._replies.pop(message_id, None)
        if reply is None:
            self._fail("the pagefind service stopped")
        elif reply.get("type") == "Error":
            self._fail(str(reply.get("message")))
        assert reply is not None
        return reply

    def _read(self) -> None:
        """Collect the replies that `_call` waits for, and every error."""
        assert self._process.stdout is not None
        pending = b""
        while chunk := self._process.stdout.read1(1 << 16):
            *messages, pending = (pending + chunk).split(b",")
            for message in messages:
                reply = _decode(message)
                payload = reply.get("payload", {})
                if payload.get("type") == "IndexedFile":
                    continue
                if payload.get("type") == "Error":
                    self._errors.append(str(payload.get("message")))
                with self._arrived:
                    self._replies[reply.get("message_id") or 0] = payload
                    self._arrived.notify_all()
        with self._arrived:
            self._reader_done = True
            self._arrived.notify_all()

    def _fail(self, message: str) -> None:
        self._log.seek(0)
        detail = self._log.read().decode("utf-8", "replace").strip()
        raise SearchIndexError(f"pagefind failed: {message}" + (f"\n{detail}" if detail else ""))


@contextmanager
def live_index(*, verbose: bool) -> Iterator[LiveIndex]:
    """A running Pagefind service; stopped when the block ends, whatever happens."""
    with tempfile.TemporaryFile() as log:
        try:
            process = subprocess.Popen(
                [str(executable()), "--service"],
                stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=None if verbose else log,
            )  # fmt: skip
        except OSError as exc:
            raise SearchIndexError(f"pagefind could not start: {exc}") from None
        index = LiveIndex(process, log)
        try:
            yield index
        finally:
            index.close()
