"""A deterministic content tree of one long-running thread: the case where per-week pages must
stay small (no randomness, so a size is the same on every run)."""

from __future__ import annotations

import datetime as dt

from tests.conftest import base_files, entry

TRENDS = ("escalating", "steady", "de-escalating", "escalating", "steady")

LONG_THREAD = """\
---
title: Long crisis
summary: A crisis that runs for years.
status: active
started: 2020-01-06
indicators:
  - id: troops
    text: More troops arrive at the border
  - id: talks
    text: Talks resume
---
Background of a long crisis.
"""


def long_thread_files(weeks: int, per_week: int) -> dict[str, str]:
    """`weeks` ISO weeks from 2020-W02, `per_week` entries each; every entry has a trend and a
    reason, every third a statement, every fifth an observed indicator."""
    files = base_files()
    files["threads/long.md"] = LONG_THREAD
    monday = dt.date(2020, 1, 6)
    number = 0
    for week in range(weeks):
        for slot in range(per_week):
            day = monday + dt.timedelta(days=7 * week + slot % 7)
            extra = (
                f"trend: {TRENDS[number % len(TRENDS)]}\n"
                f"trend_reason: Reason number {number} for the trend of this entry\n"
            )
            if number % 3 == 0:
                extra += "statements:\n  - by: Putin\n    kind: paraphrase\n"
                extra += f"    text: Statement number {number} about the crisis\n"
            if number % 5 == 0:
                extra += f"indicators: [{'troops' if number % 2 else 'talks'}]\n"
            files[f"entries/{day.year}/{day.isoformat()}-e{number}.md"] = entry(
                f"Entry {number} of the long crisis",
                date=day.isoformat(),
                thread="long",
                actors="[nato]",
                extra=extra,
                body=f"Body of entry {number}. " * 20,
            )
            number += 1
    return files
