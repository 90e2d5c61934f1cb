"""Blocks of a saved page: the unit the clutter filter scores."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_SPACE = re.compile(r"\s+")
_ENDS_SENTENCE = re.compile(r"[.!?…:;,\"'”»)\]]$")
_HTML_START = re.compile(
    r"^\s*(?:<!doctype\s+html|<html[\s>]|<head[\s>]|<body[\s>])", re.IGNORECASE
)


@dataclass(frozen=True)
class Block:
    """One paragraph-like piece of text, with what the page said about it."""

    text: str
    tag: str = "p"  # innermost block element; "line" for plain text
    link_chars: int = 0  # characters inside links (HTML only)
    container_hint: int = 0  # < 0 inside nav/footer/"newsletter" boxes, > 0 inside <article>

    @property
    def link_density(self) -> float:
        """Share of the block's characters that are link text."""
        return self.link_chars / len(self.text) if self.text else 0.0


@dataclass(frozen=True)
class PageMeta:
    """What a saved HTML page says about itself, outside its visible text."""

    title: str | None = None  # <title>
    headline: str | None = None  # og:title or JSON-LD headline
    site_name: str | None = None  # og:site_name or JSON-LD publisher.name
    published: str | None = None  # article:published_time, JSON-LD datePublished or <time>
    published_source: str | None = None  # which of those gave `published`
    url: str | None = None  # canonical link or og:url


@dataclass(frozen=True)
class Page:
    """A saved page as an ordered list of blocks plus its metadata."""

    blocks: tuple[Block, ...]
    meta: PageMeta = field(default_factory=PageMeta)
    is_html: bool = False


def normalize_space(text: str) -> str:
    """Collapse runs of whitespace (including non-breaking spaces) to one space."""
    return _SPACE.sub(" ", text.replace("\u00a0", " ")).strip()


def looks_like_html(text: str, filename: str = "") -> bool:
    """Whether a saved file is an HTML page rather than copied text."""
    if filename.lower().endswith((".html", ".htm", ".xhtml")):
        return True
    return bool(_HTML_START.match(text)) or text.count("</p>") >= 2


def split_text(text: str) -> tuple[Block, ...]:
    """Split text copied from a browser into blocks, one per paragraph.

    A browser copy puts each paragraph on its own line. Hard-wrapped text is
    rejoined: a line continues the previous one when that line has no closing
    punctuation and this one starts in lower case.
    """
    paragraphs: list[str] = []
    previous_blank = True
    for raw in text.splitlines():
        line = normalize_space(raw)
        if not line:
            previous_blank = True
            continue
        if paragraphs and not previous_blank and _continues(paragraphs[-1], line):
            paragraphs[-1] = f"{paragraphs[-1]} {line}"
        else:
            paragraphs.append(line)
        previous_blank = False
    return tuple(Block(text=p, tag="line") for p in paragraphs)


def _continues(previous: str, line: str) -> bool:
    return not _ENDS_SENTENCE.search(previous) and line[0].islower()
