"""What a build wrote, file by file, so that the next can tell if the output was changed since.

Each file has a stamp (size, mtime, inode) and a digest of its bytes. A page deleted, edited
or replaced by hand changes its stamp. A rebuild that finds every stamp as written trusts
the last output without reading a file. One that finds stamps changed but every file's bytes
as written (an output restored by a CI cache, which copies it back with new inodes and
mtimes) trusts it too, once it has read every file. Any other change and the rebuild
neither calls the output up to date nor reuses (or hard-links forward) a single file of
it, and writes the site afresh.
"""

from __future__ import annotations

import hashlib
import os
import stat
from collections.abc import Iterable, Mapping
from pathlib import Path

from briefing.site.urls import output_file

FileStamp = tuple[int, int, int]  # size, mtime in nanoseconds, inode


def content_digest(data: bytes) -> bytes:
    """The digest a file's bytes are known by. SHA-256, cut to 16 bytes: on CPUs with SHA
    instructions it hashes about twice as fast as BLAKE2b, and 128 bits leave no room for an
    accidental match."""
    return hashlib.sha256(data).digest()[:16]


def stamps_of(out: Path, paths: Iterable[str]) -> dict[str, FileStamp]:
    """The stamp of each site path as it is in out now, reading no file."""
    stamps: dict[str, FileStamp] = {}
    root = f"{out}/"
    for path in paths:
        try:
            info = os.lstat(_file_name(root, path))
        except (OSError, ValueError):
            continue
        stamps[path] = (info.st_size, info.st_mtime_ns, info.st_ino)
    return stamps


def _file_name(root: str, path: str) -> str:
    """The file of a site path this build wrote, as plain strings: on every build, for every
    file, where output_file's checked paths cost three times as much (the paths are our own)."""
    return root + path + "index.html" if path.endswith("/") or not path else root + path


def snapshot(
    out: Path,
    paths: Iterable[str],
    last_stamps: Mapping[str, FileStamp] | None = None,
    last_digests: Mapping[str, bytes] | None = None,
    *,
    wrote: Mapping[str, bytes] | None = None,
) -> tuple[dict[str, FileStamp], dict[str, bytes]]:
    """The stamp and digest of each written site path, as it is in out now.

    A file whose stamp is the one the last snapshot took (reused, or hard-linked forward)
    keeps that snapshot's digest unread; the others (written by this build) are read back.
    Given the paths this build wrote, the others keep their last stamp without an lstat
    each: their files were left where they were, or linked forward (same inode, size and
    mtime). Should one have changed behind the build's back, its stamp no longer matches
    the one saved, and the next build trusts nothing without reading it. A written file whose
    digest the build took from the bytes it wrote (wrote's value) is not read back either.
    """
    stamps: dict[str, FileStamp] = {}
    digests: dict[str, bytes] = {}
    last_stamps, last_digests = last_stamps or {}, last_digests or {}
    root = f"{out}/"
    for path in paths:
        if wrote is not None and path not in wrote:
            last, digest = last_stamps.get(path), last_digests.get(path)
            if last is not None and digest is not None:
                stamps[path], digests[path] = last, digest
                continue
        try:
            file = _file_name(root, path)
            info = os.lstat(file)
            stamp = (info.st_size, info.st_mtime_ns, info.st_ino)
            known = last_digests.get(path) if last_stamps.get(path) == stamp else None
            digest = (wrote or {}).get(path) or known or _file_digest(file, stamp)
        except (OSError, ValueError):  # not there after all: the next build cannot trust out
            continue
        stamps[path] = stamp
        digests[path] = digest
    return stamps, digests


def intact(out: Path, manifest: Mapping[str, FileStamp] | None, expected: int) -> bool:
    """Whether out holds every file of the manifest (expected of them), each as written. Its
    keys are site paths, or paths of files under out (as the search index's record has).

    On the "up to date" path of every no-op build: plain strings and one lstat per file
    (about a third of the time of output_file's checked paths, at 17,000 files). Only
    stamps are read here, never a file, so a path is not checked as output_file would.
    """
    if manifest is None or len(manifest) != expected:
        return False
    root = f"{out}/"
    lstat = os.lstat
    for path, stamp in manifest.items():
        try:
            info = lstat(_file_name(root, path))
        except (OSError, ValueError):
            return False
        if (info.st_size, info.st_mtime_ns, info.st_ino) != stamp:
            return False
    return True


def verified(out: Path, digests: Mapping[str, bytes]) -> dict[str, FileStamp] | None:
    """The stamps of the files of out, if each holds the bytes of its digest; None as soon
    as one does not (missing, changed, or not a regular file).

    Reads every file: about half a second for the 440 MB of a 10,000-entry site. Only for an
    output whose stamps changed; intact() vouches for the rest without reading.
    """
    stamps: dict[str, FileStamp] = {}
    for path, digest in digests.items():
        try:
            file = output_file(out, path)
            stamp, data = read_regular(file)
        except (OSError, ValueError):
            return None
        if content_digest(data) != digest:
            return None
        stamps[path] = stamp
    return stamps


def _file_digest(file: str | Path, stamp: FileStamp) -> bytes:
    found, data = read_regular(file)
    if found != stamp:  # changed since its stamp was taken: what it holds is not vouched for
        raise OSError(f"{file} changed while read")
    return content_digest(data)


def read_regular(file: str | Path, limit: int | None = None) -> tuple[FileStamp, bytes]:
    """A regular file's stamp and bytes; never a link's target, never a FIFO's wait, never
    more than limit bytes (OSError for a file larger)."""
    fd = os.open(file, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise OSError(f"{file} is not a regular file")
        if limit is not None and info.st_size > limit:
            raise OSError(f"{file} is larger than {limit} bytes")
        with os.fdopen(fd, "rb", closefd=False) as handle:
            data = handle.read()
    finally:
        os.close(fd)
    return (info.st_size, info.st_mtime_ns, info.st_ino), data


def real_folder(path: str | Path) -> bool:
    """Whether path is a folder itself, not a link to one (nor missing)."""
    try:
        return stat.S_ISDIR(os.lstat(path).st_mode)
    except OSError:
        return False
