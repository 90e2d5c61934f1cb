"""Pick the key quoted statements of an article and who made them.

The draft offers these to the editor, attributed and inside a comment; the
editor keeps or deletes them. Nothing else of the article's text is reused.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from briefing.clip.mentions import Mention, Named, find_mentions

_QUOTE = re.compile(r"“([^”]+)”|«([^»]+)»|„([^“”]+)[“”]|\"([^\"]+)\"")
_SPEECH = re.compile(
    r"(?<!\w)(?:said|says|added|adds|stated|states|told|wrote|warned|according to"
    r"|заявил\w*|сказал\w*|отметил\w*|добавил\w*|подчеркнул\w*|сообщил\w*|по словам"
    r"|a déclaré|a dit|a ajouté|selon|sagte|erklärte|betonte|dijo|afirmó|añadió|según)(?!\w)",
    re.IGNORECASE,
)
_ACCORDING = re.compile(r"according to|по словам|selon|según", re.IGNORECASE)
_SENTENCE_END = re.compile(r"[.!?](?=\s|$)")
_NEAR = 40  # characters between a speech verb and a speaker's name that follows it


@dataclass(frozen=True)
class Statement:
    """A quoted statement and its speaker (None when the article does not say)."""

    quote: str
    speaker: str | None
    certain: bool  # False when the speaker was inferred from an earlier sentence


def key_statements(
    paragraphs: Sequence[str], actors: Sequence[Named], limit: int = 3, min_words: int = 5
) -> list[Statement]:
    """Quoted statements of at least `min_words` words, in order, with their speakers."""
    names = {actor.id: actor.names[0] for actor in actors}
    statements: list[Statement] = []
    context: str | None = None  # the actor most recently speaking or first named
    for paragraph in paragraphs:
        quotes = list(_QUOTE.finditer(paragraph))
        outside = _QUOTE.sub(lambda m: " " * len(m.group(0)), paragraph)
        mentions = find_mentions(outside, actors)
        attributed = False
        for quote in quotes:
            text = next(group for group in quote.groups() if group is not None).strip()
            if len(text.split()) < min_words:
                continue
            speaker = _speaker(outside, quote.start(), quote.end(), mentions)
            certain = attributed = speaker is not None
            earlier = [m.id for m in mentions if m.end <= quote.start()]
            speaker = speaker or (earlier[0] if earlier else context)
            context = speaker or context
            statements.append(
                Statement(_tidy(text), names.get(speaker) if speaker else None, certain)
            )
        if mentions and not attributed:
            context = mentions[0].id  # "it said" in the next paragraph most likely means this one
    return statements[:limit]


def _speaker(text: str, start: int, end: int, mentions: Sequence[Mention]) -> str | None:
    """The actor a speech verb in the quote's sentence names as the speaker, if any."""
    before = max((m.end() for m in _SENTENCE_END.finditer(text, 0, start)), default=0)
    after_match = _SENTENCE_END.search(text, end)
    after = after_match.end() if after_match else len(text)
    in_sentence = [m for m in mentions if before <= m.start < after]
    for verb in _SPEECH.finditer(text, before, after):
        # "Scholz told", "the Kremlin added": the name right before the verb.
        right_before = [m for m in in_sentence if 0 <= verb.start() - m.end <= 3]
        if right_before:
            return right_before[-1].id
        # "..., said Foreign Minister Lavrov" and "according to Lavrov": the name after.
        if verb.start() >= end or _ACCORDING.fullmatch(verb.group(0)):
            following = [m for m in in_sentence if 0 <= m.start - verb.end() <= _NEAR]
            if following:
                return following[0].id
        # "Blinken announced ... and said": the sentence's subject.
        subjects = [m for m in in_sentence if m.end <= verb.start()]
        if subjects:
            return subjects[0].id
    return None


def _tidy(text: str) -> str:
    """A quote safe inside an HTML comment, without its trailing comma."""
    return text.rstrip(" ,").replace("--", "–")
