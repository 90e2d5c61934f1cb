"""The texts `new` and `clip` write for an editor to replace, and the check that they were.

`new` and `clip` take their placeholders from here, and validate checks a published entry
against the same list, so that what the scaffolds write and what the check looks for cannot
drift apart.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import NamedTuple

# Written by `new` (commands/new.py).
NEW_BODY = "Write the entry here, in Markdown."
NEW_THREAD_BODY = "Background of the thread, in Markdown."
# Written by `clip` (clip/draft.py).
CLIP_SUMMARY = "TODO: one or two sentences, in your own words."
CLIP_BODY = "TODO: what happened, in two to four short paragraphs of your own."

PLACEHOLDERS = (NEW_BODY, CLIP_SUMMARY, CLIP_BODY)

# TODO and FIXME in any case; TK (the newsroom's "to come") only in capitals, as a word, so
# that an abbreviation in running text is not taken for it.
_MARKER = re.compile(r"\b(?:(?i:TODO|FIXME)|TK)\b")
# An editor's note in an HTML comment is dropped from the page, so it never goes live.
_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)

# What to write instead, by the field that is unfinished.
ADVICE = {
    "title": "a headline of our own",
    "summary": "one or two sentences in our own words",
    "trend_reason": "one line on why the trend holds",
    "body": "the entry itself, in Markdown",
}


class Unfinished(NamedTuple):
    """Unfinished work found in a text: where (0-based line within the text) and what."""

    offset: int
    message: str


def unfinished(field: str, text: str) -> Iterator[Unfinished]:
    """Each placeholder or marker in one field's text (the body: outside HTML comments)."""
    if field == "body":
        text = _COMMENT.sub(lambda m: "\n" * m.group(0).count("\n"), text)
    instead = ADVICE.get(field, "the finished text")
    for placeholder in PLACEHOLDERS:
        at = text.find(placeholder)
        if at >= 0:
            yield Unfinished(
                text.count("\n", 0, at),
                f'{field}: still the placeholder "{placeholder}"; write {instead} '
                "(or keep 'draft: true' until it is done)",
            )
            text = text.replace(placeholder, " " * len(placeholder))  # not also a marker
    if not _may_mark(text):
        return
    for match in _MARKER.finditer(text):
        yield Unfinished(
            text.count("\n", 0, match.start()),
            f"{field}: '{match.group(0)}' marks unfinished work; write {instead} and remove "
            "the marker (or keep 'draft: true' until it is done)",
        )


def _may_mark(text: str) -> bool:
    """Whether _MARKER can match: a cheap test that spares the regex nearly every text.
    Ignoring case, only ASCII letters match T, O, D, X, M and E (I also matches dotted and
    dotless i), so "todo" or "xme" is in the lowered text of any TODO or FIXME."""
    lowered = text.lower()
    return "TK" in text or "todo" in lowered or "xme" in lowered
