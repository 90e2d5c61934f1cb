"""The configured Markdown renderer: CommonMark, tables, footnotes, smart quotes, anchors."""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Sequence
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.common.utils import escapeHtml
from markdown_it.token import Token
from mdit_py_plugins.anchors import anchors_plugin
from mdit_py_plugins.footnote import footnote_plugin

from briefing.site.urls import slugify

_SAFE_DATA_IMAGE = ("data:image/gif;", "data:image/png;", "data:image/jpeg;", "data:image/webp;")
_BAD_SCHEMES = ("javascript:", "vbscript:", "file:", "data:")


def make_renderer(allow_html: bool) -> MarkdownIt:
    """Raw HTML is escaped unless the site opts in; dangerous link schemes never render.

    HTML is always parsed, so that an editor's `<!-- note -->` is recognised and dropped
    (clip leaves suggestions in such comments); other raw HTML is shown escaped, as text,
    unless `allow_html` is set.
    """
    md = MarkdownIt("commonmark", {"html": True, "typographer": True, "xhtmlOut": False})
    md.enable(["table", "replacements", "smartquotes", "strikethrough"])
    md.use(footnote_plugin)
    # Memos that live with this renderer (one per build), not the module: an entry often links
    # the same source twice, headings repeat across entries, and normalising a link (parse,
    # then percent-encode) is some 8% of the Markdown time.
    slug = functools.lru_cache(maxsize=4096)(slugify_anchor)
    md.use(anchors_plugin, min_level=2, max_level=4, slug_func=slug)
    md.validateLink = _validate_link  # type: ignore[method-assign]
    md.normalizeLink = functools.lru_cache(maxsize=4096)(md.normalizeLink)  # type: ignore[method-assign]
    md.add_render_rule("html_block", _raw_html(md, allow_html, block=True))
    md.add_render_rule("html_inline", _raw_html(md, allow_html, block=False))
    return md


_COMMENT = re.compile(r"<!--.*?(-->|$)", re.DOTALL)


def _raw_html(md: MarkdownIt, allow: bool, *, block: bool) -> Callable[..., str]:
    def render(self: Any, tokens: Sequence[Token], idx: int, options: Any, env: Any) -> str:
        content = tokens[idx].content
        if content.lstrip().startswith("<!--"):
            # CommonMark ends a comment block at the end of the line holding '-->', so
            # the text after it on that line belongs to the block: publish it, as the
            # author meant, and drop only the comments.
            rest = _COMMENT.sub("", content).strip()
            if not rest or not block:
                return ""
            if allow and rest.startswith("<"):
                return rest + "\n"
            return f"<p>{md.renderInline(rest, env)}</p>\n"
        if allow:
            return content
        text = escapeHtml(content)
        return f"<p>{text.strip()}</p>\n" if block else text

    return render


def slugify_anchor(text: str) -> str:
    return slugify(text, max_words=12, empty="section")


def _validate_link(url: str) -> bool:
    # markdown-it-py already refuses these; stated here so that a change in the
    # library's defaults can never let a script URL reach an href.
    lowered = "".join(url.split()).lower()
    if lowered.startswith(_SAFE_DATA_IMAGE):
        return True
    return not lowered.startswith(_BAD_SCHEMES)
