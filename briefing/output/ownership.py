"""Which output folders a build may replace: only what it wrote, as its marker file says.

Every build leaves MARKER at the root of the site. A folder is replaced only when it does not
exist, is empty, or carries that marker; anything else may hold someone's files, and a build
refuses it rather than delete them.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import stat
from pathlib import Path

MARKER = ".briefing-site"  # at the root of every site a build writes
MARKER_TEXT = b"briefing-site 1\n"  # the format line: what proves the folder is ours
_MARKER_PREFIX = b"briefing-site "


class UnsafeOutput(ValueError):
    """An --out that names or holds the sources or the working folder: a usage error."""


class OutputProblem(Exception):
    """The output cannot be written or replaced; the message names the path and the cause."""


def write_marker(root: Path) -> None:
    """Claim a folder the build made, before anything else goes in it."""
    (root / MARKER).write_bytes(MARKER_TEXT)


def remove_claimed(folder: Path) -> None:
    """Delete a folder that carries the marker, the marker last: a removal cut short by a
    kill leaves a folder that still shows it is ours, for the next build to finish."""
    try:
        children = sorted(os.scandir(folder), key=lambda child: child.name == MARKER)
    except OSError:
        return
    for child in children:
        if child.is_dir(follow_symlinks=False):
            shutil.rmtree(child.path, ignore_errors=True)
        else:
            Path(child.path).unlink(missing_ok=True)
    with contextlib.suppress(OSError):
        folder.rmdir()


def has_marker(root: Path) -> bool:
    """Whether root holds the marker a build leaves: a small regular file with our format line."""
    try:
        fd = os.open(root / MARKER, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    except OSError:
        return False
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):  # a FIFO or a device is never ours
            return False
        return os.read(fd, 64).startswith(_MARKER_PREFIX)
    finally:
        os.close(fd)


def check_output_folder(out: Path, protected: list[Path], *, force: bool = False) -> None:
    """Refuse an --out the build must not replace.

    UnsafeOutput (a usage error) for a folder inside, or holding, the sources or the working
    folder; OutputProblem for a file, or a folder with files but no marker. force accepts
    the latter once (a site built before the marker existed).
    """
    resolved = out.resolve()
    for folder in [p.resolve() for p in protected]:
        if resolved == folder or folder.is_relative_to(resolved):
            raise UnsafeOutput(f"--out {out} would replace {folder}; choose a separate folder")
        if resolved.is_relative_to(folder):
            raise UnsafeOutput(f"--out {out} is inside {folder}; choose a folder outside it")
    if Path.cwd().resolve().is_relative_to(resolved):
        raise UnsafeOutput(f"--out {out} would replace the working folder; choose another")
    try:
        info = os.lstat(out)
    except FileNotFoundError:
        return
    except OSError as exc:
        raise OutputProblem(f"{out}: {exc.strerror}") from None
    if stat.S_ISLNK(info.st_mode):  # the swap would replace the link, not what it names
        raise OutputProblem(f"{out}: a symbolic link, not a folder; give the folder it names")
    if not stat.S_ISDIR(info.st_mode):
        raise OutputProblem(f"{out}: not a folder")
    try:
        empty = not os.listdir(out)
    except OSError as exc:
        raise OutputProblem(f"{out}: {exc.strerror}") from None
    if empty or has_marker(out) or force:
        return
    raise OutputProblem(
        f"{out}: holds files this tool did not write (no {MARKER} file), so it is left alone; "
        "choose a new or empty folder (a site built by an older version: delete it, "
        "or build once with --force)"
    )
