"""Language cues for the clutter filter: phrases and pronouns, in several languages.

A phrase ending in "*" also matches longer words ("subscri*" matches "subscribers").
They are matched case-insensitively, starting at a word boundary.
"""

from __future__ import annotations

import re

CLUTTER_PHRASES: tuple[str, ...] = (
    # English
    "sign up", "subscri*", "newsletter*", "read more", "read also", "see also", "related articles",
    "related stories", "more on this", "support us", "support our", "your support", "donat*",
    "contribution*", "become a member", "cookie*", "privacy policy", "terms of use",
    "terms of service", "all rights reserved", "advertisement", "ad-free", "ads", "share this",
    "share on", "follow us", "click here", "log in", "sign in", "your inbox", "mailbox",
    "remind me later", "not ready to", "dear reader*", "we need your help",
    "independent journalism", "most read", "most popular", "listen to this article",
    "download our app", "free trial", "continue reading", "copyright", "skip to content",
    "back to top", "©",
    # Russian
    "подпиш*", "подпис*", "рассылк*", "читайте также", "читать также", "читать далее",
    "читать еще", "читать ещё", "подробнее", "поддерж*", "пожертвован*", "донат*", "cookie",
    "куки", "политика конфиденциальности", "все права защищены", "реклама", "поделиться",
    "телеграм-канал*", "дорогие читатели", "комментари*", "самое читаемое",
    # French
    "lire aussi", "à lire aussi", "lire la suite", "abonnez-vous", "s'abonner", "abonnement*",
    "soutenez", "faire un don", "publicité", "tous droits réservés", "partager",
    "politique de confidentialité", "inscrivez-vous",
    # German
    "mehr lesen", "mehr zum thema", "weiterlesen", "lesen sie auch", "abonnier*",
    "unterstützen sie", "jetzt spenden", "anzeige", "werbung", "datenschutz*",
    "alle rechte vorbehalten", "artikel teilen", "melden sie sich an",
    # Spanish
    "leer más", "lee también", "suscríbete", "suscri*", "boletín", "apóyanos", "dona ahora",
    "donación", "publicidad", "todos los derechos reservados", "compartir",
    "política de privacidad", "más información",
)  # fmt: skip

# First- and second-person words: an appeal to the reader ("we need your help")
# uses them; a news report, outside its quotes, hardly ever does.
READER_PRONOUNS: frozenset[str] = frozenset(
    [
        "we",
        "us",
        "our",
        "ours",
        "you",
        "your",
        "yours",
        "мы",
        "нас",
        "нам",
        "нами",
        "наш",
        "наша",
        "наше",
        "наши",
        "нашего",
        "нашей",
        "нашим",
        "наших",
        "нашу",
        "вы",
        "вас",
        "вам",
        "вами",
        "ваш",
        "ваша",
        "ваше",
        "ваши",
        "вашего",
        "вашей",
        "вашим",
        "ваших",
        "вашу",
        "nous",
        "notre",
        "nos",
        "vous",
        "votre",
        "vos",
        "wir",
        "uns",
        "unser",
        "unsere",
        "unserer",
        "unseren",
        "unserem",
        "euch",
        "euer",
        "nosotros",
        "nuestro",
        "nuestra",
        "nuestros",
        "nuestras",
        "usted",
        "ustedes",
        "vosotros",
    ]
)


def _phrase_pattern(phrase: str) -> str:
    if phrase.endswith("*"):
        return rf"(?<!\w){re.escape(phrase[:-1])}"
    if not phrase[-1].isalnum():
        return rf"(?<!\w){re.escape(phrase)}"
    return rf"(?<!\w){re.escape(phrase)}(?!\w)"


CLUTTER_PATTERN = re.compile("|".join(_phrase_pattern(p) for p in CLUTTER_PHRASES), re.IGNORECASE)
QUOTED = re.compile(r"“[^”]*”|«[^»]*»|„[^“”]*[“”]|\"[^\"]*\"")
WORD = re.compile(r"\w+(?:[-'’]\w+)*")


def clutter_hits(text: str) -> list[str]:
    """The clutter phrases found in a block's text."""
    return [match.group(0) for match in CLUTTER_PATTERN.finditer(text)]


def reader_pronoun_share(text: str) -> tuple[int, float]:
    """How many reader-facing pronouns a block uses outside quotes, and their share of words."""
    words = WORD.findall(QUOTED.sub(" ", text))
    if not words:
        return 0, 0.0
    hits = sum(word.lower() in READER_PRONOUNS for word in words)
    return hits, hits / len(words)
