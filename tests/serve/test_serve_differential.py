"""One sequence of edits, three ways to the output: all three must agree byte for byte.

After each edit of a seeded random sequence, (a) the engine `serve` keeps alive, (b) a
build with a warm cache and (c) a build from nothing must write the same files, sitemap
included, or report the same errors. Every kind of edit comes once, in an order the seed
picks, then a few more at random. A failure names its seed: set BRIEFING_DIFF_SEED to run
that sequence again.
"""

from __future__ import annotations

import os
import random
import re
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from briefing.engine.pipeline import BuildOptions, build
from briefing.errors import BuildError
from briefing.serve.command import Preview, ServeOptions
from briefing.serve.watch import Changes
from tests.conftest import entry, write_tree
from tests.serve.sitegen import copy_templates, generated_files

SEED = int(os.environ.get("BRIEFING_DIFF_SEED", "20261129"))
EXTRA_STEPS = 1


@dataclass
class Sources:
    content: Path
    templates: Path
    rng: random.Random
    added: int = 0

    def entries(self) -> list[Path]:
        return sorted((self.content / "entries").rglob("*.md"))

    def pick(self) -> Path:
        return self.rng.choice(self.entries())

    def rewrite(self, path: Path, old: str, new: str) -> None:
        text = path.read_text(encoding="utf-8")
        assert old in text, (path, old)
        path.write_text(text.replace(old, new, 1), encoding="utf-8")


def body(s: Sources) -> None:
    s.rewrite(s.pick(), "More text.", f"More text, edited {s.rng.randrange(1000)}.")


def title(s: Sources) -> None:
    s.rewrite(s.pick(), "title: ", f"title: Revised {s.rng.randrange(1000)} ")


def date_move(s: Sources) -> None:
    """An entry moved to another day, its file renamed to match (as the check asks)."""
    path = s.pick()
    day = re.search(r"^date: (\S+)$", path.read_text(encoding="utf-8"), re.M)
    assert day is not None
    new = f"2022-02-{s.rng.randrange(1, 28):02d}"
    s.rewrite(path, f"date: {day[1]}", f"date: {new}")
    moved = path.with_name(new + path.name.removeprefix(day[1]))
    if not moved.exists():
        path.rename(moved)


def actor_renamed(s: Sources) -> None:
    path = s.content / "actors.yaml"
    name = s.rng.choice(["name: NATO", "name: Emmanuel Macron", "name: Vladimir Putin"])
    s.rewrite(path, name, f"{name} {s.rng.randrange(1000)}")


def alias_moved(s: Sources) -> None:
    """'Macron', which entries use, comes to name NATO instead."""
    path = s.content / "actors.yaml"
    text = path.read_text(encoding="utf-8")
    if "aliases: [Macron]" in text:
        text = text.replace("aliases: [Macron]", "aliases: []")
        text = text.replace("aliases: [North Atlantic", "aliases: [Macron, North Atlantic")
    else:
        text = text.replace("aliases: [Macron, North Atlantic", "aliases: [North Atlantic")
        text = text.replace("aliases: []", "aliases: [Macron]")
    path.write_text(text, encoding="utf-8")


def registry_changed(s: Sources) -> None:
    path = s.content / "topics.yaml"
    s.added += 1
    text = path.read_text(encoding="utf-8").replace("name: Diplomacy", f"name: Diplomacy {s.added}")
    path.write_text(text + f"- id: new-topic-{s.added}\n  name: New topic {s.added}\n", "utf-8")


def template_changed(s: Sources) -> None:
    path = s.templates / s.rng.choice(["partials/pager.html", "partials/card.html"])
    path.write_text(path.read_text(encoding="utf-8") + f"\n<!-- {s.rng.randrange(1000)} -->\n")


def file_added(s: Sources) -> None:
    s.added += 1
    day = f"2022-01-{s.rng.randrange(18, 28):02d}"
    text = entry(f"Added {s.added}", date=day, thread="buildup", actors="[Macron, nato]",
                 body="Added.\n\nMore text.")  # fmt: skip
    write_tree(s.content, {f"entries/2022/{day}-added-{s.added}.md": text})


def file_deleted(s: Sources) -> None:
    s.pick().unlink()


def file_renamed(s: Sources) -> None:
    """The same bytes under a new name: a new URL, and the old one gone."""
    path = s.pick()
    s.added += 1
    path.rename(path.with_name(f"{path.stem}-moved-{s.added}.md"))


def front_matter_swapped(s: Sources) -> None:
    """Two entries trade everything but their dates: two paths hold other front matter."""
    first, second = s.rng.sample(s.entries(), 2)
    one, two = first.read_text(encoding="utf-8"), second.read_text(encoding="utf-8")
    date = re.compile(r"^date: .*$", re.M)
    one_day, two_day = date.search(one), date.search(two)
    assert one_day is not None and two_day is not None
    first.write_text(date.sub(one_day[0], two, count=1), encoding="utf-8")
    second.write_text(date.sub(two_day[0], one, count=1), encoding="utf-8")


EDITS: dict[str, Callable[[Sources], None]] = {
    edit.__name__: edit
    for edit in (body, title, date_move, actor_renamed, alias_moved, registry_changed,
                 template_changed, file_added, file_deleted, file_renamed,
                 front_matter_swapped)
}  # fmt: skip


def tree(root: Path) -> dict[str, bytes]:
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


class Outputs:
    """The three ways to the output, each with its own folder."""

    def __init__(self, content: Path, templates: Path, work: Path) -> None:
        self.content, self.templates, self.work = content, templates, work
        self.served = work / "served"
        self.preview = Preview(ServeOptions(content, templates, self.served), self.served)
        self.seen: dict[str, bytes] | None = None  # the content as the last run found it

    def options(self, name: str, cache: Path | None) -> BuildOptions:
        return BuildOptions(self.content, self.templates, self.work / name, drafts=True,
                            search=False, cache=cache, jobs=1)  # fmt: skip

    def run(self) -> tuple[list[str], list[str], list[str]]:
        """Each way's errors (none: it wrote its output)."""
        # What a watcher would report: the paths whose bytes changed, appeared or went.
        now = tree(self.content)
        before = self.seen if self.seen is not None else now
        changed = {p for p in now.keys() | before.keys() if now.get(p) != before.get(p)}
        first = self.seen is None
        self.seen = now
        outcome = self.preview.update(None if first else Changes(frozenset(changed)))
        shutil.rmtree(self.work / "cold", ignore_errors=True)
        return (
            list(outcome.errors),
            _errors(self.options("warm", self.work / "cache")),
            _errors(self.options("cold", None)),
        )


def _errors(options: BuildOptions) -> list[str]:
    try:
        build(options)
    except BuildError as exc:
        return [str(e) for e in exc.errors if not e.warning]
    return []


def assert_agree(outputs: Outputs, step: str) -> None:
    served, warm, cold = outputs.run()
    assert served == warm == cold, f"{step}: the errors differ"
    if served:
        return
    expected = tree(outputs.work / "cold")
    for name, root in (("serve", outputs.served), ("warm build", outputs.work / "warm")):
        got = tree(root)
        assert sorted(got) == sorted(expected), f"{step}: {name} writes other files"
        for path, data in expected.items():
            assert got[path] == data, f"{step}: {name}'s {path} differs from a cold build"


def test_serve_warm_and_cold_builds_agree_after_every_edit(tmp_path: Path) -> None:
    files = generated_files(30, page_size=8)  # lists still run to two or three pages
    for path in sorted(files)[5::4]:  # some entries name actors by alias
        files[path] = files[path].replace("emmanuel-macron", "Macron")
    content = write_tree(tmp_path / "content", files)
    templates = copy_templates(tmp_path)
    rng = random.Random(SEED)
    sources = Sources(content, templates, rng)
    names = sorted(EDITS)
    steps = rng.sample(names, len(names)) + [rng.choice(names) for _ in range(EXTRA_STEPS)]
    steps.insert(rng.randrange(len(steps)), "broken_then_fixed")
    steps.insert(rng.randrange(len(steps)), "title_undone")
    outputs = Outputs(content, templates, tmp_path / "out")
    done: list[str] = []
    try:
        assert_agree(outputs, "the first build")
        for step in steps:
            done.append(step)
            if step == "broken_then_fixed":
                broken_then_fixed(sources, outputs, ", ".join(done))
                continue
            if step == "title_undone":
                title_undone(sources, outputs, ", ".join(done))
                continue
            EDITS[step](sources)
            assert_agree(outputs, ", ".join(done))
    except AssertionError as exc:
        pytest.fail(f"seed {SEED} (BRIEFING_DIFF_SEED={SEED} reruns it): {exc}")


def broken_then_fixed(s: Sources, outputs: Outputs, step: str) -> None:
    path = s.pick()
    good = path.read_text(encoding="utf-8")
    path.write_text(re.sub(r"^thread: .*$", "thread: bildup", good, count=1, flags=re.M))
    served_before = tree(outputs.served)
    served, warm, cold = outputs.run()
    assert served and served == warm == cold, f"{step} (broken): the errors differ"
    assert tree(outputs.served) == served_before, f"{step} (broken): serve changed its output"
    path.write_text(good, encoding="utf-8")
    assert_agree(outputs, f"{step} (fixed)")


def title_undone(s: Sources, outputs: Outputs, step: str) -> None:
    """A title edited, built, then put back: the file returns to bytes an earlier run read."""
    path = s.pick()
    before = path.read_bytes()
    title(s)
    assert_agree(outputs, f"{step} (edited)")
    path.write_bytes(before)
    assert_agree(outputs, f"{step} (undone)")
