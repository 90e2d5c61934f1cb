"""sitemap.xml follows the sitemaps.org protocol and lists exactly the site's pages."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from tests.support.site_pages import html_files
from tests.support.sites import BuiltSite
from tests.support.xml_rules import SITEMAP, is_absolute_url, is_w3c_datetime

pytestmark = pytest.mark.validators

MAX_URLS = 50_000
MAX_BYTES = 50 * 1024 * 1024
MAX_URL_LENGTH = 2048
CHANGEFREQS = {"always", "hourly", "daily", "weekly", "monthly", "yearly", "never"}


def _urls(site: BuiltSite) -> list[ET.Element]:
    path = site.root / "sitemap.xml"
    assert path.is_file(), f"{site.name}: no sitemap.xml"
    assert path.stat().st_size <= MAX_BYTES, "sitemap.xml is over 50 MB"
    root = ET.parse(path).getroot()
    assert root.tag == SITEMAP + "urlset", f"root element is {root.tag}, not a sitemaps.org urlset"
    return root.findall(SITEMAP + "url")


def test_sitemap_follows_the_protocol(built_site: BuiltSite) -> None:
    urls = _urls(built_site)
    assert 0 < len(urls) <= MAX_URLS
    problems = []
    seen: set[str] = set()
    for url in urls:
        loc = (url.findtext(SITEMAP + "loc") or "").strip()
        if not is_absolute_url(loc) or not loc.startswith(built_site.base_url):
            problems.append(f"loc {loc!r} is not an absolute URL under {built_site.base_url}")
        if len(loc) > MAX_URL_LENGTH:
            problems.append(f"loc {loc[:60]}… is longer than {MAX_URL_LENGTH} characters")
        if loc in seen:
            problems.append(f"loc {loc} is listed twice")
        seen.add(loc)
        lastmod = url.findtext(SITEMAP + "lastmod")
        if lastmod is not None and not is_w3c_datetime(lastmod.strip()):
            problems.append(f"{loc}: lastmod {lastmod!r} is not a W3C datetime")
        changefreq = url.findtext(SITEMAP + "changefreq")
        if changefreq is not None and changefreq.strip() not in CHANGEFREQS:
            problems.append(f"{loc}: changefreq {changefreq!r} is not allowed")
        priority = url.findtext(SITEMAP + "priority")
        if priority is not None and not _is_priority(priority.strip()):
            problems.append(f"{loc}: priority {priority!r} is not between 0.0 and 1.0")
    assert not problems, f"{built_site.name}:\n" + "\n".join(problems[:60])


def _is_priority(text: str) -> bool:
    try:
        return 0.0 <= float(text) <= 1.0
    except ValueError:
        return False


def test_sitemap_urls_exist(built_site: BuiltSite) -> None:
    locs = [(url.findtext(SITEMAP + "loc") or "").strip() for url in _urls(built_site)]
    missing = [loc for loc in locs if built_site.file_for(loc) is None]
    assert not missing, f"{built_site.name}: sitemap URLs with no output file: {missing[:20]}"


def test_sitemap_lists_every_page(built_site: BuiltSite) -> None:
    listed = {(url.findtext(SITEMAP + "loc") or "").strip() for url in _urls(built_site)}
    pages = [
        built_site.url_for(path)
        for path in html_files(built_site.root)
        if path.relative_to(built_site.root).as_posix() != "404.html"
    ]
    unlisted = [url for url in pages if url not in listed]
    assert not unlisted, f"{built_site.name}: pages missing from sitemap.xml: {unlisted[:20]}"
    assert built_site.url_for(built_site.root / "404.html") not in listed, "404.html is listed"


def test_robots_txt_points_at_the_sitemap(built_site: BuiltSite) -> None:
    robots = built_site.root / "robots.txt"
    assert robots.is_file(), f"{built_site.name}: no robots.txt"
    lines = [line.strip() for line in robots.read_text(encoding="utf-8").splitlines()]
    expected = f"Sitemap: {built_site.base_url}sitemap.xml"
    assert expected in lines, f"robots.txt lacks {expected!r}"
