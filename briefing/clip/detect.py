"""Find an article's headline, date and publisher, and say how sure each finding is."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from briefing.clip.blocks import PageMeta
from briefing.clip.clutter import Article, word_count
from briefing.clip.dates import find_dates, parse_iso_date, weekdays


@dataclass(frozen=True)
class Finding:
    """A value the page gave (or None), how sure we are, and why."""

    value: str | None
    confidence: str  # "given", "high", "medium", "low" or "none"
    reason: str


@dataclass(frozen=True)
class DateFinding:
    value: dt.date | None
    confidence: str
    reason: str


_TITLE_SEPARATORS = (" | ", " – ", " — ", " - ", " :: ")


def detect_headline(article: Article, meta: PageMeta) -> Finding:
    """The article's headline: from the page text, else its metadata."""
    site = meta.site_name
    from_meta = _strip_site(meta.headline, site) if meta.headline else None
    if article.headline:
        agrees = from_meta is not None and from_meta.casefold() == article.headline.casefold()
        why = "the title-like line just before the article body"
        return Finding(article.headline, "high" if agrees else "medium",
                       why + (", same as the page metadata" if agrees else ""))  # fmt: skip
    if from_meta:
        return Finding(from_meta, "high", "page metadata (og:title or JSON-LD headline)")
    if meta.title:
        return Finding(_strip_site(meta.title, site), "low", "the page's <title>")
    return Finding(None, "none", "no headline found")


def _strip_site(title: str, site: str | None) -> str:
    """ "Headline | Site" -> "Headline" when the page names its site."""
    for separator in _TITLE_SEPARATORS:
        if site and title.casefold().endswith(f"{separator}{site}".casefold()):
            return title[: -len(separator) - len(site)].strip()
    return title


def detect_date(article: Article, meta: PageMeta, given: dt.date | None) -> DateFinding:
    """The publication date: --date, page metadata, or a dateline near the headline."""
    if given is not None:
        return DateFinding(given, "given", "given with --date")
    if meta.published:
        value = parse_iso_date(meta.published)
        if value is None:
            dates = find_dates(meta.published)
            value = dates[0][0] if dates else None
        if value is not None:
            return DateFinding(value, "high", f"page metadata ({meta.published_source})")
    for text in _dateline_candidates(article):
        dates = find_dates(text)
        if dates:
            value, words = dates[0]
            return DateFinding(value, "medium", f"dateline near the headline: '{words}'")
    days = weekdays(" ".join((article.headline or "", *article.near_top, *article.paragraphs)))
    if days:
        return DateFinding(None, "none", f"the article names only a weekday ('{days[0]}')")
    return DateFinding(None, "none", "the article gives no date")


def _dateline_candidates(article: Article) -> list[str]:
    """Short blocks around the headline (bylines, datelines) and the first paragraph's opening.

    Dates elsewhere in the page (an appeal "since July 1", a related story) are
    not the article's date, so they are not read.
    """
    short = [text for text in article.near_top if word_count(text) <= 15]
    opening = [article.paragraphs[0][:80]] if article.paragraphs else []
    return short + opening
