"""Suggest the thread for a clipped article from the entries already filed."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from briefing.clip.detect import Finding


@dataclass(frozen=True)
class FiledEntry:
    """What the suggestion needs to know about an existing entry."""

    thread_ids: tuple[str, ...]
    actor_ids: tuple[str, ...]
    topic_ids: tuple[str, ...]


def suggest_thread(
    actor_ids: Sequence[str],
    topic_ids: Sequence[str],
    thread_ids: Sequence[str],
    entries: Sequence[FiledEntry],
) -> Finding:
    """The thread whose entries share the most actors and topics with the article."""
    if not thread_ids:
        return Finding(None, "none", "no threads are registered")
    wanted = set(actor_ids) | {f"topic:{t}" for t in topic_ids}
    shared: dict[str, set[str]] = {thread: set() for thread in thread_ids}
    for entry in entries:
        ids = set(entry.actor_ids) | {f"topic:{t}" for t in entry.topic_ids}
        for thread in entry.thread_ids:
            if thread in shared:
                shared[thread] |= ids & wanted
    ranked = sorted(shared.items(), key=lambda item: (-len(item[1]), item[0]))
    best, overlap = ranked[0]
    runner_up = len(ranked[1][1]) if len(ranked) > 1 else 0
    if not overlap:
        return Finding(None, "none", "no thread's entries share an actor or topic with it")
    if len(overlap) == runner_up:
        confidence = "low"
    elif len(overlap) >= 2 * max(runner_up, 1) and len(overlap) >= 3:
        confidence = "high"
    else:
        confidence = "medium"
    words = ", ".join(sorted(item.removeprefix("topic:") for item in overlap))
    nouns = "actor or topic" if len(overlap) == 1 else "actors and topics"
    reason = f"its entries share {len(overlap)} {nouns} ({words})"
    if runner_up:
        reason += f"; next best '{ranked[1][0]}' shares {runner_up}"
    return Finding(best, confidence, reason)
