"""Atomic output: build into a staging folder beside the target, swap it in on success."""

from __future__ import annotations

import errno
import os
import stat
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

from briefing.output.leftovers import old_prefix, staging_prefix
from briefing.output.ownership import (
    MARKER,
    OutputProblem,
    has_marker,
    remove_claimed,
    write_marker,
)
from briefing.site.urls import output_file, output_name

# A page's file is always new in a staging folder: O_EXCL never opens what is there, a link
# included (and O_NOFOLLOW says so again).
_NEW_FILE = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC


class Staging:
    """The folder a build writes into; files land in the real output only on commit."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.removed: list[str] = []  # site paths the new build no longer has (see commit_in_place)
        self._prefix = os.path.join(root, "")
        # Folders known to be real folders under root, not links (made or checked here), so
        # that each of the thousands of pages costs no mkdir. Nothing removes one meanwhile.
        self._folders: set[str] = {""}

    def write(self, path: str, data: str | bytes) -> None:
        """Write a new file at path; never through a link, nor outside root (output_name)."""
        name = output_name(path)
        target = self._prefix + name
        self._make_folders(name)
        try:
            fd = os.open(target, _NEW_FILE, 0o666)
        except FileExistsError:
            fd = self._replace(target)
        try:
            view = memoryview(data.encode("utf-8") if isinstance(data, str) else data)
            while view:
                view = view[os.write(fd, view) :]
        finally:
            os.close(fd)

    def _replace(self, target: str) -> int:
        """A new file in place of a regular one already there (a hard link to the last build's
        file, say, which must not be written through); anything else there is refused."""
        if not stat.S_ISREG(os.lstat(target).st_mode):
            raise FileExistsError(errno.EEXIST, "not a regular file; refused", target)
        os.unlink(target)
        return os.open(target, _NEW_FILE, 0o666)

    def _make_folders(self, name: str) -> None:
        """Make the folders of a file name under root, each checked to be a folder, not a link."""
        folder = name.rpartition("/")[0]
        if folder in self._folders:
            return
        parts = folder.split("/")
        for depth in range(1, len(parts) + 1):
            made = "/".join(parts[:depth])
            if made in self._folders:
                continue
            try:
                os.mkdir(self._prefix + made)
            except FileExistsError:
                # Made by another share of the build, or by link(): a folder, or refused.
                if not stat.S_ISDIR(os.lstat(self._prefix + made).st_mode):
                    raise NotADirectoryError(
                        errno.ENOTDIR, "not a folder; refused", self._prefix + made
                    ) from None
            self._folders.add(made)

    def same(self, previous: Path, path: str, data: bytes) -> bool:
        """Whether the previous build's file at path holds exactly these bytes."""
        try:
            with open(output_file(previous, path), "rb") as handle:
                return handle.read(len(data) + 1) == data
        except OSError:
            return False

    def remove(self, path: str) -> None:
        output_file(self.root, path).unlink(missing_ok=True)

    def link(self, previous: Path, path: str) -> bool:
        """Hard-link the previous build's file instead of writing the same bytes again."""
        name = output_name(path)
        self._make_folders(name)
        try:
            os.link(os.path.join(previous, name), self._prefix + name)  # name checked above
        except OSError:
            return False
        return True


@contextmanager
def staged_output(out: Path) -> Iterator[Staging]:
    """Yield a staging folder; swap it in if the block succeeds, remove it if not.

    An OSError (a full disk, an unwritable folder) becomes an OutputProblem naming the path
    and the cause; out is then as it was.
    """
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=staging_prefix(out), dir=out.parent))
        write_marker(staging)  # first: a leftover of a killed build is known to be ours
    except OSError as exc:
        raise _problem(exc, out) from None
    try:
        yield Staging(staging)
        os.chmod(staging, 0o755)
        swap_in(staging, out)
    except BaseException as exc:
        remove_claimed(staging)
        if isinstance(exc, OSError):
            raise _problem(exc, out) from None
        raise


@contextmanager
def pending_changes(out: Path) -> Iterator[Staging]:
    """Yield a folder for the changed files alone; on success commit them into out."""
    try:
        staging = Path(tempfile.mkdtemp(prefix=staging_prefix(out), dir=out.parent))
        write_marker(staging)
    except OSError as exc:
        raise _problem(exc, out) from None
    try:
        yield (pending := Staging(staging))
        commit_in_place(staging, out, pending.removed)
    except BaseException as exc:
        remove_claimed(staging)
        if isinstance(exc, OSError):  # the cache was marked untrusted (see commit_in_place)
            raise _problem(exc, out, "the next build rewrites it whole") from None
        raise


def _problem(exc: OSError, out: Path, after: str = "") -> OutputProblem:
    """One line: the path and the cause, and what became of out."""
    path = exc.filename if exc.filename is not None else out
    return OutputProblem(f"{path}: {exc.strerror or exc}; {after or f'{out} is left as it was'}")


def commit_in_place(staging: Path, out: Path, removed: Iterable[str]) -> None:
    """Move the changed files from staging into out, then delete the pages that are gone.

    For rebuilds that reuse most of out: each file is replaced by one atomic rename, so a
    reader never sees half a page, and the unchanged thousands are never touched. A build
    interrupted here leaves a mix of old and new pages; the cache marks the output as
    untrusted first (see cache.mark_untrusted), so the next build rebuilds it whole.
    """
    for folder, _, names in os.walk(staging):
        relative = Path(folder).relative_to(staging)
        if relative == Path("."):
            names = [name for name in names if name != MARKER]  # out has its own
        if names:
            (out / relative).mkdir(parents=True, exist_ok=True)
        for name in names:
            os.replace(Path(folder, name), out / relative / name)
    for path in removed:
        target = output_file(out, path)
        target.unlink(missing_ok=True)
        for parent in target.parents:
            if parent == out or not parent.is_relative_to(out):
                break
            try:
                parent.rmdir()  # only once empty: a page's folder may hold other pages
            except OSError:
                break
    remove_claimed(staging)


def swap_in(staging: Path, out: Path) -> None:
    """Replace out with staging by two renames; the old tree waits in .out.old-* meanwhile,
    where the next build finds it if this one is killed between them (see leftovers)."""
    if not has_marker(staging):
        write_marker(staging)
    if not os.path.lexists(out):
        os.replace(staging, out)
        return
    old = Path(tempfile.mkdtemp(prefix=old_prefix(out), dir=out.parent))
    os.replace(out, old / out.name)
    try:
        os.replace(staging, out)
    except OSError:
        os.replace(old / out.name, out)
        os.rmdir(old)
        raise
    write_marker(old)  # the old site's own marker may go first as it is removed
    remove_claimed(old)
