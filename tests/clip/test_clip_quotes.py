"""Quoted statements and who made them."""

from __future__ import annotations

import pytest

from briefing.clip.mentions import Named
from briefing.clip.quotes import key_statements

ACTORS = (
    Named("olaf-scholz", ("Olaf Scholz", "Scholz")),
    Named("sergei-lavrov", ("Sergei Lavrov", "Lavrov", "Лавров")),
    Named("kremlin", ("The Kremlin", "Kremlin")),
    Named("united-states", ("United States", "Washington")),
    Named("antony-blinken", ("Antony Blinken", "Blinken")),
)


@pytest.mark.parametrize(
    ("paragraphs", "expected"),
    [
        (['"We will share our gas with our neighbours," Scholz told reporters.'],
         [("We will share our gas with our neighbours", "Olaf Scholz", True)]),
        (["“Talks can go on after the letters arrive,” said Foreign Minister Sergei Lavrov."],
         [("Talks can go on after the letters arrive", "Sergei Lavrov", True)]),
        (["«Мы не хотим войны и готовы к диалогу», — сказал Лавров."],
         [("Мы не хотим войны и готовы к диалогу", "Sergei Lavrov", True)]),
        (["Blinken met aides and said Washington would help “for as long as it takes.”"],
         [("for as long as it takes.", "Antony Blinken", True)]),
        (["The Kremlin published its account of the call.",
          "“The responses ignored our fundamental concerns,” it said."],
         [("The responses ignored our fundamental concerns", "The Kremlin", False)]),
        (["“Nobody knows what happens next, really,” one diplomat said."],
         [("Nobody knows what happens next, really", None, False)]),
        (["He promised to “carefully study” them."], []),  # too short to offer
    ],
)  # fmt: skip
def test_key_statements(
    paragraphs: list[str], expected: list[tuple[str, str | None, bool]]
) -> None:
    found = key_statements(paragraphs, ACTORS)
    assert [(s.quote, s.speaker, s.certain) for s in found] == expected


def test_quotes_are_safe_inside_an_html_comment() -> None:
    found = key_statements(["“This -- and that --> matter a great deal,” Scholz said."], ACTORS)
    assert "--" not in found[0].quote


def test_at_most_three_statements() -> None:
    paragraphs = [f"“Statement number {n} is long enough,” Scholz said." for n in range(5)]
    assert len(key_statements(paragraphs, ACTORS)) == 3
