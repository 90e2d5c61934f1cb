"""Tell the article from the page clutter around it.

Each block is scored on general signals (length, sentence punctuation, link
density, clutter phrases, reader-facing pronouns, the box it sits in), then
blocks the score leaves undecided take their neighbours' side, as in jusText.
The article is the longest run of kept blocks; its headline is the title-like
block just before that run.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum

from briefing.clip.blocks import Block, Page
from briefing.clip.cues import clutter_hits, reader_pronoun_share
from briefing.clip.dates import find_dates

_SENTENCE_END = re.compile(r"[.!?…][\"'”»)]?$|[\"'”»]$")
_SENTENCE_BREAK = re.compile(r"[a-zа-яё]{3,}[.!?]\s")
_CAPTION = re.compile(
    r"(?:\b(?:photo|фото|image|credit|getty images|ap|afp|epa|reuters|tass|тасс|риа новости)"
    r"|\b[\w-]+\.(?:com|org|net|ru|ua|fr|de|es|gov|int|eu))\W*$"
    r"|^(?:photo|фото|image|credit)\b",
    re.IGNORECASE,
)
_BYLINE = re.compile(r"^(?:by|автор|par|von|por)\s", re.IGNORECASE)


class Label(Enum):
    GOOD = "good"
    NEAR = "near-good"  # a sentence, but short: takes its neighbours' side, leaning good
    SHORT = "short"  # a fragment: takes its neighbours' side, leaning bad
    BAD = "bad"


@dataclass(frozen=True)
class Article:
    """What the clutter filter kept: the article, and a little around it."""

    headline: str | None
    standfirst: str | None
    paragraphs: tuple[str, ...]
    near_top: tuple[str, ...]  # clean blocks around the headline, where datelines live
    dropped: tuple[str, ...]  # blocks judged clutter, kept for the publisher search


def word_count(text: str) -> int:
    """Number of whitespace-separated words."""
    return len(text.split())


def score(block: Block) -> float:
    """How much a block looks like article text: 2 or more likely, below 0 unlikely."""
    words = word_count(block.text)
    value = min(words / 15, 3.0)
    is_sentence = bool(_SENTENCE_END.search(block.text))
    if is_sentence and words >= 6:
        value += 1.0
    if words < 4 and not is_sentence:
        value -= 1.0
    value -= 2.0 * len(clutter_hits(block.text))
    hits, share = reader_pronoun_share(block.text)
    if hits >= 2:
        value -= min(4.0, share * 50)
    value -= 4.0 * block.link_density
    return value + block.container_hint


def label(block: Block) -> Label:
    """Classify one block on its own."""
    value = score(block)
    if value < 0.0:
        return Label.BAD
    if value >= 2.0 and word_count(block.text) >= 10:
        return Label.GOOD
    if _SENTENCE_END.search(block.text) and word_count(block.text) >= 6:
        return Label.NEAR
    return Label.SHORT


def resolve(labels: list[Label]) -> list[bool]:
    """Keep or drop each block, settling undecided ones by their neighbours."""
    decided = [lab if lab in (Label.GOOD, Label.BAD) else None for lab in labels]
    kept: list[bool] = []
    for index, lab in enumerate(labels):
        if lab in (Label.GOOD, Label.BAD):
            kept.append(lab is Label.GOOD)
            continue
        before = next((d for d in reversed(decided[:index]) if d), Label.BAD)
        after = next((d for d in decided[index + 1 :] if d), Label.BAD)
        if before is after:
            kept.append(before is Label.GOOD)
        else:
            kept.append(lab is Label.NEAR)
    return kept


def main_run(blocks: tuple[Block, ...], kept: list[bool], labels: list[Label]) -> range:
    """The run of kept blocks with the most good text; a single dropped fragment
    (an inline "Read more" link) does not end a run."""
    best, best_size = range(0), -1
    start: int | None = None
    for index in range(len(blocks) + 1):
        inside = index < len(blocks) and kept[index]
        bridge = (
            index < len(blocks)
            and not inside
            and start is not None
            and word_count(blocks[index].text) < 12
            and index + 1 < len(blocks)
            and kept[index + 1]
        )
        if inside or bridge:
            start = index if start is None else start
            continue
        if start is not None:
            size = sum(len(blocks[i].text) for i in range(start, index) if labels[i] is Label.GOOD)
            if size > best_size:
                best, best_size = range(start, index), size
            start = None
    return best


def is_title_like(text: str) -> bool:
    """Whether a block could be a headline: a few words, no full stop, not a caption."""
    words = word_count(text)
    return (
        3 <= words <= 25
        and not text.rstrip().endswith((".", ",", ":", ";"))
        and any(ch.isupper() for ch in text)
        and not _SENTENCE_BREAK.search(text)
        and not _CAPTION.search(text)
        and not _BYLINE.match(text)
        and not _is_date_line(text)
        and not (words <= 4 and any(ch.isdigit() for ch in text))
    )


def _is_date_line(text: str) -> bool:
    """A line that is mostly a date: "Published March 3, 2023, 09:40", "Publié le 8 février"."""
    dates = find_dates(text)
    for _, words in dates:
        text = text.replace(words, " ")
    other_words = [w for w in text.split() if len(w) >= 4 and w.isalpha()]
    return bool(dates) and len(other_words) <= 1


def is_caption(text: str) -> bool:
    """Whether a block ends in a photo credit or a bare domain, as captions do."""
    return bool(_CAPTION.search(text))


def extract(page: Page) -> Article:
    """Keep the article's headline, standfirst and body paragraphs."""
    blocks = page.blocks
    labels = [label(block) for block in blocks]
    kept = resolve(labels)
    run = main_run(blocks, kept, labels)
    if not run:
        return Article(None, None, (), (), tuple(b.text for b in blocks))
    body_start = next((i for i in run if labels[i] is Label.GOOD), run.start)
    head = _find_headline(blocks, body_start)
    top = head if head is not None else body_start
    standfirst = next(
        (
            blocks[i].text
            for i in range(top + 1, body_start)
            if not looks_like_clutter(blocks[i]) and _is_standfirst(blocks[i].text)
        ),
        None,
    )
    body = tuple(
        blocks[i].text
        for i in run
        if i >= body_start and kept[i] and not is_caption(blocks[i].text) and blocks[i].tag != "h1"
    )
    near_top = tuple(
        b.text for b in blocks[max(0, top - 2) : body_start + 1] if not looks_like_clutter(b)
    )
    dropped = tuple(b.text for i, b in enumerate(blocks) if not kept[i] and i != head)
    headline = blocks[head].text if head is not None else None
    return Article(headline, standfirst, body, near_top, dropped)


def _find_headline(blocks: tuple[Block, ...], body_start: int) -> int | None:
    """The <h1> nearest before the body, else the nearest title-like block."""
    for index in range(body_start - 1, -1, -1):
        if blocks[index].tag == "h1" and is_title_like(blocks[index].text):
            return index
    for index in range(body_start - 1, max(-1, body_start - 7), -1):
        if not looks_like_clutter(blocks[index]) and is_title_like(blocks[index].text):
            return index
    return None


def looks_like_clutter(block: Block) -> bool:
    """Whether a block shows a clutter signal, whatever its length."""
    hits, _ = reader_pronoun_share(block.text)
    return (
        bool(clutter_hits(block.text))
        or hits >= 2
        or block.link_density > 0.5
        or block.container_hint < 0
    )


def _is_standfirst(text: str) -> bool:
    return (
        word_count(text) >= 8
        and bool(_SENTENCE_END.search(text))
        and not is_caption(text)
        and not _BYLINE.match(text)
    )
