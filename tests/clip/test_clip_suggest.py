"""Suggesting a thread from the entries already filed."""

from __future__ import annotations

import pytest

from briefing.clip.suggest import FiledEntry, suggest_thread

ENTRIES = (
    FiledEntry(("talks",), ("putin", "macron", "nato"), ("diplomacy",)),
    FiledEntry(("talks", "buildup"), ("nato", "us"), ("security",)),
    FiledEntry(("buildup",), ("russia", "belarus"), ("drills",)),
)


@pytest.mark.parametrize(
    ("actors", "topics", "thread", "confidence"),
    [
        (["putin", "macron", "nato"], ["diplomacy"], "talks", "high"),
        (["russia", "belarus"], ["drills"], "buildup", "high"),
        (["nato"], [], "buildup", "low"),  # a tie: both threads have NATO
        (["lavrov"], ["energy"], None, "none"),
    ],
)
def test_suggest_thread(
    actors: list[str], topics: list[str], thread: str | None, confidence: str
) -> None:
    finding = suggest_thread(actors, topics, ("buildup", "talks"), ENTRIES)
    assert (finding.value, finding.confidence) == (thread, confidence)


def test_suggest_thread_says_why() -> None:
    finding = suggest_thread(["putin", "nato"], ["diplomacy"], ("buildup", "talks"), ENTRIES)
    assert finding.reason.startswith("its entries share 3 actors and topics (diplomacy, nato")


def test_no_threads_registered() -> None:
    assert suggest_thread(["nato"], [], (), ()).reason == "no threads are registered"
