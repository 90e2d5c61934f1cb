"""`check`: every broken internal link and missing anchor is named with the page holding it."""

from __future__ import annotations

from pathlib import Path

import pytest

from briefing.commands.check import LinkProblem, check_links
from tests.conftest import MakeContent, entry, run_cli, write_tree

BASE = "https://example.org/brief/"


def site(tmp_path: Path, pages: dict[str, str]) -> Path:
    return write_tree(tmp_path / "site", pages)


def page(body: str, ids: str = "") -> str:
    return (
        f'<!DOCTYPE html><html><head></head><body><main id="main">{ids}{body}</main></body></html>'
    )


@pytest.mark.parametrize(
    ("link", "problem"),
    [
        ('<a href="/brief/threads/">ok</a>', None),
        ('<a href="/brief/threads">folder without its slash</a>', None),
        ('<a href="/brief/threads/#t1">ok anchor</a>', None),
        ('<a href="/brief/threads/index.html#t1">ok file</a>', None),
        ('<a href="#main">own anchor</a>', None),
        ('<a href="threads/">relative</a>', None),
        ('<a href="https://example.org/brief/threads/">absolute to itself</a>', None),
        ('<a href="https://elsewhere.example/x/">external</a>', None),
        ('<a href="//cdn.example/x.js">protocol-relative</a>', None),
        ('<a href="mailto:desk@example.org">mail</a>', None),
        ('<a href="/brief/pagefind/pagefind-ui.js">search bundle</a>', None),
        ('<img src="/brief/assets/logo.svg" alt="">', None),
        ('<img srcset="/brief/assets/logo.svg 1x, /brief/assets/logo.svg 2x" alt="">', None),
        ('<a href="/brief/threads/nope/">x</a>', ("broken link", "/brief/threads/nope/")),
        ('<a href="/brief/threads/#nope">x</a>', ("missing anchor", "/brief/threads/#nope")),
        ('<a href="#nope">x</a>', ("missing anchor", "#nope")),
        ('<a href="/threads/">outside the path</a>', ("broken link", "/threads/")),
        ('<a href="../../../x/">climbs out</a>', ("broken link", "../../../x/")),
        (
            '<link rel="stylesheet" href="/brief/assets/gone.css">',
            ("broken link", "/brief/assets/gone.css"),
        ),
        ('<img src="/brief/assets/gone.png" alt="">', ("broken link", "/brief/assets/gone.png")),
        ('<script src="/brief/assets/gone.js"></script>', ("broken link", "/brief/assets/gone.js")),
        (
            '<a href="https://example.org/brief/gone/">x</a>',
            ("broken link", "https://example.org/brief/gone/"),
        ),
        ('<a href="/brief/threads/?page=2#t1">query</a>', None),
        ('<a href="/brief/a%20b/">escaped</a>', None),
        ('<a href="/brief/threads/#a&amp;b">entity</a>', None),
    ],
)
def test_links(tmp_path: Path, link: str, problem: tuple[str, str] | None) -> None:
    root = site(
        tmp_path,
        {
            "index.html": page(link),
            "threads/index.html": page("", '<h2 id="t1">T</h2><h3 id="a&amp;b">x</h3>'),
            "a b/index.html": page(""),
            "assets/logo.svg": "<svg/>",
        },
    )
    found = check_links(root, BASE)
    expected = [] if problem is None else [LinkProblem("index.html", *problem)]
    assert found == expected


def test_each_problem_names_the_page_holding_it(tmp_path: Path) -> None:
    root = site(
        tmp_path,
        {
            "index.html": page('<a href="/brief/x/">x</a>'),
            "2022/01/28/call/index.html": page('<a href="/brief/#gone">x</a>'),
        },
    )
    assert [p.shown("site/") for p in check_links(root, BASE)] == [
        "site/2022/01/28/call/index.html: missing anchor /brief/#gone",
        "site/index.html: broken link /brief/x/",
    ]


def test_check_reports_a_missing_anchor_in_a_built_page(
    make_content: MakeContent, tmp_path: Path
) -> None:
    body = (
        "See [the timeline](/threads/talks/#no-such-heading); [fine](/threads/talks/#timeline-h)."
    )
    content = make_content(
        {"entries/2022/2022-01-27-links.md": entry("Links", date="2022-01-27", body=body)}
    )
    before = set(Path.cwd().iterdir())
    result = run_cli("check", "--content", content, "--templates", Path("templates").resolve())
    assert result.returncode == 1, result.stderr
    lines = result.stdout.splitlines()
    source = "(in content/entries/2022/2022-01-27-links.md)"
    assert lines == [
        f"site/2022/01/27/links/index.html: missing anchor /threads/talks/#no-such-heading {source}",
    ]
    assert "checked" in result.stderr and "1 problem " in result.stderr
    assert set(Path.cwd().iterdir()) == before  # site/ is never written


def test_check_reports_body_links_with_the_other_errors_in_one_run(
    make_content: MakeContent,
) -> None:
    body = "See [the other thread](/threads/nope/) and [the call](/2022/01/28/cal/)."
    content = make_content(
        {
            "entries/2022/2022-01-27-links.md": entry("Links", date="2022-01-27", body=body),
            "entries/2022/2022-01-25-bad.md": entry("Bad", date="2022-01-25", actors="[nobody]"),
        }
    )
    result = run_cli("check", "--content", content)
    assert result.returncode == 1
    links = "content/entries/2022/2022-01-27-links.md:13: link"
    assert result.stderr.splitlines()[:3] == [
        "content/entries/2022/2022-01-25-bad.md:6: actors: unknown actor 'nobody'",
        f"{links} '/2022/01/28/cal/' leads to no entry (did you mean '/2022/01/28/call/' "
        "(Putin calls Macron)?)",
        f"{links} '/threads/nope/' leads to no thread 'nope'",
    ]


def test_check_passes_a_good_site_and_the_shipped_content(make_content: MakeContent) -> None:
    result = run_cli("check", "--content", make_content())
    assert result.returncode == 0, result.stdout + result.stderr
    shipped = run_cli("check")
    assert shipped.returncode == 0, shipped.stdout + shipped.stderr


def test_check_validates_as_build_does(make_content: MakeContent) -> None:
    content = make_content({"entries/2022/2022-01-27-bad.md": entry("Bad", thread="nope")})
    result = run_cli("check", "--content", content)
    assert result.returncode == 1
    assert (
        "content/entries/2022/2022-01-27-bad.md:5: thread: unknown thread 'nope'" in result.stderr
    )
