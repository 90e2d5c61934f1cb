"""The dependency model build and serve share: what each unit is made of, both ways round."""

from __future__ import annotations

from briefing.engine.reach import near
from briefing.engine.store import load_site
from briefing.site.indexes import index
from briefing.site.insights import related
from briefing.site.pages import lists_of
from tests.conftest import MakeContent, entry


def test_near_reaches_the_related_entries_and_neighbours(make_content: MakeContent) -> None:
    """Every entry whose page shows another (as a neighbour or a related entry) is near it."""
    actors = ["[nato]", "[nato, macron]", "[vladimir-putin, macron]", "[macron]"]
    files = {
        f"entries/2022/2022-01-{1 + n % 28:02d}-e{n}.md": entry(
            f"Entry {n}",
            date=f"2022-01-{1 + n % 28:02d}",
            thread=["talks", "buildup", "[talks, buildup]"][n % 3],
            actors=actors[n % 4],
        )
        for n in range(60)
    }
    site, problems = load_site(make_content(files), include_drafts=False)
    assert site is not None, problems
    ix = index(site)
    for shown_entry in site.entries:
        shown = related(shown_entry, lists_of(ix, shown_entry), ix.positions)
        shown += [e for e in ix.neighbours[shown_entry.url] if e is not None]
        assert shown
        for other in shown:
            assert shown_entry in near(ix, other), (shown_entry.url, other.url)
