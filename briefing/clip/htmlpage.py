"""Parse a saved HTML page into blocks and metadata, with the stdlib parser."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any

from briefing.clip.blocks import Block, Page, PageMeta, normalize_space

_BLOCK_TAG_NAMES = """address article aside blockquote body dd details dialog div dl dt fieldset
figcaption figure footer form h1 h2 h3 h4 h5 h6 header hr li main menu nav ol p pre section summary
table td th tr ul button label"""
_BLOCK_TAGS = frozenset(_BLOCK_TAG_NAMES.split())
_SKIP_TAG_NAMES = "script style noscript template svg iframe object select textarea"
_SKIP_TAGS = frozenset(_SKIP_TAG_NAMES.split())
_VOID_TAG_NAMES = "area base br col embed hr img input link meta source track wbr"
_VOID_TAGS = frozenset(_VOID_TAG_NAMES.split())
_NEGATIVE_TAGS = frozenset({"nav", "footer", "aside", "form", "button", "menu", "dialog", "label"})
_POSITIVE_TAGS = frozenset({"article", "main"})
# Class and id words that page authors use for boxes around, not in, an article.
_NEGATIVE_NAMES = re.compile(
    r"(?:^|[-_\s])(?:ad|ads|advert\w*|banner|breadcrumbs?|comments?|consent|cookies?|donat\w*"
    r"|footer|menu|modal|nav\w*|newsletter|outbrain|paywall|popup|promo\w*|recommend\w*"
    r"|related|share|sharing|sidebar|signup|social|sponsor\w*|subscri\w*|support|tags?"
    r"|taboola|teaser|widget)(?:$|[-_\s])",
    re.IGNORECASE,
)
_POSITIVE_NAMES = re.compile(
    r"(?:^|[-_\s])(?:article|content|entry|main|post|story|text|body)(?:$|[-_\s])", re.IGNORECASE
)


@dataclass
class _Open:
    tag: str
    hint: int


@dataclass
class _State:
    blocks: list[Block] = field(default_factory=list)
    parts: list[str] = field(default_factory=list)
    link_parts: list[str] = field(default_factory=list)
    meta: dict[str, str] = field(default_factory=dict)
    json_ld: list[str] = field(default_factory=list)
    title_parts: list[str] = field(default_factory=list)
    times: list[str] = field(default_factory=list)


class _PageParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.state = _State()
        self.stack: list[_Open] = []
        self.skip_depth = 0
        self.skip_tag = ""
        self.in_json_ld = False
        self.in_title = False
        self.in_link = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        if self.skip_depth:
            self.skip_depth += tag == self.skip_tag
            return
        self._read_metadata(tag, values)
        if tag in _SKIP_TAGS:
            self.skip_tag, self.skip_depth = tag, 1
            self.in_json_ld = tag == "script" and "ld+json" in values.get("type", "").lower()
            if self.in_json_ld:
                self.state.json_ld.append("")
            return
        if tag == "title":
            self.in_title = True
        elif tag == "a":
            self.in_link += 1
        elif tag == "br":
            self.state.parts.append(" ")
        if tag in _BLOCK_TAGS:
            self._flush()
            if tag in ("p", "li") and self.stack and self.stack[-1].tag == tag:
                self.stack.pop()
            if tag not in _VOID_TAGS:
                self.stack.append(_Open(tag, _hint(tag, values)))

    def handle_endtag(self, tag: str) -> None:
        if self.skip_depth:
            self.skip_depth -= tag == self.skip_tag
            return
        if tag == "title":
            self.in_title = False
        elif tag == "a" and self.in_link:
            self.in_link -= 1
        if tag in _BLOCK_TAGS:
            self._flush()
            if any(item.tag == tag for item in self.stack):
                while self.stack.pop().tag != tag:
                    pass

    def handle_data(self, data: str) -> None:
        if self.skip_depth:
            if self.in_json_ld:
                self.state.json_ld[-1] += data
            return
        if self.in_title:
            self.state.title_parts.append(data)
            return
        self.state.parts.append(data)
        if self.in_link:
            self.state.link_parts.append(data)

    def close(self) -> None:
        super().close()
        self._flush()

    def _read_metadata(self, tag: str, values: dict[str, str]) -> None:
        if tag == "meta":
            key = values.get("property") or values.get("name") or values.get("itemprop") or ""
            if key and "content" in values:
                self.state.meta.setdefault(key.lower(), values["content"])
        elif tag == "link" and "canonical" in values.get("rel", "").lower().split():
            self.state.meta.setdefault("canonical", values.get("href", ""))
        elif tag == "time" and values.get("datetime"):
            self.state.times.append(values["datetime"])

    def _flush(self) -> None:
        text = normalize_space("".join(self.state.parts))
        links = normalize_space("".join(self.state.link_parts))
        self.state.parts.clear()
        self.state.link_parts.clear()
        if not text:
            return
        tag = self.stack[-1].tag if self.stack else "body"
        hint = max(-3, min(2, sum(item.hint for item in self.stack)))
        self.state.blocks.append(Block(text, tag, min(len(links), len(text)), hint))


def _hint(tag: str, values: dict[str, str]) -> int:
    if tag in _NEGATIVE_TAGS:
        return -2
    names = f"{values.get('class', '')} {values.get('id', '')} {values.get('role', '')}"
    if _NEGATIVE_NAMES.search(names) or values.get("role") in ("navigation", "complementary"):
        return -2
    if tag in _POSITIVE_TAGS or _POSITIVE_NAMES.search(names):
        return 1
    return 0


def parse_html(text: str) -> Page:
    """Split a saved HTML page into blocks and read its metadata."""
    parser = _PageParser()
    parser.feed(text)
    parser.close()
    state = parser.state
    return Page(blocks=tuple(state.blocks), meta=_page_meta(state), is_html=True)


def _page_meta(state: _State) -> PageMeta:
    article = _json_ld_article(state.json_ld)
    meta = state.meta
    published_candidates = [
        ("JSON-LD datePublished", _text(article.get("datePublished"))),
        ("article:published_time", meta.get("article:published_time")),
        ("meta datePublished", meta.get("datepublished")),
        ("<time datetime>", state.times[0] if state.times else None),
    ]
    source, published = next(((s, v) for s, v in published_candidates if v), (None, None))
    publisher = article.get("publisher")
    publisher_name = _text(publisher.get("name")) if isinstance(publisher, dict) else None
    return PageMeta(
        title=normalize_space("".join(state.title_parts)) or None,
        headline=_clean(_text(article.get("headline")) or meta.get("og:title")),
        site_name=_clean(meta.get("og:site_name") or publisher_name or _text(publisher)),
        published=published.strip() if published else None,
        published_source=source,
        url=_clean(meta.get("canonical") or meta.get("og:url")),
    )


def _json_ld_article(scripts: list[str]) -> dict[str, Any]:
    """The first JSON-LD object that has a headline, or {} (bad JSON is ignored)."""
    for script in scripts:
        try:
            data = json.loads(script)
        except ValueError:
            continue
        for item in _walk(data):
            if "headline" in item or "datePublished" in item:
                return item
    return {}


def _walk(data: object) -> list[dict[str, Any]]:
    if isinstance(data, list):
        return [item for element in data for item in _walk(element)]
    if isinstance(data, dict):
        return [data, *_walk(data.get("@graph", []))]
    return []


def _text(value: object) -> str | None:
    return value if isinstance(value, str) and value.strip() else None


def _clean(value: str | None) -> str | None:
    return normalize_space(value) or None if value else None
