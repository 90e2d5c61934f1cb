"""The manifest a build saves: every file's stamp as it is on disk, found without an lstat of
the files the build left alone, and never vouching for a file changed behind its back."""

from __future__ import annotations

from pathlib import Path

from briefing.engine.cache import load, load_manifest
from briefing.output.manifest import content_digest, intact, snapshot, stamps_of
from briefing.site.urls import output_file
from tests.conftest import MakeContent, entry
from tests.core.test_cache import build, corpus
from tests.core.test_restored_output import edit_entry, written


def saved_manifest(cache: Path) -> dict[str, tuple[int, int, int]]:
    (path,) = [p for p in cache.iterdir() if p.name.endswith(".cache")]
    manifest = load_manifest(path)
    assert manifest is not None
    return manifest


def test_an_edit_saves_the_stamps_the_output_has(make_content: MakeContent, tmp_path: Path) -> None:
    content = corpus(make_content)
    out, cache = tmp_path / "site", tmp_path / "cache"
    build(content, out, cache)
    edit_entry(content)
    (content / "entries/2022/2022-03-05-new.md").write_text(  # a new page: a new sitemap
        entry("New", date="2022-03-05", thread="talks", body="New.")
    )
    assert 0 < written(build(content, out, cache)) < 60  # most files left alone
    manifest = saved_manifest(cache)
    assert manifest == stamps_of(out, manifest)  # every stamp as it is now, written or not
    assert "up to date" in build(content, out, cache)


def test_only_written_files_are_looked_at(tmp_path: Path) -> None:
    out = tmp_path / "site"
    out.mkdir()
    for name in ("a.xml", "b.xml"):
        (out / name).write_text(name)
    last = stamps_of(out, ["a.xml", "b.xml"])
    digests = {name: content_digest(name.encode()) for name in last}
    (out / "a.xml").write_text("a, written again by this build")
    (out / "b.xml").write_text("b, changed by hand after the build looked at it")
    stamps, found = snapshot(out, ["a.xml", "b.xml"], last, digests, wrote={"a.xml": b""})
    assert found["a.xml"] == content_digest(b"a, written again by this build")  # read back
    assert stamps["b.xml"] == last["b.xml"]  # not looked at again
    # ...so the file changed by hand does not match its saved stamp: the next build trusts
    # nothing of this output without reading it.
    assert not intact(out, stamps, 2)
    assert intact(out, snapshot(out, ["a.xml", "b.xml"], last, digests)[0], 2)


def test_a_written_file_keeps_the_digest_of_the_bytes_the_build_wrote(tmp_path: Path) -> None:
    out = tmp_path / "site"
    out.mkdir()
    (out / "a.xml").write_bytes(b"as written")
    taken = content_digest(b"as written")
    stamps, found = snapshot(out, ["a.xml"], wrote={"a.xml": taken})
    assert found == {"a.xml": taken} and stamps == stamps_of(out, ["a.xml"])


def test_the_digests_a_first_build_saves_are_those_of_its_files(
    make_content: MakeContent, tmp_path: Path
) -> None:
    # Taken from the bytes as each share wrote them, not read back: they must still be what
    # a restored output is checked against (manifest.verified).
    content = corpus(make_content)
    for jobs in ("1", "2"):
        out, cache = tmp_path / f"site{jobs}", tmp_path / f"cache{jobs}"
        build(content, out, cache, "--jobs", jobs)
        (path,) = [p for p in cache.iterdir() if p.name.endswith(".cache")]
        digests = load(path).digests
        assert len(digests) == len(saved_manifest(cache)) > 60
        for site_path, digest in digests.items():
            assert digest == content_digest(output_file(out, site_path).read_bytes()), site_path
