"""What one run of the engine leaves for the next: in memory for serve, on disk between builds.

The state is plain data: the cache record (cache.BuildCache: parsed entries, rendered bodies,
each unit's inputs and pages, how entries resolved), the entry files' stats, and the entries
as assembled. `serve` keeps it in memory from one change to the next; `build` loads it from
the cache folder and saves it back (cache.py does the file formats).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from briefing.content.sources import ContentFiles
from briefing.content.sources import Known as KnownFiles
from briefing.engine import cache as build_cache
from briefing.engine import packing
from briefing.engine.entries import Packed
from briefing.errors import SourceError
from briefing.model import Entry, Site, SiteConfig
from briefing.output.manifest import FileStamp, intact, snapshot, verified
from briefing.output.ownership import has_marker
from briefing.output.search_bundle import BundleRecord, pagefind_key, still_indexes

if TYPE_CHECKING:
    import jinja2

    from briefing.content.assemble import Records
    from briefing.render.jinja import Compiled


class LastOutput(NamedTuple):
    """What a check of the last build's output found (check_last_output)."""

    stamp: tuple[int, int]  # the output folder's stamp that build saved
    files: int  # the number of files it wrote
    intact: bool  # the folder still has that stamp, and every file the one it was written with
    # Not intact, but ours (its marker there): whether every file's bytes were read, and, if
    # each was as written (an output a CI cache restored), the stamps the files have now.
    read: bool = False
    stamps: dict[str, FileStamp] | None = None


Checked = Callable[[], LastOutput | None]  # waits for the check ahead; None if none ran


@dataclass(frozen=True)
class EngineState:
    """Everything the engine reuses from its last good run."""

    cache: build_cache.BuildCache = field(default_factory=build_cache.BuildCache)
    files: KnownFiles | None = None  # the entry files' stats, to skip reading unchanged ones
    assembled: Mapping[str, Entry] = field(default_factory=dict)  # file digest -> entry
    disk: Path | None = None  # the cache file it was loaded from (bodies are read on demand)
    keeps: bool = True  # False: reuse nothing and keep nothing (build --no-cache)
    owns_output: bool = False  # out is as the last run left it, whoever touched its stamp
    config: SiteConfig | None = None  # the last good run's settings
    # Kept in memory only (serve): the Jinja environment, and the records parsed from
    # site.yaml, the registries and the threads with the digest of those files.
    env: jinja2.Environment | None = None
    records: tuple[str, Records, list[SourceError]] | None = None
    # What the output's search index was made from (a build with search), to keep it while
    # the pages it indexes are the same.
    search: BundleRecord | None = None
    # What a check of the last output ahead of the run found (check_last_output), waited for.
    last_output: Checked | None = None
    # Waits for the templates' code a child of this build compiled ahead (a build's only).
    compiled: Compiled | None = None

    def forgetting(self, unit_keys: Collection[str]) -> EngineState:
        """This state without what it knows of these units: the next run renders them (and
        runs, even on the very inputs of the last good run)."""
        if not unit_keys:
            return self
        units = {k: v for k, v in self.cache.units.items() if k not in unit_keys}
        cache = dataclasses.replace(self.cache, units=units, inputs="")
        return dataclasses.replace(self, cache=cache)


class Plan(NamedTuple):
    """How a run renders and writes, given what the last one left."""

    previous: Path | None  # the last run's output, if it is still as that run left it
    shared: bytes  # pipeline.shared_digest, or b"" when nothing is reused
    few: bool  # a few entries changed, nothing else: render in one process, bodies unread
    jobs: int
    in_place: bool  # change the output in place rather than swap in a new tree
    keep: bool  # keep what the next run needs (rendered bodies, units)
    # The stamps of the last build's output as this run found them (vouched_stamps), for
    # the manifest the run saves: a file still so stamped keeps its digest unread.
    out_stamps: Mapping[str, FileStamp] | None = None


@dataclass(frozen=True)
class CacheKey:
    """The digests that decide what a run can reuse."""

    inputs: str  # every input of the run in one digest: equal means the same output
    templates: bytes  # the templates folder's digest
    registries: str  # site.yaml, registries and threads: what resolving an entry's names reads


@dataclass(frozen=True)
class RunResult:
    """What a run made, for the state the next run starts from."""

    site: Site
    files: ContentFiles
    fronts: Mapping[str, bytes]  # file digest -> front matter digest
    fresh: Mapping[str, Packed]  # entries parsed afresh
    warnings: list[SourceError]
    shared: bytes
    records: Records
    record_problems: list[SourceError]  # what parsing the records found
    # Entry path -> its front matter digest in the last run, for each entry file changed
    # since: what lets a list tell an edit in place from a move (see inputs).
    last_fronts: Mapping[str, bytes] = field(default_factory=dict)
    # The entry files are the last run's, each with the same front matter, under the same
    # shared inputs: only bodies changed (pipeline._fronts_as_before).
    fronts_as_before: bool = False


def next_state(
    before: EngineState, key: CacheKey, out: Path, run: RunResult, rendered: RenderedParts
) -> EngineState:
    """The state after a good run: what it read and made, kept for the next one."""
    stored = before.cache
    entries = {
        f.digest: (stored.entries.get(f.digest) or run.fresh[f.digest])
        for f in run.files.entries
        if f.digest in stored.entries or f.digest in run.fresh
    }
    digests = {f.shown: f.digest for f in run.files.entries}
    resolved = stored.resolved if stored.registries == key.registries else {}
    cache = build_cache.BuildCache(
        entries=entries,
        bodies=rendered.bodies,
        outputs=rendered.outputs,
        inputs=key.inputs,
        out_stamp=build_cache.out_stamp(out),
        entry_count=len(run.site.entries),
        warnings=[(w.path, w.line, w.message) for w in run.warnings],
        units=rendered.units,
        shared=run.shared.hex(),
        fronts=dict(run.fronts),
        resolved={
            digests[e.path]: resolved.get(digests[e.path]) or packing.pack_resolution(e)
            for e in run.site.entries
        },
        registries=key.registries,
    )
    assembled = {digests[e.path]: e for e in run.site.entries}
    if not before.owns_output:  # a build: nothing outlives the process
        return EngineState(
            cache, run.files.known(), assembled, None, before.keeps, search=rendered.search
        )
    return EngineState(
        cache, run.files.known(), assembled, None, before.keeps, True, run.site.config,
        rendered.env, (key.registries, run.records, run.record_problems),
    )  # fmt: skip


@dataclass(frozen=True)
class RenderedParts:
    """The part of a render's result the next run reuses."""

    outputs: list[str]
    bodies: dict[str, str]
    units: dict[str, build_cache.StoredUnit]
    env: jinja2.Environment | None
    search: BundleRecord | None = None  # the search index the output holds, if indexed


# On disk ---------------------------------------------------------------------------------


def from_disk(
    path: Path | None,
    known: KnownFiles | None,
    last_output: Checked | None = None,
    compiled: Compiled | None = None,
) -> EngineState:
    """The state the last build saved at path, with what it read (known, as loaded from
    there before reading), and what was worked out ahead of the run: a check of its output,
    the templates compiled. Without a cache, one that keeps nothing."""
    if path is None:
        return EngineState(keeps=False, compiled=compiled)
    cache = build_cache.load(path)
    search = build_cache.load_search(path)
    return EngineState(
        cache, known, {}, path, search=search, last_output=last_output, compiled=compiled
    )


def check_last_output(path: Path, out: Path) -> tuple[Any, ...]:
    """_last_output for the build that saved its state at path, worked out ahead
    (parallel.ahead) while the build reads the content and loads the cache; as plain data."""
    _, stamp, _, files, _ = build_cache.load_stamp(path)
    manifest = build_cache.load_manifest(path)
    return tuple(_last_output(out, stamp, files, manifest, lambda: build_cache.load_digests(path)))


def _last_output(
    out: Path,
    stamp: tuple[int, int],
    files: int,
    manifest: Mapping[str, FileStamp] | None,
    digests: Callable[[], Mapping[str, bytes]],
) -> LastOutput:
    """Whether out is the output a build saved with this stamp, file count and manifest:
    every file as written by its stamp (one lstat each, some 0.07 s at 10,000 entries), or,
    where stamps changed in a folder of ours (a CI cache restored it), by its bytes against
    the saved digests (a read of every file, some 0.65 s)."""
    whole = manifest is not None and build_cache.wrote(stamp, out) and intact(out, manifest, files)
    # The marker is not in the manifest: a folder without it is taken over whole (--force).
    if whole or stamp == (0, 0) or not has_marker(out):
        return LastOutput(stamp, files, whole)
    saved = digests()
    if len(saved) != files:
        return LastOutput(stamp, files, whole)
    return LastOutput(stamp, files, whole, True, verified(out, saved))


def checked_ahead(result: Callable[[], tuple[Any, ...] | None]) -> Checked:
    """What check_last_output found, as a LastOutput, waited for when first asked."""

    def found() -> LastOutput | None:
        plain = result()
        return LastOutput(*plain) if plain is not None else None

    return found


def _checked(checked: Checked | None, stamp: tuple[int, int], files: int) -> LastOutput | None:
    """What the check ahead found, if it checked the output of this stamp and file count."""
    found = checked() if checked is not None else None
    return found if found is not None and (found.stamp, found.files) == (stamp, files) else None


def _intact(
    out: Path, manifest: Mapping[str, FileStamp], stamp: tuple[int, int], files: int,
    checked: Checked | None,
) -> bool:  # fmt: skip
    """intact(out, manifest, files), or what the check ahead found, if it checked the same."""
    found = _checked(checked, stamp, files)
    if found is not None:
        return found.intact and len(manifest) == files
    return intact(out, manifest, files)


def up_to_date_report(
    path: Path, inputs: str, out: Path, *, search: bool = False,
    checked: Checked | None = None,
) -> tuple[int, int, list[SourceError]] | None:  # fmt: skip
    """(entries, outputs, warnings) of the last build when nothing it read has changed since
    and out is its output: from the small stamp file beside the cache alone (and, with
    search, the record of its search index, which must still be whole in out). checked:
    what a check of the output ahead found (check_last_output), if one ran."""
    last_inputs, last_out, entry_count, outputs, last_warnings = build_cache.load_stamp(path)
    if last_inputs != inputs or not build_cache.wrote(last_out, out):
        return None
    manifest = build_cache.load_manifest(path)
    if manifest is None or not _intact(out, manifest, last_out, outputs, checked):
        return None  # changed by hand since
    if search and not _search_intact(path, out, manifest):
        return None
    return entry_count, outputs, [SourceError(*w, warning=True) for w in last_warnings]


def _search_intact(path: Path, out: Path, manifest: Mapping[str, FileStamp]) -> bool:
    """Whether out's search index is whole and was made from out's pages as they are."""
    return still_indexes(build_cache.load_search(path), out, manifest, pagefind_key())


def vouched_stamps(before: EngineState, out: Path) -> Mapping[str, FileStamp] | None:
    """The stamps of out's files if out is as the last build left it, every file (only then
    is any of it reused); None if it is not.

    Stamps vouch for it without reading a file. Failing them, the bytes do: an output a CI
    cache restored (copied back, so every inode and mtime is new) is trusted once every file
    reads as the last build wrote it; the stamps it has now are saved with the run's
    manifest, so that the next build need not read it again. Never after a build stopped
    while changing the output (its stamp is null).
    """
    stored, disk = before.cache, before.disk
    if disk is None or stored.out_stamp == (0, 0):
        return None
    count = len(stored.outputs)
    wrote = build_cache.wrote(stored.out_stamp, out)
    manifest = build_cache.load_manifest(disk) if wrote else None
    found = _checked(before.last_output, stored.out_stamp, count)
    if found is None:  # no check ran ahead: check here
        found = _last_output(out, stored.out_stamp, count, manifest, lambda: stored.digests)
    if found.intact and manifest is not None and len(manifest) == count:
        return manifest
    if found.intact:  # the manifest changed since the check ahead: check here, by the bytes
        found = _last_output(out, stored.out_stamp, count, None, lambda: stored.digests)
    return found.stamps if found.read else None


def save(
    path: Path,
    before: EngineState,
    after: EngineState,
    out: Path,
    *,
    with_bodies: bool,
    last_stamps: Mapping[str, FileStamp] | None,
    wrote: Mapping[str, bytes] | None = None,
) -> str:
    """Save the state with the output's manifest; bodies not loaded are left as they are
    (the few rendered afresh are not worth rewriting them all; a body missing only costs its
    Markdown later). last_stamps: those of the last output as the run found it (Plan);
    wrote: the paths the run wrote, the only ones whose stamps can have changed since, each
    with the digest of the bytes written (b"" if not taken: then the file is read back).
    Returns "" or a note that the cache could not be saved."""
    stamps, digests = snapshot(
        out, after.cache.outputs, last_stamps, before.cache.digests, wrote=wrote
    )
    cache = dataclasses.replace(after.cache, digests=digests)
    note = build_cache.save(
        path,
        cache,
        with_bodies=with_bodies,
        known=after.files,
        entries_on_disk=before.cache.entries,
        manifest=stamps,
        search=after.search,
    )
    build_cache.prune(path)
    return note
