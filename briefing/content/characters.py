"""Characters that no page or feed can carry, found in text from content (pure).

XML 1.0 forbids the C0 controls but tab, newline and carriage return, lone surrogates and
U+FFFE/U+FFFF: one of them in a title makes every feed that lists it unreadable. HTML
calls the C1 controls and DEL parse errors, so they are refused as well.
"""

from __future__ import annotations

import re
import unicodedata
from typing import NamedTuple

_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


class BadCharacter(NamedTuple):
    offset: int  # index into the text
    message: str


def bad_character(text: str) -> BadCharacter | None:
    """The first character of text that no page or feed can carry, or None."""
    found = _FORBIDDEN.search(text)
    if found is None:
        return None
    return BadCharacter(found.start(), describe(found.group()))


def describe(char: str) -> str:
    """`control character U+000C is not allowed; remove it` (one line, whatever the char)."""
    kind = "control character" if unicodedata.category(char) == "Cc" else "character"
    return f"{kind} U+{ord(char):04X} is not allowed; remove it"


def line_at(text: str, offset: int, first_line: int) -> int:
    """The file line of an offset into text, which starts at first_line."""
    return first_line + text.count("\n", 0, offset)
