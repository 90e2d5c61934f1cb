"""Templates compiled ahead by a child of the build (render/jinja.compiled_ahead) are used
only where they are what the build itself would compile."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import jinja2
import pytest

from briefing import cli
from briefing.model import SiteConfig
from briefing.render.jinja import Asset, compiled_ahead, environment
from tests.conftest import MakeContent, entry
from tests.core.test_build import tree_digest

PAGE = "<link href=\"{{ 'style.css'|asset }}\"><a href=\"{{ 'feed.xml'|url }}\">{{ who }}</a>"
CONFIG = SiteConfig("Site", "https://example.org/")
ASSETS = {"style.css": Asset("style.css", "assets/style.0123456789.css", b"a{}")}


@pytest.fixture
def compiles(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The names of the templates compiled from then on."""
    names: list[str] = []
    real = jinja2.Environment.compile

    def counted(self: jinja2.Environment, source: str, name: str | None = None, *rest: Any) -> Any:
        names.append(name or "")
        return real(self, source, name, *rest)

    monkeypatch.setattr(jinja2.Environment, "compile", counted)
    return names


def templates(tmp_path: Path) -> Path:
    folder = tmp_path / "templates"
    folder.mkdir()
    (folder / "page.html").write_text(PAGE)
    return folder


def render(env: jinja2.Environment) -> str:
    return env.get_template("page.html").render(who="<you>")


def test_the_build_takes_the_code_and_renders_as_if_it_compiled_it(
    tmp_path: Path, compiles: list[str]
) -> None:
    folder = templates(tmp_path)
    codes = compiled_ahead(folder, CONFIG, ASSETS)
    assert "page.html" in compiles  # compiled there (here: this test is the child)
    compiles.clear()
    ahead = render(environment(folder, CONFIG, ASSETS, None, compiled=lambda: codes))
    assert compiles == []  # nothing compiled again
    assert ahead == render(environment(folder, CONFIG, ASSETS, None))
    assert ahead == (
        '<link href="/assets/style.0123456789.css"><a href="/feed.xml">&lt;you&gt;</a>'
    )


def test_code_compiled_under_other_settings_or_assets_is_not_taken(
    tmp_path: Path, compiles: list[str]
) -> None:
    # The url and asset filters run at compile time on constants: the code holds their result.
    folder = templates(tmp_path)
    codes = compiled_ahead(folder, CONFIG, ASSETS)
    moved = SiteConfig("Site", "https://example.org/briefing/")
    new_css = {"style.css": Asset("style.css", "assets/style.abcdefabcd.css", b"b{}")}
    for config, assets in ((moved, ASSETS), (CONFIG, new_css)):
        compiles.clear()
        page = render(environment(folder, config, assets, None, compiled=lambda: codes))
        assert compiles == ["page.html"]
        assert page == render(environment(folder, config, assets, None))
    assert "/briefing/feed.xml" in render(
        environment(folder, moved, ASSETS, None, compiled=lambda: codes)
    )


def test_a_template_changed_since_is_compiled_again(tmp_path: Path, compiles: list[str]) -> None:
    folder = templates(tmp_path)
    codes = compiled_ahead(folder, CONFIG, ASSETS)
    (folder / "page.html").write_text(PAGE + " (edited)")
    compiles.clear()
    page = render(environment(folder, CONFIG, ASSETS, None, compiled=lambda: codes))
    assert compiles == ["page.html"]
    assert page.endswith(" (edited)")


def test_nothing_compiled_ahead_means_compiling_here(tmp_path: Path, compiles: list[str]) -> None:
    folder = templates(tmp_path)
    page = render(environment(folder, CONFIG, ASSETS, None, compiled=lambda: None))
    assert compiles == ["page.html"]
    assert page == render(environment(folder, CONFIG, ASSETS, None))


def test_a_build_with_two_jobs_compiles_its_templates_ahead(
    make_content: MakeContent, tmp_path: Path, compiles: list[str]
) -> None:
    content = make_content()
    edited = content / "entries/2022/2022-01-26-replies.md"
    sites = {}
    for jobs in ("2", "1"):
        out, cache = tmp_path / f"site{jobs}", tmp_path / f"cache{jobs}"
        args = ["build", "--content", content, "--out", out, "--cache", cache, "--no-search"]
        args += ["--jobs", jobs, "-q"]
        edited.write_text(entry("Written replies", date="2022-01-26"))
        assert cli.main([str(arg) for arg in args]) == 0
        edited.write_text(entry("Written replies, retitled", date="2022-01-26"))
        compiles.clear()
        assert cli.main([str(arg) for arg in args]) == 0
        sites[jobs] = tree_digest(out)
        if jobs == "2":
            assert compiles == []  # the child compiled them (this process counts its own)
        else:
            assert "entry.html" in compiles
    assert sites["2"] == sites["1"]
