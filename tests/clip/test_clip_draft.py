"""The draft entry: safe YAML, a valid entry, no article text in the body."""

from __future__ import annotations

import datetime as dt

import pytest
import yaml

from briefing.clip.draft import DraftInput, entry_path, render_draft
from briefing.clip.quotes import Statement
from briefing.content.frontmatter import split
from briefing.content.sources import SourceFile
from briefing.content.validate import parse_entry
from briefing.site.urls import slugify

DAY = dt.date(2022, 1, 28)


def draft(**changes: object) -> DraftInput:
    values: dict[str, object] = {
        "headline": "Putin Says U.S. Ignored Russia’s Demands – Kremlin",
        "day": DAY,
        "thread_id": "talks",
        "actor_ids": ("vladimir-putin", "emmanuel-macron"),
        "topic_ids": ("diplomacy",),
        "publisher": "The Moscow Times",
    }
    values.update(changes)
    return DraftInput(**values)  # type: ignore[arg-type]


def front(text: str) -> dict[str, object]:
    data = yaml.safe_load(split(text).front)
    assert isinstance(data, dict)
    return data


def test_front_matter_is_filled() -> None:
    data = front(render_draft(draft(url="https://example.org/a")))
    assert data == {
        "draft": True,
        "title": "Putin Says U.S. Ignored Russia’s Demands – Kremlin",
        "summary": "TODO: one or two sentences, in your own words.",
        "date": DAY,
        "thread": "talks",
        "actors": ["vladimir-putin", "emmanuel-macron"],
        "topics": ["diplomacy"],
        "sources": [
            {
                "publisher": "The Moscow Times",
                "title": "Putin Says U.S. Ignored Russia’s Demands – Kremlin",
                "published": DAY,
                "url": "https://example.org/a",
            }
        ],
    }


@pytest.mark.parametrize(
    "headline",
    [
        "Lavrov: talks can go on",
        "'Quoted' headline",
        "A # that is no comment",
        "- looks like a list",
        "yes",
        "2022-01-28",
        'He said "no" & left: {really}',
        "Лавров: Москва готова продолжить диалог",
    ],
)
def test_any_headline_survives_the_yaml_round_trip(headline: str) -> None:
    data = front(render_draft(draft(headline=headline, publisher=headline)))
    assert data["title"] == headline
    assert data["sources"] == [{"publisher": headline, "title": headline, "published": DAY}]


def test_missing_values_are_left_empty_with_a_note() -> None:
    text = render_draft(draft(thread_id=None, topic_ids=()))
    assert "thread: []  # TODO: no thread suggested; give a thread id" in text
    assert "topics: []  # TODO: no topic matched; give at least one" in text


def test_body_is_a_skeleton_with_statements_in_a_comment() -> None:
    statements = (
        Statement("The responses ignored our concerns", "The Kremlin", True),
        Statement("We will study them", "Vladimir Putin", False),
        Statement("Nobody knows", None, False),
    )
    body = split(render_draft(draft(statements=statements))).body
    comment, after = body.split("-->")
    assert comment.lstrip().startswith("<!--")
    assert "- The Kremlin: “The responses ignored our concerns”" in comment
    assert "- Vladimir Putin (inferred; check): “We will study them”" in comment
    assert "- speaker not named; check the article: “Nobody knows”" in comment
    assert after.strip() == "TODO: what happened, in two to four short paragraphs of your own."


def test_draft_is_a_valid_entry_when_drafts_are_built() -> None:
    text = render_draft(draft())
    path = entry_path(DAY, slugify(draft().headline))
    file = SourceFile(relative=path, shown=f"content/{path}", text=text)
    entry, errors = parse_entry(file, include_drafts=True)
    assert errors == []
    assert entry is not None and entry.draft
    assert parse_entry(file, include_drafts=False) == (None, [])


@pytest.mark.parametrize(
    ("headline", "slug"),
    [
        ("Putin Says U.S. Ignored Russia’s Demands – Kremlin",
         "putin-says-us-ignored-russia-demands-kremlin"),
        ("Лавров: Москва готова продолжить диалог с Вашингтоном",
         "lavrov-moskva-gotova-prodolzhit-dialog-s-vashingtonom"),
    ],
)  # fmt: skip
def test_slug(headline: str, slug: str) -> None:
    assert slugify(headline) == slug
    assert entry_path(DAY, slug) == f"entries/2022/2022-01-28-{slug}.md"
