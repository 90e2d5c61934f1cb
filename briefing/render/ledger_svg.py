"""The escalation ledger drawn as inline SVG at build time (pure; no JavaScript)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from briefing.render.xmltext import escape, quoteattr
from briefing.site.analysis import Week
from briefing.site.views import MONTHS

COLUMN = 16
UNIT = 9  # pixels per entry
ARROWS = {"up": "↑", "down": "↓", "flat": "→", "none": ""}
WORDS = {"up": "escalating", "down": "de-escalating", "flat": "steady", "none": "no trend"}


def describe(week: Week) -> str:
    """The week in words, as the column's accessible name and tooltip."""
    span = f"{_short(week.start)}–{_short(week.end)}"
    parts = [f"Week {week.number} of {week.year} ({span})"]
    parts.append(
        f"{len(week.escalating)} escalating, {len(week.steady)} steady, "
        f"{len(week.de_escalating)} de-escalating; net {WORDS[week.direction]}"
    )
    if week.change is not None:
        parts.append(f"{week.change:+.1f} against the previous four weeks")
    return ": ".join(parts[:2]) + ("; " + parts[2] if len(parts) > 2 else "")


def _short(day: dt.date) -> str:
    return f"{day.day} {MONTHS[day.month - 1][:3]}"  # not strftime: no locale may change it


def ledger_svg(weeks: Sequence[Week], anchor_prefix: str, title_id: str) -> str:
    """One column per week: escalating entries above the line, de-escalating below."""
    if not weeks:
        return ""
    tallest = max(max(len(w.escalating), len(w.de_escalating), 1) for w in weeks)
    half = tallest * UNIT + 14
    width, height = len(weeks) * COLUMN + 8, 2 * half + 4
    out = [
        f'<svg class="ledger-chart" viewBox="0 0 {width} {height}" width="{width}" height="{height}"'
        f' aria-labelledby="{title_id}" role="group">',
        f'<line class="ledger-axis" x1="0" y1="{half}" x2="{width}" y2="{half}"/>',
    ]
    for index, week in enumerate(weeks):
        if week.direction == "none":
            continue
        x = 4 + index * COLUMN
        label = describe(week)
        out.append(
            f"<a href={quoteattr('#' + anchor_prefix + week.key)} aria-label={quoteattr(label)}>"
        )
        out.append(f"<title>{escape(label)}</title>")
        up, down = len(week.escalating) * UNIT, len(week.de_escalating) * UNIT
        if up:
            out.append(
                f'<rect class="bar-escalating" x="{x}" y="{half - up}" width="{COLUMN - 4}" height="{up}"/>'
            )
        if down:
            out.append(
                f'<rect class="bar-de-escalating" x="{x}" y="{half}" width="{COLUMN - 4}" height="{down}"/>'
            )
        if week.steady:
            out.append(
                f'<rect class="bar-steady" x="{x}" y="{half - 2}" width="{COLUMN - 4}" height="4"/>'
            )
        y = half - up - 4 if week.direction != "down" else half + down + 12
        out.append(
            f'<text class="arrow-{week.direction}" x="{x + (COLUMN - 4) / 2}" y="{y}">{ARROWS[week.direction]}</text>'
        )
        out.append("</a>")
    out.append("</svg>")
    return "\n".join(out)
