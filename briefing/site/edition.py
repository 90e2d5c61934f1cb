"""The edition the masthead names: the ISO week of the newest entry (pure).

Worked out from the content, never from today's date, so that building the same content
twice writes the same bytes.
"""

from __future__ import annotations

from dataclasses import dataclass

from briefing.model import Site
from briefing.site.analysis import week_key
from briefing.site.views import week_label


@dataclass(frozen=True)
class Edition:
    """What the masthead shows under the briefing's name."""

    label: str  # "Week 4, 24–30 Jan 2022"
    week: str  # "2022-W04": an HTML valid week string, for <time datetime>


def edition(site: Site) -> Edition | None:
    """The week of the newest entry, or None for a briefing with no entries yet."""
    if not site.entries:
        return None
    newest = max(entry.day for entry in site.entries)
    week = week_key(newest)
    return Edition(week_label(week), week)
