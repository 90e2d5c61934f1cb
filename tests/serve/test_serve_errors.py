"""Errors tell the truth, and `build` and `serve` tell it the same way.

A template's runtime error names the template by its path in the templates folder and its
line; serve shows it and goes on serving the last good site. A bug in our own code is an
internal error with the page it was rendering, never a template error.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from briefing import cli
from briefing.engine import units
from briefing.engine.pipeline import BuildOptions, build
from briefing.errors import BuildError, InternalError
from briefing.serve.command import Preview, ServeOptions
from briefing.site.views import Page
from tests.conftest import entry
from tests.serve.sitegen import copy_templates, make_site

DIVIDE_BY_ZERO = "{{ (page.title|length) // 0 }}\n"
EXPECTED = "templates/partials/pager.html:8: template: integer division or modulo by zero"


@pytest.fixture
def sources(tmp_path: Path) -> tuple[Path, Path]:
    return make_site(tmp_path, count=12), copy_templates(tmp_path)


def build_errors(content: Path, templates: Path, out: Path) -> list[str]:
    options = BuildOptions(content, templates, out, drafts=True, search=False, jobs=1)
    with pytest.raises(BuildError) as caught:
        build(options)
    return [str(e) for e in caught.value.errors]


def tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


@pytest.fixture
def served(sources: tuple[Path, Path], tmp_path: Path) -> Iterator[tuple[Preview, Path]]:
    content, templates = sources
    out = tmp_path / "served"
    preview = Preview(ServeOptions(content, templates, out, drafts=True), out)
    assert preview.update().ok
    yield preview, out


def test_a_runtime_error_in_a_partial_names_the_partial_in_build(
    sources: tuple[Path, Path], tmp_path: Path
) -> None:
    content, templates = sources
    pager = templates / "partials/pager.html"
    pager.write_text(pager.read_text() + DIVIDE_BY_ZERO)
    assert build_errors(content, templates, tmp_path / "out") == [EXPECTED]


def test_serve_shows_a_runtime_error_and_keeps_the_last_good_site(
    served: tuple[Preview, Path], sources: tuple[Path, Path], tmp_path: Path
) -> None:
    preview, out = served
    content, templates = sources
    before = tree(out)
    pager = templates / "partials/pager.html"
    good = pager.read_text()
    pager.write_text(good + DIVIDE_BY_ZERO)
    outcome = preview.update()  # raised ZeroDivisionError, which stopped serve, before
    assert not outcome.ok
    assert list(outcome.errors) == [EXPECTED]
    assert list(outcome.errors) == build_errors(content, templates, tmp_path / "build")
    assert tree(out) == before
    pager.write_text(good)
    outcome = preview.update()
    assert outcome.ok, outcome.errors


def test_a_sitemap_after_adding_an_entry_is_the_builds_byte_for_byte(
    served: tuple[Preview, Path], sources: tuple[Path, Path], tmp_path: Path
) -> None:
    preview, out = served
    content, templates = sources
    new = content / "entries/2022/2022-01-21-new-arrival.md"
    new.write_text(entry("New arrival", date="2022-01-21", thread="buildup"))
    assert preview.update().ok
    build(BuildOptions(content, templates, tmp_path / "full", drafts=True, search=False, jobs=1))
    sitemap = (out / "sitemap.xml").read_bytes()
    assert b"new-arrival" in sitemap
    assert sitemap == (tmp_path / "full/sitemap.xml").read_bytes()


def broken_view() -> Page:
    return {"only": Page("x", "x", {}, "", "")}["missing"]


def test_a_bug_in_view_code_is_an_internal_error_not_a_template_error(
    sources: tuple[Path, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    content, templates = sources
    monkeypatch.setattr(units, "not_found_page", broken_view)
    options = BuildOptions(content, templates, tmp_path / "out", search=False, jobs=1)
    with pytest.raises(InternalError) as caught:
        build(options)
    assert caught.value.summary == "KeyError: 'missing'"
    assert caught.value.page == "the pages of unit 404"
    assert "in broken_view" in caught.value.details  # the traceback, down to the bug
    assert not (tmp_path / "out").exists()


def test_build_and_serve_report_an_internal_error_alike(
    served: tuple[Preview, Path],
    sources: tuple[Path, Path],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    preview, _ = served
    content, templates = sources
    monkeypatch.setattr(units, "not_found_page", broken_view)
    (templates / "404.html").write_text((templates / "404.html").read_text() + "\n")
    outcome = preview.update()
    assert not outcome.ok
    assert outcome.errors == (
        "internal error while rendering the pages of unit 404: KeyError: 'missing'",
    )
    assert "Traceback" in outcome.details
    code = cli.main(["build", "--content", str(content), "--templates", str(templates),
                     "--out", str(tmp_path / "out"), "--no-search", "--no-cache", "--jobs", "1",
                     "-q"])  # fmt: skip
    assert code == 70
    printed = capsys.readouterr().err
    assert outcome.errors[0] in printed
    assert "template" not in printed.splitlines()[-1]
