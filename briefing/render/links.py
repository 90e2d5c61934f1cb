"""Links in an entry's Markdown, read from markdown-it's tokens: found, and rewritten.

Finding them is part of reading an entry (once per file version, cached with it); where they
lead is decided once the whole site is known (site/bodylinks.py); rendering then writes each
link as decided, so that no page is written with a link that leads nowhere.
"""

from __future__ import annotations

import dataclasses
import hashlib
import re
from collections.abc import Iterator, Mapping
from typing import Any, NamedTuple

from markdown_it import MarkdownIt
from markdown_it.token import Token

from briefing.content.validate import ParsedEntry
from briefing.render.markdown import make_renderer

# A link to another site: a scheme ("https:", "mailto:") or protocol-relative ("//host").
EXTERNAL = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:|^//")
# A cheap test that a body may hold a link to this site: an inline link, or a reference
# definition, whose destination has no scheme. Bodies without one are never parsed here.
# Two patterns, each tried only where its literal part ("](", "]:") occurs: one pattern
# with both alternatives scanned every position of every body, 23 us a body.
_INLINE_INTERNAL = re.compile(r"\]\(\s*<?(?![a-zA-Z][a-zA-Z0-9+.-]*:|//)")
_DEFINED_INTERNAL = re.compile(
    r"^[ ]{0,3}\[[^\]]+\]:\s*<?(?![a-zA-Z][a-zA-Z0-9+.-]*:|//)", re.MULTILINE
)


def may_link_here(body: str) -> bool:
    """Whether the body may hold a link to this site (if not, it is not parsed for links)."""
    return ("](" in body and _INLINE_INTERNAL.search(body) is not None) or (
        "]:" in body and _DEFINED_INTERNAL.search(body) is not None
    )


class BodyLink(NamedTuple):
    """A link to this site in an entry's body: its destination as parsed, and its file line."""

    href: str
    line: int


def body_links(md: MarkdownIt, body: str, body_line: int) -> tuple[BodyLink, ...]:
    """Every link in the body that is not to another site, with the file line it is on."""
    if not may_link_here(body):
        return ()
    found = []
    for token, line in _links(md.parse(body), body_line):
        href = str(token.attrGet("href") or "")
        if href and not EXTERNAL.match(href):
            found.append(BodyLink(href, line))
    return tuple(found)


class LinkScan:
    """Finds the links of entry after entry, with one parser made when first needed."""

    def __init__(self) -> None:
        self._md: MarkdownIt | None = None

    def links_of(self, entry: ParsedEntry) -> ParsedEntry:
        """The entry with its body's links to this site (plain tuples, for the cache)."""
        if not may_link_here(entry.body):
            return entry
        if self._md is None:
            self._md = make_renderer(allow_html=False)  # raw HTML parses alike either way
        found = body_links(self._md, entry.body, entry.body_line)
        return dataclasses.replace(entry, links=tuple((link.href, link.line) for link in found))


def _links(tokens: list[Token], body_line: int) -> Iterator[tuple[Token, int]]:
    """Each link_open token with its file line (counted through the paragraph's breaks)."""
    for block in tokens:
        if block.type != "inline" or not block.children:
            continue
        line = body_line + (block.map[0] if block.map else 0)
        for child in block.children:
            if child.type in ("softbreak", "hardbreak"):
                line += 1
            elif child.type == "link_open":
                yield child, line


def heading_anchors(md: MarkdownIt, body: str) -> frozenset[str]:
    """The ids a rendered body gives its headings and footnotes: where a #fragment may point."""
    ids = set()
    for token in md.parse(body):
        if token.type == "heading_open" and token.attrGet("id"):
            ids.add(str(token.attrGet("id")))
    count = body.count("[^")
    ids.update(f"fn{n}" for n in range(1, count + 1))
    ids.update(f"fnref{n}" for n in range(1, count + 1))
    return frozenset(ids)


def targets_digest(targets: Mapping[str, str] | None) -> str:
    """What a body's rendering depends on besides its file: where its links were sent
    ("" when every link is written as the editor wrote it)."""
    if not targets:
        return ""
    listed = "\0".join(f"{href}\0{to}" for href, to in sorted(targets.items()))
    return "~" + hashlib.blake2b(listed.encode(), digest_size=8).hexdigest()


def render_linked(md: MarkdownIt, body: str, targets: Mapping[str, str]) -> str:
    """The body as HTML, each link in targets written to lead where targets says."""
    if not targets:
        html: str = md.render(body)
        return html
    env: dict[str, Any] = {}
    tokens = md.parse(body, env)
    for token, _ in _links(tokens, 0):
        href = str(token.attrGet("href") or "")
        if href in targets:
            token.attrSet("href", targets[href])
    return str(md.renderer.render(tokens, md.options, env))
