"""The escalation ledger drawn as inline SVG at build time (pure; no JavaScript)."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

from briefing.render.xmltext import escape, quoteattr
from briefing.site.analysis import Week
from briefing.site.views import week_label

COLUMN = 16  # user units per week; the chart stretches to the available width
MIN_COLUMN = 8  # pixels per week at least: past that the chart scrolls sideways
HALF = 60  # user units above (and below) the axis for the busiest week
WORDS = {"up": "escalating", "down": "de-escalating", "flat": "steady", "none": "no trend"}
LEGEND = (
    "How to read it: each column is a week; bars above the line count the entries that "
    "reported escalation, bars below it de-escalation, and a mark on the line steady ones."
)


def describe(week: Week, direction: str = "") -> str:
    """The week in words, as the column's accessible name and tooltip (its counts are on the
    week page it links to: a long thread has hundreds of columns). `direction`: the week's
    assessment, when it is not the entries' net (the editor's wins)."""
    return f"{week_label(week.key)}: {direction or WORDS[week.direction]}"


def compared(week: Week) -> str:
    """The week's net against the mean of the four weeks before it, in words ("" for none)."""
    if week.change is None:
        return ""
    if week.change >= 1:
        return "more escalation than the four weeks before"
    if week.change <= -1:
        return "less escalation than the four weeks before"
    return "about as before"


def ledger_svg(
    weeks: Sequence[Week],
    link: Callable[[str], str],
    title_id: str,
    assessed: Mapping[str, str] | None = None,
) -> str:
    """One column per week, escalating entries above the line and de-escalating below; each
        column links to `link(week key)` and is named by its assessment (`assessed`: week key ->
    direction, else the entries' net). Columns share the available width, MIN_COLUMN at least.

        The bars of each kind are one path, and each week's link a transparent column over them:
        about 180 bytes a week, so that a thread running for years keeps a page of modest size.
    """
    if not weeks:
        return ""
    tallest = max(max(len(w.escalating), len(w.de_escalating), 1) for w in weeks)
    unit = HALF / tallest
    half = HALF + 2
    width, height = len(weeks) * COLUMN, 2 * half
    bars: dict[str, list[str]] = {"escalating": [], "de-escalating": [], "steady": []}
    hits = []
    for index, week in enumerate(weeks):
        if week.direction == "none":
            continue
        x = index * COLUMN
        up = round(len(week.escalating) * unit)
        down = round(len(week.de_escalating) * unit)
        if week.escalating:
            bars["escalating"].append(f"M{x + 2} {half}v-{max(up, 1)}h12v{max(up, 1)}z")
        if week.de_escalating:
            bars["de-escalating"].append(f"M{x + 2} {half}v{max(down, 1)}h12v-{max(down, 1)}z")
        if week.steady:
            bars["steady"].append(f"M{x + 2} {half - 2}h12v4h-12z")
        hits.append(
            f"<a href={quoteattr(link(week.key))}><title>{escape(describe(week, (assessed or {}).get(week.key, '')))}</title>"
            f'<rect x="{x}" width="{COLUMN}" height="{height}"/></a>'
        )
    return "\n".join(
        [
            f'<svg class="ledger-chart" viewBox="0 0 {width} {height}" '
            f'width="{len(weeks) * MIN_COLUMN}" height="{height}" preserveAspectRatio="none" '
            f'aria-labelledby="{title_id}" role="group">',
            f'<line class="ledger-axis" x1="0" y1="{half}" x2="{width}" y2="{half}"/>',
            *(
                f'<path class="bar-{kind}" d="{"".join(paths)}"/>'
                for kind, paths in bars.items()
                if paths
            ),
            '<g class="ledger-weeks">',
            *hits,
            "</g>",
            "</svg>",
        ]
    )
