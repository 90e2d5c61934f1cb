"""The generated corpus the publish and reader tests build: valid, the same every time, and
carrying every optional field those tests look for."""

from __future__ import annotations

from pathlib import Path

from briefing.engine.store import load_site
from tests.support.corpus import CorpusShape, corpus_files, write_corpus


def test_the_same_shape_gives_the_same_files_and_another_seed_other_words() -> None:
    files = corpus_files(CorpusShape(entries=40))
    assert files == corpus_files(CorpusShape(entries=40))
    other = corpus_files(CorpusShape(entries=40, seed=16))
    assert other["actors.yaml"] == files["actors.yaml"]  # the registries are fixed lists
    assert len(other) == len(files) and other != files


def test_it_loads_without_errors_or_warnings_and_has_every_optional_field(
    tmp_path: Path,
) -> None:
    content = write_corpus(tmp_path / "content", CorpusShape(entries=120))
    site, problems = load_site(content, include_drafts=False)
    assert site is not None and problems == [], problems
    entries = site.entries
    assert len(entries) == 120
    assert sum(e.trend is not None for e in entries) == 100  # all but one in six
    assert sum(bool(e.statements) for e in entries) == 40
    assert sum(bool(e.indicator_ids) for e in entries) == 15
    assert sum(bool(e.corrections) for e in entries) == 6
    assert any(len(e.thread_ids) == 2 for e in entries)
    days = [e.day for e in entries]
    assert len(set(days)) < len(days)  # some days have several entries
    assert {d.year for d in days} == {2022, 2023}
    biggest = max(len([e for e in entries if e.thread_ids[0] == t]) for t in site.threads)
    assert biggest > 50  # the default page size: one thread's timeline has a second page
    assert {a.kind for a in site.actors.values()} == {"person", "country", "organization", "group"}
