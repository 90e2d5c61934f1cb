"""The edition the masthead names: the ISO week of the newest entry (pure).

Worked out from the content, never from today's date, so that building the same content
twice writes the same bytes.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from briefing.model import Site

SHORT_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun",
                "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")  # fmt: skip


@dataclass(frozen=True)
class Edition:
    """What the masthead shows under the briefing's name."""

    label: str  # "Week 4, 24–30 Jan 2022"
    week: str  # "2022-W04": an HTML valid week string, for <time datetime>


def week_label(year: int, number: int) -> str:
    """An ISO week as a reader says it: "Week 4, 24–30 Jan 2022".

    The month and year are written once when the week's two ends share them:
    "Week 5, 31 Jan–6 Feb 2022", "Week 52, 27 Dec 2021–2 Jan 2022".
    """
    start = dt.date.fromisocalendar(year, number, 1)
    end = dt.date.fromisocalendar(year, number, 7)
    last = f"{end.day} {SHORT_MONTHS[end.month - 1]} {end.year}"
    if start.year != end.year:
        first = f"{start.day} {SHORT_MONTHS[start.month - 1]} {start.year}"
    elif start.month != end.month:
        first = f"{start.day} {SHORT_MONTHS[start.month - 1]}"
    else:
        first = str(start.day)
    return f"Week {number}, {first}–{last}"


def edition(site: Site) -> Edition | None:
    """The week of the newest entry, or None for a briefing with no entries yet."""
    if not site.entries:
        return None
    newest = max(entry.day for entry in site.entries)
    year, number, _ = newest.isocalendar()
    return Edition(week_label(year, number), f"{year}-W{number:02d}")
