"""Splitting saved pages into blocks, and reading HTML metadata."""

from __future__ import annotations

import pytest

from briefing.clip.blocks import looks_like_html, split_text
from briefing.clip.htmlpage import parse_html


@pytest.mark.parametrize(
    ("text", "blocks"),
    [
        ("One line.\nAnother line.", ["One line.", "Another line."]),
        ("Para one\nwraps here.\n\nPara two.", ["Para one wraps here.", "Para two."]),
        ("Headline\nStarts upper, so apart.", ["Headline", "Starts upper, so apart."]),
        ("Ends with a stop.\nnext starts lower.", ["Ends with a stop.", "next starts lower."]),
        ("  spaced\u00a0 out  \n\n\n", ["spaced out"]),
        ("", []),
    ],
)
def test_split_text(text: str, blocks: list[str]) -> None:
    assert [block.text for block in split_text(text)] == blocks


@pytest.mark.parametrize(
    ("text", "name", "expected"),
    [
        ("<!doctype html><p>x</p>", "a.txt", True),
        ("plain text", "page.html", True),
        ("Text with a <b>tag</b> in it.", "a.txt", False),
        ("<p>One</p><p>Two</p>", "", True),
    ],
)
def test_looks_like_html(text: str, name: str, expected: bool) -> None:
    assert looks_like_html(text, name) is expected


PAGE = """<!doctype html><html><head>
<title>Big news | Example Post</title>
<meta property="og:title" content="Big news">
<meta property="og:url" content="https://example.org/big-news">
<script type="application/ld+json">
{"@graph": [{"@type": "WebSite", "name": "Example"},
            {"@type": "NewsArticle", "headline": "Big news, told fully",
             "datePublished": "2022-03-04T05:06:07Z", "publisher": {"name": "Example Post"}}]}
</script>
<script>var ignored = "<p>not text</p>";</script>
</head><body>
<nav><a href="/">Home</a></nav>
<article><h1>Big news</h1><p>First <a href="/x">linked words</a> and more.<br>Same block.</p>
<p>Unclosed paragraph<p>next one</article>
<div class="newsletter-box"><p>Join us</p></div>
</body></html>"""


def test_parse_html_blocks() -> None:
    page = parse_html(PAGE)
    texts = [(b.tag, b.text) for b in page.blocks]
    assert texts == [
        ("nav", "Home"),
        ("h1", "Big news"),
        ("p", "First linked words and more. Same block."),
        ("p", "Unclosed paragraph"),
        ("p", "next one"),
        ("p", "Join us"),
    ]
    first = page.blocks[2]
    assert first.link_chars == len("linked words")
    assert page.blocks[0].container_hint < 0  # inside <nav>
    assert page.blocks[1].container_hint > 0  # inside <article>
    assert page.blocks[-1].container_hint < 0  # inside class="newsletter-box"


def test_parse_html_metadata_prefers_json_ld() -> None:
    meta = parse_html(PAGE).meta
    assert meta.title == "Big news | Example Post"
    assert meta.headline == "Big news, told fully"
    assert meta.site_name == "Example Post"
    assert meta.published == "2022-03-04T05:06:07Z"
    assert meta.published_source == "JSON-LD datePublished"
    assert meta.url == "https://example.org/big-news"


@pytest.mark.parametrize(
    ("head", "published", "source"),
    [
        ('<meta property="article:published_time" content="2022-01-28">', "2022-01-28",
         "article:published_time"),
        ('<time datetime="2022-01-27T10:00">yesterday</time>', "2022-01-27T10:00",
         "<time datetime>"),
        ('<script type="application/ld+json">{not json</script>', None, None),
    ],
)  # fmt: skip
def test_parse_html_published(head: str, published: str | None, source: str | None) -> None:
    meta = parse_html(f"<html><head>{head}</head><body><p>x</p></body></html>").meta
    assert (meta.published, meta.published_source) == (published, source)
