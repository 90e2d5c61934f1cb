"""Atom feeds, the sitemap and robots.txt, as text (pure)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Sequence
from xml.sax.saxutils import escape, quoteattr

from .model import Entry, Site
from .pages import Indexes
from .urls import absolute

FEED_SIZE = 20


def _stamp(entry: Entry) -> str:
    """RFC 3339 with an offset; the 'updated' date counts from midnight UTC."""
    if entry.updated and entry.updated > entry.instant.date():
        return f"{entry.updated.isoformat()}T00:00:00Z"
    return entry.instant.isoformat()


def atom(site: Site, title: str, feed_path: str, page_path: str, entries: Sequence[Entry]) -> str:
    config = site.config
    chosen = entries[:FEED_SIZE]
    # The newest change among the feed's entries: never the build time, so rebuilds are identical.
    updated = _latest(chosen) if chosen else "1970-01-01T00:00:00Z"
    out = [
        '<?xml version="1.0" encoding="utf-8"?>',
        f'<feed xmlns="http://www.w3.org/2005/Atom" xml:lang={quoteattr(config.language)}>',
        f"  <title>{escape(title)}</title>",
        f"  <id>{escape(absolute(config, feed_path))}</id>",
        f"  <updated>{updated}</updated>",
        f'  <link rel="self" type="application/atom+xml" href={quoteattr(absolute(config, feed_path))}/>',
        f'  <link rel="alternate" type="text/html" href={quoteattr(absolute(config, page_path))}/>',
        f"  <author><name>{escape(config.title)}</name></author>",
        "  <generator>briefing</generator>",
    ]
    for entry in chosen:
        link = absolute(config, entry.url)
        out += [
            "  <entry>",
            f"    <title>{escape(entry.title)}</title>",
            f'    <link rel="alternate" type="text/html" href={quoteattr(link)}/>',
            f"    <id>{escape(link)}</id>",
            f"    <published>{entry.instant.isoformat()}</published>",
            f"    <updated>{_stamp(entry)}</updated>",
            f"    <summary>{escape(entry.summary)}</summary>",
            *(f"    <category term={quoteattr(t)}/>" for t in entry.thread_ids),
            "  </entry>",
        ]
    out.append("</feed>")
    return "\n".join(out) + "\n"


def _instant(stamp: str) -> dt.datetime:
    return dt.datetime.fromisoformat(stamp)


def _latest(entries: Sequence[Entry]) -> str:
    return max((_stamp(e) for e in entries), key=_instant)


def sitemap(site: Site, pages: Iterable[tuple[str, dt.date | None]]) -> str:
    out = [
        '<?xml version="1.0" encoding="utf-8"?>',
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">',
    ]
    for path, lastmod in pages:
        out.append(f"  <url><loc>{escape(absolute(site.config, path))}</loc>")
        if lastmod is not None:
            out.append(f"    <lastmod>{lastmod.isoformat()}</lastmod>")
        out.append("  </url>")
    out.append("</urlset>")
    return "\n".join(out) + "\n"


def robots(site: Site) -> str:
    return f"User-agent: *\nAllow: /\n\nSitemap: {absolute(site.config, 'sitemap.xml')}\n"


def feed_units(site: Site) -> list[tuple[str, ...]]:
    """Feeds in groups that can be written independently (see pages.units)."""
    return [
        ("feed", "site"),
        *(("feed", "threads", key) for key in site.threads),
        *(("feed", "actors", key) for key in site.actors),
        *(("feed", "topics", key) for key in site.topics),
    ]


def unit_feed(site: Site, ix: Indexes, unit: tuple[str, ...]) -> tuple[str, str]:
    """(path, Atom text) of one feed unit."""
    if unit[1] == "site":
        return "feed.xml", atom(site, site.config.title, "feed.xml", "", site.entries)
    folder, key = unit[1], unit[2]
    if folder == "threads":
        name, entries = site.threads[key].title, ix.threads[key]
    elif folder == "actors":
        name, entries = site.actors[key].name, ix.actors[key]
    else:
        name, entries = site.topics[key].name, ix.topics[key]
    page = f"{folder}/{key}/"
    return f"{page}feed.xml", atom(
        site, f"{name} — {site.config.title}", f"{page}feed.xml", page, entries
    )


def all_feeds(site: Site, ix: Indexes) -> Iterator[tuple[str, str]]:
    """(path, Atom text) for the site, every thread, actor and topic."""
    for unit in feed_units(site):
        yield unit_feed(site, ix, unit)
