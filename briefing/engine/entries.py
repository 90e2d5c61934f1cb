"""Which entries the engine parses afresh and which it takes from an earlier run.

An entry file is known by its digest (its path and bytes): parsed once, it is kept packed
(packing) for as long as the file is unchanged; resolved once, it is kept assembled for as
long as site.yaml, the registries and the threads are unchanged too. Only the files
the earlier run never saw go through the content store's parser, in parallel when many.
"""

from __future__ import annotations

import functools
import zoneinfo
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from briefing.content.sources import SourceFile
from briefing.content.validate import ParsedEntry
from briefing.engine import packing
from briefing.engine.parallel import run_shares
from briefing.engine.store import read_entry_links
from briefing.errors import SourceError, split_warnings
from briefing.model import Entry
from briefing.render.links import LinkScan

Packed = tuple[Any, ...]  # a parsed entry as packing keeps it


@dataclass(frozen=True)
class Earlier:
    """What an earlier run made of entry files, by file digest."""

    packed: Mapping[str, Packed]  # parsed entries
    resolutions: Mapping[str, packing.Resolution]  # how they resolved (empty: registries moved)
    assembled: Mapping[str, Entry]  # the entries themselves, where still in memory


@dataclass(frozen=True)
class Entries:
    """The entries of this run: to resolve, already resolved, and newly parsed."""

    parsed: list[ParsedEntry]
    settled: list[Entry]
    fresh: dict[str, Packed]  # parsed afresh without errors: worth keeping
    errors: list[SourceError]


def sort_entries(
    files: tuple[SourceFile, ...], earlier: Earlier, include_drafts: bool, jobs: int, timezone: str
) -> Entries:
    """Each entry file's entry: settled if an earlier run resolved its very bytes under
    these very records, else parsed (or unpacked) to be resolved again."""
    settled_files = [
        f for f in files if f.digest in earlier.resolutions and f.digest in earlier.packed
    ]
    others = tuple(
        f for f in files if f.digest not in earlier.resolutions or f.digest not in earlier.packed
    )
    parsed, errors, fresh = _parse(others, include_drafts, jobs, earlier.packed)
    tz = zoneinfo.ZoneInfo(timezone) if timezone else None
    settled = []
    for file in settled_files:
        packed = earlier.packed[file.digest]
        entry = earlier.assembled.get(file.digest)
        if entry is None and tz is not None:
            if not include_drafts and packing.is_draft(packed):
                continue
            entry = packing.unpack_settled(packed, earlier.resolutions[file.digest], tz)
        if entry is not None:
            settled.append(entry)
            errors += packing.warnings_of(packed)  # read from the file when it was parsed
    return Entries(parsed, settled, fresh, errors)


def _parse(
    files: tuple[SourceFile, ...], include_drafts: bool, jobs: int, packed: Mapping[str, Packed]
) -> tuple[list[ParsedEntry], list[SourceError], dict[str, Packed]]:
    """Entries from the earlier run where their bytes are unchanged, the rest parsed."""
    todo = [f for f in files if f.digest not in packed]
    jobs = jobs if len(todo) > 200 else 1  # forking costs more than a few files
    shares = run_shares(jobs, functools.partial(_parse_share, todo, include_drafts))
    fresh: dict[str, Packed] = {}
    flawed: dict[str, Packed] = {}  # readable, but with errors: never kept
    errors: list[SourceError] = []
    for share in shares:
        for digest, entry, found in share:
            errors += found
            if entry is not None:
                (flawed if split_warnings(found)[0] else fresh)[digest] = entry
    parsed = []
    for file in files:
        entry = packed.get(file.digest) or fresh.get(file.digest) or flawed.get(file.digest)
        if entry is not None:
            unpacked = packing.unpack_entry(entry)
            if include_drafts or not unpacked.draft:
                parsed.append(unpacked)
                if file.digest in packed:  # parsed by an earlier run: its warnings kept
                    errors += packing.warnings_of(entry)
    return parsed, errors, fresh


def _parse_share(
    files: list[SourceFile], include_drafts: bool, share: int, shares: int
) -> list[tuple[str, Packed | None, list[SourceError]]]:
    results = []
    scan = LinkScan()
    for file in files[share::shares]:
        entry, found = read_entry_links(file, include_drafts, scan)
        warnings = [f for f in found if f.warning]
        results.append((file.digest, packing.pack_entry(entry, warnings) if entry else None, found))
    return results
