"""Every Atom feed parses cleanly in feedparser and meets RFC 4287's requirements."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from tests.support.sites import BuiltSite
from tests.support.tools import require_feedparser
from tests.support.xml_rules import ATOM, is_absolute_iri, is_absolute_url, is_rfc3339

pytestmark = pytest.mark.validators

_LINKS_IN_HTML = re.compile(r"""\b(?:href|src)\s*=\s*["']([^"']*)["']""", re.IGNORECASE)
FEED_FOLDERS = ("threads", "actors", "topics")


def feed_files(root: Path) -> list[Path]:
    """Every feed.xml of the site."""
    return sorted(path for path in root.rglob("feed.xml") if path.parts[-2] != "pagefind")


def _text(element: ET.Element, tag: str) -> str | None:
    child = element.find(ATOM + tag)
    return None if child is None else (child.text or "").strip()


def _links(element: ET.Element) -> list[ET.Element]:
    return element.findall(ATOM + "link")


def _check_feed(site: BuiltSite, path: Path) -> list[str]:
    """Every RFC 4287 and house rule the feed at `path` breaks."""
    problems: list[str] = []
    feed = ET.parse(path).getroot()
    if feed.tag != ATOM + "feed":
        return [f"root element is {feed.tag}, not atom:feed"]
    for tag in ("id", "title", "updated"):
        if not _text(feed, tag):
            problems.append(f"feed has no atom:{tag}")
    feed_id = _text(feed, "id") or ""
    if feed_id and not is_absolute_iri(feed_id):
        problems.append(f"feed id {feed_id!r} is not an absolute IRI")
    updated = _text(feed, "updated") or ""
    if updated and not is_rfc3339(updated):
        problems.append(f"feed updated {updated!r} is not an RFC 3339 date-time")
    self_links = [link.get("href") for link in _links(feed) if link.get("rel") == "self"]
    if self_links != [site.url_for(path)]:
        problems.append(f"feed rel=self links are {self_links}, expected [{site.url_for(path)!r}]")
    problems += _check_links(site, feed, "feed")
    entries = feed.findall(ATOM + "entry")
    if feed.find(ATOM + "author") is None and any(
        entry.find(ATOM + "author") is None for entry in entries
    ):
        problems.append("neither the feed nor every entry has an atom:author (RFC 4287 4.1.1)")
    ids = [_text(entry, "id") for entry in entries]
    if len(set(ids)) != len(ids):
        problems.append("entry ids are not unique")
    for number, entry in enumerate(entries, start=1):
        problems += [f"entry {number}: {p}" for p in _check_entry(site, entry)]
    return problems


def _check_entry(site: BuiltSite, entry: ET.Element) -> list[str]:
    problems = [f"no atom:{tag}" for tag in ("id", "title", "updated") if not _text(entry, tag)]
    entry_id = _text(entry, "id") or ""
    if entry_id and not is_absolute_iri(entry_id):
        problems.append(f"id {entry_id!r} is not an absolute IRI")
    updated = _text(entry, "updated") or ""
    if updated and not is_rfc3339(updated):
        problems.append(f"updated {updated!r} is not an RFC 3339 date-time")
    alternates = [link for link in _links(entry) if link.get("rel", "alternate") == "alternate"]
    if not alternates:
        problems.append("no alternate link")
    for link in alternates:
        href = link.get("href", "")
        page = href.partition("#")[0]  # a correction links to its section of the entry
        if is_absolute_url(href) and site.file_for(page) is None:
            problems.append(f"alternate link {href} is not a page of the site")
    problems += _check_links(site, entry, "entry")
    for tag in ("content", "summary"):
        element = entry.find(ATOM + tag)
        if element is not None and element.get("type") in {"html", "xhtml"}:
            markup = element.text or "".join(ET.tostring(c, "unicode") for c in element)
            relative = [url for url in _LINKS_IN_HTML.findall(markup) if not _has_scheme(url)]
            if relative:
                problems.append(f"{tag} has relative links {relative[:3]}")
    return problems


def _has_scheme(url: str) -> bool:
    return bool(re.match(r"[a-zA-Z][a-zA-Z0-9+.-]*:", url))


def _check_links(site: BuiltSite, element: ET.Element, what: str) -> list[str]:
    problems = []
    for link in _links(element):
        href = link.get("href", "")
        if not is_absolute_url(href):
            problems.append(f"{what} link {href!r} is not absolute")
    return problems


def test_every_listing_has_a_feed(built_site: BuiltSite) -> None:
    root = built_site.root
    missing = [] if (root / "feed.xml").is_file() else ["feed.xml"]
    for folder in FEED_FOLDERS:
        for index in sorted((root / folder).glob("*/index.html")):
            if index.parent.name != "page" and not (index.parent / "feed.xml").is_file():
                missing.append(index.parent.relative_to(root).as_posix() + "/feed.xml")
    assert not missing, f"{built_site.name}: missing feeds: {missing}"


def test_feeds_parse_without_bozo(built_site: BuiltSite) -> None:
    require_feedparser()
    import feedparser  # type: ignore[import-untyped]

    problems = []
    for path in feed_files(built_site.root):
        parsed = feedparser.parse(path.read_bytes())
        relative = path.relative_to(built_site.root)
        if parsed.bozo:
            problems.append(f"{relative}: bozo: {parsed.bozo_exception!r}")
        if parsed.version != "atom10":
            problems.append(f"{relative}: feedparser reads it as {parsed.version!r}, not atom10")
        for number, entry in enumerate(parsed.entries, start=1):
            if not entry.get("link"):
                problems.append(f"{relative}: entry {number}: feedparser finds no link")
    assert feed_files(built_site.root), f"{built_site.name}: no feeds"
    assert not problems, "\n".join(problems)


def test_feeds_meet_atom_requirements(built_site: BuiltSite) -> None:
    problems = []
    for path in feed_files(built_site.root):
        relative = path.relative_to(built_site.root)
        problems += [f"{relative}: {problem}" for problem in _check_feed(built_site, path)]
    assert not problems, f"{built_site.name}:\n" + "\n".join(problems[:60])


def _ids(root: Path) -> dict[str, tuple[str | None, list[str | None]]]:
    ids = {}
    for path in feed_files(root):
        feed = ET.parse(path).getroot()
        entry_ids = [_text(entry, "id") for entry in feed.findall(ATOM + "entry")]
        ids[path.relative_to(root).as_posix()] = (_text(feed, "id"), entry_ids)
    return ids


def test_feed_ids_are_stable_across_builds(built_site: BuiltSite, rebuilt_site: BuiltSite) -> None:
    first, second = _ids(built_site.root), _ids(rebuilt_site.root)
    assert first.keys() == second.keys()
    changed = [name for name in first if first[name] != second[name]]
    assert not changed, f"{built_site.name}: feed or entry ids changed between builds: {changed}"
