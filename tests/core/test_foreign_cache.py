"""A restored cache folder from another base URL or another generator version never changes
the site: the next build's output is byte for byte a cold build's (as on Netlify and CI,
which restore the cache folder from earlier deploys)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from briefing import cli
from briefing.engine import pipeline
from tests.conftest import MakeContent, entry
from tests.core.test_build import tree_digest

BASE_A = "https://a.example.org/"
BASE_B = "https://b.example.org/briefing/"  # a path: every link the build writes changes


def linked_corpus(make_content: MakeContent) -> Path:
    """Entries whose bodies link each other, so that rendered bodies depend on the base."""
    files: dict[str, str | bytes | None] = {}
    for n in range(12):
        day = f"2022-02-{1 + n:02d}"
        body = f"Body {n}, after [the one before](/2022/02/{max(1, n):02d}/e{max(0, n - 1)}/)."
        files[f"entries/2022/{day}-e{n}.md"] = entry(f"Entry {n}", date=day, body=body)
    return make_content(files)


def build(content: Path, out: Path, cache: Path | None, base: str) -> None:
    args = ["build", "--content", str(content), "--out", str(out), "--base-url", base,
            "--no-search", "--jobs", "1", "-q"]  # fmt: skip
    args += ["--cache", str(cache)] if cache else ["--no-cache"]
    assert cli.main(args) == 0


def cold(content: Path, tmp_path: Path, base: str) -> dict[str, str]:
    out = tmp_path / f"cold-{len(list(tmp_path.glob('cold-*')))}"
    build(content, out, None, base)
    return tree_digest(out)


def test_a_cache_from_another_base_url_is_not_used(
    make_content: MakeContent, tmp_path: Path
) -> None:
    content = linked_corpus(make_content)
    out, cache = tmp_path / "site", tmp_path / "cache"
    build(content, out, cache, BASE_A)
    build(content, out, cache, BASE_B)
    assert tree_digest(out) == cold(content, tmp_path, BASE_B)
    assert "/briefing/2022/02/01/e0/" in (out / "2022/02/02/e1/index.html").read_text()
    build(content, out, cache, BASE_A)  # and back: each base URL has its own set
    assert tree_digest(out) == cold(content, tmp_path, BASE_A)


def test_a_cache_set_moved_under_another_base_urls_name_is_not_trusted(
    make_content: MakeContent, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Past the file name, the cache's own digests hold the settings: a set made for base A,
    found where base B's would be, still gives base B's site."""
    content = linked_corpus(make_content)
    out, cache, probe = tmp_path / "site", tmp_path / "cache", tmp_path / "probe"
    build(content, out, probe, BASE_B)  # only to learn the name of base B's set
    name_b = next(probe.glob("build-*.cache")).stem
    build(content, out, cache, BASE_A)
    for file in list(cache.glob("build-*")):
        file.rename(file.with_name(name_b + file.suffix))
    build(content, out, cache, BASE_B)
    assert tree_digest(out) == cold(content, tmp_path, BASE_B)


def test_a_cache_from_another_generator_version_is_not_used(
    make_content: MakeContent, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An older generator that rendered bodies differently left its cache and its site; this
    generator's build of the same content in the same folders is a cold build's."""
    content = linked_corpus(make_content)
    out, cache = tmp_path / "site", tmp_path / "cache"
    with monkeypatch.context() as older:
        older.setattr(pipeline, "generator_digest", lambda: "0.0.1-older")
        older.setattr(
            "briefing.engine.rendering.render_linked", lambda *_: "<p>Older generator</p>\n"
        )
        build(content, out, cache, BASE_A)
    assert "Older generator" in (out / "2022/02/02/e1/index.html").read_text()
    build(content, out, cache, BASE_A)
    digests = tree_digest(out)
    assert digests == cold(content, tmp_path, BASE_A)
    assert not any("Older generator" in p.read_text() for p in out.rglob("*.html"))
    assert len(list(cache.glob("build-*.cache"))) == 2  # each version its own set


def test_a_copied_output_folder_is_not_taken_for_the_last_build(
    make_content: MakeContent, tmp_path: Path
) -> None:
    """A restored site/ (copied: new inodes) beside a restored cache is rebuilt, not trusted."""
    content = linked_corpus(make_content)
    out, cache = tmp_path / "site", tmp_path / "cache"
    build(content, out, cache, BASE_A)
    (out / "2022/02/02/e1/index.html").write_text("stale page")
    shutil.copytree(out, tmp_path / "copy", copy_function=shutil.copy2)
    shutil.rmtree(out)
    (tmp_path / "copy").rename(out)
    build(content, out, cache, BASE_A)
    assert tree_digest(out) == cold(content, tmp_path, BASE_A)
