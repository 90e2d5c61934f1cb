"""The configured Markdown renderer: CommonMark, tables, footnotes, smart quotes, anchors."""

from __future__ import annotations

from markdown_it import MarkdownIt
from mdit_py_plugins.anchors import anchors_plugin
from mdit_py_plugins.footnote import footnote_plugin

from .urls import slugify

_SAFE_DATA_IMAGE = ("data:image/gif;", "data:image/png;", "data:image/jpeg;", "data:image/webp;")
_BAD_SCHEMES = ("javascript:", "vbscript:", "file:", "data:")


def make_renderer(allow_html: bool) -> MarkdownIt:
    """Raw HTML is escaped unless the site opts in; dangerous link schemes never render."""
    md = MarkdownIt("commonmark", {"html": allow_html, "typographer": True, "xhtmlOut": False})
    md.enable(["table", "replacements", "smartquotes", "strikethrough"])
    md.use(footnote_plugin)
    md.use(anchors_plugin, min_level=2, max_level=4, slug_func=slugify_anchor)
    md.validateLink = _validate_link  # type: ignore[method-assign]
    return md


def slugify_anchor(text: str) -> str:
    return slugify(text, max_words=12)


def _validate_link(url: str) -> bool:
    # markdown-it-py already refuses these; stated here so that a change in the
    # library's defaults can never let a script URL reach an href.
    lowered = "".join(url.split()).lower()
    if lowered.startswith(_SAFE_DATA_IMAGE):
        return True
    return not lowered.startswith(_BAD_SCHEMES)
