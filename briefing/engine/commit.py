"""The engine's last two phases: render the units into a staging folder, then commit it.

Committing either renames the changed files into the output (in place: the unchanged
thousands stay untouched) or, with the search index to rebuild over the whole tree, swaps a
complete new tree in. Either way the output changes only once every page rendered. The
search index is built only when an indexed page changed; otherwise the last one is kept
(output/search_bundle.py).
"""

from __future__ import annotations

import functools
import shutil
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from briefing.content import config as site_config
from briefing.content.sources import read_content
from briefing.engine import cache as build_cache
from briefing.engine.parallel import run_shares
from briefing.engine.state import EngineState, Plan, RenderedParts, RunResult
from briefing.output.search_bundle import BundleRecord
from briefing.output.write import Staging, pending_changes, staged_output
from briefing.render.theme import layered_assets
from briefing.site.indexes import Indexes

if TYPE_CHECKING:
    from briefing.content.sources import SourceFile
    from briefing.engine.options import BuildOptions
    from briefing.engine.rendering import RenderJob, RenderResult


@dataclass(frozen=True)
class Rendered:
    linked: int
    removed: int
    parts: RenderedParts
    search_kept: bool = False  # the last search index still held: Pagefind did not run
    fragments_kept: tuple[int, int] = (0, 0)  # (kept, indexed pages) when Pagefind ran again
    # The paths written, for the manifest (the rest kept), with their bytes' digests (b"" if
    # not taken: see rendering.ShareResult).
    wrote: Mapping[str, bytes] = field(default_factory=dict)

    @property
    def written(self) -> int:
        return len(self.wrote)


def render_and_commit(
    options: BuildOptions, before: EngineState, run: RunResult, plan: Plan, ix: Indexes
) -> Rendered:
    """Render into the output: in place, or staged, indexed and swapped in."""
    stored = before.cache
    if before.disk is not None and not plan.few:
        stored = _with_bodies(stored, before.disk)

    def render_into(staging: Staging) -> RenderResult:
        # Imported here: a build that finds nothing changed never needs Jinja or Markdown.
        from briefing.engine.rendering import render_share, settle

        job = _job(options, before, run, plan, ix, stored, staging)
        return settle(job, run_shares(plan.jobs, functools.partial(render_share, job)), staging)

    search: BundleRecord | None = None
    kept, fragments = False, (0, 0)
    if plan.in_place:
        with pending_changes(options.out) as staging:
            result = render_into(staging)
            if before.disk is not None:
                build_cache.mark_untrusted(before.disk)
            staging.removed = sorted(set(stored.outputs) - set(result.outputs))
        removed = len(staging.removed)
    else:
        with staged_output(options.out) as staging:
            result = render_into(staging)
            if options.search:
                search, kept, fragments = _search_index(
                    options, before, plan, staging.root, result.outputs
                )
        removed = len(set(stored.outputs) - set(result.outputs))
    parts = RenderedParts(result.outputs, result.bodies, result.units, result.env, search)
    return Rendered(result.linked, removed, parts, kept, fragments, result.wrote)


def _search_index(
    options: BuildOptions, before: EngineState, plan: Plan, root: Path, outputs: list[str]
) -> tuple[BundleRecord, bool, tuple[int, int]]:
    """Keep the last output's search index if no indexed page changed, else run Pagefind
    over the staged tree; the record of the index it holds, whether it was kept, and how
    many of the pages' fragments Pagefind found in place (of how many pages)."""
    from briefing.output import search, search_bundle, search_fragments

    pages = search_bundle.indexed_pages(outputs)
    key = search_bundle.pagefind_key()
    previous = plan.previous
    if previous is not None and search_bundle.keep_bundle(
        before.search, previous, root, pages, key
    ):
        _note(options, "search index unchanged, kept")
        assert before.search is not None  # keep_bundle holds it
        return before.search, True, (0, 0)
    linked = search_fragments.link_unchanged(
        before.search, previous, root, pages, key, plan.out_stamps
    )
    _note(options, "indexing")
    search.index_site(root, verbose=options.verbose)
    fragments = (len(linked.urls), len(pages))
    if not search_fragments.settle(root, linked):  # see search_fragments: rare, never wrong
        _note(options, "indexing again, without the last index's fragments")
        shutil.rmtree(root / search.BUNDLE)
        search.index_site(root, verbose=options.verbose)
        fragments = (0, len(pages))
    return search_bundle.record_bundle(root, pages, key), False, fragments


# An editor saves one entry at a time; a checkout that changes many is not one being watched.
MOST_EDITED_FIRST = 8


class FirstPages(NamedTuple):
    units: tuple[str, ...] = ()  # the keys of the units rendered first
    written: int = 0


def render_edited_first(
    options: BuildOptions, before: EngineState, run: RunResult, plan: Plan, ix: Indexes
) -> FirstPages:
    """Put the pages of entries just edited into the output ahead of the rest of the run:
    the page an editor has open updates without waiting for the lists that show it (as
    Hugo's server renders the pages being viewed first). Only for a few entries whose pages
    the last run wrote, changed in place.

    The rest of the run renders these pages again, to the same bytes, and leaves them be. If
    it fails, the caller must forget what the last run knew of these units.
    """
    from briefing.engine.rendering import render_units

    if not (plan.in_place and plan.few and before.env is not None):
        return FirstPages()
    known = before.cache.units
    edited = [f for f in run.files.entries if f.digest in run.fresh]
    if not edited or len(edited) > MOST_EDITED_FIRST:
        return FirstPages()
    with pending_changes(options.out) as staging:
        job = _job(options, before, run, plan, ix, before.cache, staging, edited)
        units = [unit for unit in job.units if unit.key in known]  # pages the last run wrote
        written = render_units(job, units).written
    return FirstPages(tuple(unit.key for unit in units), written)


def _job(
    options: BuildOptions,
    before: EngineState,
    run: RunResult,
    plan: Plan,
    ix: Indexes,
    stored: build_cache.BuildCache,
    staging: Staging,
    only: list[SourceFile] | None = None,
) -> RenderJob:
    """The render job of the run; with `only`, of rendering those entry files' pages afresh."""
    from briefing.engine.rendering import RenderInputs, RenderJob

    assets = layered_assets(options.templates)
    # In memory, the last run's Jinja environment serves while templates and settings
    # hold: its templates compiled, its cards rendered.
    env = before.env if plan.shared and stored.shared == plan.shared.hex() else None
    if only is not None:  # nothing is reused, so no unit's inputs are digested
        plan = plan._replace(shared=b"")
    inputs = RenderInputs(
        run.site, ix, options.templates, assets, run, stored, plan, env, before.compiled
    )
    return RenderJob.prepare(inputs, staging.root, only)


def compiled_templates(options: BuildOptions) -> dict[str, bytes]:
    """The templates' code as this build's run will compile it (render.jinja.compiled_ahead),
    from site.yaml and the assets as they are now; worked out in a child, ahead."""
    from briefing.render.jinja import compiled_ahead, hashed_assets

    files, _ = read_content(options.content, entries=False)
    if files.site is None:
        return {}
    config, _ = site_config.parse(files.site.text, files.site.shown, options.base_url)
    if config is None:
        return {}
    assets = hashed_assets(layered_assets(options.templates))
    return compiled_ahead(options.templates, config, assets)


def _with_bodies(stored: build_cache.BuildCache, path: Path) -> build_cache.BuildCache:
    import dataclasses

    return dataclasses.replace(stored, bodies=build_cache.load_bodies(path))


def _note(options: BuildOptions, stage: str) -> None:
    if options.progress is not None:
        options.progress(stage)
