"""Find who published a saved article, from its metadata or the clutter around it.

A page names its publisher in its own clutter: the masthead, the © line, the
newsletter box, the appeal for support. The name that clutter repeats, looks
like a publication's name and stands on the © line is the publisher.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from briefing.clip.blocks import PageMeta
from briefing.clip.clutter import word_count
from briefing.clip.detect import Finding

_CAPITALISED = r"[A-ZА-ЯЁ](?:[\w&’'-]|\.(?=\w))*"
_NAME = re.compile(
    rf"(?:(?:The|Le|La|Les|Die|Der|El)\s+)?{_CAPITALISED}"
    rf"(?:\s+(?:(?:of|de|du|des|der|y)\s+)?{_CAPITALISED}){{0,3}}|«[^»]{{2,40}}»"
)
_PUBLISHER_WORDS = re.compile(
    r"\b(?:Times|News|Post|Journal|Herald|Tribune|Gazette|Press|Media|Agency|Telegraph|Guardian"
    r"|Observer|Review|Daily|Weekly|Radio|TV|Monde|Zeitung|Spiegel|País|Diario|Periódico"
    r"|Ledger|Courier|Chronicle|Standard|Mail|Express|Bulletin|Dispatch|Record"
    r"|Courrier|Soir|Matin|Nouvelles|Kurier|Tagblatt|Allgemeine|Rundschau|Noticias|Correo"
    r"|Reuters|Bloomberg|BBC|CNN|AFP|Meduza"
    r"|[Гг]азета|[Вв]естник|[Нн]овости|Ведомости|Известия|Коммерсант\w*|Медуза|Интерфакс|ТАСС)\b"
)
_COPYRIGHT = re.compile(r"©|\(c\)|copyright|все права|droits réservés|rechte vorbehalten", re.I)
_LEGAL_SUFFIX = re.compile(r"[\s,]+(?:Ltd|Limited|Inc|LLC|plc|GmbH|AG|S\.A|SA|ООО|АО)\.?$")
# Capitalised only because they start a sentence: not part of a publisher's name.
_STARTER_WORDS = """A An Our We Dear Sign Read Support Subscribe Subscribers Privacy Your This
These Thank If By But Not Once Since Enjoying Never Remind Continue Preview Monthly Annual"""
_SENTENCE_STARTERS = frozenset(_STARTER_WORDS.split())


def detect_publisher(
    meta: PageMeta, dropped: Sequence[str], given: str | None, not_names: Sequence[str] = ()
) -> Finding:
    """The publisher: --publisher, the page's site name, or the name its clutter repeats."""
    if given:
        return Finding(given, "given", "given with --publisher")
    if meta.site_name:
        return Finding(meta.site_name, "high", "page metadata (og:site_name or JSON-LD)")
    excluded = {name.casefold() for name in not_names}
    title_site = _title_site(meta.title)
    candidates = {name for text in dropped for name in names_in(text)}
    candidates |= {title_site} if title_site else set()
    scored = []
    for name in candidates - {""}:
        if name.casefold() in excluded:
            continue
        blocks = [text for text in dropped if _contains(text, name)]
        on_copyright = any(_COPYRIGHT.search(text) for text in blocks)
        score = _score(name, len(blocks), on_copyright, name == title_site)
        if score >= 4:
            scored.append((score, len(name), name, len(blocks), on_copyright))
    if not scored:
        return Finding(None, "none", "the page does not name its publisher")
    _, _, name, count, on_copyright = max(scored)
    where = f"named in {count} clutter block(s)" + (", on the © line" if on_copyright else "")
    if name == title_site:
        where += ", and in the <title>"
    return Finding(name, "medium" if count >= 3 or on_copyright else "low", where)


def names_in(text: str) -> list[str]:
    """Capitalised names in a block ("The Moscow Times", «Городские новости»)."""
    names = []
    for match in _NAME.finditer(text):
        words = match.group(0).strip("«»").rstrip(".:,;").removesuffix("’s").removesuffix("'s")
        parts = _LEGAL_SUFFIX.sub("", words).split()
        while parts and parts[0] in _SENTENCE_STARTERS:
            parts = parts[1:]
        if parts:
            names.append(" ".join(parts))
    return names


def _contains(text: str, name: str) -> bool:
    return re.search(rf"(?<!\w){re.escape(name)}(?!\w)", text) is not None


def _score(name: str, count: int, on_copyright: bool, in_title: bool) -> float:
    """Repetition, a publication-like word, several words, the © line and the <title>."""
    cue = 2.0 if _PUBLISHER_WORDS.search(name) else 0.0
    several_words = 1.0 if word_count(name) >= 2 else 0.0
    if not cue and not several_words:
        return 0.0  # a lone capitalised word is a menu item, not a name
    if count < 2 and not on_copyright and not in_title:
        return 0.0
    return count + cue + several_words + 3.0 * on_copyright + 3.0 * in_title


def _title_site(title: str | None) -> str | None:
    """The site's name from a "Headline | Site" title (pipes only: dashes occur in headlines)."""
    parts = (title or "").rsplit(" | ", 1)
    return parts[1].strip() if len(parts) == 2 and word_count(parts[1]) <= 5 else None
