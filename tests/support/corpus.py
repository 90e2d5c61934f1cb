"""A synthetic briefing in the content format, the same every time for the same shape.

The tests that check whole built sites (the publish validators, the reader's page weight)
need more than a handful of entries: lists long enough to paginate, several years of
archives, and every optional field of an entry. This writes such a briefing from a seed:
a fictional crisis over a river, its dams and its ports, in words of our own.

Which entries carry the optional fields is decided by their position, not by chance, so a
corpus of any size from about 40 entries up has trends, statements, watch indicators,
corrections, entries in two threads, several entries on one day and entries with a time.
"""

from __future__ import annotations

import datetime as dt
import json
import random
from dataclasses import dataclass
from pathlib import Path

NOUNS = (
    "dam", "reservoir", "floodgate", "turbine", "barge", "convoy", "harbour", "quay", "pipeline",
    "grid", "tariff", "quota", "delegation", "envoy", "mediator", "commission", "inspectors",
    "survey", "treaty", "clause", "deadline", "ration", "shipment", "tanker", "dredger",
    "channel", "levee", "spillway", "drought", "harvest", "irrigation", "ferry", "checkpoint",
    "corridor", "garrison", "patrol", "council", "summit", "ballot", "referendum", "mandate"
)  # fmt: skip
VERBS = (
    "delays", "approves", "rejects", "inspects", "reopens", "closes", "suspends", "extends",
    "drafts", "signs", "questions", "resumes", "blocks", "releases", "diverts", "surveys",
    "proposes", "postpones"
)  # fmt: skip
ADJECTIVES = (
    "upstream", "downstream", "provisional", "joint", "emergency", "seasonal", "northern",
    "southern", "coastal", "regional", "disputed", "interim", "bilateral", "technical"
)  # fmt: skip
PLACES = (
    "Varn", "Ostrel", "Kaimo", "Trevas", "Lund", "Marisk", "Pellar", "Corvo", "Essin", "Dalmar"
)  # fmt: skip
PUBLISHERS = (
    "The Delta Gazette", "Riverside Wire", "Harbour Evening Post", "Upland Herald",
    "The Basin Monitor", "Estuary Radio",
)  # fmt: skip
PEOPLE = (
    ("Ilse", "Marranen"), ("Tobiah", "Kestrel"), ("Noor", "Velasquo"), ("Arvid", "Pohjola"),
    ("Celeste", "Ambrosi"), ("Dario", "Fenwick"), ("Mira", "Szabany"), ("Oskar", "Lindgrave"),
    ("Priya", "Calloway"), ("Ruben", "Ostrander"), ("Selma", "Quist"), ("Teodor", "Halvorsen"),
    ("Una", "Brightwater"), ("Viggo", "Tamsin"), ("Wen", "Aldous"), ("Yara", "Delacroix"),
)  # fmt: skip
BODIES = (
    ("country", "Republic of Varn", "Varn"), ("country", "Ostrel Federation", "Ostrel"),
    ("country", "Kaimo", "Kaimo Republic"), ("country", "Trevas", "Trevasian State"),
    ("organization", "River Basin Commission", "RBC"),
    ("organization", "Harbour Authority", "Port Authority"),
    ("organization", "Delta Relief Agency", "DRA"), ("group", "Boatmen's Union", "the union"),
)  # fmt: skip
TOPICS = (
    "water sharing", "shipping", "energy", "harvests", "refugees", "border security",
    "mediation", "infrastructure",
)  # fmt: skip
THREADS = (
    ("upper-dam-dispute", "The upper dam dispute", "active", None),
    ("harbour-blockade", "The harbour blockade", "watch", None),
    ("drought-relief", "Drought relief along the delta", "active", None),
    ("ferry-accord", "The ferry accord", "resolved", 300),  # ended this many days in
)  # fmt: skip
# An entry's primary thread, by its position in this cycle: the first thread gets the most,
# more than one page of the default page size (50) at 120 entries.
THREAD_CYCLE = (0, 0, 0, 0, 0, 1, 1, 1, 2, 2, 3)
TRENDS = ("escalating", "steady", "de-escalating", "escalating", "steady")


@dataclass(frozen=True)
class Actor:
    id: str
    name: str
    kind: str
    aliases: tuple[str, ...]


def _slug(text: str) -> str:
    return "-".join("".join(c for c in word if c.isalnum()) for word in text.lower().split())


ACTORS = (
    *(Actor(_slug(f"{first} {last}"), f"{first} {last}", "person", (last, f"{first[0]}. {last}"))
      for first, last in PEOPLE),
    *(Actor(_slug(name), name, kind, (alias,)) for kind, name, alias in BODIES),
)  # fmt: skip


@dataclass(frozen=True)
class CorpusShape:
    """How big a corpus to write, and from which seed and day."""

    entries: int = 120
    seed: int = 15
    start: dt.date = dt.date(2022, 9, 5)
    days_between: float = 3.5  # on average; 120 entries run into a second year


def write_corpus(folder: Path, shape: CorpusShape = CorpusShape()) -> Path:
    """Write the corpus into folder (a content folder) and return the folder."""
    for relative, text in corpus_files(shape).items():
        path = folder / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return folder


def corpus_files(shape: CorpusShape) -> dict[str, str]:
    """Every file of the corpus: relative path -> text."""
    words = random.Random(shape.seed)
    files = {
        "site.yaml": (
            "title: The River Basin Briefing\n"
            "description: A generated briefing on a fictional crisis, for tests.\n"
            "base_url: https://briefing.example.org/\nlanguage: en\n"
        ),
        "actors.yaml": "".join(_actor_yaml(actor) for actor in ACTORS),
        "topics.yaml": "".join(
            f"- id: {_slug(name)}\n  name: {_quoted(name.capitalize())}\n"
            f"  description: {_quoted(_sentence(words, 6, 10))}\n"
            for name in TOPICS
        ),
    }
    for number, thread in enumerate(THREADS):
        files[f"threads/{thread[0]}.md"] = _thread_text(words, number, shape.start)
    used: set[str] = set()
    for index in range(shape.entries):
        relative, text = _entry(words, index, shape, used)
        files[relative] = text
    return files


def _actor_yaml(actor: Actor) -> str:
    aliases = ", ".join(_quoted(alias) for alias in actor.aliases)
    return (
        f"- id: {actor.id}\n  name: {_quoted(actor.name)}\n  kind: {actor.kind}\n"
        f"  aliases: [{aliases}]\n"
    )


def _indicator_ids(number: int) -> list[str]:
    return [f"sign-{number}-{k}" for k in range(3)]


def _thread_text(words: random.Random, number: int, start: dt.date) -> str:
    _, title, status, ends_after = THREADS[number]
    started = start - dt.timedelta(days=30 + 10 * number)
    ended = f"ended: {start + dt.timedelta(days=ends_after)}\n" if ends_after else ""
    indicators = "".join(
        f"  - id: {indicator}\n    text: {_quoted(_sentence(words, 5, 9))}\n"
        for indicator in _indicator_ids(number)
    )
    return (
        f"---\ntitle: {_quoted(title)}\nsummary: {_quoted(_sentence(words, 10, 16))}\n"
        f"status: {status}\nstarted: {started}\n{ended}indicators:\n{indicators}---\n\n"
        f"{_paragraph(words)}\n\n## How it began\n\n{_paragraph(words)}\n"
    )


def _entry(words: random.Random, index: int, shape: CorpusShape, used: set[str]) -> tuple[str, str]:
    # Every fourth entry shares the previous one's day, so day pages list several.
    step = index - (1 if index % 4 == 3 else 0)
    day = shape.start + dt.timedelta(days=int(step * shape.days_between))
    thread = THREAD_CYCLE[index % len(THREAD_CYCLE)]
    threads = [THREADS[thread][0]]
    if index % 13 == 6:
        threads.append(THREADS[(thread + 1) % len(THREADS)][0])
    actors = sorted({ACTORS[(index * 7 + k * 5) % len(ACTORS)].id for k in range(1 + index % 4)})
    topics = sorted({_slug(TOPICS[(index + k * 3) % len(TOPICS)]) for k in range(1 + index % 3)})
    title = _title(words)
    slug = _slug(" ".join(title.split()[:5]))
    while f"{day}-{slug}" in used:
        slug += f"-{index}"
    used.add(f"{day}-{slug}")
    when = f"{day}T{8 + index % 10:02d}:30:00+01:00" if index % 9 == 4 else str(day)
    publisher = PUBLISHERS[index % len(PUBLISHERS)]
    url = f"https://news.example.com/{day:%Y/%m/%d}/{slug}"
    front = (
        f"---\ntitle: {_quoted(title)}\nsummary: {_quoted(_sentence(words, 12, 22))}\n"
        f"date: {when}\nthread: {_listed(threads)}\nactors: {_listed(actors)}\n"
        f"topics: {_listed(topics)}\nsources:\n  - publisher: {_quoted(publisher)}\n"
        f"    title: {_quoted(publisher + ': ' + title)}\n    url: {url}\n    published: {day}\n"
        + _editorial(words, index, day, thread, actors)
        + "---\n\n"
    )
    return f"entries/{day.year}/{day}-{slug}.md", front + _body(words, index, url, publisher)


def _editorial(
    words: random.Random, index: int, day: dt.date, thread: int, actors: list[str]
) -> str:
    """The optional fields, on entries picked by position: most have a trend, a third
    statements, one in eight a watch indicator, one in twenty a correction."""
    text = ""
    if index % 6 != 5:
        text += f"trend: {TRENDS[index % len(TRENDS)]}\n"
        text += f"trend_reason: {_quoted(_sentence(words, 6, 12))}\n"
    if index % 3 == 0:
        text += "statements:\n"
        for k in range(1 + index % 3):
            speaker = next(a for a in ACTORS if a.id == actors[k % len(actors)])
            # An editor names a speaker by id, by name or by an alias: all three occur.
            by = (speaker.id, speaker.name, speaker.aliases[0])[(index + k) % 3]
            kind = "quote" if (index + k) % 2 == 0 else "paraphrase"
            text += (
                f"  - by: {_quoted(by)}\n    kind: {kind}\n"
                f"    text: {_quoted(_sentence(words, 5, 12))}\n"
            )
    if index % 8 == 2:
        text += f"indicators: [{_indicator_ids(thread)[index % 3]}]\n"
    if index % 20 == 7:
        fixed = day + dt.timedelta(days=1 + index % 5)
        text += (
            f"corrections:\n  - date: {fixed}\n"
            f"    text: {_quoted('An earlier version ' + _sentence(words, 5, 9).lower())}\n"
        )
    return text


def _body(words: random.Random, index: int, url: str, publisher: str) -> str:
    """A few hundred words of Markdown: paragraphs, headings, a list, a quote, links,
    emphasis; every tenth entry a table, every fifteenth a footnote."""
    speaker = ACTORS[index % len(ACTORS)].name
    parts = [
        _paragraph(words),
        "## What changed\n\n" + "".join(f"- {_sentence(words, 5, 11)}\n" for _ in range(3)),
        f"> {_sentence(words, 8, 16)}\n>\n> — {speaker}, as reported by [{publisher}]({url})",
        "## Why it matters\n\n" + _paragraph(words),
        f"{_sentence(words)} The account in *{publisher}* puts the loss at "
        f"**{1 + index % 40} million** cubic metres a day.",
    ]
    if index % 10 == 1:
        # Columns without alignment: an aligned column is rendered with a style attribute,
        # which the site's Content-Security-Policy blocks (see the publish tests).
        parts.append(
            "| Gauge | Level (m) |\n|---|---|\n"
            + "".join(
                f"| {place} | {2 + (index + k) % 7}.{k} |\n"
                for k, place in enumerate(PLACES[index % 5 : index % 5 + 3])
            )
        )
    if index % 15 == 0:
        parts.append(f"{_sentence(words)}[^gauge]\n\n[^gauge]: {_sentence(words, 5, 9)}")
    return "\n\n".join(parts) + "\n"


def _title(words: random.Random) -> str:
    place, adjective = words.choice(PLACES), words.choice(ADJECTIVES)
    noun, verb, other = words.choice(NOUNS), words.choice(VERBS), words.choice(NOUNS)
    return f"{place} {verb} {adjective} {noun} {other}"


def _sentence(words: random.Random, low: int = 9, high: int = 20) -> str:
    chosen = [words.choice(NOUNS + VERBS + ADJECTIVES) for _ in range(words.randint(low, high))]
    if words.random() < 0.4:
        chosen.insert(words.randrange(len(chosen)), words.choice(PLACES))
    text = " ".join(chosen)
    return text[0].upper() + text[1:] + "."


def _paragraph(words: random.Random) -> str:
    return " ".join(_sentence(words) for _ in range(words.randint(3, 5)))


def _quoted(text: str) -> str:
    """A YAML double-quoted scalar (JSON's string syntax is a subset of it)."""
    return json.dumps(text, ensure_ascii=False)


def _listed(items: list[str]) -> str:
    return items[0] if len(items) == 1 else f"[{', '.join(items)}]"
