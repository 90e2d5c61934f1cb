"""Counts in words: "1 entry", "2 entries", for the site's pages and the terminal alike."""

from __future__ import annotations

# Nouns whose plural is not the singular plus "s"; every other noun just takes an "s".
_IRREGULAR = {
    "entry": "entries",
    "summary": "summaries",
    "query": "queries",
    "match": "matches",
    "index": "indexes",
}


def plural_of(noun: str) -> str:
    """The plural of a noun of the site's vocabulary ("entry" -> "entries")."""
    return _IRREGULAR.get(noun, noun if noun.endswith("s") else noun + "s")


def counted(count: int, noun: str, plural: str | None = None) -> str:
    """A count with its noun in the right number: counted(1, "entry") == "1 entry".

    The noun may be a phrase whose last word is counted ("weekly snapshot").
    """
    if count == 1:
        return f"{count} {noun}"
    if plural is None:
        head, _, last = noun.rpartition(" ")
        plural = f"{head} {plural_of(last)}" if head else plural_of(last)
    return f"{count} {plural}"
