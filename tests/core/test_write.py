"""Staging.write: each page a new file under the staging folder, never through a link."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from briefing.output.write import Staging
from briefing.site.urls import UnsafePath, output_file, output_name


def test_pages_land_at_their_files_with_their_folders(tmp_path: Path) -> None:
    staging = Staging(tmp_path)
    staging.write("", "<p>home</p>")
    staging.write("2022/01/28/call/", b"<p>call</p>")
    staging.write("2022/01/28/other/", "<p>\u00e9</p>")
    staging.write("feed.xml", b"<feed/>")
    assert (tmp_path / "index.html").read_bytes() == b"<p>home</p>"
    assert (tmp_path / "2022/01/28/call/index.html").read_bytes() == b"<p>call</p>"
    assert (tmp_path / "2022/01/28/other/index.html").read_bytes() == "<p>\u00e9</p>".encode()
    assert (tmp_path / "feed.xml").read_bytes() == b"<feed/>"


def test_files_and_folders_get_the_modes_open_and_mkdir_give(tmp_path: Path) -> None:
    Staging(tmp_path).write("a/b/", b"x")
    umask = os.umask(0)
    os.umask(umask)
    assert stat.S_IMODE((tmp_path / "a/b/index.html").stat().st_mode) == 0o666 & ~umask
    assert stat.S_IMODE((tmp_path / "a/b").stat().st_mode) == 0o777 & ~umask


def test_two_shares_write_into_the_same_folders(tmp_path: Path) -> None:
    first, second = Staging(tmp_path), Staging(tmp_path)
    first.write("threads/a/", b"a")
    second.write("threads/b/", b"b")  # threads/ was made by the other share
    first.write("threads/b/page/2/", b"b2")  # and threads/b/ too
    assert (tmp_path / "threads/b/page/2/index.html").read_bytes() == b"b2"


def test_a_link_at_a_pages_path_is_not_followed(tmp_path: Path) -> None:
    root, secret = tmp_path / "staging", tmp_path / "secret"
    (root / "a").mkdir(parents=True)
    secret.write_bytes(b"kept")
    (root / "a/index.html").symlink_to(secret)
    with pytest.raises(FileExistsError):
        Staging(root).write("a/", b"page")
    assert secret.read_bytes() == b"kept"


def test_a_dangling_link_at_a_pages_path_makes_no_file_where_it_points(tmp_path: Path) -> None:
    root, elsewhere = tmp_path / "staging", tmp_path / "elsewhere.html"
    root.mkdir()
    (root / "feed.xml").symlink_to(elsewhere)
    with pytest.raises(FileExistsError):
        Staging(root).write("feed.xml", b"feed")
    assert not elsewhere.exists()


def test_a_link_in_place_of_a_pages_folder_is_not_followed(tmp_path: Path) -> None:
    root, elsewhere = tmp_path / "staging", tmp_path / "elsewhere"
    root.mkdir()
    elsewhere.mkdir()
    (root / "threads").symlink_to(elsewhere)
    with pytest.raises(NotADirectoryError):
        Staging(root).write("threads/a/", b"page")
    assert list(elsewhere.iterdir()) == []


def last_build_and_staging(tmp_path: Path, path: str, page: bytes) -> tuple[Path, Staging]:
    """The last build's folder, holding a page at path, and a new empty staging folder."""
    previous, root = tmp_path / "previous", tmp_path / "staging"
    previous.mkdir()
    root.mkdir()
    Staging(previous).write(path, page)
    return previous, Staging(root)


def test_a_file_linked_from_the_last_build_is_replaced_not_written_through(
    tmp_path: Path,
) -> None:
    previous, staging = last_build_and_staging(tmp_path, "a/", b"old page")
    root = staging.root
    assert staging.link(previous, "a/")
    staging.write("a/", b"new page")
    assert (root / "a/index.html").read_bytes() == b"new page"
    assert (previous / "a/index.html").read_bytes() == b"old page"


def test_link_takes_the_last_builds_file_or_says_it_cannot(tmp_path: Path) -> None:
    previous, staging = last_build_and_staging(tmp_path, "x/y/", b"page")
    root = staging.root
    assert staging.link(previous, "x/y/")
    assert os.path.samefile(root / "x/y/index.html", previous / "x/y/index.html")
    assert not staging.link(previous, "x/z/")  # the last build had no such page


@pytest.mark.parametrize(
    "path",
    ["/etc/passwd", "../up/", "a/../../b", "a/./b", "./", "a//b", "a\\b", "a\0b", "..", "."],
)
def test_a_path_that_could_leave_the_output_is_refused(tmp_path: Path, path: str) -> None:
    with pytest.raises(UnsafePath):
        output_name(path)
    with pytest.raises(UnsafePath):
        Staging(tmp_path).write(path, b"x")
    with pytest.raises(UnsafePath):
        Staging(tmp_path).link(tmp_path, path)
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    ("path", "name"),
    [("", "index.html"), ("a/b/", "a/b/index.html"), ("feed.xml", "feed.xml"), ("a/f.x", "a/f.x")],
)
def test_a_site_path_names_its_file(tmp_path: Path, path: str, name: str) -> None:
    assert output_name(path) == name
    assert output_file(tmp_path, path) == tmp_path / name
