"""The one place that chains the stages: load, validate, assemble, render, write, index."""

from __future__ import annotations

import functools
import hashlib
import time
import zoneinfo
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from briefing.content import config as site_config
from briefing.content.assemble import assemble
from briefing.content.frontmatter import front_part
from briefing.content.registry import parse_registry, registry_unchecked
from briefing.content.sources import (
    ContentFiles,
    SourceFile,
    read_content,
    read_unread,
)
from briefing.content.validate import ParsedEntry, parse_thread, read_entry
from briefing.engine import cache as build_cache
from briefing.engine import packing
from briefing.engine.digests import digest_files, generator_digest
from briefing.engine.parallel import collected_rarely, default_jobs, run_shares
from briefing.errors import BuildError, SourceError, split_warnings
from briefing.model import Actor, Site, Thread, Topic
from briefing.output.claim import claimed_output
from briefing.output.manifest import intact, snapshot
from briefing.output.write import Staging, pending_changes, staged_output
from briefing.render.links import LinkScan, targets_digest
from briefing.render.theme import layered_assets, layered_files
from briefing.site.assessment import span_errors
from briefing.site.bodylinks import check_links
from briefing.site.edition import edition

if TYPE_CHECKING:
    from briefing.engine.rendering import RenderResult

Progress = Callable[[str], None]


@dataclass(frozen=True)
class BuildOptions:
    content: Path
    templates: Path
    out: Path
    drafts: bool = False
    base_url: str | None = None
    search: bool = True
    verbose: bool = False
    strict: bool = False
    cache: Path | None = None  # None: build without reading or writing a cache
    jobs: int = field(default_factory=default_jobs)
    progress: Progress | None = None
    notice: Progress | None = None  # lines for the user: waiting for a lock, a repair
    force: bool = False  # replace out even without the marker a build leaves


@dataclass(frozen=True)
class BuildReport:
    written: int
    unchanged: int
    entries: int
    warnings: list[SourceError]
    seconds: float
    up_to_date: bool = False
    cache_note: str = ""

    @property
    def pages(self) -> int:
        return self.written + self.unchanged


def load_site(
    content: Path, *, include_drafts: bool, base_url: str | None = None
) -> tuple[Site | None, list[SourceError]]:
    """Read and validate the whole content tree; every problem is returned."""
    files, problems = read_content(content)
    site, more, _ = parse_site(files, include_drafts=include_drafts, base_url=base_url)
    problems += more
    return (None if split_warnings(problems)[0] else site), problems


def parse_site(
    files: ContentFiles,
    *,
    include_drafts: bool,
    base_url: str | None = None,
    jobs: int = 1,
    cached: dict[str, tuple[object, ...]] | None = None,
    resolved: Mapping[str, packing.Resolution] | None = None,
) -> tuple[Site | None, list[SourceError], dict[str, tuple[object, ...]]]:
    """Validate every file and assemble the site; also returns the entries parsed afresh.

    cached: entries parsed by earlier builds, by file digest; resolved: how they were
    assembled, when the registries and threads are the same as then.
    """
    errors: list[SourceError] = []
    config = None
    if files.site is not None:
        config, found = site_config.parse(files.site.text, files.site.shown, base_url)
        errors += found
    actors: list[Actor] = []
    topics: list[Topic] = []
    broken: list[str] = []  # registries with errors: references to them are not checked
    for file, kind in ((files.actors, "actor"), (files.topics, "topic")):
        if file is not None:
            records, found = parse_registry(file, kind)
            actors += [r for r in records if isinstance(r, Actor)]
            topics += [r for r in records if isinstance(r, Topic)]
            errors += found
            if split_warnings(found)[0]:
                broken.append(kind + "s")
                errors.append(registry_unchecked(file))
    threads: list[Thread] = []
    for file in files.threads:
        thread, found = parse_thread(file)
        threads += [thread] if thread else []
        errors += found
    cached, resolved = cached or {}, resolved or {}
    settled_files = [f for f in files.entries if f.digest in resolved and f.digest in cached]
    digest_of = {f.shown: f.digest for f in settled_files}
    others = tuple(f for f in files.entries if f.digest not in resolved or f.digest not in cached)
    parsed, found, fresh = parse_entries(others, include_drafts, jobs, cached)
    errors += found
    if config is None:
        return None, errors, fresh
    tz = zoneinfo.ZoneInfo(config.timezone)
    settled = [
        packing.unpack_settled(cached[f.digest], resolved[f.digest], tz)
        for f in settled_files
        if include_drafts or not packing.is_draft(cached[f.digest])
    ]
    errors += [w for e in settled for w in packing.warnings_of(cached[digest_of[e.path]])]
    thread_files = [f.relative.rsplit("/", 1)[-1].removesuffix(".md") for f in files.threads]
    site, found = assemble(
        config, threads, actors, topics, parsed, thread_files, settled, broken=broken
    )
    errors += found + span_errors(site)
    site, found = check_links(site, {f.shown: f.relative for f in files.entries}, parsed)
    errors += found
    return (None if split_warnings(errors)[0] else site), errors, fresh


def parse_entries(
    files: tuple[SourceFile, ...],
    include_drafts: bool,
    jobs: int,
    cached: dict[str, tuple[object, ...]],
) -> tuple[list[ParsedEntry], list[SourceError], dict[str, tuple[object, ...]]]:
    """Entries from the cache where their bytes are unchanged, the rest parsed in parallel."""
    todo = [f for f in files if f.digest not in cached]
    jobs = jobs if len(todo) > 200 else 1  # forking costs more than a few files
    shares = run_shares(jobs, functools.partial(_parse_share, todo, include_drafts))
    fresh: dict[str, tuple[object, ...]] = {}
    flawed: dict[str, tuple[object, ...]] = {}  # readable, but with errors: never cached
    errors: list[SourceError] = []
    for share in shares:
        for digest, packed, found in share:
            errors += found
            if packed is not None:
                (flawed if split_warnings(found)[0] else fresh)[digest] = packed
    parsed = []
    for file in files:
        packed = cached.get(file.digest) or fresh.get(file.digest) or flawed.get(file.digest)
        if packed is not None:
            entry = packing.unpack_entry(packed)
            if include_drafts or not entry.draft:
                parsed.append(entry)
                if file.digest in cached:  # parsed by an earlier build: its warnings kept
                    errors += packing.warnings_of(packed)
    return parsed, errors, fresh


def _parse_share(
    files: list[SourceFile], include_drafts: bool, share: int, shares: int
) -> list[tuple[str, tuple[object, ...] | None, list[SourceError]]]:
    results = []
    scan = LinkScan()
    for file in files[share::shares]:
        entry, found = read_entry(file, include_drafts)
        entry = scan.links_of(entry) if entry else None
        warnings = [f for f in found if f.warning]
        results.append((file.digest, packing.pack_entry(entry, warnings) if entry else None, found))
    return results


def build(options: BuildOptions) -> BuildReport:
    """Validate everything, render what changed, index it, and bring the output up to date."""
    protected = [options.content, options.templates]
    say = options.notice or (lambda line: None)
    with (
        collected_rarely(),
        claimed_output(options.out, options.cache, protected, force=options.force, say=say),
    ):
        return _build(options)


def _build(options: BuildOptions) -> BuildReport:
    started = time.perf_counter()
    note = options.progress or (lambda message: None)
    note("reading")
    settings = _settings(options)
    path = build_cache.cache_file(options.cache, settings) if options.cache else None
    files, problems = read_content(options.content, build_cache.load_known(path) if path else None)
    key = _cache_key(options, settings, path, files)
    if key.path and (report := _up_to_date(key.path, key.inputs, options.out, started)):
        return report
    stored = build_cache.load(key.path) if key.path else build_cache.BuildCache()
    # Files known by their stat alone must be read after all when the cache lacks them.
    files, unread = read_unread(
        options.content,
        files,
        lambda f: f.digest not in stored.entries or f.digest not in stored.fronts,
    )
    problems += unread
    fronts = (
        {f.digest: stored.fronts.get(f.digest) or _front_digest(f) for f in files.entries}
        if key.path
        else {}
    )
    # How entries were assembled holds while the registries and threads are unchanged.
    resolved = stored.resolved if stored.registries == key.registries else {}
    note("validating")
    site, more, fresh = parse_site(
        files,
        include_drafts=options.drafts,
        base_url=options.base_url,
        jobs=options.jobs,
        cached=stored.entries,
        resolved=resolved,
    )
    errors, warnings = split_warnings(problems + more)
    if options.strict:
        errors += [w for w in warnings if not w.advisory]
        warnings = [w for w in warnings if w.advisory]
    if site is None or errors:
        raise BuildError(errors + warnings)
    plan = _plan(options, key, site, stored, len(fresh))
    note("rendering")
    result = _write_output(options, plan, key.path, site, files, fronts, stored, note)
    cache_note = stored.note
    if key.path is not None:
        note("saving the cache")
        kept = _kept(
            key, options.out, plan, site, files, fronts, stored, fresh, resolved, result, warnings
        )
        # Bodies not loaded are left as they are: the few rendered afresh are not worth
        # rewriting them all; a body missing from the cache only costs its Markdown later.
        saved = build_cache.save(
            key.path,
            kept,
            with_bodies=not plan.few,
            known=files.known(),
            entries_on_disk=stored.entries,
            manifest=snapshot(options.out, result.outputs),
        )
        cache_note = "; ".join(n for n in (cache_note, saved) if n)
        build_cache.prune(key.path)
    seconds = time.perf_counter() - started
    return BuildReport(
        result.written, result.linked, len(site.entries), warnings, seconds, cache_note=cache_note
    )


def _up_to_date(cache: Path, inputs: str, out: Path, started: float) -> BuildReport | None:
    """The last build's report when nothing it read has changed since, and out is its output:
    from the small stamp file beside the cache alone."""
    last_inputs, last_out, entry_count, outputs, last_warnings = build_cache.load_stamp(cache)
    if last_inputs != inputs or not build_cache.wrote(last_out, out):
        return None
    if not intact(out, build_cache.load_manifest(cache), outputs):  # changed by hand since
        return None
    warnings = [SourceError(*w, warning=True) for w in last_warnings]
    seconds = time.perf_counter() - started
    return BuildReport(0, outputs, entry_count, warnings, seconds, up_to_date=True)


def _kept(
    key: _CacheKey,
    out: Path,
    plan: _Plan,
    site: Site,
    files: ContentFiles,
    fronts: dict[str, bytes],
    stored: build_cache.BuildCache,
    fresh: dict[str, tuple[object, ...]],
    resolved: Mapping[str, packing.Resolution],
    result: RenderResult,
    warnings: list[SourceError],
) -> build_cache.BuildCache:
    """What the next build needs of this one."""
    return build_cache.BuildCache(
        entries={
            f.digest: (stored.entries.get(f.digest) or fresh[f.digest])
            for f in files.entries
            if f.digest in stored.entries or f.digest in fresh
        },
        bodies=result.bodies,
        outputs=result.outputs,
        inputs=key.inputs,
        out_stamp=build_cache.out_stamp(out),
        entry_count=len(site.entries),
        warnings=[(w.path, w.line, w.message) for w in warnings],
        units=result.units,
        shared=plan.shared.hex(),
        fronts=fronts,
        resolved=_resolutions(site, files, resolved),
        registries=key.registries,
    )


def _resolutions(
    site: Site, files: ContentFiles, known: Mapping[str, packing.Resolution]
) -> dict[str, packing.Resolution]:
    """How each entry of the site was assembled, by its file's digest, for the next build."""
    digests = {f.shown: f.digest for f in files.entries}
    return {
        digests[e.path]: known.get(digests[e.path]) or packing.pack_resolution(e)
        for e in site.entries
    }


@dataclass(frozen=True)
class _CacheKey:
    inputs: str  # every input of the build in one digest: equal means the same output
    templates: bytes  # the templates folder's digest
    registries: str  # registries_digest: what resolving an entry's names reads
    path: Path | None  # the cache file for these settings, None without a cache


def _cache_key(
    options: BuildOptions, settings: str, path: Path | None, files: ContentFiles
) -> _CacheKey:
    templates = digest_files(layered_files(options.templates))  # the theme and overrides
    inputs = build_cache.inputs_digest(settings, files, templates)
    return _CacheKey(inputs, templates, registries_digest(files), path)


@dataclass(frozen=True)
class _Plan:
    """How this build renders and writes, given what the last one left."""

    previous: Path | None  # the last build's output, if it is still as that build left it
    shared: bytes  # shared_digest, or b"" without a cache (nothing is reused then)
    few: bool  # a few entries changed, nothing else: render in one process, bodies unread
    jobs: int
    in_place: bool  # change the output in place rather than swap in a new tree


def _plan(
    options: BuildOptions,
    key: _CacheKey,
    site: Site,
    stored: build_cache.BuildCache,
    parsed_afresh: int,
) -> _Plan:
    previous = options.out if _untouched(options.out, key.path, stored) else None
    shared = shared_digest(key, site) if key.path else b""
    # A few changed entries under unchanged templates and registries reach a few pages:
    # too few to pay for forking (about 0.1 s), or for reading every entry's cached HTML.
    changed = parsed_afresh + abs(len(site.entries) - stored.entry_count)
    few = previous is not None and changed <= 50 and stored.shared == shared.hex()
    jobs = 1 if few or len(site.entries) <= 200 else options.jobs
    # Without a search index to rebuild over the whole tree, a rebuild changes the output in
    # place: the few changed files are renamed in, the thousands unchanged stay untouched.
    in_place = previous is not None and key.path is not None and not options.search
    return _Plan(previous, shared, few, jobs, in_place)


def _untouched(out: Path, cache: Path | None, stored: build_cache.BuildCache) -> bool:
    """Whether out is as the last build left it, every file: only then is any of it reused."""
    if cache is None or not build_cache.wrote(stored.out_stamp, out):
        return False
    return intact(out, build_cache.load_manifest(cache), len(stored.outputs))


def _write_output(
    options: BuildOptions,
    plan: _Plan,
    cache_path: Path | None,
    site: Site,
    files: ContentFiles,
    fronts: Mapping[str, bytes],
    stored: build_cache.BuildCache,
    note: Progress,
) -> RenderResult:
    """Render into the output: in place, or staged, indexed and swapped in."""
    if cache_path is not None and not plan.few:
        stored.bodies = build_cache.load_bodies(cache_path)

    def render_into(staging: Staging) -> RenderResult:
        return render_site(
            site, options.templates, staging, files, fronts, stored, plan,
            keep=cache_path is not None,
        )  # fmt: skip

    if plan.in_place and cache_path is not None:
        with pending_changes(options.out) as staging:
            result = render_into(staging)
            build_cache.mark_untrusted(cache_path)
            staging.removed = sorted(set(stored.outputs) - set(result.outputs))
        return result
    with staged_output(options.out) as staging:
        result = render_into(staging)
        if options.search:
            note("indexing")
            from briefing.output.search import index_site

            index_site(staging.root, verbose=options.verbose)
    return result


def _settings(options: BuildOptions) -> str:
    """Everything besides the files that changes the output: the cache is kept per setting."""
    return "|".join(
        [
            generator_digest(),
            str(options.content.resolve()),
            str(options.templates.resolve()),
            str(options.out.resolve()),
            f"drafts={options.drafts}",
            f"base={options.base_url}",
            f"search={options.search}",
            f"strict={options.strict}",
        ]
    )


def shared_digest(key: _CacheKey, site: Site) -> bytes:
    """What every page can show besides its own entries: the templates, the generator, the
    settings in site.yaml, the registries and the threads, and the masthead's edition."""
    return digest_files(
        [
            ("templates", key.templates),
            ("generator", generator_digest().encode()),
            ("config", repr(site.config).encode()),
            ("registries", key.registries.encode()),
            ("edition", repr(edition(site)).encode()),
        ]
    )


def registries_digest(files: ContentFiles) -> str:
    """site.yaml, the registries and the threads: what resolving an entry's names reads."""
    listed = "\n".join(f"{f.shown}\0{f.digest}" for f in files.shared())
    return hashlib.blake2b(listed.encode(), digest_size=16).hexdigest()


def render_site(
    site: Site,
    templates: Path,
    staging: Staging,
    files: ContentFiles,
    fronts: Mapping[str, bytes],
    stored: build_cache.BuildCache,
    plan: _Plan,
    *,
    keep: bool,
) -> RenderResult:
    """Render every page, feed and asset into the staging folder, reusing what is unchanged.

    `fronts`: the digest of each entry file's front matter, by the file's digest; needed
    where plan.shared turns on reusing whole units from the last build.
    """
    # Imported here: a build that finds nothing changed never needs Jinja or Markdown.
    from briefing.engine.rendering import RenderJob, render_share, settle

    job = RenderJob.prepare(
        site,
        templates,
        layered_assets(templates),
        staging.root,
        # A body renders as its file and the targets of its links say: both key it.
        {f.shown: f.digest + targets_digest(site.link_targets.get(f.shown)) for f in files.entries},
        {f.shown: fronts[f.digest] for f in files.entries} if plan.shared else {},
        stored,
        plan.previous,
        in_place=plan.in_place,
        keep=keep,
        shared=plan.shared,
        few=plan.few,
    )
    return settle(job, run_shares(plan.jobs, functools.partial(render_share, job)), staging)


def _front_digest(file: SourceFile) -> bytes:
    """What other pages can show of an entry: its path and front matter, not its body."""
    front = front_part(file.text).encode()
    return hashlib.blake2b(file.shown.encode() + b"\0" + front, digest_size=16).digest()
