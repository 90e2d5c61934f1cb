"""The persistent build cache: parsed entries, rendered bodies, and the last output's manifest.

One file per combination of settings, written atomically, with the rendered
bodies in a second file beside it (read only by builds that render many
entries), the parsed entries in sixteen shard files by digest (a rebuild
rewrites only the shards whose entries changed), the stamp of every output file
and the digest of its bytes (manifest.py: output changed by hand is never reused, output
restored by a CI cache is once every file reads as written), and a small stamp file
that a no-op build reads alone. How the files are named, read and pruned is
cache_files.py's: never a file the build did not write. Each is checked
before use (format, checksum, shape) and ignored whole when anything is off:
a stale or corrupt cache costs a cold build, never a wrong one. marshal
rather than pickle, so a tampered cache can hold data but never code.
"""

from __future__ import annotations

import hashlib
import json
import marshal
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

from briefing.content.sources import ContentFiles, Known
from briefing.engine.cache_files import KEPT_SETS as KEPT_SETS  # for this module's callers
from briefing.engine.cache_files import checked, odd_files, read_capped, write_atomic
from briefing.engine.cache_files import prune as prune
from briefing.engine.packing import Resolution
from briefing.output.manifest import FileStamp
from briefing.output.search_bundle import BundleRecord


class StoredPage(NamedTuple):
    """One file a unit wrote, as the next run needs it to reuse the file."""

    path: str
    lastmod: str  # ISO date, "" if none
    in_sitemap: bool
    view: str  # digest of the page's view (view_digest.view_digest), "" if none


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
    digests: dict[str, bytes] = field(default_factory=dict)  # output path -> content digest
    note: str = ""  # why the stored cache was not used, if it was not


def cache_file(folder: Path, settings: str) -> Path:
    name = hashlib.blake2b(settings.encode(), digest_size=8).hexdigest()
    return folder / f"build-{name}.cache"


def load(path: Path) -> BuildCache:
    odd = odd_files(path)  # not written by a build: never read, and the output redone whole
    note = f"build cache files {', '.join(odd)} are not regular files; ignored" if odd else ""
    try:
        data = read_capped(path)
    except FileNotFoundError:
        return BuildCache(note=note)
    except OSError as exc:
        reason = exc.strerror or str(exc)
        return BuildCache(note=note or f"build cache {path} unreadable ({reason}); building cold")
    try:
        cache = _decode(data)
    except Exception:  # any defect in the file means: do not trust it
        return BuildCache(note=note or f"build cache {path} is corrupt; ignored and rebuilt")
    cache.entries = _load_entries(path)
    if _untrusted_marker(path).exists() or odd:  # a build stopped while updating the output
        cache.out_stamp = (0, 0)
    cache.note = note
    return cache


def mark_untrusted(path: Path) -> None:
    """Before the output is changed in place: until the cache is saved again, the output is
    not what the cache describes, and a build that finds this mark rebuilds it whole."""
    _stamp_file(path).unlink(missing_ok=True)
    _untrusted_marker(path).parent.mkdir(parents=True, exist_ok=True)
    _untrusted_marker(path).touch()


def _untrusted_marker(path: Path) -> Path:
    return path.with_suffix(".updating")


def load_bodies(path: Path) -> dict[str, str]:
    """The rendered bodies, kept beside the cache: only builds that render many entries
    read them. Unreadable or corrupt means none."""
    try:
        bodies = marshal.loads(checked(read_capped(_bodies_file(path))))
    except Exception:  # missing or defective: render the Markdown again
        return {}
    ok = isinstance(bodies, dict) and all(type(v) is str for v in bodies.values())
    return bodies if ok else {}


def _bodies_file(path: Path) -> Path:
    return path.with_suffix(".bodies")


SHARDS = "0123456789abcdef"  # the first hex digit of an entry's digest picks its shard


def _shard_file(path: Path, shard: str) -> Path:
    return path.with_suffix(f".entries-{shard}")


def _load_entries(path: Path) -> dict[str, tuple[Any, ...]]:
    """Every parsed entry the shards hold. A shard missing or damaged holds none: entries are
    keyed by their file's digest, so one lost costs parsing the file again, never a wrong page."""
    entries: dict[str, tuple[Any, ...]] = {}
    for shard in SHARDS:
        try:
            part = marshal.loads(checked(read_capped(_shard_file(path, shard))))
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
            write_atomic(_shard_file(path, shard), marshal.dumps(part))


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
    "digests",
)


def _decode(data: bytes) -> BuildCache:
    cache = BuildCache(**dict(zip(_STORED, marshal.loads(checked(data)), strict=True)))
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
    if not isinstance(cache.digests, dict):
        raise ValueError("bad shape")
    if not all(type(d) is bytes for d in cache.digests.values()):  # what verified() relies on
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
    manifest: dict[str, FileStamp] | None = None,
    search: BundleRecord | None = None,
) -> str:
    """Write the cache; with_bodies=False leaves the stored bodies as they are, and
    entries_on_disk (the entries as last loaded) spares the shards that still hold them.

    Returns "" or, when the cache could not be written (a folder where a file should be, a
    full disk), a note saying so: the site is written by then, and stays the build's result.
    """
    try:
        _save(path, cache, with_bodies, known, entries_on_disk, manifest, search)
    except OSError as exc:
        return f"build cache not saved ({exc.filename or path}: {exc.strerror or exc})"
    return ""


def _save(
    path: Path,
    cache: BuildCache,
    with_bodies: bool,
    known: Known | None,
    entries_on_disk: dict[str, tuple[Any, ...]] | None,
    manifest: dict[str, FileStamp] | None,
    search: BundleRecord | None,
) -> None:
    _save_entries(path, cache.entries, entries_on_disk)
    if with_bodies:
        write_atomic(_bodies_file(path), marshal.dumps(cache.bodies))
    if known is not None:
        write_atomic(_known_file(path), marshal.dumps((known.settled, dict(known.files))))
    if manifest is not None:
        write_atomic(_manifest_file(path), marshal.dumps(manifest))
    if search is not None:
        record = (search.key, dict(search.pages), dict(search.files))
        write_atomic(_search_file(path), marshal.dumps(record))
    # marshal stores plain tuples only: the named records go as their fields.
    plain: dict[str, Any] = {
        "units": {k: (u.inputs, tuple(map(tuple, u.pages))) for k, u in cache.units.items()},
        "resolved": {digest: tuple(r) for digest, r in cache.resolved.items()},
    }
    fields = tuple(plain.get(name, getattr(cache, name)) for name in _STORED)
    write_atomic(path, marshal.dumps(fields))
    _untrusted_marker(path).unlink(missing_ok=True)
    stamp = [
        cache.inputs,
        list(cache.out_stamp),
        cache.entry_count,
        len(cache.outputs),
        cache.warnings,
    ]
    write_atomic(_stamp_file(path), json.dumps(stamp).encode())


def load_digests(path: Path) -> dict[str, bytes]:
    """The digest of each file of the last build's output, from the main file alone (the
    entries' shards unread); none if it is unreadable or damaged."""
    try:
        return _decode(read_capped(path)).digests
    except Exception:  # any defect in the file: nothing to verify an output against
        return {}


def load_manifest(path: Path) -> dict[str, FileStamp] | None:
    """What the last build wrote, with each file's stamp; None if missing or damaged."""
    try:
        manifest = marshal.loads(checked(read_capped(_manifest_file(path))))
        for name, stamp in manifest.items():  # the shape intact() relies on
            if type(name) is not str or type(stamp) is not tuple or len(stamp) != 3:
                raise ValueError("bad shape")
    except Exception:  # missing or defective: the output cannot be vouched for
        return None
    return dict(manifest)


def load_search(path: Path) -> BundleRecord | None:
    """What the last build's Pagefind bundle was made from (search_bundle.BundleRecord);
    None if missing or damaged, and then Pagefind runs again."""
    try:
        key, pages, files = marshal.loads(checked(read_capped(_search_file(path))))
        if type(key) is not str or type(pages) is not dict or type(files) is not dict:
            raise ValueError("bad shape")
        for stamps in (pages, files):
            for name, stamp in stamps.items():
                if type(name) is not str or type(stamp) is not tuple or len(stamp) != 3:
                    raise ValueError("bad shape")
    except Exception:  # missing or defective: the bundle cannot be vouched for
        return None
    return BundleRecord(key, pages, files)


def _search_file(path: Path) -> Path:
    return path.with_suffix(".search")


def _manifest_file(path: Path) -> Path:
    return path.with_suffix(".outputs")


def _stamp_file(path: Path) -> Path:
    return path.with_suffix(".stamp")


def load_known(path: Path) -> Known | None:
    """What the last build read (see sources.Known); None if unreadable or damaged."""
    try:
        settled, files = marshal.loads(checked(read_capped(_known_file(path))))
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
        data = json.loads(bytes(checked(read_capped(_stamp_file(path), 1 << 24))))
        inputs, (inode, mtime), entries, outputs, warnings = data
        return (
            str(inputs),
            (int(inode), int(mtime)),
            int(entries),
            int(outputs),
            [(str(p), int(n), str(m)) for p, n, m in warnings],
        )
    except Exception:  # unreadable, damaged, or nested too deep to parse (RecursionError)
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
