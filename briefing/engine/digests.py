"""Digests of the inputs every page depends on: the templates and the generator itself."""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Iterable
from pathlib import Path

from briefing import __version__
from briefing.content.sources import is_inside


def digest_files(paths: Iterable[tuple[str, bytes]]) -> bytes:
    """One digest of named byte strings (templates, generator source, settings)."""
    h = hashlib.blake2b(digest_size=16)
    for name, data in sorted(paths):
        h.update(name.encode() + b"\0" + hashlib.blake2b(data).digest())
    return h.digest()


def folder_files(root: Path, suffixes: tuple[str, ...] | None = None) -> list[tuple[str, bytes]]:
    """(relative name, bytes) of every file below root (I/O, for digest_files)."""
    return [
        (path.relative_to(root).as_posix(), path.read_bytes())
        for path in sorted(root.rglob("*"))
        if path.is_file()
        and (suffixes is None or path.suffix in suffixes)
        and "__pycache__" not in path.parts
        and not (path.is_symlink() and not is_inside(root, path))  # refused by the build
    ]


PACKAGE = Path(__file__).resolve().parent.parent  # the whole briefing package


@functools.cache
def generator_digest() -> str:
    """The generator's version: its own source, so a code change never reuses stale output."""
    files = folder_files(PACKAGE, (".py", ".js", ".css", ".html"))
    return __version__ + "-" + digest_files(files).hex()
