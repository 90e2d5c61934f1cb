"""Find the registered actors an article mentions, and the topics its words match.

Both work over plain data (ids with names), not the site model, so they can be
tested and measured on their own.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

_CYRILLIC_WORD = re.compile(r"[А-ЯЁа-яё]+")
_CYRILLIC_ENDING_VOWELS = "аяьйоеиыу"
_POSSESSIVE = r"(?:['’]s|['’])?"
_TERM = re.compile(r"\w+")
_SPACES = r"\s+"


@dataclass(frozen=True)
class Named:
    """Something registered under an id, found by any of its names."""

    id: str
    names: tuple[str, ...]  # the display name first, then the aliases


@dataclass(frozen=True)
class Mention:
    """One place an actor is named: the span in the text and the words there."""

    id: str
    start: int
    end: int
    words: str


@dataclass(frozen=True)
class ActorHit:
    """A registered actor found in the article, with the evidence."""

    id: str
    count: int
    first: int  # offset of the first mention
    words: tuple[str, ...]  # the distinct words that matched, in order of appearance
    score: float


def name_pattern(name: str) -> str:
    """A regex for a name, allowing possessives ("Putin's") and Russian case endings.

    Case matters except for the first letter, so "US" never matches "us" while
    "the Alliance" still matches "The Alliance".
    """
    tokens = _SPACES.join(_token_pattern(token) for token in name.split())
    return rf"(?<!\w){tokens}{_POSSESSIVE}(?!\w)"


def _token_pattern(token: str) -> str:
    if _CYRILLIC_WORD.fullmatch(token) and len(token) >= 4 and not token.isupper():
        stem = _cyrillic_stem(token)
        return _first_letter(stem) + "[а-яё]{0,3}"
    return _first_letter(token)


def _cyrillic_stem(token: str) -> str:
    """Drop a Russian nominative ending: "Зеленский" -> "Зеленск", "Путина" -> "Путин"."""
    if token[-2:].lower() in ("ий", "ый", "ой") and len(token) >= 6:
        return token[:-2]
    return token[:-1] if token[-1].lower() in _CYRILLIC_ENDING_VOWELS else token


def _first_letter(token: str) -> str:
    first, rest = token[0], re.escape(token[1:])
    if first.isalpha() and not token.isupper() and first.lower() != first.upper():
        return f"[{first.upper()}{first.lower()}]{rest}"
    return re.escape(first) + rest


def find_mentions(text: str, actors: Sequence[Named]) -> list[Mention]:
    """Every non-overlapping mention of a registered actor, longest name first."""
    found: list[Mention] = []
    for actor in actors:
        for name in actor.names:
            for match in re.finditer(name_pattern(name), text):
                found.append(Mention(actor.id, match.start(), match.end(), match.group(0)))
    found.sort(key=lambda m: (m.start, -(m.end - m.start)))
    kept: list[Mention] = []
    for mention in found:
        if not kept or mention.start >= kept[-1].end:
            kept.append(mention)
    return kept


def mask(text: str, phrases: Sequence[str]) -> str:
    """Blank out phrases (a publisher's name) so their words are not read as actors."""
    for phrase in phrases:
        if phrase:
            text = re.sub(re.escape(phrase), lambda m: " " * len(m.group(0)), text)
    return text


def rank_actors(text: str, headline: str, actors: Sequence[Named]) -> list[ActorHit]:
    """Actors mentioned in `text`, most often and earliest first; the headline counts extra."""
    in_headline = {m.id for m in find_mentions(headline, actors)}
    by_id: dict[str, list[Mention]] = {}
    for mention in find_mentions(text, actors):
        by_id.setdefault(mention.id, []).append(mention)
    hits = []
    for actor_id, mentions in by_id.items():
        words = tuple(dict.fromkeys(m.words for m in mentions))
        earliness = 1 - mentions[0].start / max(len(text), 1)
        score = len(mentions) + earliness + (1.5 if actor_id in in_headline else 0.0)
        hits.append(ActorHit(actor_id, len(mentions), mentions[0].start, words, round(score, 2)))
    return sorted(hits, key=lambda hit: (-hit.score, hit.first))


# Topics ---------------------------------------------------------------------

_STOPWORD_TEXT = """about above after again against also among another around because been
    before being between both could does doing down during each either every from further
    have having
    here into itself just more most much must only other others ought over same should
    some such than that their them then there these they this those through under until
    very what when where which while whom will with within without would your alone
    announced sudden the and for are but not all any can had her was one our out has his how
    its may new now old see two way who did get let say she too use per via yet
    быть было были может также этот этого того которые который когда после между"""
_STOPWORDS = frozenset(_STOPWORD_TEXT.split())


@dataclass(frozen=True)
class TopicInfo:
    id: str
    name: str
    description: str


@dataclass(frozen=True)
class TopicHit:
    id: str
    score: float
    words: tuple[str, ...]  # the article's words that matched


def stem(word: str) -> str:
    """A crude stem that joins "guarantee"/"guarantees" and "drill"/"drills"."""
    word = word.lower()
    if len(word) >= 6:
        return word[:5]
    return word[:-1] if word.endswith("s") and len(word) > 4 else word


def topic_terms(topic: TopicInfo) -> dict[str, float]:
    """The stems a topic is known by: its name's words weigh 2, its description's 1."""
    terms: dict[str, float] = {}
    for text, weight in ((topic.description, 1.0), (topic.name, 2.0)):
        for word in _TERM.findall(text):
            if len(word) >= 3 and word.lower() not in _STOPWORDS and not word.isdigit():
                terms[stem(word)] = max(terms.get(stem(word), 0.0), weight)
    return terms


def rank_topics(
    text: str, topics: Sequence[TopicInfo], minimum: float = 3.0, limit: int = 4
) -> list[TopicHit]:
    """Topics whose name and description words the article uses, best first."""
    article: dict[str, list[str]] = {}
    for word in _TERM.findall(text):
        if len(word) >= 3:
            article.setdefault(stem(word), []).append(word)
    hits = []
    for topic in topics:
        terms = topic_terms(topic)
        matched = [term for term in terms if term in article]
        score = sum(terms[term] for term in matched)
        if score >= minimum:
            words = tuple(dict.fromkeys(article[term][0] for term in matched))
            hits.append(TopicHit(topic.id, score, words))
    return sorted(hits, key=lambda hit: (-hit.score, hit.id))[:limit]
