"""Finding registered actors by name, alias and inflected form; matching topics."""

from __future__ import annotations

import pytest

from briefing.clip.mentions import (
    Named,
    TopicInfo,
    find_mentions,
    mask,
    rank_actors,
    rank_topics,
)

ACTORS = (
    Named("vladimir-putin", ("Vladimir Putin", "Putin", "Владимир Путин", "Путин")),
    Named("sergei-lavrov", ("Sergei Lavrov", "Lavrov", "Сергей Лавров", "Лавров")),
    Named("volodymyr-zelensky", ("Volodymyr Zelensky", "Zelensky", "Зеленский")),
    Named("united-states", ("United States", "U.S.", "US", "Washington", "США")),
    Named("russia", ("Russia", "Moscow", "Россия", "Москва")),
    Named("nato", ("NATO", "the Alliance", "НАТО")),
    Named("kremlin", ("The Kremlin", "Kremlin", "Кремль")),
)


def found(text: str) -> list[tuple[str, str]]:
    return [(m.id, m.words) for m in find_mentions(text, ACTORS)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Putin's aides", [("vladimir-putin", "Putin's")]),
        ("Putin’s aides", [("vladimir-putin", "Putin’s")]),
        ("President Vladimir Putin", [("vladimir-putin", "Vladimir Putin")]),
        ("the U.S. and NATO", [("united-states", "U.S."), ("nato", "NATO")]),
        ("the US said", [("united-states", "US")]),
        ("Support us today", []),  # "us" is not the US
        ("Putinism and Russian troops", []),  # other words that start the same
        ("The Alliance met", [("nato", "The Alliance")]),
        ("the Kremlin’s readout", [("kremlin", "the Kremlin’s")]),
        ("слова Путина и Лаврову", [("vladimir-putin", "Путина"), ("sergei-lavrov", "Лаврову")]),
        ("с Владимиром Путиным", [("vladimir-putin", "Владимиром Путиным")]),
        ("в Москве, из России", [("russia", "Москве"), ("russia", "России")]),
        ("позиция Зеленского", [("volodymyr-zelensky", "Зеленского")]),
        ("в Кремле и в НАТО, США", [("kremlin", "Кремле"), ("nato", "НАТО"),
                                     ("united-states", "США")]),
        ("российской стороны", []),  # an adjective, not Russia
    ],
)  # fmt: skip
def test_find_mentions(text: str, expected: list[tuple[str, str]]) -> None:
    assert found(text) == expected


def test_mask_hides_a_publishers_name() -> None:
    text = mask("From The Moscow Times: Moscow said", ["The Moscow Times"])
    assert found(text) == [("russia", "Moscow")]


def test_rank_actors_by_count_then_earliness_with_headline_bonus() -> None:
    text = "NATO met. Lavrov spoke. Lavrov left. Putin called. NATO replied."
    hits = rank_actors(text, "Putin calls", ACTORS)
    assert [h.id for h in hits] == ["nato", "vladimir-putin", "sergei-lavrov"]
    assert hits[2].count == 2 and hits[2].words == ("Lavrov",)


TOPICS = (
    TopicInfo("military-exercises", "Military exercises", "Drills and manoeuvres."),
    TopicInfo("energy", "Energy supply", "Gas, oil and electricity; storage and prices."),
    TopicInfo("diplomacy", "Diplomacy", "Talks, calls and letters between governments."),
)


def test_rank_topics() -> None:
    text = "Troops began snap drills as part of military exercises; gas storage prices rose."
    hits = rank_topics(text, TOPICS)
    assert [h.id for h in hits] == ["military-exercises", "energy"]
    assert "drills" in hits[0].words


def test_rank_topics_needs_more_than_one_weak_word() -> None:
    assert rank_topics("The calls went unanswered.", TOPICS) == []
