"""The escalation ledger drawn as inline SVG at build time (pure; no JavaScript)."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from briefing.render.xmltext import quoteattr
from briefing.site.analysis import Week
from briefing.site.views import week_label

COLUMN = 16  # user units per week; the chart stretches to the available width
MIN_COLUMN = 8  # pixels per week at least: past that the chart scrolls sideways
HALF = 60  # user units above (and below) the axis for the busiest week
ARROWS = {"up": "↑", "down": "↓", "flat": "→", "none": ""}
WORDS = {"up": "escalating", "down": "de-escalating", "flat": "steady", "none": "no trend"}
LEGEND = (
    "How to read it: each column is a week; bars above the line count the entries that "
    "reported escalation, bars below it de-escalation, and a mark on the line steady ones."
)


def describe(week: Week) -> str:
    """The week in words, as the column's accessible name."""
    return (
        f"{week_label(week.key)}: {WORDS[week.direction]} ({len(week.escalating)} escalating, "
        f"{len(week.steady)} steady, {len(week.de_escalating)} de-escalating)"
    )


def compared(week: Week) -> str:
    """The week's net against the mean of the four weeks before it, in words ("" for none)."""
    if week.change is None:
        return ""
    if week.change >= 1:
        return "more escalation than the four weeks before"
    if week.change <= -1:
        return "less escalation than the four weeks before"
    return "about as before"


def ledger_svg(weeks: Sequence[Week], link: Callable[[str], str], title_id: str) -> str:
    """One column per week, escalating entries above the line and de-escalating below; each
    column links to `link(week key)`. Columns share the available width, MIN_COLUMN at least."""
    if not weeks:
        return ""
    tallest = max(max(len(w.escalating), len(w.de_escalating), 1) for w in weeks)
    unit = HALF / tallest
    half = HALF + 2
    width, height = len(weeks) * COLUMN, 2 * half
    out = [
        f'<svg class="ledger-chart" viewBox="0 0 {width} {height}" width="{len(weeks) * MIN_COLUMN}"'
        f' height="{height}" preserveAspectRatio="none" aria-labelledby="{title_id}" role="group">',
        f'<line class="ledger-axis" x1="0" y1="{half}" x2="{width}" y2="{half}"/>',
    ]
    for index, week in enumerate(weeks):
        if week.direction == "none":
            continue
        x = 2 + index * COLUMN
        out.append(f"<a href={quoteattr(link(week.key))} aria-label={quoteattr(describe(week))}>")
        up = round(len(week.escalating) * unit, 1)
        down = round(len(week.de_escalating) * unit, 1)
        if up:
            out.append(
                f'<rect class="bar-escalating" x="{x}" y="{half - up}" width="12" height="{up}"/>'
            )
        if down:
            out.append(
                f'<rect class="bar-de-escalating" x="{x}" y="{half}" width="12" height="{down}"/>'
            )
        if week.steady:
            out.append(f'<rect class="bar-steady" x="{x}" y="{half - 2}" width="12" height="4"/>')
        out.append("</a>")
    out.append("</svg>")
    return "\n".join(out)
