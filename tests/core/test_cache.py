"""The build cache and parallel rendering never change the output, only how fast it comes."""

from __future__ import annotations

import os
import re
import shutil
import time
from pathlib import Path

from briefing.engine.cache import KEPT_SETS, mark_untrusted, out_stamp, wrote
from briefing.engine.cache_files import MAGIC
from briefing.output.ownership import MARKER, MARKER_TEXT
from tests.conftest import REPO, MakeContent, entry, run_cli
from tests.core.test_build import tree_digest


def build(content: Path, out: Path, cache: Path | None, *extra: str) -> str:
    args = ["build", "--content", content, "--out", out, "--no-search", *extra]
    args += ["--cache", cache] if cache else ["--no-cache"]
    result = run_cli(*args)
    assert result.returncode == 0, result.stderr
    return result.stdout + result.stderr


def corpus(make_content: MakeContent, count: int = 60) -> Path:
    files: dict[str, str | bytes | None] = {
        "site.yaml": "title: T\nbase_url: https://example.org/\npage_size: 7\n"
    }
    for n in range(count):
        day = f"2022-{1 + n % 3:02d}-{1 + n % 27:02d}"
        files[f"entries/2022/{day}-e{n}.md"] = entry(
            f"Entry {n}", date=day, thread="talks" if n % 2 else "buildup", body=f"Body *{n}*."
        )
    return make_content(files)


def fresh_build(content: Path, tmp_path: Path) -> Path:
    """A build of content from nothing (no cache, no previous output), to compare with."""
    fresh = tmp_path / f"fresh-{len(list(tmp_path.glob('fresh-*')))}"
    build(content, fresh, None)
    return fresh


def test_warm_and_cold_builds_are_identical(make_content: MakeContent, tmp_path: Path) -> None:
    content = corpus(make_content)
    cold = tmp_path / "cold"
    build(content, cold, None, "--jobs", "1")
    warm = tmp_path / "warm"
    cache = tmp_path / "cache"
    build(content, warm, cache, "--jobs", "2")
    assert tree_digest(warm) == tree_digest(cold)
    assert "is up to date" in build(content, warm, cache)
    assert tree_digest(warm) == tree_digest(cold)


def test_parallel_output_equals_serial_output(make_content: MakeContent, tmp_path: Path) -> None:
    content = corpus(make_content, 260)  # above the size where the build forks
    build(content, tmp_path / "one", None, "--jobs", "1")
    build(content, tmp_path / "two", None, "--jobs", "2")
    assert tree_digest(tmp_path / "one") == tree_digest(tmp_path / "two")


def test_editing_one_entry_rewrites_only_what_it_reaches(
    make_content: MakeContent, tmp_path: Path
) -> None:
    content = corpus(make_content)
    out, cache = tmp_path / "site", tmp_path / "cache"
    build(content, out, cache)
    edited = next((content / "entries/2022").glob("2022-01-01-e0.md"))
    edited.write_text(entry("Entry 0", date="2022-01-01", thread="buildup", body="New body."))
    report = build(content, out, cache)
    written = int(re.search(r"(\d+) files? written", report).group(1))  # type: ignore[union-attr]
    assert 0 < written <= 5, report  # the entry page, sitemap, robots, asset
    assert "New body." in (out / "2022/01/01/e0/index.html").read_text()
    assert tree_digest(out) == tree_digest(fresh_build(content, tmp_path))


def test_a_changed_title_reaches_every_list(make_content: MakeContent, tmp_path: Path) -> None:
    content = corpus(make_content)
    out, cache = tmp_path / "site", tmp_path / "cache"
    build(content, out, cache)
    (content / "entries/2022/2022-01-01-e0.md").write_text(
        entry("Renamed", date="2022-01-01", thread="buildup", body="Body *0*.")
    )
    build(content, out, cache)
    assert tree_digest(out) == tree_digest(fresh_build(content, tmp_path))
    assert any("Renamed" in page.read_text() for page in (out / "threads/buildup").rglob("*.html"))


def test_corrupt_cache_is_detected_and_ignored(make_content: MakeContent, tmp_path: Path) -> None:
    content = corpus(make_content)
    out, cache = tmp_path / "site", tmp_path / "cache"
    build(content, out, cache)
    (content / "entries/2022/2022-01-01-e0.md").write_text(
        entry("Changed", date="2022-01-01", thread="buildup")
    )
    for file in cache.iterdir():
        data = bytearray(file.read_bytes())
        data[len(data) // 2] ^= 0xFF  # one flipped byte deep in the payload
        file.write_bytes(bytes(data))
    report = build(content, out, cache)
    assert "corrupt; ignored" in report
    assert tree_digest(out) == tree_digest(fresh_build(content, tmp_path))


def test_a_damaged_entries_shard_costs_parsing_again(
    make_content: MakeContent, tmp_path: Path
) -> None:
    content = corpus(make_content)
    out, cache = tmp_path / "site", tmp_path / "cache"
    build(content, out, cache)
    shards = sorted(cache.glob("*.entries-*"))
    assert len(shards) == 16
    for shard in shards[:3]:
        data = bytearray(shard.read_bytes())
        data[len(data) // 2] ^= 0xFF
        shard.write_bytes(bytes(data))
    shards[3].unlink()
    (content / "entries/2022/2022-01-01-e0.md").write_text(
        entry("Changed", date="2022-01-01", thread="buildup")
    )
    build(content, out, cache)
    assert tree_digest(out) == tree_digest(fresh_build(content, tmp_path))
    # the damaged shards were written anew: the next build reads them whole
    before = {s.name: s.read_bytes() for s in cache.glob("*.entries-*")}
    assert "is up to date" in build(content, out, cache)
    (content / "entries/2022/2022-01-02-e1.md").write_text(
        entry("Changed too", date="2022-01-02", thread="talks")
    )
    build(content, out, cache)
    after = {s.name: s.read_bytes() for s in cache.glob("*.entries-*")}
    assert 1 <= sum(after[name] != data for name, data in before.items()) <= 2
    assert tree_digest(out) == tree_digest(fresh_build(content, tmp_path))


def test_the_cache_folder_keeps_the_latest_sets_only(
    make_content: MakeContent, tmp_path: Path
) -> None:
    """Each base URL (a deploy preview's, say) makes a cache set of its own: the folder keeps
    the most recent KEPT_SETS of them, and drops temporary files that killed builds left."""
    content = corpus(make_content, 5)
    cache = tmp_path / "cache"
    build(content, tmp_path / "site", cache)
    left = cache / ".build-0123456789abcdef.cache.tmp-k1lled"  # named and headed as ours
    left.write_bytes(MAGIC)
    os.utime(left, (time.time() - 7200, time.time() - 7200))
    fresh = cache / ".build-0123456789abcdef.bodies.tmp-wr1ting"
    fresh.write_bytes(MAGIC)
    for n in range(KEPT_SETS + 2):
        build(content, tmp_path / "site", cache, "--base-url", f"https://preview-{n}.example/")
    sets = {p.stem for p in cache.glob("build-*.cache")}
    assert len(sets) == KEPT_SETS
    assert {p.name.split(".")[0] for p in cache.glob("build-*")} == sets  # no orphaned files
    assert not left.exists() and fresh.exists()
    # the newest set is kept: building it again is a no-op
    last = f"https://preview-{KEPT_SETS + 1}.example/"
    assert "is up to date" in build(content, tmp_path / "site", cache, "--base-url", last)


def test_template_change_invalidates_cached_pages(
    make_content: MakeContent, tmp_path: Path
) -> None:
    content = corpus(make_content)
    templates = tmp_path / "templates"
    shutil.copytree(REPO / "templates", templates)
    out, cache = tmp_path / "site", tmp_path / "cache"
    build(content, out, cache, "--templates", str(templates))
    footer = templates / "base.html"
    footer.write_text(footer.read_text().replace("Atom feed", "Our Atom feed"))
    build(content, out, cache, "--templates", str(templates))
    assert "Our Atom feed" in (out / "threads/talks/page/2/index.html").read_text()


def test_output_changed_by_hand_is_not_trusted(make_content: MakeContent, tmp_path: Path) -> None:
    content = corpus(make_content)
    out, cache = tmp_path / "site", tmp_path / "cache"
    build(content, out, cache)
    shutil.rmtree(out)
    out.mkdir()
    (out / MARKER).write_bytes(MARKER_TEXT)  # a folder of ours, made again by hand
    (out / "index.html").write_text("stale")
    build(content, out, cache)
    assert tree_digest(out) == tree_digest(fresh_build(content, tmp_path))


def test_changes_that_reach_other_entries_pages(make_content: MakeContent, tmp_path: Path) -> None:
    """Related entries, neighbours and actor names shown on unchanged entries' pages."""
    content = corpus(make_content)
    out, cache = tmp_path / "site", tmp_path / "cache"
    build(content, out, cache)
    # another entry's actors change: the related entries of its neighbours may change
    (content / "entries/2022/2022-02-02-e1.md").write_text(
        entry(
            "Entry 1", date="2022-02-02", thread="talks", actors="[nato, macron]", body="Body *1*."
        )
    )
    build(content, out, cache)
    assert tree_digest(out) == tree_digest(fresh_build(content, tmp_path))
    # an actor renamed in actors.yaml: every page naming it changes
    actors = (
        (content / "actors.yaml").read_text().replace("name: Vladimir Putin", "name: V. V. Putin")
    )
    (content / "actors.yaml").write_text(actors)
    build(content, out, cache)
    assert tree_digest(out) == tree_digest(fresh_build(content, tmp_path))
    assert "V. V. Putin" in (out / "2022/01/01/e0/index.html").read_text()
    # an entry removed: its neighbours' previous/next links change
    (content / "entries/2022/2022-02-02-e1.md").unlink()
    build(content, out, cache)
    assert tree_digest(out) == tree_digest(fresh_build(content, tmp_path))


def test_names_resolve_again_when_the_registries_change(
    make_content: MakeContent, tmp_path: Path
) -> None:
    """A rebuild takes unchanged entries as the last build assembled them only while the
    registries, threads and site.yaml are unchanged too."""
    content = corpus(make_content)
    named = content / "entries/2022/2022-01-05-by-alias.md"
    named.write_text(entry("By alias", date="2022-01-05", actors="[Macron]", body="Said."))
    out, cache = tmp_path / "site", tmp_path / "cache"
    build(content, out, cache)
    build(content, out, cache, "--strict")  # every entry as the last build assembled it
    # the alias now names another actor: the unchanged entry's actor changes with it
    actors = (content / "actors.yaml").read_text().replace("aliases: [Macron]", "aliases: []")
    actors += "- id: brigitte-macron\n  name: Brigitte Macron\n  kind: person\n"
    actors += "  aliases: [Macron]\n"
    (content / "actors.yaml").write_text(actors)
    build(content, out, cache)
    assert tree_digest(out) == tree_digest(fresh_build(content, tmp_path))
    page = (out / "2022/01/05/by-alias/index.html").read_text()
    assert "Brigitte Macron" in page and "Emmanuel Macron" not in page
    # another time zone: the instants of unchanged entries move with it
    site_yaml = content / "site.yaml"
    site_yaml.write_text(site_yaml.read_text() + "timezone: Pacific/Auckland\n")
    build(content, out, cache)
    assert tree_digest(out) == tree_digest(fresh_build(content, tmp_path))


def folders(root: Path) -> set[str]:
    return {p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_dir()}


def test_a_rebuild_changes_the_output_in_place(make_content: MakeContent, tmp_path: Path) -> None:
    """Unchanged files keep their inode; a removed entry leaves no page and no empty folder."""
    content = corpus(make_content)
    out, cache = tmp_path / "site", tmp_path / "cache"
    build(content, out, cache)
    untouched = out / "2022/02/02/e1/index.html"
    inode = untouched.stat().st_ino
    (content / "entries/2022/2022-01-01-e0.md").write_text(
        entry("Entry 0", date="2022-01-01", thread="buildup", body="Another body.")
    )
    (content / "entries/2022/2022-03-03-e2.md").unlink()
    build(content, out, cache)
    assert untouched.stat().st_ino == inode
    assert not (out / "2022/03/03/e2").exists()
    fresh = fresh_build(content, tmp_path)
    assert tree_digest(out) == tree_digest(fresh)
    assert folders(out) == folders(fresh)
    assert not list(tmp_path.glob(".site.*")), "a staging folder was left behind"


def test_a_failed_rebuild_leaves_the_output_whole(
    make_content: MakeContent, tmp_path: Path
) -> None:
    content = corpus(make_content)
    out, cache = tmp_path / "site", tmp_path / "cache"
    build(content, out, cache)
    before = tree_digest(out)
    (content / "entries/2022/2022-01-01-e0.md").write_text(
        entry("Entry 0", date="2022-02-30", thread="buildup")
    )
    result = run_cli("build", "--content", content, "--out", out, "--cache", cache, "--no-search")
    assert result.returncode == 1
    assert "2022-01-01-e0.md:" in result.stderr
    assert tree_digest(out) == before
    assert not list(tmp_path.glob(".site.*"))


def test_an_interrupted_rebuild_is_repaired_by_the_next(
    make_content: MakeContent, tmp_path: Path
) -> None:
    """A build stopped while renaming files into the output leaves a mix of old and new
    pages; the mark it sets first makes the next build rebuild the output whole."""
    content = corpus(make_content)
    out, cache = tmp_path / "site", tmp_path / "cache"
    build(content, out, cache)
    mark_untrusted(next(cache.glob("*.cache")))  # as the build does before it renames
    (out / "2022/02/02/e1/index.html").write_text("half-way")
    (out / "2022/02/02/e1/stray.html").write_text("left over")
    report = build(content, out, cache)
    assert "up to date" not in report
    assert tree_digest(out) == tree_digest(fresh_build(content, tmp_path))


def test_a_missing_output_is_never_taken_for_the_last_build(tmp_path: Path) -> None:
    """An empty cache and a missing folder share the null stamp; neither is a previous build."""
    missing = tmp_path / "missing"
    assert not wrote(out_stamp(missing), missing)
    built = tmp_path / "site"
    built.mkdir()
    stamp = out_stamp(built)
    assert wrote(stamp, built)
    (built / "index.html").write_text("changed at the top")
    assert not wrote(stamp, built)


def test_a_rebuild_with_search_stages_reused_pages_as_links(
    make_content: MakeContent, tmp_path: Path
) -> None:
    """With search the tree is staged whole: reused pages are hard links to the last build's,
    and the pages equal a fresh build's (the bundle aside, which Pagefind writes anew)."""
    content = corpus(make_content)
    out, cache = tmp_path / "site", tmp_path / "cache"
    search_build = ["build", "--content", content, "--out", out, "--cache", cache]
    assert run_cli(*search_build).returncode == 0
    untouched = out / "2022/02/02/e1/index.html"
    inode = untouched.stat().st_ino
    (content / "entries/2022/2022-01-01-e0.md").write_text(
        entry("Renamed", date="2022-01-01", thread="buildup", body="Body *0*.")
    )
    result = run_cli(*search_build)
    assert result.returncode == 0, result.stderr
    assert untouched.stat().st_ino == inode  # linked into the new tree, not rewritten
    assert (out / "pagefind").is_dir()
    fresh = fresh_build(content, tmp_path)
    pages = {k: v for k, v in tree_digest(out).items() if not k.startswith("pagefind/")}
    assert pages == tree_digest(fresh)


def test_rebuilds_that_trust_unchanged_files_by_their_stat(
    make_content: MakeContent, tmp_path: Path
) -> None:
    """Once the files have settled, a rebuild reads only what changed, and misses nothing:
    not even a change that keeps a file's size and mtime."""
    content = corpus(make_content)
    out, cache = tmp_path / "site", tmp_path / "cache"
    build(content, out, cache)
    time.sleep(2.1)  # files settle two seconds before a build starts reading
    (content / "entries/2022/2022-01-01-e0.md").write_text(
        entry("Entry 0", date="2022-01-01", thread="buildup", body="Second body.")
    )
    build(content, out, cache)  # records every other file as settled
    edited = content / "entries/2022/2022-02-02-e1.md"
    info = edited.stat()
    edited.write_text(edited.read_text().replace("Entry 1", "Entry I"))  # the same size
    os.utime(edited, ns=(info.st_atime_ns, info.st_mtime_ns))
    assert edited.stat().st_size == info.st_size
    build(content, out, cache)
    assert tree_digest(out) == tree_digest(fresh_build(content, tmp_path))
    assert "Entry I" in (out / "2022/02/02/e1/index.html").read_text()
