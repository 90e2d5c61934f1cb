"""The cache folder's files: how they are named, read safely, written atomically and pruned.

A cache folder may be shared with other files (a CI cache, a user's own), so the build
touches only files it can prove it wrote: a name matching our pattern exactly, and, for a
cache set, a first line that is our format's header. Reads never follow a link, never open
anything but a regular file (a FIFO would block for ever, /dev/zero never ends), and never
read more than a cap: a damaged cache costs a cold build, never a hang.
"""

from __future__ import annotations

import os
import re
import stat
import tempfile
import time
import zlib
from pathlib import Path
from typing import BinaryIO

MAGIC = b"briefing-cache 16\n"
_MAGIC_FAMILY = b"briefing-cache "  # any version's header: older sets are ours to prune too
MAX_READ = 1 << 30  # bytes: the bodies of 50,000 entries are a few hundred megabytes

# A cache set is build-<16 hex>.cache and these companions beside it.
COMPANIONS = (
    *(f"entries-{shard}" for shard in "0123456789abcdef"),
    "bodies",
    "files",
    "outputs",
    "search",
    "stamp",
    "updating",
)
_SET = re.compile(r"build-[0-9a-f]{16}\.cache")
_TEMPORARY = re.compile(r"\.build-[0-9a-f]{16}\.[a-z0-9-]+\.tmp-[a-z0-9_]+")

KEPT_SETS = 8  # the cache sets (one per combination of settings) a cache folder keeps
STALE_TEMPORARY = 3600  # seconds: a temporary file this old was left by a killed build


class NotARegularFile(OSError):
    """A cache file that is a FIFO, a device, a folder or a socket: never read."""


def read_capped(path: Path, limit: int = MAX_READ) -> bytes:
    """The bytes of a regular file, without following a link or reading past limit."""
    with _opened_regular(path) as handle:
        if os.fstat(handle.fileno()).st_size > limit:
            raise NotARegularFile(f"{path} is larger than a cache file can be")
        data = handle.read(limit + 1)
    if len(data) > limit:
        raise NotARegularFile(f"{path} is larger than a cache file can be")
    return data


def read_head(path: Path, size: int) -> bytes:
    """The first size bytes of a regular file, with read_capped's care."""
    with _opened_regular(path) as handle:
        return handle.read(size)


def _opened_regular(path: Path) -> BinaryIO:
    # O_NONBLOCK: opening a FIFO returns at once (and fstat then refuses it) instead of
    # waiting for a writer; O_NOFOLLOW: a link to /dev/zero or elsewhere is never opened.
    fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    if not stat.S_ISREG(os.fstat(fd).st_mode):
        os.close(fd)
        raise NotARegularFile(f"{path} is not a regular file")
    return os.fdopen(fd, "rb")


def checked(data: bytes) -> memoryview:
    """The payload of a file written by write_atomic, once its version and checksum are right."""
    if not data.startswith(MAGIC):
        raise ValueError("not a cache of this version")
    start = len(MAGIC) + len(checksum(b""))
    payload = memoryview(data)[start:]  # a view: the payload is tens of megabytes
    if checksum(payload) != data[len(MAGIC) : start]:
        raise ValueError("checksum mismatch")
    return payload


def checksum(payload: bytes | memoryview) -> bytes:
    # CRC-32 finds a torn or damaged file as surely as a cryptographic digest, at a fraction
    # of the time on 30 MB; nobody need forge a cache, as marshal holds data, never code.
    return b"%08x" % zlib.crc32(payload)


def write_atomic(path: Path, payload: bytes) -> None:
    """Atomically: a reader finds the old file or the new one, never half of one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temporary = tempfile.mkstemp(prefix=f".{path.name}.tmp-", dir=path.parent)
    try:
        os.fchmod(fd, 0o644)
        with os.fdopen(fd, "wb") as handle:
            handle.write(MAGIC + checksum(payload))
            handle.write(payload)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def odd_files(path: Path) -> list[str]:
    """The files of path's set that exist but are not regular files (or are links)."""
    odd = []
    for file in [path, *(path.with_suffix(f".{suffix}") for suffix in COMPANIONS)]:
        try:
            mode = os.lstat(file).st_mode
        except OSError:
            continue
        if not stat.S_ISREG(mode):
            odd.append(file.name)
    return odd


def prune(path: Path) -> None:
    """Delete all but the KEPT_SETS most recently saved cache sets beside path (always
    keeping path's own), and temporary files that killed builds left behind; only files
    named as ours, and sets whose main file begins with our header.

    Every new generator version, output folder or base URL (a deploy preview's, say) starts
    a set of its own, tens of megabytes for a large site: without a limit, the folder grows
    with each of them.
    """
    folder = path.parent
    try:
        names = sorted(os.listdir(folder))
    except OSError:
        return
    saved = sorted(
        (folder / n for n in names if _SET.fullmatch(n) and n != path.name and _ours(folder / n)),
        key=_modified,
        reverse=True,
    )
    for old in saved[KEPT_SETS - 1 :]:
        for file in [old, *(old.with_suffix(f".{suffix}") for suffix in COMPANIONS)]:
            _remove_regular(file)
    now = time.time()
    for name in names:
        temporary = folder / name
        stale = now - _modified(temporary) > STALE_TEMPORARY
        if _TEMPORARY.fullmatch(name) and stale and _ours(temporary, empty_too=True):
            _remove_regular(temporary)


def _ours(file: Path, *, empty_too: bool = False) -> bool:
    """A regular file that begins with our header (or, a temporary one, is still empty)."""
    try:
        head = read_head(file, len(_MAGIC_FAMILY))
    except OSError:
        return False
    return head == _MAGIC_FAMILY or (empty_too and head == b"")


def _remove_regular(file: Path) -> None:
    try:
        if stat.S_ISREG(os.lstat(file).st_mode):
            file.unlink()
    except OSError:  # gone meanwhile, or not ours to remove
        pass


def _modified(path: Path) -> float:
    try:
        return os.lstat(path).st_mtime
    except OSError:  # deleted meanwhile by another build
        return 0.0
