"""Atom feeds, the sitemap and robots.txt, as text (pure)."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Sequence

from briefing.model import Entry, Site
from briefing.render.xmltext import escape, quoteattr
from briefing.site.assessment import week_path
from briefing.site.indexes import Indexes
from briefing.site.insights import corrections
from briefing.site.urls import absolute
from briefing.site.views import week_label

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
    out = _head(site, title, feed_path, page_path, updated)
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


def _head(site: Site, title: str, feed_path: str, page_path: str, updated: str) -> list[str]:
    """The feed-level elements Atom requires, and its self and alternate links."""
    config = site.config
    return [
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


def site_feeds(site: Site) -> list[tuple[str, str]]:
    """(path, text) of the site's own feeds: the newest entries, in Atom and JSON Feed."""
    return [
        ("feed.xml", atom(site, site.config.title, "feed.xml", "", site.entries)),
        ("feed.json", json_feed(site)),
    ]


def record_feed(site: Site, ix: Indexes, family: str, key: str) -> tuple[str, str]:
    """(path, Atom text) of a thread's, actor's or topic's feed."""
    if family == "threads":
        name, entries = site.threads[key].title, ix.threads[key]
    elif family == "actors":
        name, entries = site.actors[key].name, ix.actors[key]
    else:
        name, entries = site.topics[key].name, ix.topics[key]
    page = f"{family}/{key}/"
    return f"{page}feed.xml", atom(
        site, f"{name} — {site.config.title}", f"{page}feed.xml", page, entries
    )


def corrections_atom(site: Site) -> str:
    """Each correction as an Atom entry of its own, linked to the entry it corrects."""
    config = site.config
    rows = corrections(site)[:FEED_SIZE]
    updated = f"{rows[0][0].date.isoformat()}T00:00:00Z" if rows else "1970-01-01T00:00:00Z"
    title = f"{config.title}: corrections"
    out = _head(site, title, "corrections/feed.xml", "corrections/", updated)
    for correction, entry in rows:
        link = absolute(config, entry.url)
        stamp = f"{correction.date.isoformat()}T00:00:00Z"
        out += [
            "  <entry>",
            f"    <title>Correction: {escape(entry.title)}</title>",
            f'    <link rel="alternate" type="text/html" href={quoteattr(link + "#corrections")}/>',
            f"    <id>{escape(link)}#correction-{correction.date.isoformat()}</id>",
            f"    <updated>{stamp}</updated>",
            f"    <summary>{escape(correction.text)}</summary>",
            "  </entry>",
        ]
    out.append("</feed>")
    return "\n".join(out) + "\n"


def json_feed(site: Site) -> str:
    """JSON Feed 1.1 of the newest entries."""
    config = site.config
    items = [
        {
            "id": absolute(config, e.url),
            "url": absolute(config, e.url),
            "title": e.title,
            "summary": e.summary,
            "content_text": e.summary,
            "date_published": e.instant.isoformat(),
            "date_modified": _stamp(e),
            "tags": [*e.thread_ids, *e.topic_ids],
        }
        for e in site.entries[:FEED_SIZE]
    ]
    feed = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": config.title,
        "home_page_url": absolute(config, ""),
        "feed_url": absolute(config, "feed.json"),
        "description": config.description,
        "language": config.language,
        "authors": [{"name": config.title}],
        "items": items,
    }
    return json.dumps(feed, ensure_ascii=False, indent=1) + "\n"


def weeks_atom(site: Site, ix: Indexes) -> str:
    """One Atom entry per week, newest first: where each thread stood that week."""
    config = site.config
    keys = sorted(ix.weeks, reverse=True)[:FEED_SIZE]
    updated = _latest(ix.weeks[keys[0]]) if keys else "1970-01-01T00:00:00Z"
    title = f"{config.title}: weekly briefings"
    out = _head(site, title, "weeks/feed.xml", "weeks/", updated)
    for key in keys:
        members = ix.weeks[key]
        link = absolute(config, week_path(key))
        threads = [t for t in site.threads.values() if any(t.id in e.thread_ids for e in members)]
        said = "; ".join(
            f"{t.title}: {a.direction}" + (f" ({a.reason})" if a.by_editor else "")
            for t in threads
            if (a := ix.assessments[t.id, key])
        )
        out += [
            "  <entry>",
            f"    <title>{escape(week_label(key))}</title>",
            f'    <link rel="alternate" type="text/html" href={quoteattr(link)}/>',
            f"    <id>{escape(link)}</id>",
            f"    <updated>{_latest(members)}</updated>",
            f"    <summary>{escape(said)}</summary>",
            "  </entry>",
        ]
    out.append("</feed>")
    return "\n".join(out) + "\n"
