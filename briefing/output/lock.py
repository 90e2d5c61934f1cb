"""One build at a time per output folder and per cache folder: an exclusive lock on a file.

The lock is fcntl.flock on a small file (beside the output, inside the cache folder): the
kernel drops it when its holder dies, however it dies, so a killed build never leaves a
stale lock (only, at worst, the file, which the next build takes over). A second build
waits for the first, saying so once.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import os
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path

from briefing.output.ownership import OutputProblem


def output_lock_file(out: Path) -> Path:
    """The lock file of an output folder: beside it, as the folder itself is swapped."""
    return out.parent / f".{out.name}.lock"


def cache_lock_file(cache: Path) -> Path:
    return cache / "build.lock"


@contextmanager
def locked(files: list[Path], what: str, say: Callable[[str], None]) -> Iterator[None]:
    """Hold an exclusive lock on each file in order (the output's, then the cache's)."""
    with ExitStack() as stack:
        for file in files:
            stack.enter_context(_locked(file, what, say))
        yield


@contextmanager
def _locked(file: Path, what: str, say: Callable[[str], None]) -> Iterator[None]:
    """Lock file, which exists only while a build holds it: the holder removes it before
    letting go, and a waiter that then wins the removed file tries again on a new one.

    Held already by this process (a preview that builds while holding its output), the
    block runs without locking again: flock would make the process wait for itself.
    """
    fd = _acquire(file, what, say)
    if fd is None:
        yield
        return
    try:
        with contextlib.suppress(OSError):  # only for messages: a full disk must not stop us
            os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)  # for the next waiter's message
        yield
    finally:
        with contextlib.suppress(OSError):
            file.unlink(missing_ok=True)
        os.close(fd)  # releases the lock


def _acquire(file: Path, what: str, say: Callable[[str], None]) -> int | None:
    """The locked file's descriptor, once this process holds it; None if it held it already."""
    waited = False
    while True:
        fd = _open(file)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as exc:
            if exc.errno not in (errno.EWOULDBLOCK, errno.EAGAIN):
                os.close(fd)
                raise OutputProblem(f"{file}: {exc.strerror}") from None
            holder = _holder(fd)
            if holder == str(os.getpid()):  # this process holds it, on another descriptor
                os.close(fd)
                return None
            if not waited:
                say(f"waiting for another build of {what} (pid {holder})")
                waited = True
            fcntl.flock(fd, fcntl.LOCK_EX)
        if _still_named(fd, file):
            return fd
        os.close(fd)


def _open(file: Path) -> int:
    try:
        file.parent.mkdir(parents=True, exist_ok=True)
        return os.open(file, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_NONBLOCK, 0o644)
    except OSError as exc:
        raise OutputProblem(f"{file}: {exc.strerror}") from None


def _still_named(fd: int, file: Path) -> bool:
    """Whether the locked file is still the one at its path (not removed by its last holder)."""
    try:
        return os.lstat(file).st_ino == os.fstat(fd).st_ino
    except OSError:
        return False


def _holder(fd: int) -> str:
    """The pid the lock's holder wrote, or '?' before it has written it."""
    try:
        text = os.pread(fd, 32, 0).decode("ascii", "replace").strip()
    except OSError:
        return "?"
    return text if text.isdigit() else "?"
