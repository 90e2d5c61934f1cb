"""The preview's HTTP side: which requests it answers and how (stdlib http.server).

Only the output folder is served, at the path of base_url, to the addresses the
server listens on: every request's Host header (and the Origin of the live-reload
stream) must name one of them, so neither another web page nor a DNS-rebinding
trick can read the preview. routing and the checks are pure functions.
"""

from __future__ import annotations

import contextlib
import errno
import http.server
import mimetypes
import os
import socket
import sys
import threading
from collections.abc import Callable
from dataclasses import dataclass
from http import HTTPStatus
from pathlib import Path
from urllib.parse import unquote

from briefing.serve import overlay

CONTENT_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".mjs": "text/javascript; charset=utf-8",
    ".json": "application/json",
    ".xml": "application/xml",
    ".txt": "text/plain; charset=utf-8",
    ".svg": "image/svg+xml",
    ".wasm": "application/wasm",
    ".webmanifest": "application/manifest+json",
    ".woff2": "font/woff2",
    ".ico": "image/x-icon",
}
LOOPBACK = ("127.0.0.1", "localhost", "[::1]")
Headers = tuple[tuple[str, str], ...]


def content_type(name: str) -> str:
    suffix = name[name.rfind(".") :].lower() if "." in name else ""
    return CONTENT_TYPES.get(suffix) or mimetypes.guess_type(name)[0] or "application/octet-stream"


# Routing --------------------------------------------------------------------------


@dataclass(frozen=True)
class Route:
    """What a request path asks for: a site file, a reserved file, a redirect or an error."""

    status: HTTPStatus
    site_path: str = ""  # relative to the output folder ("" is the home page)
    reserved: str = ""  # a name under /__briefing/
    location: str = ""


def route(target: str, base_path: str) -> Route:
    """Map a request target to what to answer, refusing anything that could leave the site."""
    if not target.startswith("/"):
        return Route(HTTPStatus.BAD_REQUEST)  # absolute-form and "*" are not for us
    raw = target.split("#", 1)[0]
    raw, _, _query = raw.partition("?")
    path = unquote(raw, errors="strict") if "%" in raw else raw
    if "\0" in path or "\\" in path or any(s in (".", "..") for s in path.split("/")):
        return Route(HTTPStatus.BAD_REQUEST)
    if path.startswith(overlay.RESERVED):
        return Route(HTTPStatus.OK, reserved=path[len(overlay.RESERVED) :])
    if base_path != "/" and path in ("/", base_path.rstrip("/")):
        return Route(HTTPStatus.FOUND, location=base_path)
    if not path.startswith(base_path) or "//" in path:
        return Route(HTTPStatus.NOT_FOUND)
    return Route(HTTPStatus.OK, site_path=path[len(base_path) :])


def resolve(root: Path, site_path: str) -> Path | str | None:
    """The file to serve, a path to redirect to (a folder without its slash), or None."""
    if site_path.startswith("/"):
        return None
    candidate = root / site_path
    if site_path == "" or site_path.endswith("/"):
        candidate = candidate / "index.html"
    try:
        real = candidate.resolve(strict=True)
    except (OSError, RuntimeError):
        real = None
    inside = real is not None and (real == root or root in real.parents)
    if real is not None and inside and real.is_file():
        return real
    folder = (root / site_path).resolve()
    if (root in folder.parents) and folder.is_dir() and (folder / "index.html").is_file():
        return site_path + "/" if not site_path.endswith("/") else None
    return None


def allowed_hosts(host: str, port: int) -> frozenset[str]:
    """Host header values that name this server (lower case, with the port)."""
    names = {*LOOPBACK, f"[{host}]" if ":" in host else host}
    if host in ("0.0.0.0", "::"):
        hostname = socket.gethostname()
        names.add(hostname.lower())
        with contextlib.suppress(OSError):
            names.update(socket.gethostbyname_ex(hostname)[2])
    with_port = {f"{name}:{port}" for name in names}
    return frozenset(with_port | (names if port == 80 else set()))


def host_ok(header: str | None, allowed: frozenset[str]) -> bool:
    return header is not None and header.strip().lower() in allowed


def origin_ok(origin: str | None, fetch_site: str | None, allowed: frozenset[str]) -> bool:
    """An event stream is for pages of this server only."""
    if fetch_site not in (None, "same-origin", "none"):
        return False
    return origin is None or origin.lower().removeprefix("http://") in allowed


# Serving --------------------------------------------------------------------------


@dataclass
class Served:
    """What the handler needs: the folder, the mount path, the checks and the live state."""

    root: Path
    base_path: Callable[[], str]  # the path of base_url, which site.yaml may change
    allowed: frozenset[str]
    state: Callable[[], tuple[int, list[str], list[str]]]  # (generation, errors, warnings)
    stream: Callable[[http.server.BaseHTTPRequestHandler], None]
    log: Callable[[str], None] | None = None


def make_handler(served: Served) -> type[http.server.BaseHTTPRequestHandler]:
    class PreviewHandler(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        disable_nagle_algorithm = True  # headers and body go out at once, not 40 ms apart
        server_version = "briefing-preview"
        sys_version = ""

        def do_GET(self) -> None:
            self._answer(body=True)

        def do_HEAD(self) -> None:
            self._answer(body=False)

        def log_message(self, format: str, *args: object) -> None:
            if served.log is not None:
                served.log(format % args)

        def _answer(self, *, body: bool) -> None:
            hosts = self.headers.get_all("Host") or []
            if len(hosts) != 1:
                return self._plain(HTTPStatus.BAD_REQUEST, "one Host header, please", body)
            if not host_ok(hosts[0], served.allowed):
                return self._plain(HTTPStatus.FORBIDDEN, "this preview answers to its own address only", body)  # fmt: skip
            try:
                found = route(self.path, served.base_path())
            except UnicodeDecodeError:
                found = Route(HTTPStatus.BAD_REQUEST)
            if found.status == HTTPStatus.BAD_REQUEST:
                return self._plain(found.status, "bad request path", body)
            if found.location:
                return self._redirect(found.status, found.location, body)
            if found.reserved:
                return self._reserved(found.reserved, body)
            if found.status == HTTPStatus.OK:
                try:
                    target = resolve(served.root, found.site_path)
                except OSError as exc:  # a name too long for the file system, say: not here
                    shown = found.site_path[:60] + ("…" if len(found.site_path) > 60 else "")
                    (served.log or to_stderr)(f"404 for {shown}: {exc.strerror or exc}")
                    target = None
                if isinstance(target, str):
                    return self._redirect(HTTPStatus.MOVED_PERMANENTLY, served.base_path() + target, body)  # fmt: skip
                if target is not None:
                    return self._file(HTTPStatus.OK, target, body)
            self._not_found(body)

        def _reserved(self, name: str, body: bool) -> None:
            if name == overlay.EVENTS:
                origin, fetch = self.headers.get("Origin"), self.headers.get("Sec-Fetch-Site")
                if not origin_ok(origin, fetch, served.allowed):
                    return self._plain(HTTPStatus.FORBIDDEN, "not from this preview", body)
                return served.stream(self) if body else self._plain(HTTPStatus.OK, "", body)
            files = {overlay.SCRIPT: overlay.LIVERELOAD_JS, overlay.STYLE: overlay.OVERLAY_CSS}
            if name not in files:
                return self._not_found(body)
            self._send(HTTPStatus.OK, files[name].encode(), content_type(name), body)

        def _file(self, status: HTTPStatus, path: Path, body: bool) -> None:
            try:
                with path.open("rb") as handle:  # the stamp of the very bytes sent
                    info, data = os.fstat(handle.fileno()), handle.read()
            except OSError:  # replaced or removed by a rebuild a moment ago
                return self._not_found(body)
            kind, etag = content_type(path.name), f'"{info.st_ino}-{info.st_mtime_ns}"'
            if kind.startswith("text/html"):
                generation, errors, warnings = served.state()
                data = overlay.inject(data, generation, errors, warnings, etag=etag)
            self._send(status, data, kind, body, (("ETag", etag),))

        def _not_found(self, body: bool) -> None:
            page = served.root / "404.html"
            if page.is_file():
                return self._file(HTTPStatus.NOT_FOUND, page, body)
            generation, errors, warnings = served.state()
            # No 404 page in the site: it has not built yet, or its templates have none.
            built = page.parent.is_dir() and any(page.parent.iterdir())
            data = overlay.placeholder_page(built=built and not errors)
            data = overlay.inject(data, generation, errors, warnings, built=built)
            self._send(HTTPStatus.NOT_FOUND, data, CONTENT_TYPES[".html"], body)

        def _redirect(self, status: HTTPStatus, location: str, body: bool) -> None:
            self._send(status, b"", CONTENT_TYPES[".txt"], body, (("Location", location),))

        def _plain(self, status: HTTPStatus, text: str, body: bool) -> None:
            self._send(status, (text + "\n").encode(), CONTENT_TYPES[".txt"], body)

        def _send(
            self, status: HTTPStatus, data: bytes, kind: str, body: bool, more: Headers = ()
        ) -> None:
            self.send_response(status)
            for name, value in (("Content-Type", kind), *more):
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(data)))
            self.send_header("Cache-Control", "no-store")
            self.send_header("X-Content-Type-Options", "nosniff")
            self.end_headers()
            if body:
                self.wfile.write(data)

    return PreviewHandler


def to_stderr(line: str) -> None:
    print(line, file=sys.stderr, flush=True)


class PreviewServer(http.server.ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False
    # The listen backlog (socketserver's default is 5): a page that opens dozens of
    # connections at once, or a link checker, would otherwise wait on the kernel's retries.
    request_queue_size = 128

    def handle_error(self, request: object, client_address: object) -> None:
        """A browser that goes away mid-response is normal; say nothing."""


class PreviewServer6(PreviewServer):
    address_family = socket.AF_INET6


def bind(
    host: str, port: int, handler: Callable[[int], type[http.server.BaseHTTPRequestHandler]],
    tries: int = 20,
) -> tuple[PreviewServer, list[int]]:  # fmt: skip
    """Listen on host:port, or on the next free port; returns the server and the busy ports."""
    busy = []
    cls = PreviewServer6 if ":" in host else PreviewServer
    for candidate in range(port, port + tries) if port else [0]:
        server = cls((host, candidate), http.server.BaseHTTPRequestHandler, bind_and_activate=False)
        try:
            server.server_bind()
            server.server_activate()
        except OSError as exc:
            server.server_close()
            if exc.errno != errno.EADDRINUSE:
                raise
            busy.append(candidate)
            continue
        server.RequestHandlerClass = handler(server.server_address[1])
        return server, busy
    raise OSError(errno.EADDRINUSE, f"ports {port}-{port + tries - 1} are all in use")


def start(server: PreviewServer) -> threading.Thread:
    thread = threading.Thread(target=server.serve_forever, name="preview-http", daemon=True)
    thread.start()
    return thread
