"""Serve a built site on 127.0.0.1 the way Netlify would: its headers, its 404, its types,
text compressed with gzip for clients that accept it."""

from __future__ import annotations

import gzip
import mimetypes
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

from tests.support.netlify_headers import HeaderRule, load_rules, response_headers

# Types Python's table lacks or gets wrong for a site; Pagefind's own files are opaque bytes.
CONTENT_TYPES = {
    ".html": "text/html; charset=UTF-8",
    ".css": "text/css; charset=UTF-8",
    ".js": "application/javascript",
    ".mjs": "application/javascript",
    ".json": "application/json",
    ".xml": "application/xml",
    ".txt": "text/plain; charset=UTF-8",
    ".svg": "image/svg+xml",
    ".wasm": "application/wasm",
    ".webmanifest": "application/manifest+json",
    ".woff2": "font/woff2",
    ".ico": "image/x-icon",
    ".pagefind": "application/octet-stream",
    ".pf_meta": "application/octet-stream",
    ".pf_index": "application/octet-stream",
    ".pf_fragment": "application/octet-stream",
    ".pf_filter": "application/octet-stream",
}


def content_type(path: Path) -> str:
    """The Content-Type for a file, by its extension."""
    known = CONTENT_TYPES.get(path.suffix.lower())
    if known:
        return known
    guessed, _ = mimetypes.guess_type(path.name)
    return guessed or "application/octet-stream"


# Netlify compresses text responses for clients that accept it; Pagefind's files are
# compressed already, and images other than SVG gain nothing.
COMPRESSED_TYPES = ("text/", "application/javascript", "application/json", "application/xml",
                    "image/svg+xml", "application/manifest+json")  # fmt: skip


def compressible(ctype: str) -> bool:
    return ctype.startswith(COMPRESSED_TYPES)


@dataclass(frozen=True)
class Resolved:
    """What a request path resolves to: a file and its status, or a redirect."""

    status: HTTPStatus
    file: Path | None = None
    location: str | None = None


def resolve(root: Path, site_path: str) -> Resolved:
    """Map a URL path (inside the site) to a file the way Netlify's static hosting does."""
    relative = unquote(site_path).lstrip("/")
    candidate = (root / relative).resolve()
    inside = candidate == root or root in candidate.parents
    if inside and candidate.is_file() and not site_path.endswith("/"):
        return Resolved(HTTPStatus.OK, candidate)
    if inside and candidate.is_dir() and (candidate / "index.html").is_file():
        if site_path.endswith("/"):
            return Resolved(HTTPStatus.OK, candidate / "index.html")
        return Resolved(HTTPStatus.MOVED_PERMANENTLY, location=site_path + "/")
    not_found = root / "404.html"
    return Resolved(HTTPStatus.NOT_FOUND, not_found if not_found.is_file() else None)


def make_handler(
    root: Path, rules: Sequence[HeaderRule], mount: str
) -> type[BaseHTTPRequestHandler]:
    """A request handler class bound to one site folder, header rules and mount path."""

    class SiteHandler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_GET(self) -> None:
            self._respond(send_body=True)

        def do_HEAD(self) -> None:
            self._respond(send_body=False)

        def log_message(self, format: str, *args: object) -> None:
            pass  # keep test output clean

        def _respond(self, send_body: bool) -> None:
            url_path = urlsplit(self.path).path
            if not url_path.startswith(mount):
                found = Resolved(HTTPStatus.NOT_FOUND, root / "404.html")
                site_path = url_path
            else:
                site_path = "/" + url_path[len(mount) :]
                found = resolve(root, site_path)
            body = found.file.read_bytes() if found.file else b"Not Found"
            self.send_response(found.status)
            for name, value in response_headers(site_path, rules).items():
                self.send_header(name, value)
            if found.location:
                self.send_header("Location", mount.rstrip("/") + found.location)
            ctype = content_type(found.file) if found.file else "text/plain; charset=UTF-8"
            self.send_header("Content-Type", ctype)
            if compressible(ctype) and "gzip" in self.headers.get("Accept-Encoding", ""):
                body = gzip.compress(body, compresslevel=6, mtime=0)
                self.send_header("Content-Encoding", "gzip")
                self.send_header("Vary", "Accept-Encoding")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if send_body:
                self.wfile.write(body)

    return SiteHandler


@dataclass(frozen=True)
class RunningServer:
    """A started server: its origin and the URL at which the site's root is mounted."""

    origin: str
    base_url: str

    def url(self, site_path: str) -> str:
        """The absolute URL of a path inside the site (`/threads/` or `threads/`)."""
        return self.base_url + site_path.lstrip("/")


@contextmanager
def serve_site(
    root: Path, rules: Sequence[HeaderRule] | None = None, mount: str = "/"
) -> Iterator[RunningServer]:
    """Serve `root` on 127.0.0.1 at an ephemeral port for the duration of the block.

    `mount` is the URL path the site lives under (`/briefing/` for a base_url with a path).
    """
    if not mount.startswith("/") or not mount.endswith("/"):
        raise ValueError("mount must start and end with '/'")
    handler = make_handler(root.resolve(), load_rules() if rules is None else rules, mount)
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, name="static-site", daemon=True)
    thread.start()
    origin = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        yield RunningServer(origin=origin, base_url=origin + mount)
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
