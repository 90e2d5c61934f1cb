"""Keep the last Pagefind bundle when the pages it indexed did not change (I/O: stats, links).

Pagefind has no incremental mode: at 10,000 entries it takes longer than the rest of the
build. Its bundle depends only on the bytes of the pages it indexes, the set of them, and
Pagefind itself (its binary, options and configuration). A rebuild stages the site as a new
tree in which every page whose bytes are unchanged is a hard link to the last output's file:
an unchanged page keeps the very inode, size and mtime it had when the bundle was made, and
a page written again gets a new inode. So the stamps of the indexed pages (manifest.py's
size, mtime and inode, one lstat each) prove their bytes without reading 10,000 files.

When every indexed page's stamp, the set of them and the Pagefind key are those recorded
when the bundle was made, and every file of the bundle in the last output is as written,
the bundle is linked into the new tree instead of running Pagefind. Anything else, or any
doubt (no record, a file missing, a link that fails), runs Pagefind as before.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from briefing.output import search
from briefing.output.manifest import FileStamp, intact, stamps_of
from briefing.output.search import BUNDLE

# Entry pages as site paths: search.ENTRY_GLOB (YYYY/MM/DD/slug/index.html), which is what
# Pagefind indexes, written as the paths the renderer reports.
INDEXED_PATH = re.compile(r"[0-9]{4}/[0-9]{2}/[0-9]{2}/[^/]+/")
# Where Pagefind looks for its configuration: the folder it runs in.
CONFIG_FILES = ("pagefind.toml", "pagefind.yml", "pagefind.yaml", "pagefind.json")


@dataclass(frozen=True)
class BundleRecord:
    """What a bundle was made from, and its files as they were written."""

    key: str  # Pagefind's binary, options and configuration (pagefind_key)
    pages: Mapping[str, FileStamp]  # each indexed page (a site path) -> its stamp
    files: Mapping[str, FileStamp]  # each file of the bundle (under the site root) -> stamp


def indexed_pages(outputs: Iterable[str]) -> list[str]:
    """The site paths among outputs that Pagefind indexes (search.ENTRY_GLOB)."""
    return [path for path in outputs if INDEXED_PATH.fullmatch(path)]


def pagefind_key() -> str:
    """Everything besides the pages that shapes the bundle: the binary (by its stamp),
    the command's options, and the PAGEFIND_ variables and config files Pagefind reads."""
    try:
        binary = search.executable()
        info = os.stat(binary)
        stamp = f"{binary}\0{info.st_size}:{info.st_mtime_ns}:{info.st_ino}"
    except (ImportError, OSError):  # then no bundle can have been made, nor kept
        binary, stamp = Path("pagefind"), "missing"
    h = hashlib.blake2b(digest_size=16)
    h.update(stamp.encode() + b"\0")
    h.update("\0".join(search.pagefind_command(binary, Path("."), verbose=False)).encode())
    for name, value in sorted(os.environ.items()):
        if name.startswith("PAGEFIND_"):
            h.update(f"\0{name}={value}".encode())
    for name in CONFIG_FILES:
        try:
            h.update(f"\0{name}\0".encode() + Path(name).read_bytes())
        except OSError:  # none there, the usual case
            continue
    return h.hexdigest()


def record_bundle(root: Path, pages: list[str], key: str) -> BundleRecord:
    """The record of the bundle Pagefind just made at root from pages."""
    return BundleRecord(key, stamps_of(root, pages), bundle_stamps(root))


def bundle_stamps(root: Path) -> dict[str, FileStamp]:
    """The stamp of every file of the bundle at root/pagefind, by its path under root."""
    stamps: dict[str, FileStamp] = {}
    top, lstat = f"{root}/", os.lstat
    for folder, _, names in os.walk(top + BUNDLE):
        relative = folder.removeprefix(top)
        for name in names:
            info = lstat(f"{folder}/{name}")
            stamps[f"{relative}/{name}"] = (info.st_size, info.st_mtime_ns, info.st_ino)
    return stamps


def still_indexes(
    record: BundleRecord | None, out: Path, manifest: Mapping[str, FileStamp], key: str
) -> bool:
    """Whether out's bundle indexes out's pages as they are in manifest (which the caller has
    checked against out): the "up to date" path, which renders nothing."""
    if record is None or record.key != key:
        return False
    pages = {path: manifest[path] for path in indexed_pages(manifest)}
    return pages == record.pages and intact(out, record.files, len(record.files))


def keep_bundle(
    record: BundleRecord | None, previous: Path, staging: Path, pages: list[str], key: str
) -> bool:
    """Link the last output's bundle into staging if it indexes exactly these pages as they
    are in staging; False (with staging left without a bundle) if it may not or cannot."""
    if record is None or record.key != key or not record.files:
        return False
    if not all(_inside_bundle(path) for path in record.files):  # a tampered cache
        return False
    if stamps_of(staging, pages) != record.pages or not intact(
        previous, record.files, len(record.files)
    ):
        return False
    made: set[Path] = set()
    try:
        for path in record.files:
            target = staging / path
            if target.parent not in made:
                target.parent.mkdir(parents=True, exist_ok=True)
                made.add(target.parent)
            os.link(previous / path, target)
    except OSError:  # another file system, a file gone meanwhile: Pagefind makes a new one
        # Only this function wrote there: the staging folder is the build's own, new.
        shutil.rmtree(staging / BUNDLE, ignore_errors=True)
        return False
    return True


def _inside_bundle(path: str) -> bool:
    """Whether a recorded bundle file's path stays inside the bundle's folder."""
    parts = path.split("/")
    return (
        len(parts) > 1
        and parts[0] == BUNDLE
        and all(part not in ("", ".", "..") and "\0" not in part for part in parts)
    )
