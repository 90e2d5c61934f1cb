"""Where each link in an entry's body leads, decided for the whole site before any page is
written (pure).

An editor may link another entry by its URL (`/2022/01/28/call/`, or relative to the entry's
own) or by its file (`2022-01-28-call.md`, relative to the entry or to the content folder);
a link to a file becomes the entry's URL, and a root-relative link is put under the site's
base path, as generated links are. A link to an entry, thread, actor or topic that does not
exist, or to a heading that is not there, is an error at its line, with the nearest entry.
Other paths of the site (assets, lists) are left to `check`, which reads the built pages.
"""

from __future__ import annotations

import dataclasses
import posixpath
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from urllib.parse import unquote

from briefing.content.assemble import day_of
from briefing.content.validate import ParsedEntry
from briefing.errors import SourceError, closest
from briefing.model import Entry, Site
from briefing.render.links import heading_anchors
from briefing.render.markdown import make_renderer

_ENTRY_URL = re.compile(r"\d{4}/\d{2}/\d{2}/([^/]+)/(index\.html)?")
_DATED_FILE = re.compile(r"\d{4}-\d{2}-\d{2}-")
_RECORDS = ("threads", "actors", "topics")

Targets = dict[str, dict[str, str]]  # entry path -> {href as parsed: href to write}


@dataclass(frozen=True)
class Known:
    """What a link may lead to besides the site's entries."""

    files: Mapping[str, str]  # every entry file: shown path -> path relative to content/
    flawed: frozenset[str]  # URLs and files of entries with errors of their own (reported)
    anchors: Callable[[Entry], frozenset[str]]  # the heading ids of an entry's body


def resolve_links(site: Site, known: Known) -> tuple[Targets, list[SourceError]]:
    """How each entry's links are written, and every link that leads nowhere."""
    by_url = {entry.url: entry for entry in site.entries}
    by_file = {known.files.get(entry.path, ""): entry for entry in site.entries}
    targets: Targets = {}
    errors: list[SourceError] = []
    for entry in site.entries:
        for href, line in entry.links:
            outcome = _follow(site, known, by_url, by_file, entry, href)
            if isinstance(outcome, str):
                errors.append(SourceError(entry.path, line, f"link '{href}' {outcome}"))
            elif outcome is not None and outcome.href != href:
                targets.setdefault(entry.path, {})[href] = outcome.href
    return targets, errors


@dataclass(frozen=True)
class _Leads:
    href: str  # as it is to be written


def _follow(
    site: Site,
    known: Known,
    by_url: Mapping[str, Entry],
    by_file: Mapping[str, Entry],
    entry: Entry,
    href: str,
) -> _Leads | str | None:
    """Where href leads (None: not ours to check), or what is wrong with it."""
    head, tail = _split(href)
    path = unquote(head)
    fragment = unquote(tail.partition("#")[2])
    base = site.config.base_path
    if not path:
        return _anchor(known, entry, entry, fragment, "this entry") or _Leads(href)
    if path.endswith(".md"):
        return _file_link(site, known, by_file, entry, path, fragment, tail)
    if path.startswith("/"):
        inside = base != "/" and (path + "/").startswith(base)
        site_path = path[len(base) :] if inside else path.lstrip("/")
        written = href if inside else base + head.lstrip("/") + tail
    else:
        site_path = posixpath.normpath(posixpath.join(entry.url, path)) + (
            "/" if path.endswith("/") else ""
        )
        written = href
    problem = _site_path(site, known, by_url, entry, site_path, fragment)
    return problem if problem else _Leads(written)


def _split(href: str) -> tuple[str, str]:
    """(path, "?query#fragment" as written)."""
    cut = min((i for i in (href.find("?"), href.find("#")) if i >= 0), default=len(href))
    return href[:cut], href[cut:]


def _file_link(
    site: Site,
    known: Known,
    by_file: Mapping[str, Entry],
    entry: Entry,
    path: str,
    fragment: str,
    tail: str,
) -> _Leads | str | None:
    folder = posixpath.dirname(known.files.get(entry.path, ""))
    candidates = [
        posixpath.normpath(posixpath.join(folder, path)),
        posixpath.normpath(path.lstrip("/")),
    ]
    for candidate in candidates:
        target = by_file.get(candidate)
        if target is not None:
            problem = _anchor(known, entry, target, fragment, target.path)
            anchor = "#" + tail.partition("#")[2] if fragment else ""
            return problem or _Leads(site.config.base_path + target.url + anchor)
        if candidate in known.flawed:
            return None  # its own errors stop the build; this link is not one more
        if candidate in known.files.values():
            return "leads to a draft, which is not published: publish it, or link it later"
    stem = posixpath.basename(path).removesuffix(".md")
    day = stem[:10].replace("-", "/") + "/" if _DATED_FILE.match(stem) else ""
    word = _DATED_FILE.sub("", stem)
    return "names no entry file" + _nearest(site, word, entry, day, as_file=known.files)


def _site_path(
    site: Site,
    known: Known,
    by_url: Mapping[str, Entry],
    entry: Entry,
    site_path: str,
    fragment: str,
) -> str | None:
    """What is wrong with a link to site_path (relative to the site root), if anything."""
    match = _ENTRY_URL.fullmatch(
        site_path if site_path.endswith(("/", ".html")) else site_path + "/"
    )
    if match is not None:
        url = site_path.removesuffix("index.html")
        url = url if url.endswith("/") else url + "/"
        target = by_url.get(url)
        if target is None:
            if url in known.flawed:
                return None
            return "leads to no entry" + _nearest(site, match.group(1), entry, url[:11])
        return _anchor(known, entry, target, fragment, target.path)
    section, _, rest = site_path.partition("/")
    record_id = rest.partition("/")[0]
    if section in _RECORDS and record_id:
        records: Mapping[str, object] = getattr(site, section)
        if record_id not in records:
            near = closest(record_id, records)
            hint = f" (did you mean '/{section}/{near}/'?)" if near is not None else ""
            return f"leads to no {section.removesuffix('s')} '{record_id}'{hint}"
    return None


def _closest(word: str, entries: Sequence[Entry]) -> Entry | None:
    by_slug = {e.slug: e for e in entries}
    slug = closest(word, by_slug) or min(
        (slug for slug in by_slug if slug.startswith(word)), default=None
    )
    if slug is not None:
        return by_slug[slug]
    by_title = {e.title.casefold(): e for e in entries}
    title = closest(word.replace("-", " ").casefold(), by_title, cutoff=0.5)
    return by_title[title] if title is not None else None


def _anchor(known: Known, entry: Entry, target: Entry, fragment: str, where: str) -> str | None:
    if not fragment:
        return None
    anchors = known.anchors(target)
    if fragment in anchors:
        return None
    near = closest(fragment, sorted(anchors))
    hint = f" (did you mean '#{near}'?)" if near is not None else ""
    return f"leads to no heading: {where} has no '#{fragment}'{hint}"


def _nearest(
    site: Site,
    word: str,
    entry: Entry,
    day: str = "",
    as_file: Mapping[str, str] | None = None,
) -> str:
    """(did you mean 'x' (Title)?): the entry nearest by slug, else by title; one of the
    link's own day first (day: its URL path prefix, "2022/01/28/")."""
    others = [e for e in site.entries if e is not entry]
    same_day = [e for e in others if day and e.url.startswith(day)]
    found = _closest(word, same_day) or _closest(word, others)
    if found is None:
        return ""
    if as_file is not None:
        relative = as_file.get(found.path, found.path)
        shown = posixpath.relpath(relative, posixpath.dirname(as_file.get(entry.path, "")))
    else:
        shown = "/" + found.url
    return f" (did you mean '{shown}' ({found.title})?)"


def check_links(
    site: Site, relative: Mapping[str, str], parsed: Sequence[ParsedEntry]
) -> tuple[Site, list[SourceError]]:
    """The site with its entries' links decided, and every link that leads nowhere.

    relative: each entry file's path within the content folder, by its shown path; parsed:
    the entries read afresh, some of which may have failed to assemble.
    """
    if not any(entry.links for entry in site.entries):
        return site, []
    assembled = {entry.path for entry in site.entries}
    flawed = set()
    for item in parsed:
        if item.path not in assembled:
            day = day_of(item.when)
            flawed |= {f"{day:%Y/%m/%d}/{item.slug}/", relative.get(item.path, "")}
    markdown = make_renderer(site.config.allow_html)
    anchors: dict[str, frozenset[str]] = {}

    def anchors_of(entry: Entry) -> frozenset[str]:
        if entry.path not in anchors:
            anchors[entry.path] = heading_anchors(markdown, entry.body)
        return anchors[entry.path]

    targets, errors = resolve_links(site, Known(relative, frozenset(flawed), anchors_of))
    return dataclasses.replace(site, link_targets=targets), errors
