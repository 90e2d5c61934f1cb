"""Atomic output: build into a staging folder beside the target, swap it in on success."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

from briefing.site.urls import output_file


class UnsafeOutput(ValueError):
    """An --out folder that the build must not replace."""


class Staging:
    """The folder a build writes into; files land in the real output only on commit."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.removed: list[str] = []  # site paths the new build no longer has (see commit_in_place)

    def write(self, path: str, data: str | bytes) -> None:
        target = output_file(self.root, path)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)

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
        target = output_file(self.root, path)
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.link(output_file(previous, path), target)
        except OSError:
            return False
        return True


def check_output_folder(out: Path, protected: list[Path]) -> None:
    """Refuse an --out that is, or contains, the sources or the working folder."""
    resolved = out.resolve()
    for folder in [*protected, Path.cwd()]:
        folder = folder.resolve()
        if resolved == folder or folder.is_relative_to(resolved):
            raise UnsafeOutput(f"--out {out} would replace {folder}; choose a separate folder")
    if resolved.is_dir() and any(resolved.iterdir()) and not (resolved / "index.html").exists():
        raise UnsafeOutput(
            f"--out {out} is a folder that does not hold a built site; "
            "remove it or choose another folder"
        )


@contextmanager
def staged_output(out: Path) -> Iterator[Staging]:
    """Yield a staging folder; swap it in if the block succeeds, remove it if not."""
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.tmp-", dir=out.parent))
    try:
        yield Staging(staging)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    os.chmod(staging, 0o755)
    swap_in(staging, out)


@contextmanager
def pending_changes(out: Path) -> Iterator[Staging]:
    """Yield a folder for the changed files alone; on success commit them into out."""
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.tmp-", dir=out.parent))
    try:
        yield (pending := Staging(staging))
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    commit_in_place(staging, out, pending.removed)


def commit_in_place(staging: Path, out: Path, removed: Iterable[str]) -> None:
    """Move the changed files from staging into out, then delete the pages that are gone.

    For rebuilds that reuse most of out: each file is replaced by one atomic rename, so a
    reader never sees half a page, and the unchanged thousands are never touched. A build
    interrupted here leaves a mix of old and new pages; the cache marks the output as
    untrusted first (see cache.mark_untrusted), so the next build rebuilds it whole.
    """
    for folder, _, names in os.walk(staging):
        relative = Path(folder).relative_to(staging)
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
    shutil.rmtree(staging, ignore_errors=True)


def swap_in(staging: Path, out: Path) -> None:
    if out.exists():
        old = Path(tempfile.mkdtemp(prefix=f".{out.name}.old-", dir=out.parent))
        os.replace(out, old / out.name)
        os.replace(staging, out)
        shutil.rmtree(old, ignore_errors=True)
    else:
        os.replace(staging, out)
