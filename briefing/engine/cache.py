"""The persistent build cache: parsed entries, rendered bodies, and the last output's manifest.

One file per combination of settings, written atomically, with the rendered
bodies in a second file beside it (read only by builds that render many
entries), the parsed entries in sixteen shard files by digest (a rebuild
rewrites only the shards whose entries changed), and a small stamp file that a
no-op build reads alone. Each is checked
before use (format, checksum, shape) and ignored whole when anything is off:
a stale or corrupt cache costs a cold build, never a wrong one. marshal
rather than pickle, so a tampered cache can hold data but never code.
"""

from __future__ import annotations

import hashlib
import json
import marshal
import os
import tempfile
import time
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

from briefing.content.sources import ContentFiles, Known
from briefing.engine.packing import Resolution

MAGIC = b"briefing-cache 14\n"


class StoredPage(NamedTuple):
    """One file a unit wrote, as the next run needs it to reuse the file."""

    path: str
    lastmod: str  # ISO date, "" if none
    in_sitemap: bool
    view: str  # digest of the page's view (rendering.view_digest), "" if none


class StoredUnit(NamedTuple):
    """What the last run knew of a unit: the digest of its inputs, and the files it wrote."""

    inputs: str
    pages: tuple[StoredPage, ...]


@dataclass
class BuildCache:
    entries: dict[str, tuple[Any, ...]] = field(default_factory=dict)  # file digest -> entry
    bodies: dict[str, str] = field(default_factory=dict)  # file digest -> body HTML
    outputs: list[str] = field(default_factory=list)  # every path the build wrote
    inputs: str = ""  # digest of every input of the last build
    out_stamp: tuple[int, int] = (0, 0)  # (inode, mtime) of the output folder it wrote
    entry_count: int = 0
    warnings: list[tuple[str, int, str]] = field(default_factory=list)
    units: dict[str, StoredUnit] = field(default_factory=dict)  # unit key -> inputs, pages
    shared: str = ""  # digest of what every page can show besides its entries (templates...)
    fronts: dict[str, bytes] = field(default_factory=dict)  # file digest -> front matter digest
    resolved: dict[str, Resolution] = field(default_factory=dict)  # file digest -> resolution
    registries: str = ""  # the registries and threads the resolutions hold for
    note: str = ""  # why the stored cache was not used, if it was not


def cache_file(folder: Path, settings: str) -> Path:
    name = hashlib.blake2b(settings.encode(), digest_size=8).hexdigest()
    return folder / f"build-{name}.cache"


KEPT_SETS = 8  # the cache sets (one per combination of settings) a cache folder keeps
STALE_TEMPORARY = 3600  # seconds: a temporary file this old was left by a killed build


def prune(path: Path) -> None:
    """Delete all but the KEPT_SETS most recently saved cache sets beside path (always
    keeping path's own), and temporary files that killed builds left behind.

    Every new generator version, output folder or base URL (a deploy preview's, say) starts
    a set of its own, tens of megabytes for a large site: without a limit, the folder grows
    with each of them.
    """
    folder = path.parent
    saved = sorted(
        (p for p in folder.glob("build-*.cache") if p != path),
        key=_modified,
        reverse=True,
    )
    for old in saved[KEPT_SETS - 1 :]:
        for file in folder.glob(f"{old.stem}.*"):
            file.unlink(missing_ok=True)
    now = time.time()
    for temporary in folder.glob(".tmp-*"):
        if now - _modified(temporary) > STALE_TEMPORARY:
            temporary.unlink(missing_ok=True)


def _modified(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except OSError:  # deleted meanwhile by another build
        return 0.0


def load(path: Path) -> BuildCache:
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return BuildCache()
    except OSError as exc:
        return BuildCache(note=f"build cache unreadable ({exc.strerror}); building cold")
    try:
        cache = _decode(data)
    except Exception:  # any defect in the file means: do not trust it
        return BuildCache(note=f"build cache {path} is corrupt; ignored and rebuilt")
    cache.entries = _load_entries(path)
    if _untrusted_marker(path).exists():  # a build stopped while updating the output
        cache.out_stamp = (0, 0)
    return cache


def mark_untrusted(path: Path) -> None:
    """Before the output is changed in place: until the cache is saved again, the output is
    not what the cache describes, and a build that finds this mark rebuilds it whole."""
    path.with_suffix(".stamp").unlink(missing_ok=True)
    _untrusted_marker(path).parent.mkdir(parents=True, exist_ok=True)
    _untrusted_marker(path).touch()


def _untrusted_marker(path: Path) -> Path:
    return path.with_suffix(".updating")


def load_bodies(path: Path) -> dict[str, str]:
    """The rendered bodies, kept beside the cache: only builds that render many entries
    read them. Unreadable or corrupt means none."""
    try:
        bodies = marshal.loads(_checked(_bodies_file(path).read_bytes()))
    except Exception:  # missing or defective: render the Markdown again
        return {}
    ok = isinstance(bodies, dict) and all(type(v) is str for v in bodies.values())
    return bodies if ok else {}


def _bodies_file(path: Path) -> Path:
    return path.with_suffix(".bodies")


def _checked(data: bytes) -> memoryview:
    """The payload of a file written by _write, once its version and checksum are right."""
    if not data.startswith(MAGIC):
        raise ValueError("not a cache of this version")
    start = len(MAGIC) + len(_checksum(b""))
    payload = memoryview(data)[start:]  # a view: the payload is tens of megabytes
    if _checksum(payload) != data[len(MAGIC) : start]:
        raise ValueError("checksum mismatch")
    return payload


def _checksum(payload: bytes | memoryview) -> bytes:
    # CRC-32 finds a torn or damaged file as surely as a cryptographic digest, at a fraction
    # of the time on 30 MB; nobody need forge a cache, as marshal holds data, never code.
    return b"%08x" % zlib.crc32(payload)


def _write(path: Path, payload: bytes) -> None:
    """Atomically: a reader finds the old file or the new one, never half of one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temporary = tempfile.mkstemp(prefix=".tmp-", dir=path.parent)
    os.fchmod(fd, 0o644)
    with os.fdopen(fd, "wb") as handle:
        handle.write(MAGIC + _checksum(payload))
        handle.write(payload)
    os.replace(temporary, path)


SHARDS = "0123456789abcdef"  # the first hex digit of an entry's digest picks its shard


def _shard_file(path: Path, shard: str) -> Path:
    return path.with_suffix(f".entries-{shard}")


def _load_entries(path: Path) -> dict[str, tuple[Any, ...]]:
    """Every parsed entry the shards hold. A shard missing or damaged holds none: entries are
    keyed by their file's digest, so one lost costs parsing the file again, never a wrong page."""
    entries: dict[str, tuple[Any, ...]] = {}
    for shard in SHARDS:
        try:
            part = marshal.loads(_checked(_shard_file(path, shard).read_bytes()))
        except Exception:
            continue
        if isinstance(part, dict) and all(type(v) is tuple for v in part.values()):
            entries.update(part)
    return entries


def _save_entries(
    path: Path, entries: dict[str, tuple[Any, ...]], on_disk: dict[str, tuple[Any, ...]] | None
) -> None:
    """Rewrite the shards whose digests differ from on_disk (what they held when read)."""
    shards: dict[str, dict[str, tuple[Any, ...]]] = {shard: {} for shard in SHARDS}
    for digest, packed in entries.items():
        shards[digest[:1]][digest] = packed
    before: dict[str, set[str]] = {shard: set() for shard in SHARDS}
    for digest in on_disk or ():
        before[digest[:1]].add(digest)
    for shard, part in shards.items():
        if on_disk is None or part.keys() != before[shard]:
            _write(_shard_file(path, shard), marshal.dumps(part))


# The main file's fields, in the order it stores them.
_STORED = (
    "outputs",
    "inputs",
    "out_stamp",
    "entry_count",
    "warnings",
    "units",
    "shared",
    "fronts",
    "resolved",
    "registries",
)


def _decode(data: bytes) -> BuildCache:
    cache = BuildCache(**dict(zip(_STORED, marshal.loads(_checked(data)), strict=True)))
    if not (isinstance(cache.outputs, list) and isinstance(cache.inputs, str)):
        raise ValueError("bad shape")
    if not (isinstance(cache.out_stamp, tuple) and len(cache.out_stamp) == 2):
        raise ValueError("bad shape")
    if not (isinstance(cache.entry_count, int) and isinstance(cache.warnings, list)):
        raise ValueError("bad shape")
    if not (isinstance(cache.units, dict) and isinstance(cache.fronts, dict)):
        raise ValueError("bad shape")
    if not (isinstance(cache.shared, str) and isinstance(cache.registries, str)):
        raise ValueError("bad shape")
    if not isinstance(cache.resolved, dict):
        raise ValueError("bad shape")
    cache.resolved = {digest: Resolution(*r) for digest, r in cache.resolved.items()}
    cache.out_stamp = (int(cache.out_stamp[0]), int(cache.out_stamp[1]))
    cache.warnings = [(str(p), int(n), str(m)) for p, n, m in cache.warnings]
    for key, (digest, pages) in cache.units.items():  # the shape render_share relies on
        if not (isinstance(digest, str) and isinstance(pages, tuple)):
            raise ValueError("bad shape")
        cache.units[key] = StoredUnit(digest, tuple(StoredPage(*page) for page in pages))
    return cache


def save(
    path: Path,
    cache: BuildCache,
    *,
    with_bodies: bool = True,
    known: Known | None = None,
    entries_on_disk: dict[str, tuple[Any, ...]] | None = None,
) -> None:
    """Write the cache; with_bodies=False leaves the stored bodies as they are, and
    entries_on_disk (the entries as last loaded) spares the shards that still hold them."""
    _save_entries(path, cache.entries, entries_on_disk)
    if with_bodies:
        _write(_bodies_file(path), marshal.dumps(cache.bodies))
    if known is not None:
        _write(_known_file(path), marshal.dumps((known.settled, dict(known.files))))
    # marshal stores plain tuples only: the named records go as their fields.
    plain: dict[str, Any] = {
        "units": {k: (u.inputs, tuple(map(tuple, u.pages))) for k, u in cache.units.items()},
        "resolved": {digest: tuple(r) for digest, r in cache.resolved.items()},
    }
    fields = tuple(plain.get(name, getattr(cache, name)) for name in _STORED)
    _write(path, marshal.dumps(fields))
    _untrusted_marker(path).unlink(missing_ok=True)
    stamp = [
        cache.inputs,
        list(cache.out_stamp),
        cache.entry_count,
        len(cache.outputs),
        cache.warnings,
    ]
    path.with_suffix(".stamp").write_text(json.dumps(stamp), encoding="utf-8")


def load_known(path: Path) -> Known | None:
    """What the last build read (see sources.Known); None if unreadable or damaged."""
    try:
        settled, files = marshal.loads(_checked(_known_file(path).read_bytes()))
        for (size, mtime, ctime, inode), digest in files.values():  # the shape it relies on
            if not all(type(n) is int for n in (size, mtime, ctime, inode, settled)):
                raise ValueError("bad shape")
            if type(digest) is not str:
                raise ValueError("bad shape")
    except Exception:  # missing or defective: read every file
        return None
    return Known(files, settled)


def _known_file(path: Path) -> Path:
    return path.with_suffix(".files")


def load_stamp(path: Path) -> tuple[str, tuple[int, int], int, int, list[tuple[str, int, str]]]:
    """The last build's inputs digest, output stamp, counts and warnings, from a small file
    beside the cache: a no-op build reads only this. An unreadable stamp matches nothing."""
    try:
        data = json.loads(path.with_suffix(".stamp").read_text(encoding="utf-8"))
        inputs, (inode, mtime), entries, outputs, warnings = data
        return (
            str(inputs),
            (int(inode), int(mtime)),
            int(entries),
            int(outputs),
            [(str(p), int(n), str(m)) for p, n, m in warnings],
        )
    except (OSError, ValueError, TypeError):
        return ("", (0, 0), 0, 0, [])


def out_stamp(out: Path) -> tuple[int, int]:
    try:
        info = out.stat()
    except OSError:
        return (0, 0)
    return (info.st_ino, info.st_mtime_ns)


def wrote(stamp: tuple[int, int], out: Path) -> bool:
    """Whether out is still the folder a build stamped: there, and untouched at the top."""
    return stamp != (0, 0) and stamp == out_stamp(out)


def inputs_digest(settings: str, files: ContentFiles, templates: bytes) -> str:
    """Every input of a build in one digest (templates: their digest): equal digests mean the
    same output."""
    h = hashlib.blake2b(settings.encode(), digest_size=16)
    for file in (*files.shared(), *files.entries):
        h.update(f"{file.shown}\0{file.digest}\n".encode())
    h.update(templates)
    return h.hexdigest()
