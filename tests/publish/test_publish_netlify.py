"""netlify.toml builds the site right, and its headers keep the site working and safe."""

from __future__ import annotations

import re
import tomllib
import urllib.error
import urllib.request
from html.parser import HTMLParser
from typing import Any

import pytest

from tests.support.browser import Browser, PageProblems, wait_for_search_results
from tests.support.netlify_headers import (
    NETLIFY_TOML,
    HeaderRule,
    directives,
    headers_for,
    overlapping_headers,
    response_headers,
)
from tests.support.site_pages import html_files, pages_by_type, site_path
from tests.support.sites import BuiltSite, search_word
from tests.support.static_server import RunningServer

IMMUTABLE = "public, max-age=31536000, immutable"
REVALIDATE = "public, max-age=0, must-revalidate"
SECURITY_HEADERS = (
    "Content-Security-Policy",
    "Strict-Transport-Security",
    "X-Content-Type-Options",
    "Referrer-Policy",
    "Permissions-Policy",
)


def _config() -> dict[str, Any]:
    return tomllib.loads(NETLIFY_TOML.read_text(encoding="utf-8"))


def test_build_settings() -> None:
    config = _config()
    build = config["build"]
    assert build["publish"] == "site"
    assert config["build"]["environment"]["PYTHON_VERSION"] == "3.11"
    assert "pip install ." in build["command"] and "build.py build" in build["command"]
    assert "$URL" in build["command"] or "${URL" in build["command"]
    for context in ("deploy-preview", "branch-deploy"):
        command = config["context"][context]["command"]
        assert "DEPLOY_PRIME_URL" in command and "build.py build" in command, context
    assert "redirects" not in config, "Netlify serves 404.html by itself; no redirect is needed"


def test_content_security_policy_allows_only_what_the_site_needs() -> None:
    policy = directives(headers_for("/", None)["Content-Security-Policy"])
    assert policy["default-src"] == ["'self'"]
    assert "'wasm-unsafe-eval'" in policy["script-src"]
    assert "'unsafe-inline'" not in policy["script-src"]
    assert "'unsafe-eval'" not in policy["script-src"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["base-uri"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert "'unsafe-inline'" not in policy.get("style-src", [])


@pytest.mark.parametrize("path", ["/", "/2022/01/28/x/", "/search/", "/assets/a.1.css", "/nope"])
def test_security_headers_on_every_path(path: str) -> None:
    headers = headers_for(path, None)
    missing = [name for name in SECURITY_HEADERS if name not in headers]
    assert not missing, f"{path}: missing {missing}"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert "max-age=" in headers["Strict-Transport-Security"]


def test_every_output_file_gets_each_header_from_one_rule(
    built_site: BuiltSite, header_rules: list[HeaderRule]
) -> None:
    """`netlify dev` lets a later rule win; the production CDN may join both values."""
    clashes = {}
    for path in sorted(built_site.root.rglob("*")):
        if path.is_file():
            url_path = "/" + path.relative_to(built_site.root).as_posix()
            overlap = overlapping_headers(url_path, header_rules)
            if overlap:
                clashes[url_path] = overlap
    assert not clashes, f"headers set by more than one rule: {dict(list(clashes.items())[:10])}"


def _cache_policy(relative: str) -> str:
    """What each kind of output file must be cached for."""
    name = relative.rsplit("/", 1)[-1]
    if relative.startswith("assets/"):
        return IMMUTABLE
    if relative.startswith("pagefind/"):
        hashed = relative.startswith(("pagefind/fragment/", "pagefind/index/", "pagefind/filter/"))
        return IMMUTABLE if hashed or name.endswith(".pf_meta") else REVALIDATE
    return REVALIDATE


def test_cache_control_of_every_output_file(
    built_site: BuiltSite, header_rules: list[HeaderRule]
) -> None:
    wrong = []
    for path in sorted(built_site.root.rglob("*")):
        if path.is_file():
            relative = path.relative_to(built_site.root).as_posix()
            got = response_headers("/" + relative, header_rules)["Cache-Control"]
            if got != _cache_policy(relative):
                wrong.append(f"/{relative}: {got!r}, expected {_cache_policy(relative)!r}")
    assert not wrong, "\n".join(wrong[:20])


def test_assets_are_content_hashed(built_site: BuiltSite) -> None:
    """Only files whose name changes with their content may be cached as immutable."""
    assets = sorted((built_site.root / "assets").rglob("*"))
    unhashed = [
        path.name
        for path in assets
        if path.is_file() and not re.search(r"\.[0-9a-f]{8,}\.[a-z0-9]+$", path.name)
    ]
    assert assets and not unhashed, f"assets without a content hash in their name: {unhashed}"


def _fetch(url: str) -> tuple[int, dict[str, str], bytes]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


def test_served_site_sends_headers_types_and_404(
    built_site: BuiltSite, site_server: RunningServer
) -> None:
    root = built_site.root
    checks: list[tuple[str, int, str, str]] = [
        ("/", 200, "text/html", REVALIDATE),
        ("/feed.xml", 200, "application/xml", REVALIDATE),
        ("/sitemap.xml", 200, "application/xml", REVALIDATE),
        ("/no/such/page/", 404, "text/html", REVALIDATE),
    ]
    css = sorted((root / "assets").glob("*.css"))
    checks += [(f"/assets/{path.name}", 200, "text/css", IMMUTABLE) for path in css[:1]]
    if (root / "pagefind").is_dir():
        checks.append(("/pagefind/pagefind-entry.json", 200, "application/json", REVALIDATE))
        checks.append(("/pagefind/pagefind.js", 200, "application/javascript", REVALIDATE))
        fragment = next((root / "pagefind" / "fragment").glob("*"), None)
        if fragment is not None:
            checks.append(
                (f"/pagefind/fragment/{fragment.name}", 200, "application/octet-stream", IMMUTABLE)
            )
    problems = []
    for path, status, ctype, cache in checks:
        got_status, headers, body = _fetch(site_server.url(path))
        media_type = headers.get("Content-Type", "").split(";")[0]
        got = (got_status, media_type, headers.get("Cache-Control"))
        if got != (status, ctype, cache) or "Content-Security-Policy" not in headers:
            problems.append(f"{path}: got {got}, expected {(status, ctype, cache)} and a CSP")
        if status == 404 and body != (root / "404.html").read_bytes():
            problems.append(f"{path}: the 404 response is not 404.html")
    assert not problems, "\n".join(problems)


class _InlineFinder(HTMLParser):
    """Collects inline scripts, style elements, style attributes and event handlers."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        names = {name for name, _ in attrs}
        is_data = dict(attrs).get("type") == "application/ld+json"  # not executed
        if tag == "script" and "src" not in names and not is_data:
            self.found.append(f"<script> without src at line {self.getpos()[0]}")
        if tag == "style":
            self.found.append(f"<style> at line {self.getpos()[0]}")
        if "style" in names:
            self.found.append(f"style= on <{tag}> at line {self.getpos()[0]}")
        self.found += [f"{name}= on <{tag}>" for name in sorted(names) if name.startswith("on")]


def test_no_inline_scripts_or_styles(built_site: BuiltSite) -> None:
    """The CSP blocks them, so any would be a silently broken page."""
    offenders = {}
    for path in html_files(built_site.root):
        finder = _InlineFinder()
        finder.feed(path.read_text(encoding="utf-8"))
        if finder.found:
            offenders[path.relative_to(built_site.root).as_posix()] = finder.found[:3]
    assert not offenders, f"inline code the CSP would block: {dict(list(offenders.items())[:10])}"


_ICON_LINK = re.compile(r"<link\b[^>]*\brel=[\"']?(?:shortcut )?icon\b", re.IGNORECASE)


def test_browsers_find_an_icon(built_site: BuiltSite) -> None:
    """Without one, every browser asks for /favicon.ico and logs the 404 as a console error."""
    if (built_site.root / "favicon.ico").is_file():
        return
    unlinked = [
        path.relative_to(built_site.root).as_posix()
        for path in html_files(built_site.root)
        if not _ICON_LINK.search(path.read_text(encoding="utf-8"))
    ]
    assert not unlinked, f"no /favicon.ico and no <link rel=icon> in {unlinked[:5]}"


# What Chromium's own stylesheet gives a bare <body>; a page whose body matches on every
# property has no site stylesheet applied.
STYLE_PROBE = """
() => {
  const props = ['font-family', 'margin-top', 'margin-left', 'color', 'background-color',
                 'line-height', 'max-width', 'padding-left'];
  const style = getComputedStyle(document.body);
  const main = document.querySelector('main');
  return {
    body: Object.fromEntries(props.map((p) => [p, style.getPropertyValue(p)])),
    main: main ? getComputedStyle(main).getPropertyValue('max-width') +
      ' ' + getComputedStyle(main).getPropertyValue('margin-left') : null,
    sheets: [...document.styleSheets].map((s) => s.href),
  };
}
"""


def _loads_cleanly(
    chromium: Browser, url: str, expect_status: int = 200
) -> tuple[dict[str, Any], dict[str, Any], PageProblems]:
    with chromium.page() as (page, problems):
        response = page.goto(url, wait_until="load")
        assert response is not None and response.status == expect_status, url
        styled = page.evaluate(STYLE_PROBE)
        page.wait_for_timeout(100)  # let late CSP reports arrive
    with chromium.page(bypass_csp=True) as (blank, _):
        blank.set_content("<!doctype html><html><body><main>x</main></body></html>")
        default = blank.evaluate(STYLE_PROBE)
    return styled, default, problems


@pytest.mark.browser
@pytest.mark.parametrize("page_type", ["home", "entry", "404"])
def test_page_renders_styled_under_csp(
    built_site: BuiltSite, site_server: RunningServer, chromium: Browser, page_type: str
) -> None:
    if page_type == "404":
        url, status = site_server.url("/no/such/page/here/"), 404
    else:
        page = pages_by_type(built_site.root)[page_type]
        url, status = site_server.url(site_path(built_site.root, page)), 200
    styled, default, problems = _loads_cleanly(chromium, url, status)
    reported = [p for p in problems.all() if status == 200 or url not in p]
    assert not reported, f"{url}:\n" + "\n".join(reported)
    assert styled["sheets"] and all(styled["sheets"]), f"no external stylesheet: {styled}"
    assert styled["body"] != default["body"] or styled["main"] != default["main"], (
        f"{url}: computed style equals Chromium's defaults; the stylesheet was not applied"
    )


@pytest.mark.browser
def test_search_works_under_csp(
    built_site: BuiltSite, site_server: RunningServer, chromium: Browser
) -> None:
    """Pagefind's UI, worker and WebAssembly run with the CSP netlify.toml sends."""
    word = search_word(built_site)
    url = site_server.url(f"/search/?q={word}")
    with chromium.page() as (page, problems):
        page.goto(url, wait_until="load")
        wait_for_search_results(page, problems)
        page.wait_for_timeout(200)
    assert not problems.all(), f"{url}:\n" + "\n".join(problems.all())
