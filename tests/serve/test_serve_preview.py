"""The served folder, kept up to date by the engine, holds exactly what a full build writes."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from briefing.engine.pipeline import BuildOptions, build
from briefing.errors import BuildError
from briefing.serve.command import Outcome, Preview, ServeOptions
from tests.conftest import entry
from tests.serve.sitegen import copy_templates, make_site

Edit = Callable[[Path, Path], None]


def tree(root: Path) -> dict[str, bytes]:
    files = {}
    for path in sorted(root.rglob("*")):
        if path.is_file() and "pagefind" not in path.parts:
            files[path.relative_to(root).as_posix()] = path.read_bytes()
    return files


def assert_same_as_full_build(content: Path, templates: Path, out: Path, tmp: Path) -> None:
    full = tmp / "full"
    try:
        build(BuildOptions(content, templates, full, drafts=True, search=False, jobs=1))
    except BuildError as exc:  # pragma: no cover - shown when a fixture is wrong
        pytest.fail(f"the full build failed: {exc}")
    mine, theirs = tree(out), tree(full)
    assert sorted(mine) == sorted(theirs)
    for path, data in theirs.items():  # the sitemap too, byte for byte
        assert mine[path] == data, f"{path} differs from a full build"


def write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def retitle(content: Path, _: Path) -> None:
    rel = "entries/2022/2022-01-20-item-01.md"
    text = (content / rel).read_text().replace("Item 01", "Item one, retitled")
    write(content / rel, text)


def redate(content: Path, _: Path) -> None:
    # The file name's date and date: agree, or the entry is in error: a new date moves both.
    old, new = "entries/2022/2022-01-22-item-04.md", "entries/2022/2022-03-02-item-04.md"
    text = (content / old).read_text().replace("date: 2022-01-22", "date: 2022-03-02")
    (content / old).unlink()
    write(content / new, text)


def delete(content: Path, _: Path) -> None:
    rel = "entries/2022/2022-01-25-item-08.md"
    (content / rel).unlink()


def add(content: Path, _: Path) -> None:
    rel = "entries/2022/2022-01-25-new-arrival.md"
    write(content / rel, entry("New arrival", date="2022-01-25", thread="buildup"))


def rename(content: Path, _: Path) -> None:
    old = "entries/2022/2022-01-21-item-02.md"
    new = "entries/2022/2022-01-21-item-two.md"
    (content / old).rename(content / new)


def rethread(content: Path, _: Path) -> None:
    rel = "entries/2022/2022-01-23-item-05.md"
    text = (content / rel).read_text().replace("thread: sanctions", "thread: [buildup, sanctions]")
    write(content / rel, text)


def new_day_and_actor(content: Path, _: Path) -> None:
    rel = "entries/2021/2021-12-31-year-end.md"
    write(content / rel, entry("Year end", date="2021-12-31", thread="sanctions", actors="[nato]"))


def rename_actor(content: Path, _: Path) -> None:
    text = (content / "actors.yaml").read_text().replace("name: NATO", "name: The Alliance")
    write(content / "actors.yaml", text)


def thread_background(content: Path, _: Path) -> None:
    rel = "threads/buildup.md"
    write(content / rel, (content / rel).read_text() + "\nA new paragraph.\n")


def thread_title(content: Path, _: Path) -> None:
    rel = "threads/talks.md"
    write(content / rel, (content / rel).read_text().replace("title: Talks", "title: The talks"))


def draft(content: Path, _: Path) -> None:
    rel = "entries/2022/2022-01-26-draft-note.md"
    write(content / rel, entry("Draft note", date="2022-01-26", extra="draft: true\n"))


def pager_template(_: Path, templates: Path) -> None:
    path = templates / "partials/pager.html"
    write(path, path.read_text().replace("Older →", "Older entries →"))


def stylesheet(_: Path, templates: Path) -> None:
    path = templates / "assets/style.css"
    write(path, path.read_text() + "\n/* changed */\n")


def burst(content: Path, _: Path) -> None:
    """Several files at once, as a `git checkout` would change them."""
    retitled = "entries/2022/2022-01-22-item-03.md"
    write(content / retitled, (content / retitled).read_text().replace("Item 03", "Item three"))
    gone = ["entries/2022/2022-01-24-item-06.md", "entries/2022/2022-01-25-item-07.md"]
    for rel in gone:
        (content / rel).unlink()
    added = "entries/2022/2022-02-06-latest.md"
    write(content / added, entry("Latest", date="2022-02-06", thread="sanctions"))


def delete_two(content: Path, _: Path) -> None:
    rels = ["entries/2022/2022-01-27-item-10.md", "entries/2022/2022-01-20-item-00.md"]
    for rel in rels:
        (content / rel).unlink()


EDITS = [
    retitle, redate, delete, add, rename, rethread, new_day_and_actor, draft,
    rename_actor, thread_background, thread_title, pager_template, stylesheet, delete_two, burst,
]  # fmt: skip


@pytest.fixture
def preview(tmp_path: Path) -> Iterator[tuple[Preview, Path, Path, Path]]:
    content = make_site(tmp_path)
    templates = copy_templates(tmp_path)
    out = tmp_path / "out"
    preview = Preview(ServeOptions(content, templates, out, drafts=True), out)
    outcome = preview.update()
    assert outcome.ok, outcome.errors
    yield preview, content, templates, out


@pytest.mark.parametrize("edit", EDITS, ids=lambda edit: edit.__name__)
def test_one_edit_matches_a_full_build(
    preview: tuple[Preview, Path, Path, Path], edit: Edit, tmp_path: Path
) -> None:
    site, content, templates, out = preview
    edit(content, templates)
    outcome = site.update()
    assert outcome.ok, outcome.errors
    assert outcome.written > 0
    assert_same_as_full_build(content, templates, out, tmp_path)


def test_a_sequence_of_edits_matches_a_full_build_after_each(
    preview: tuple[Preview, Path, Path, Path], tmp_path: Path
) -> None:
    site, content, templates, out = preview
    for number, edit in enumerate(EDITS):
        edit(content, templates)
        outcome = site.update()
        assert outcome.ok, (edit.__name__, outcome.errors)
        assert_same_as_full_build(content, templates, out, tmp_path / str(number))


def test_an_entry_edit_renders_only_what_it_touches(
    preview: tuple[Preview, Path, Path, Path],
) -> None:
    site, content, templates, out = preview
    files = len(tree(out))
    retitle(content, templates)
    outcome = site.update()
    # the entry, its neighbours, its day/month/year, thread, actors, topic, home,
    # indexes, feeds and the sitemap: far fewer than the site's files.
    assert 0 < outcome.written < files / 2


def broken(content: Path) -> None:
    rel = "entries/2022/2022-01-20-item-01.md"
    text = (content / rel).read_text().replace("thread: buildup", "thread: bildup")
    write(content / rel, text)


def test_errors_keep_the_last_good_site_until_fixed(
    preview: tuple[Preview, Path, Path, Path], tmp_path: Path
) -> None:
    site, content, templates, out = preview
    before = tree(out)
    broken(content)
    outcome: Outcome = site.update()
    assert not outcome.ok
    assert list(outcome.errors) == [
        "content/entries/2022/2022-01-20-item-01.md:5: "
        "thread: unknown thread 'bildup' (did you mean 'buildup' (Buildup)?)"
    ]
    assert tree(out) == before
    # another edit while broken still reports the first error, and changes nothing
    add(content, templates)
    outcome = site.update()
    assert not outcome.ok and len(outcome.errors) == 1
    assert tree(out) == before
    rel = "entries/2022/2022-01-20-item-01.md"
    write(content / rel, (content / rel).read_text().replace("bildup", "buildup"))
    outcome = site.update()
    assert outcome.ok, outcome.errors
    assert_same_as_full_build(content, templates, out, tmp_path)


def test_url_collisions_are_reported_and_cleared(
    preview: tuple[Preview, Path, Path, Path], tmp_path: Path
) -> None:
    site, content, templates, out = preview
    rel = "entries/2022/2022-01-20-Item-00.md"
    write(content / rel, entry("Twin", date="2022-01-20", extra="slug: item-00\n"))
    outcome = site.update()
    assert not outcome.ok
    assert {e.split(":")[0] for e in outcome.errors} == {
        "content/entries/2022/2022-01-20-item-00.md",
        "content/entries/2022/2022-01-20-Item-00.md",
    }
    (content / rel).unlink()
    outcome = site.update()
    assert outcome.ok, outcome.errors
    assert_same_as_full_build(content, templates, out, tmp_path)


def test_a_template_syntax_error_is_reported_with_its_line(
    preview: tuple[Preview, Path, Path, Path], tmp_path: Path
) -> None:
    site, content, templates, out = preview
    path = templates / "partials/pager.html"
    good = path.read_text()
    write(path, good.replace("{% endif %}", "{% endiff %}", 1))
    outcome = site.update()
    assert not outcome.ok
    assert outcome.errors[0].startswith("templates/partials/pager.html:")
    write(path, good)
    outcome = site.update()
    assert outcome.ok, outcome.errors
    assert_same_as_full_build(content, templates, out, tmp_path)


def test_a_rescan_picks_up_a_moved_folder(
    preview: tuple[Preview, Path, Path, Path], tmp_path: Path
) -> None:
    site, content, templates, out = preview
    (content / "entries/2022").rename(content / "entries/archive-2022")
    outcome = site.update()
    assert outcome.ok, outcome.errors
    assert_same_as_full_build(content, templates, out, tmp_path)
