"""Say what clip found and why, one finding per line."""

from __future__ import annotations

import datetime as dt

from briefing.clip.analyse import Clipping
from briefing.clip.detect import DateFinding, Finding


def describe(clipping: Clipping) -> list[str]:
    """The findings as lines for the terminal."""
    lines = [
        _finding("headline", clipping.headline),
        _finding("date", clipping.date),
        _finding("publisher", clipping.publisher),
        f"  article    {clipping.kept} paragraphs kept, {clipping.dropped} dropped as clutter",
    ]
    if clipping.actors:
        for number, hit in enumerate(clipping.actors):
            label = "actors" if number == 0 else ""
            words = ", ".join(f"'{word}'" for word in hit.words)
            lines.append(f"  {label:<10} {hit.id}: {hit.count}× ({words})")
    else:
        lines.append("  actors     none of the registered actors is named")
    if clipping.topics:
        for number, topic in enumerate(clipping.topics):
            label = "topics" if number == 0 else ""
            words = ", ".join(f"'{word}'" for word in topic.words)
            lines.append(f"  {label:<10} {topic.id} (matched {words})")
    else:
        lines.append("  topics     no topic's name or description matches")
    lines.append(_finding("thread", clipping.thread))
    if clipping.statements:
        lines.append(
            f"  quotes     {len(clipping.statements)} quoted statement(s) offered in a comment"
        )
    return lines


def _finding(label: str, finding: Finding | DateFinding) -> str:
    value = finding.value
    shown = value.isoformat() if isinstance(value, dt.date) else value or "not found"
    return f"  {label:<10} {shown}  [{finding.confidence}: {finding.reason}]"
