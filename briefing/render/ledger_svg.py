"""The escalation ledger drawn as inline SVG at build time (pure; no JavaScript)."""

from __future__ import annotations

from bisect import bisect_left
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


def ledger_charts(
    weeks: Sequence[Week],
    link: Callable[[str], str],
    title_id: str,
    assessed: Mapping[str, str] | None = None,
) -> Callable[[int], str]:
    """chart(n): the ledger of the first n weeks as inline SVG.

    One column per week, escalating entries above the line and de-escalating below; each
    column links to `link(week key)` and is named by its assessment (`assessed`: week key ->
    direction, else the entries' net). Columns share the available width, MIN_COLUMN at least.
    The bars of each kind are one path, and each week's link a transparent column over them:
    about 180 bytes a week, so that a thread running for years keeps a page of modest size.

    A thread's snapshots each draw a prefix of its weeks: a week's link and bars are made once
    for every chart that shows it, the bars again only when the tallest week so far changes
    their scale.
    """
    editor = assessed or {}
    drawn = [i for i, week in enumerate(weeks) if week.direction != "none"]
    hits = [
        f"<a href={quoteattr(link(weeks[i].key))}><title>"
        f"{escape(describe(weeks[i], editor.get(weeks[i].key, '')))}</title>"
        f'<rect x="{i * COLUMN}" width="{COLUMN}" height="{2 * (HALF + 2)}"/></a>'
        for i in drawn
    ]
    tallest_by_prefix: list[int] = []
    for week in weeks:
        tallest = max(len(week.escalating), len(week.de_escalating), 1)
        tallest_by_prefix.append(max(tallest, tallest_by_prefix[-1] if tallest_by_prefix else 1))
    scaled: dict[int, dict[str, tuple[list[int], list[str]]]] = {}

    def chart(count: int) -> str:
        if not count:
            return ""
        tallest = tallest_by_prefix[count - 1]
        if tallest not in scaled:
            scaled[tallest] = _bars(weeks, drawn, HALF / tallest)
        shown = bisect_left(drawn, count)
        half = HALF + 2
        width, height = count * COLUMN, 2 * half
        return "\n".join(
            [
                f'<svg class="ledger-chart" viewBox="0 0 {width} {height}" '
                f'width="{count * MIN_COLUMN}" height="{height}" preserveAspectRatio="none" '
                f'aria-labelledby="{title_id}" role="group">',
                f'<line class="ledger-axis" x1="0" y1="{half}" x2="{width}" y2="{half}"/>',
                *(
                    f'<path class="bar-{kind}" d="{"".join(paths[: bisect_left(at, count)])}"/>'
                    for kind, (at, paths) in scaled[tallest].items()
                    if at and at[0] < count
                ),
                '<g class="ledger-weeks">',
                *hits[:shown],
                "</g>",
                "</svg>",
            ]
        )

    return chart


def _bars(
    weeks: Sequence[Week], drawn: Sequence[int], unit: float
) -> dict[str, tuple[list[int], list[str]]]:
    """Each kind's bar paths at one scale: (the weeks that have one, the paths), in order."""
    bars: dict[str, tuple[list[int], list[str]]] = {
        kind: ([], []) for kind in ("escalating", "de-escalating", "steady")
    }
    half = HALF + 2
    for index in drawn:
        week, x = weeks[index], index * COLUMN
        up = max(round(len(week.escalating) * unit), 1)
        down = max(round(len(week.de_escalating) * unit), 1)
        for kind, members, path in (
            ("escalating", week.escalating, f"M{x + 2} {half}v-{up}h12v{up}z"),
            ("de-escalating", week.de_escalating, f"M{x + 2} {half}v{down}h12v-{down}z"),
            ("steady", week.steady, f"M{x + 2} {half - 2}h12v4h-12z"),
        ):
            if members:
                bars[kind][0].append(index)
                bars[kind][1].append(path)
    return bars
