"""Telling the article from the page clutter around it, by general rules."""

from __future__ import annotations

from pathlib import Path

import pytest

from briefing.clip.blocks import Block, Page, split_text
from briefing.clip.clutter import Label, extract, is_title_like, label, resolve

BODY = (
    "The ministers met in Geneva on Monday and agreed to resume the talks next month, "
    "officials from both delegations told reporters after the session."
)


@pytest.mark.parametrize(
    ("block", "expected"),
    [
        (Block(BODY), Label.GOOD),
        (Block("Sign up for our free weekly newsletter"), Label.BAD),
        (Block("Read more"), Label.BAD),
        (Block("Lire aussi : les ministres se retrouvent à Genève"), Label.BAD),
        (Block("Mehr lesen"), Label.BAD),
        (Block("Подпишитесь на наш телеграм-канал, чтобы не пропустить главное."), Label.BAD),
        (Block("Читайте также: переговоры продолжатся"), Label.BAD),
        (Block("Suscríbete a nuestro boletín"), Label.BAD),
        (Block("We use cookies to improve your experience on our site."), Label.BAD),
        (Block("We need your help. Your support keeps us independent and our work going."),
         Label.BAD),
        (Block(BODY, link_chars=len(BODY)), Label.BAD),  # a list of links
        (Block(BODY, container_hint=-3), Label.BAD),  # inside a footer
        (Block("Monthly"), Label.BAD),  # a lone word: a menu or a button
        (Block("What happens next in Geneva"), Label.SHORT),  # a subheading, perhaps
        (Block("“The talks were useful,” the minister said."), Label.NEAR),
    ],
)  # fmt: skip
def test_label(block: Block, expected: Label) -> None:
    assert label(block) is expected


@pytest.mark.parametrize(
    ("labels", "kept"),
    [
        ("G S G", [True, True, True]),  # a short block between good ones stays
        ("G S B", [True, False, False]),  # a short block next to clutter goes
        ("G N B", [True, True, False]),  # a near-good sentence leans good
        ("B N B", [False, False, False]),
        ("S G", [False, True]),  # the page edge counts as clutter
    ],
)
def test_resolve(labels: str, kept: list[bool]) -> None:
    codes = {"G": Label.GOOD, "B": Label.BAD, "S": Label.SHORT, "N": Label.NEAR}
    assert resolve([codes[c] for c in labels.split()]) == kept


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Putin Says U.S. Ignored Russia’s Demands – Kremlin", True),
        ("Лавров: Москва готова продолжить диалог", True),
        ("The ministers met in Geneva on Monday.", False),  # a sentence
        ("Published March 3, 2023, 09:40", False),  # a dateline
        ("28 января 2022, 14:05", False),
        ("By Clara Jensen and Tom Alder", False),  # a byline
        ("The leader at the summit. kremlin.ru", False),  # a caption with a credit
        ("Two words", False),
    ],
)
def test_is_title_like(text: str, expected: bool) -> None:
    assert is_title_like(text) is expected


def test_extract_plain_text_with_inline_clutter() -> None:
    text = "\n".join(
        ["Home", "World", "Talks to resume next month in Geneva", BODY,
         "Read more: Earlier talks collapsed", BODY.replace("Monday", "Tuesday"),
         "Share this article", "© 2024 Example News. All rights reserved."]
    )  # fmt: skip
    article = extract(Page(split_text(text)))
    assert article.headline == "Talks to resume next month in Geneva"
    assert article.paragraphs == (BODY, BODY.replace("Monday", "Tuesday"))
    assert "Read more: Earlier talks collapsed" in article.dropped
    assert "© 2024 Example News. All rights reserved." in article.dropped


def test_extract_empty_page() -> None:
    article = extract(Page(()))
    assert (article.headline, article.paragraphs) == (None, ())


READOUT_CLUTTER = [
    "×",
    "Reading without adverts?",
    "Support us",
    "Get our weekly newsletter",
    "Subscribers agree to the Privacy Policy",
    "A Note from The Vistula Dispatch:",
    "Dear readers,",
    "Once",
    "Monthly",
    "Not ready to give today?",
    "Remind me later.",
    "Read more",
]


def test_extract_readout(readout: Path) -> None:
    article = extract(Page(split_text(readout.read_text(encoding="utf-8"))))
    assert article.headline == "Putin Tells Macron Western Replies Miss Russia’s Core Concerns"
    assert article.paragraphs[0].startswith("Vladimir Putin told Emmanuel Macron")
    assert article.paragraphs[-1].startswith("Russia is thought to have gathered")
    assert len(article.paragraphs) == 10
    kept = "\n".join(article.paragraphs)
    for line in READOUT_CLUTTER:
        assert line not in article.paragraphs
    for phrase in ("newsletter", "support", "Dear readers", "undesirable", "kremlin.ru"):
        assert phrase not in kept
