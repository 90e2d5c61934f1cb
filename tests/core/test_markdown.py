"""Markdown behaviour: input and the HTML it must (or must not) give."""

from __future__ import annotations

import pytest

from briefing.render.markdown import make_renderer

CASES = [
    ("raw html is escaped", "Hi <b>x</b>", "Hi &lt;b&gt;x&lt;/b&gt;"),
    (
        "script block is escaped",
        "<script>alert(1)</script>",
        "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>",
    ),
    ("editor comments are dropped", "A\n\n<!-- suggested quotes -->\n\nB", "<p>A</p>\n<p>B</p>"),
    ("comment in code stays", "`<!-- x -->`", "<code>&lt;!-- x --&gt;</code>"),
    ("javascript link never reaches href", "[x](javascript:alert(1))", "[x](javascript:alert(1))"),
    ("vbscript link", "[x](vbscript:msgbox)", "[x](vbscript:msgbox)"),
    ("data link", "[x](data:text/html,hi)", "[x](data:text/html,hi)"),
    (
        "data image is allowed",
        "![i](data:image/png;base64,AA)",
        '<img src="data:image/png;base64,AA" alt="i">',
    ),
    ("smart quotes", '"quoted"', "“quoted”"),
    ("heading anchor", "## Key points", '<h2 id="key-points">Key points</h2>'),
    ("table", "| a | b |\n|---|---|\n| 1 | 2 |", "<td>1</td>"),
    ("footnote", "Note[^1].\n\n[^1]: Text.", 'class="footnote-ref"'),
]


@pytest.mark.parametrize(("source", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_markdown(source: str, expected: str) -> None:
    html = make_renderer(False).render(source)
    assert expected in html
    assert 'href="javascript' not in html.lower() and 'href="vbscript' not in html.lower()


def test_trusted_sites_may_use_html() -> None:
    assert "<aside>hi</aside>" in make_renderer(True).render("<aside>hi</aside>")
