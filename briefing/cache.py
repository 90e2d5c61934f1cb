"""The persistent build cache: parsed entries, rendered bodies, and the last output's manifest.

One file per combination of settings, written atomically. It is checked
before use (format, checksum, shape) and ignored whole when anything is off:
a stale or corrupt cache costs a cold build, never a wrong one. marshal
rather than pickle, so a tampered cache can hold data but never code.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import marshal
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .model import Correction, Source
from .sources import ContentFiles
from .validate import ParsedEntry

MAGIC = b"briefing-cache 6\n"


@dataclass
class BuildCache:
    entries: dict[str, tuple[Any, ...]] = field(default_factory=dict)  # file digest -> entry
    bodies: dict[str, str] = field(default_factory=dict)  # file digest -> body HTML
    outputs: dict[str, str] = field(default_factory=dict)  # output path -> fingerprint
    inputs: str = ""  # digest of every input of the last build
    out_stamp: tuple[int, int] = (0, 0)  # (inode, mtime) of the output folder it wrote
    entry_count: int = 0
    warnings: list[tuple[str, int, str]] = field(default_factory=list)
    units: dict[str, tuple[str, str, str]] = field(
        default_factory=dict
    )  # entry url -> inputs, path, fingerprint
    note: str = ""  # why the stored cache was not used, if it was not


def cache_file(folder: Path, settings: str) -> Path:
    name = hashlib.blake2b(settings.encode(), digest_size=8).hexdigest()
    return folder / f"build-{name}.cache"


def load(path: Path) -> BuildCache:
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return BuildCache()
    except OSError as exc:
        return BuildCache(note=f"build cache unreadable ({exc.strerror}); building cold")
    try:
        return _decode(data)
    except Exception:  # any defect in the file means: do not trust it
        return BuildCache(note=f"build cache {path} is corrupt; ignored and rebuilt")


def _decode(data: bytes) -> BuildCache:
    if not data.startswith(MAGIC):
        raise ValueError("not a cache of this version")
    checksum, payload = data[len(MAGIC) : len(MAGIC) + 32], data[len(MAGIC) + 32 :]
    if hashlib.blake2b(payload, digest_size=16).hexdigest().encode() != checksum:
        raise ValueError("checksum mismatch")
    entries, bodies, outputs, inputs, stamp, count, warnings, units = marshal.loads(payload)
    if not (isinstance(entries, dict) and isinstance(bodies, dict) and isinstance(outputs, dict)):
        raise ValueError("bad shape")
    if not (isinstance(inputs, str) and isinstance(stamp, tuple) and len(stamp) == 2):
        raise ValueError("bad shape")
    if not (isinstance(count, int) and isinstance(warnings, list) and isinstance(units, dict)):
        raise ValueError("bad shape")
    stamp = (int(stamp[0]), int(stamp[1]))
    warnings = [(str(p), int(n), str(m)) for p, n, m in warnings]
    units = {str(url): (str(a), str(b), str(c)) for url, (a, b, c) in units.items()}
    return BuildCache(entries, bodies, outputs, inputs, stamp, count, warnings, units)


def save(path: Path, cache: BuildCache) -> None:
    fields = (
        cache.entries,
        cache.bodies,
        cache.outputs,
        cache.inputs,
        cache.out_stamp,
        cache.entry_count,
        cache.warnings,
        cache.units,
    )
    payload = marshal.dumps(fields)
    checksum = hashlib.blake2b(payload, digest_size=16).hexdigest().encode()
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temporary = tempfile.mkstemp(prefix=".tmp-", dir=path.parent)
    os.fchmod(fd, 0o644)
    with os.fdopen(fd, "wb") as handle:
        handle.write(MAGIC + checksum + payload)
    os.replace(temporary, path)
    stamp = [
        cache.inputs,
        list(cache.out_stamp),
        cache.entry_count,
        len(cache.outputs),
        cache.warnings,
    ]
    path.with_suffix(".stamp").write_text(json.dumps(stamp), encoding="utf-8")


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


def inputs_digest(settings: str, files: ContentFiles, templates: bytes) -> str:
    """Every input of a build in one digest (templates: their digest): equal digests mean the
    same output."""
    h = hashlib.blake2b(settings.encode(), digest_size=16)
    singles = [f for f in (files.site, files.actors, files.topics) if f is not None]
    for file in (*singles, *files.threads, *files.entries):
        h.update(f"{file.shown}\0{file.digest}\n".encode())
    h.update(templates)
    return h.hexdigest()


def pack_entry(entry: ParsedEntry) -> tuple[Any, ...]:
    when = entry.when.isoformat()
    sources = tuple(
        (s.publisher, s.title, s.url, s.published.isoformat() if s.published else None)
        for s in entry.sources
    )
    return (
        entry.path,
        entry.slug,
        entry.title,
        entry.summary,
        when,
        isinstance(entry.when, dt.datetime),
        entry.threads,
        entry.actors,
        entry.topics,
        sources,
        entry.body,
        entry.body_line,
        entry.draft,
        entry.updated.isoformat() if entry.updated else None,
        entry.trend,
        entry.lines,
        tuple((c.date.isoformat(), c.text) for c in entry.corrections),
        entry.trend_reason,
        entry.statements,
        entry.indicators,
    )


def unpack_entry(packed: tuple[Any, ...]) -> ParsedEntry:
    (
        path,
        slug,
        title,
        summary,
        when,
        is_datetime,
        threads,
        actors,
        topics,
        sources,
        body,
        body_line,
        draft,
        updated,
        trend,
        lines,
        corrections,
        trend_reason,
        statements,
        indicators,
    ) = packed
    return ParsedEntry(
        path=path,
        slug=slug,
        title=title,
        summary=summary,
        when=dt.datetime.fromisoformat(when) if is_datetime else dt.date.fromisoformat(when),
        threads=tuple(threads),
        actors=tuple(actors),
        topics=tuple(topics),
        sources=tuple(
            Source(p, t, u, dt.date.fromisoformat(d) if d else None) for p, t, u, d in sources
        ),
        body=body,
        body_line=body_line,
        draft=draft,
        updated=dt.date.fromisoformat(updated) if updated else None,
        trend=trend,
        lines=dict(lines),
        corrections=tuple(Correction(dt.date.fromisoformat(d), t) for d, t in corrections),
        trend_reason=trend_reason,
        statements=tuple(tuple(s) for s in statements),
        indicators=tuple(indicators),
    )
