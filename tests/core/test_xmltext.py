"""briefing.render.xmltext writes the very bytes xml.sax.saxutils writes, without its imports."""

from __future__ import annotations

import random
from xml.sax import saxutils

from briefing.render import xmltext


def test_escaping_matches_the_standard_library() -> None:
    pieces = ["a", "&", "<", ">", '"', "'", "\n", "\r", "\t", " ", "é", "&amp;", "]]>"]
    rng = random.Random(5)
    samples = ["", *pieces]
    samples += ["".join(rng.choices(pieces, k=rng.randint(1, 10))) for _ in range(5000)]
    for text in samples:
        assert xmltext.escape(text) == saxutils.escape(text), text
        assert xmltext.quoteattr(text) == saxutils.quoteattr(text), text
