"""The one engine: load, validate, assemble, plan, index, render, commit.

`build` runs it once with the disk cache (engine/state.py, engine/cache.py); `serve` keeps
an Engine alive, its state in memory, and runs it after each batch of saves. Either way a
run reuses what the last good run made of unchanged inputs, and a run with errors changes
nothing: neither the output nor the state.
"""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import hashlib
import time
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass

from briefing.content.frontmatter import front_part
from briefing.content.sources import (
    ContentFiles,
    SourceFile,
    read_changed,
    read_content,
    read_unread,
)
from briefing.engine import cache as build_cache
from briefing.engine import state as engine_state
from briefing.engine.commit import (
    FirstPages,
    compiled_templates,
    render_and_commit,
    render_edited_first,
)
from briefing.engine.digests import digest_files, generator_digest
from briefing.engine.entries import Earlier, sort_entries
from briefing.engine.options import BuildOptions as BuildOptions  # for the commands
from briefing.engine.parallel import ahead, cycles_uncollected
from briefing.engine.state import CacheKey, EngineState, Plan, RunResult
from briefing.engine.store import assemble_site, parse_records
from briefing.errors import BuildError, SourceError, split_warnings
from briefing.model import Site, SiteConfig
from briefing.output.claim import claimed_output
from briefing.render.theme import layered_files
from briefing.site.edition import edition
from briefing.site.indexes import index

EditedFirst = Callable[[], None]
PutFirst = Callable[[tuple[str, ...]], None]  # given the unit keys put in first


@dataclass(frozen=True)
class BuildReport:
    written: int
    unchanged: int
    entries: int
    warnings: list[SourceError]
    seconds: float
    up_to_date: bool = False
    cache_note: str = ""
    removed: int = 0
    written_first: int = 0  # of those written, the pages of edited entries, put in first
    search_kept: bool = False  # no indexed page changed: the last search index was kept
    # Pagefind ran again: how many pages' fragments it found in place, of how many pages
    fragments_kept: tuple[int, int] = (0, 0)

    @property
    def pages(self) -> int:
        return self.written + self.unchanged


def build(options: BuildOptions) -> BuildReport:
    """Validate everything, render what changed, index it, and bring the output up to date."""
    with cycles_uncollected():
        # Collection resumes once _build's state is gone: resumed while the state lives, the
        # collector's first pass would walk all of it (0.08 s after an edit at 10,000 entries).
        return _build(options)


def _build(options: BuildOptions) -> BuildReport:
    protected = [options.content, options.templates]
    say = options.notice or (lambda line: None)
    with (
        claimed_output(options.out, options.cache, protected, force=options.force, say=say),
        contextlib.ExitStack() as ahead_of_run,
    ):
        started = time.perf_counter()
        _note(options, "reading")
        path = build_cache.cache_file(options.cache, _settings(options)) if options.cache else None
        # Work for the second core, idle while a build renders in one process: checking the
        # last output while this one reads the content, then compiling the templates while
        # it loads and assembles (parallel.ahead). One job asked for: nothing forked.
        forks = options.jobs > 1
        check = (
            functools.partial(engine_state.check_last_output, path, options.out)
            if path and forks
            else None
        )
        checking = ahead_of_run.enter_context(ahead(check))
        checked = engine_state.checked_ahead(checking.result) if check else None
        known = build_cache.load_known(path) if path else None
        files, problems = read_content(options.content, known)
        key = cache_key(options, files)
        last = path and engine_state.up_to_date_report(
            path, key.inputs, options.out, search=options.search, checked=checked
        )
        if last:
            entries, outputs, warnings = last
            seconds = time.perf_counter() - started
            return BuildReport(0, outputs, entries, warnings, seconds, up_to_date=True)
        to_compile = functools.partial(compiled_templates, options) if forks else None
        compiling = ahead_of_run.enter_context(ahead(to_compile))
        compiled = compiling.result if to_compile else None
        before = engine_state.from_disk(path, known, checked, compiled)
        report, after, plan, wrote = run(options, before, files, problems, key)
        cache_note = before.cache.note
        if path is not None:
            _note(options, "saving the cache")
            saved = engine_state.save(
                path, before, after, options.out,
                with_bodies=not plan.few, last_stamps=plan.out_stamps, wrote=wrote,
            )  # fmt: skip
            cache_note = "; ".join(n for n in (cache_note, saved) if n)
        # The run's report, timed from the start of reading, with what became of the cache.
        seconds = time.perf_counter() - started
        return dataclasses.replace(report, seconds=seconds, cache_note=cache_note)


class Engine:
    """The engine kept alive between runs, its state in memory (for serve)."""

    def __init__(self, options: BuildOptions) -> None:
        self.options = options
        self.state = EngineState(owns_output=True)
        self._changed: set[str] | None = None  # content paths changed since the last good run
        self._read_config: tuple[SiteConfig | None] | None = None  # site.yaml as of this run

    def site_config(self) -> SiteConfig | None:
        """The settings of the last good run; before one, what site.yaml said at the last run
        (read once a run: the dev server asks on every request)."""
        if self.state.config is not None:
            return self.state.config
        if self._read_config is None:
            files, _ = read_content(self.options.content, entries=False)
            self._read_config = (parse_records(files, self.options.base_url)[0].config,)
        return self._read_config[0]

    def run(
        self, changed: Collection[str] | None = None, edited_first: EditedFirst | None = None
    ) -> BuildReport:
        """Bring the output up to date with the sources; raises BuildError and changes
        nothing when they have errors (bar the pages of edited entries, see below).

        changed: the content paths a watcher reported since the last run; None when not
        known, and then every entry file is looked at (a stat each).
        edited_first: called once the pages of the few entries just edited are in the
        output, ahead of the rest of the run (see commit.render_edited_first).
        """
        self._read_config = None
        if changed is None or self._changed is None:
            self._changed = None
        else:  # what changed since the last good run, failed runs included
            self._changed |= set(changed)
        early: list[str] = []

        def put_first(keys: tuple[str, ...]) -> None:
            early.extend(keys)
            if edited_first is not None:
                edited_first()

        try:
            with cycles_uncollected():
                report, files, problems = self._run(self._changed, put_first)
        except BaseException:
            # Those pages are newer than what the state says of them: render them next time.
            self.state = self.state.forgetting(early)
            raise
        # The next run may trust the watcher only after a read that saw every entry file.
        self._changed = set() if not problems and len(files.stats) == len(files.entries) else None
        return report

    def _run(
        self, changed: Collection[str] | None, first: PutFirst
    ) -> tuple[BuildReport, ContentFiles, list[SourceError]]:
        started = time.perf_counter()
        content, known = self.options.content, self.state.files
        read = read_changed(content, known, changed) if known and changed is not None else None
        files, problems = read or read_content(content, known)
        key = cache_key(self.options, files)
        stored = self.state.cache
        if key.inputs == stored.inputs:
            warnings = [SourceError(*w, warning=True) for w in stored.warnings]
            seconds = time.perf_counter() - started
            report = BuildReport(
                0, len(stored.outputs), stored.entry_count, warnings, seconds, True
            )
            return report, files, problems
        report, self.state, _, _ = run(self.options, self.state, files, problems, key, first)
        return report, files, problems


def run(
    options: BuildOptions,
    before: EngineState,
    files: ContentFiles,
    problems: list[SourceError],
    key: CacheKey,
    first: PutFirst | None = None,
) -> tuple[BuildReport, EngineState, Plan, Mapping[str, bytes]]:
    """One run over loaded files: the engine's phases, in order. Returns the report, the
    state for the next run, the plan, and the output paths the run wrote (with the digests of
    their bytes, where taken)."""
    started = time.perf_counter()
    stored = before.cache
    # load: files known by their stat alone are read after all where the state lacks them
    files, unread = read_unread(
        options.content,
        files,
        lambda f: f.digest not in stored.entries or f.digest not in stored.fronts,
    )
    _note(options, "validating")
    # validate and assemble: only what the last run did not see is parsed or resolved
    result = validate_and_assemble(options, before, files, problems + unread, key)
    plan = make_plan(options, before, key, result)
    ix = index(result.site, every_card=not plan.few)
    _note(options, "rendering")
    early = render_edited_first(options, before, result, plan, ix) if first else FirstPages()
    if first is not None and early.units:
        first(early.units)
    # render and commit: the units whose inputs changed, then into the output at once
    rendered = render_and_commit(options, before, result, plan, ix)
    after = engine_state.next_state(before, key, options.out, result, rendered.parts)
    report = BuildReport(
        rendered.written + early.written, rendered.linked - early.written,
        len(result.site.entries), result.warnings, time.perf_counter() - started,
        removed=rendered.removed, written_first=early.written, search_kept=rendered.search_kept,
        fragments_kept=rendered.fragments_kept,
    )  # fmt: skip
    return report, (after if before.keeps else before), plan, rendered.wrote


def validate_and_assemble(
    options: BuildOptions,
    before: EngineState,
    files: ContentFiles,
    problems: list[SourceError],
    key: CacheKey,
) -> RunResult:
    """Check every file, resolve the entries into a site; BuildError if anything is wrong."""
    if before.records is not None and before.records[0] == key.registries:
        _, records, record_problems = before.records
    else:
        records, record_problems = parse_records(files, options.base_url)
    errors = list(record_problems)
    stored = before.cache
    same_records = stored.registries == key.registries
    earlier = Earlier(
        stored.entries,
        stored.resolved if same_records else {},
        before.assembled if same_records else {},
    )
    timezone = records.config.timezone if records.config else ""
    entries = sort_entries(files.entries, earlier, options.drafts, options.jobs, timezone)
    site, found = assemble_site(records, entries.parsed, entries.settled, files=files)
    errors, warnings = split_warnings(problems + errors + entries.errors + found)
    if options.strict:
        errors += [w for w in warnings if not w.advisory]
        warnings = [w for w in warnings if w.advisory]
    if site is None or errors:
        raise BuildError(errors + warnings)
    fronts = (
        {f.digest: stored.fronts.get(f.digest) or _front_digest(f) for f in files.entries}
        if before.keeps
        else {}
    )
    shared = shared_digest(key, site) if before.keeps else b""
    last_fronts = _last_fronts(before, files, entries.fresh) if before.keeps else {}
    as_before = before.keeps and _fronts_as_before(
        before, files, fronts, shared, last_fronts, entries.fresh
    )
    return RunResult(
        site, files, fronts, entries.fresh, warnings, shared, records, record_problems,
        last_fronts, as_before,
    )  # fmt: skip


def make_plan(options: BuildOptions, before: EngineState, key: CacheKey, run: RunResult) -> Plan:
    """How this run renders and writes, given what the last one left."""
    stored = before.cache
    wrote = before.owns_output and bool(stored.outputs) and options.out.is_dir()
    stamps = None if wrote else engine_state.vouched_stamps(before, options.out)
    previous = options.out if wrote or stamps is not None else None
    # A few changed entries under unchanged templates and registries reach a few pages:
    # too few to pay for forking (about 0.1 s), or for reading every entry's cached HTML.
    changed = len(run.fresh) + abs(len(run.site.entries) - stored.entry_count)
    few = previous is not None and changed <= 50 and stored.shared == run.shared.hex()
    jobs = 1 if few or len(run.site.entries) <= 200 else options.jobs
    # Without a search index to rebuild over the whole tree, a rebuild changes the output in
    # place: the few changed files are renamed in, the thousands unchanged stay untouched.
    in_place = previous is not None and before.keeps and not options.search
    return Plan(previous, run.shared, few, jobs, in_place, before.keeps, stamps)


def cache_key(options: BuildOptions, files: ContentFiles) -> CacheKey:
    templates = digest_files(layered_files(options.templates))  # the theme and overrides
    inputs = build_cache.inputs_digest(_settings(options), files, templates)
    return CacheKey(inputs, templates, registries_digest(files))


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


def shared_digest(key: CacheKey, site: Site) -> bytes:
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


def _last_fronts(
    before: EngineState, files: ContentFiles, fresh: Collection[str]
) -> dict[str, bytes]:
    """Entry path -> the front matter digest the last run had for it, for each entry file
    parsed afresh (changed since) whose path the last run read."""
    known, fronts = before.files, before.cache.fronts
    if known is None or not fresh:
        return {}
    last = {}
    for file in files.entries:
        read = known.files.get(file.relative) if file.digest in fresh else None
        if read is not None and (front := fronts.get(read[1])) is not None:
            last[file.shown] = front
    return last


def _fronts_as_before(
    before: EngineState,
    files: ContentFiles,
    fronts: Mapping[str, bytes],
    shared: bytes,
    last_fronts: Mapping[str, bytes],
    fresh: Collection[str],
) -> bool:
    """Whether the last run had the very same entry files, each with the front matter it has
    now, under the same shared inputs: then every list, archive and index shows what it
    showed, and only the pages of entries whose bodies changed can differ (see inputs).

    A file changed since is one parsed afresh (its digest covers its path and bytes), and
    last_fronts holds the front matter the last run had for it."""
    known = before.files
    if known is None or before.cache.shared != shared.hex():
        return False
    if known.files.keys() != {file.relative for file in files.entries}:
        return False
    changed = (file for file in files.entries if file.digest in fresh)
    return all(last_fronts.get(file.shown) == fronts[file.digest] for file in changed)


def _front_digest(file: SourceFile) -> bytes:
    """What other pages can show of an entry: its path and front matter, not its body."""
    front = front_part(file.text).encode()
    return hashlib.blake2b(file.shown.encode() + b"\0" + front, digest_size=16).digest()


def _note(options: BuildOptions, stage: str) -> None:
    if options.progress is not None:
        options.progress(stage)
