"""The page of an entry just edited reaches the served folder ahead of the lists that show it.

The dev server's engine puts the edited entries' pages in first (and the browsers showing
them reload), then renders the rest of the run. These tests hold it to three promises: the
early page is the page the whole run writes; the lists follow in the same run; and if the
rest of the run fails, the early page does not linger as if the engine had never seen it.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from briefing.engine import pipeline
from briefing.engine.commit import MOST_EDITED_FIRST
from briefing.engine.pipeline import BuildOptions, Engine, build
from briefing.errors import BuildError, SourceError
from tests.conftest import write_tree
from tests.serve.sitegen import copy_templates, generated_files

ITEM = "entries/2022/2022-01-24-item-06.md"  # item 6: its page and its thread's list
PAGE = "2022/01/24/item-06/index.html"
THREAD_PAGE = "threads/talks/index.html"


@pytest.fixture
def site(tmp_path: Path) -> tuple[Engine, Path, Path]:
    content = write_tree(tmp_path / "content", generated_files(24, page_size=30))
    templates = copy_templates(tmp_path)
    options = BuildOptions(content, templates, tmp_path / "served", drafts=True,
                           search=False, jobs=1)  # fmt: skip
    engine = Engine(options)
    engine.run(None)
    assert (options.out / PAGE).is_file() and "Item 06" in _read(options.out, THREAD_PAGE)
    return engine, content, options.out


def _read(out: Path, path: str) -> str:
    return (out / path).read_text(encoding="utf-8")


def _edit(content: Path, old: str, new: str, relative: str = ITEM) -> None:
    path = content / relative
    path.write_text(path.read_text(encoding="utf-8").replace(old, new, 1), encoding="utf-8")


def test_the_edited_page_comes_first_then_its_lists(site: tuple[Engine, Path, Path]) -> None:
    engine, content, out = site
    _edit(content, "title: Item 06", "title: Item six, revised")
    seen: list[tuple[bool, bool]] = []

    def first() -> None:  # what a browser reloading now would get
        seen.append(("Item six, revised" in _read(out, PAGE),
                     "Item six, revised" in _read(out, THREAD_PAGE)))  # fmt: skip

    report = engine.run([ITEM], first)
    assert seen == [(True, False)]  # called once, with the page in and its list not yet
    assert "Item six, revised" in _read(out, THREAD_PAGE)
    assert report.written_first == 1 and report.written > 1
    early_page = _read(out, PAGE)
    engine.run([], first)  # nothing changed: nothing comes first
    assert len(seen) == 1 and _read(out, PAGE) == early_page


def test_a_body_edit_writes_the_page_once(site: tuple[Engine, Path, Path]) -> None:
    engine, content, out = site
    _edit(content, "Body of item 6.", "Body of item 6, now longer.")
    calls: list[int] = []
    report = engine.run([ITEM], lambda: calls.append(1))
    assert calls == [1] and "now longer" in _read(out, PAGE)
    # The rest of the run renders the page again, finds the same bytes and leaves it be.
    assert report.written == report.written_first == 1


def test_many_edits_at_once_skip_the_early_pass(site: tuple[Engine, Path, Path]) -> None:
    engine, content, _out = site
    edited = sorted(p.relative_to(content).as_posix() for p in content.rglob("*-item-*.md"))
    edited = edited[: MOST_EDITED_FIRST + 1]
    for relative in edited:
        _edit(content, "Body of item", "Body, edited, of item", relative)
    calls: list[int] = []
    report = engine.run(edited, lambda: calls.append(1))
    assert calls == [] and report.written_first == 0 and report.written == len(edited)


def test_a_failed_run_after_the_early_pass_is_forgotten(
    site: tuple[Engine, Path, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The rest of the run fails (as a template's runtime error in a list would): the early
    page is in the served folder, newer than the engine's state says. Undoing the edit must
    bring that page back, byte for byte as a build from nothing writes it."""
    engine, content, out = site
    original = (content / ITEM).read_text(encoding="utf-8")
    _edit(content, "Body of item 6.", "Body of item 6, soon undone.")

    def failing(*args: object) -> object:
        raise BuildError([SourceError("templates/thread.html", 3, "template: it broke")])

    with monkeypatch.context() as patched:
        patched.setattr(pipeline, "render_and_commit", failing)
        with pytest.raises(BuildError):
            engine.run([ITEM])
    assert "soon undone" in _read(out, PAGE)  # the early pass had put it in
    (content / ITEM).write_text(original, encoding="utf-8")
    engine.run([ITEM])
    cold = dataclasses.replace(engine.options, out=tmp_path / "cold")
    build(cold)
    assert _read(out, PAGE) == _read(cold.out, PAGE)
