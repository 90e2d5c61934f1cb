"""The helpers the publish tests trust: Netlify's matching rules and the local server."""

from __future__ import annotations

import urllib.error
import urllib.request
from pathlib import Path

import pytest

from tests.support.browser import Browser
from tests.support.netlify_headers import (
    HeaderRule,
    for_regexp,
    headers_for,
    overlapping_headers,
    parse_rules,
    response_headers,
)
from tests.support.static_server import serve_site

MATCHES = [
    ("/*", "/", True),
    ("/*", "/a/b/c.html", True),
    ("/assets/*", "/assets/site.1.css", True),
    ("/assets/*", "/assets", True),
    ("/assets/*", "/assetsx/a.css", True),  # sic: Netlify's parser makes the slash optional
    ("/assets/*", "/ASSETS/a.css", True),
    ("/pagefind/*.pf_meta", "/pagefind/pagefind.en_1a.pf_meta", True),
    ("/pagefind/*.pf_meta", "/pagefind/pagefind.js", False),
    ("/pagefind/*.pf_meta", "/pagefind/xpf_meta", False),
    ("/feed.xml", "/feed.xml", True),
    ("/feed.xml", "/threads/a/feed.xml", False),
    ("/threads/:id/feed.xml", "/threads/a/feed.xml", True),
    ("/threads/:id/feed.xml", "/threads/a/b/feed.xml", False),
    ("/search/", "/search", True),
]


@pytest.mark.parametrize(("for_path", "url_path", "expected"), MATCHES)
def test_for_path_matching(for_path: str, url_path: str, expected: bool) -> None:
    assert (for_regexp(for_path).match(url_path) is not None) is expected


TOML = """
[[headers]]
  for = "/*"
  [headers.values]
    X-A = "one"
    Cache-Control = '''
      public,
      max-age=0'''
[[headers]]
  for = "/assets/*"
  [headers.values]
    cache-control = "immutable"
    X-List = ["a", "b"]
"""


def test_later_rules_override_and_values_collapse() -> None:
    rules = parse_rules(TOML)
    assert headers_for("/", rules) == {"X-A": "one", "Cache-Control": "public, max-age=0"}
    assert headers_for("/assets/a.css", rules) == {
        "X-A": "one",
        "Cache-Control": "immutable",
        "X-List": "a, b",
    }
    assert overlapping_headers("/assets/a.css", rules) == {"cache-control": ["/*", "/assets/*"]}
    assert overlapping_headers("/", rules) == {}


def test_netlify_default_cache_control_fills_in() -> None:
    rules = parse_rules('[[headers]]\nfor = "/*"\n[headers.values]\nX-A = "1"\n')
    assert response_headers("/", rules)["Cache-Control"] == "public, max-age=0, must-revalidate"


def _get(url: str) -> tuple[int, dict[str, str], bytes]:
    request = urllib.request.Request(url)
    opener = urllib.request.build_opener(_NoRedirect)
    try:
        with opener.open(request, timeout=5) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


@pytest.fixture
def tiny_site(tmp_path: Path) -> Path:
    files = {
        "index.html": "<p>home</p>",
        "404.html": "<p>missing</p>",
        "a/index.html": "<p>a</p>",
        "pagefind/wasm.en.pagefind": "\0",
        "pagefind/x.wasm": "\0asm",
        "assets/s.0123456789.css": "body{}",
    }
    for name, text in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text, encoding="utf-8")
    return tmp_path


SERVED = [
    ("/", 200, "text/html", b"<p>home</p>"),
    ("/a/", 200, "text/html", b"<p>a</p>"),
    ("/a/?q=1", 200, "text/html", b"<p>a</p>"),
    ("/b/", 404, "text/html", b"<p>missing</p>"),
    ("/../etc/passwd", 404, "text/html", b"<p>missing</p>"),
    ("/pagefind/wasm.en.pagefind", 200, "application/octet-stream", b"\0"),
    ("/pagefind/x.wasm", 200, "application/wasm", b"\0asm"),
    ("/assets/s.0123456789.css", 200, "text/css", b"body{}"),
]


@pytest.mark.parametrize(("path", "status", "ctype", "body"), SERVED)
def test_static_server(tiny_site: Path, path: str, status: int, ctype: str, body: bytes) -> None:
    rules = parse_rules('[[headers]]\nfor = "/*"\n[headers.values]\nX-Test = "yes"\n')
    with serve_site(tiny_site, rules) as server:
        got_status, headers, got_body = _get(server.origin + path)
    assert (got_status, headers["Content-Type"].split(";")[0], got_body) == (status, ctype, body)
    assert headers["X-Test"] == "yes"


def test_static_server_redirects_to_the_slash_and_mounts(tiny_site: Path) -> None:
    with serve_site(tiny_site, [], mount="/base/") as server:
        status, headers, _ = _get(server.origin + "/base/a")
        assert (status, headers["Location"]) == (301, "/base/a/")
        assert _get(server.url("a/"))[0] == 200
        assert _get(server.origin + "/a/")[0] == 404


@pytest.mark.browser
def test_browser_reports_csp_violations(
    tmp_path: Path, header_rules: list[HeaderRule], chromium: Browser
) -> None:
    """Proves the probe works, so 'no violations' elsewhere means something."""
    (tmp_path / "index.html").write_text(
        "<!doctype html><html lang=en><title>t</title><link rel=icon href='data:,'>"
        "<p style='color:red'>x</p><script>document.title = 'ran'</script>",
        encoding="utf-8",
    )
    with serve_site(tmp_path, header_rules) as server, chromium.page() as (page, problems):
        page.goto(server.url("/"))
        page.wait_for_timeout(200)
        title = page.title()
    assert title == "t", "the inline script ran despite the CSP"
    kinds = sorted(text.split(" ")[0] for text in problems.csp_violations)
    assert kinds == ["script-src-elem", "style-src-attr"], problems.all()
    assert len(problems.console_errors) == 2, problems.all()
