"""The dependency model build and serve share: what each unit is made of, both ways round."""

from __future__ import annotations

from briefing.content.store import load_site
from briefing.engine.reach import near, unit_members, units_of
from briefing.render.feeds import feed_units
from briefing.site.indexes import index
from briefing.site.insights import related
from briefing.site.pages import lists_of, units
from tests.conftest import REPO, MakeContent, entry


def test_units_of_is_unit_members_inverted() -> None:
    site, problems = load_site(REPO / "content", include_drafts=True)
    assert site is not None, problems
    ix = index(site)
    every = [u for u in units(site, ix) + feed_units(site) if u[0] != "entry"]
    for unit in every:
        for member in unit_members(site, ix, unit):
            assert unit in units_of(site, member), (unit, member.url)
    for member in site.entries:
        for unit in units_of(site, member):
            assert unit in every, unit  # names only units the site has
            assert member in unit_members(site, ix, unit), (unit, member.url)


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
