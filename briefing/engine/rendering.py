"""Rendering the whole site in units (a page, or a list with all its pages).

A unit whose inputs are unchanged since the last run is not rendered at all: its pages
are reused from the last run's output; within a unit that changed, so is each page whose
view is unchanged. A rendered page whose bytes are unchanged is not written again. Pure
apart from writing into the staging folder.
"""

from __future__ import annotations

import datetime as dt
import functools
import heapq
import traceback
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

import jinja2

from briefing.engine.cache import BuildCache, StoredPage, StoredUnit
from briefing.engine.inputs import InputDigests, input_digests, unit_inputs
from briefing.engine.units import Unit, site_units, unit_feeds, unit_pages
from briefing.engine.view_digest import view_digest
from briefing.errors import BuildError, InternalError
from briefing.model import Entry, Site
from briefing.output.manifest import content_digest
from briefing.output.write import Staging
from briefing.render.feeds import robots, sitemap
from briefing.render.jinja import (
    Asset,
    Compiled,
    compile_templates,
    environment,
    hashed_assets,
    render_page,
    template_error,
)
from briefing.render.links import render_linked
from briefing.render.markdown import make_renderer
from briefing.site.edition import edition
from briefing.site.indexes import Indexes
from briefing.site.pages import MarkdownHtml

if TYPE_CHECKING:
    from briefing.content.sources import SourceFile
    from briefing.engine.state import Plan, RunResult


class Record(NamedTuple):
    """One file a unit wrote, in the order the sitemap lists them."""

    unit: int  # the unit's index in the site's order
    order: int  # the file's order within its unit
    path: str
    lastmod: dt.date | None
    in_sitemap: bool


class RenderInputs(NamedTuple):
    """What the engine hands the renderer."""

    site: Site
    ix: Indexes
    templates: Path
    assets: Mapping[str, bytes]
    run: RunResult  # the files read and their front matter digests
    stored: BuildCache  # what the last run left
    plan: Plan
    env: jinja2.Environment | None  # the last run's, if its templates and settings hold
    compiled: Compiled | None = None  # waits for the templates a child compiled ahead


@dataclass(frozen=True)
class RenderJob:
    """Everything a share needs; children of a fork inherit it without copying."""

    site: Site
    ix: Indexes
    units: list[Unit]
    templates: Path
    env: jinja2.Environment  # templates compiled once, before any fork
    assets: dict[str, Asset]
    root: Path
    cache: BuildCache
    plan: Plan
    digests: InputDigests  # what decides which units to render again

    def card_key(self, url: str) -> bytes | None:
        """The list key of the entry at url (what its card is made from), if known."""
        entry = self.ix.by_url.get(url)
        return None if entry is None else self.digests.list_keys.get(entry.path)

    @property
    def in_place(self) -> bool:
        """The last output is the output folder itself: reused files stay where they are."""
        return self.plan.in_place and self.plan.previous is not None

    @classmethod
    def prepare(
        cls, inputs: RenderInputs, root: Path, only: Sequence[SourceFile] | None = None
    ) -> RenderJob:
        """The job of rendering the site; with `only`, of rendering the pages of those entry
        files afresh (plan.shared empty), and nothing else.

        A few pages to render in one process (plan.few), under templates that compiled
        cleanly in the last run: templates compile and cards are made as pages need them."""
        site, ix, plan = inputs.site, inputs.ix, inputs.plan
        hashed = hashed_assets(inputs.assets)
        env = inputs.env or environment(
            inputs.templates, site.config, hashed, edition(site), compiled=inputs.compiled
        )
        if not plan.few:
            compile_templates(env, inputs.templates)
        files = inputs.run.files.entries if only is None else only
        digests = input_digests(
            site,
            ix,
            files,
            inputs.run.fronts,
            inputs.stored.units,
            plan.shared,
            inputs.run.last_fronts,
            inputs.run.fronts_as_before,
        )
        if only is None:
            units = site_units(site, ix)
        else:
            paths = {file.shown for file in only}
            units = [Unit("entry", (e.url,)) for e in site.entries if e.path in paths]
        return cls(
            site, ix, units, inputs.templates, env, hashed, root, inputs.stored, plan, digests
        )


@dataclass
class ShareResult:
    records: list[Record] = field(default_factory=list)
    bodies: dict[str, str] = field(default_factory=dict)
    units: dict[str, StoredUnit] = field(default_factory=dict)
    linked: int = 0
    # The paths written (not kept or linked), each with the digest of its bytes when the
    # run keeps a manifest (plan.keep), else b"": the manifest need not read them back.
    wrote: dict[str, bytes] = field(default_factory=dict)

    @property
    def written(self) -> int:
        return len(self.wrote)


@dataclass(frozen=True)
class RenderResult:
    linked: int
    outputs: list[str]  # every path of the output, for the next build
    bodies: dict[str, str]  # file digest -> body HTML, for the next build
    units: dict[str, StoredUnit] = field(default_factory=dict)  # for the next build
    env: jinja2.Environment | None = None  # for the next run in this process
    wrote: dict[str, bytes] = field(default_factory=dict)  # the paths written: ShareResult

    @property
    def written(self) -> int:
        return len(self.wrote)


def render_share(job: RenderJob, share: int, shares: int) -> ShareResult:
    """Render (or reuse) every unit whose index falls to this share."""
    return _render(job, ((n, u) for n, u in enumerate(job.units) if n % shares == share))


def render_units(job: RenderJob, units: Sequence[Unit]) -> ShareResult:
    """Render these units afresh, outside the site's order and the sitemap."""
    return _render(job, enumerate(units))


def _render(job: RenderJob, numbered: Iterable[tuple[int, Unit]]) -> ShareResult:
    markdown = make_renderer(job.site.config.allow_html)
    staging = Staging(job.root)
    result = ShareResult()
    suffix = "+html" if job.site.config.allow_html else ""

    def entry_html(entry: Entry) -> str:
        key = job.digests.body_keys.get(entry.path, "") + suffix
        html = job.cache.bodies.get(key)
        if html is None:
            targets = job.site.link_targets.get(entry.path, {})
            html = render_linked(markdown, entry.body, targets)
            if key != suffix:
                result.bodies[key] = html
        return html

    markup = MarkdownHtml(entry_html, markdown.render)
    for number, unit in numbered:
        key = unit.key
        inputs = unit_inputs(job.digests, job.site, job.ix, unit)
        stored = job.cache.units.get(key) if inputs else None
        if (
            stored is not None
            and stored.inputs == inputs
            and _reuse(job, staging, result, number, stored)
        ):
            result.units[key] = stored
            continue
        old = {page.path: page for page in stored.pages} if stored is not None else {}
        kept = functools.partial(_kept, job, staging, old)
        pages: list[StoredPage] = []
        for order, out in enumerate(_unit_outputs(job, markup, unit, kept)):
            if out.text is None:
                result.linked += 1
            else:
                _emit(job, staging, result, out.path, out.text.encode())
            result.records.append(Record(number, order, out.path, out.lastmod, out.in_sitemap))
            day = out.lastmod.isoformat() if out.lastmod else ""
            pages.append(StoredPage(out.path, day, out.in_sitemap, out.view))
        if inputs:
            result.units[key] = StoredUnit(inputs, tuple(pages))
    return result


class Output(NamedTuple):
    """One file of a unit: its text, or None where the last run's file is kept."""

    path: str
    text: str | None
    lastmod: dt.date | None
    in_sitemap: bool
    view: str  # the digest of the page's view, "" if not worth one


def _unit_outputs(
    job: RenderJob, markup: MarkdownHtml, unit: Unit, kept: Callable[[str, str], bool]
) -> Iterator[Output]:
    """Each file of a unit. A list's page whose view is the one the last run rendered keeps
    that run's file (`kept` says whether it could): an edit reaches one page of a list."""
    making = f"the pages of unit {unit}"  # what the error, if any, was doing
    lists = unit.kind != "entry"  # an entry's page shows its body: no view is worth a digest
    try:
        for page in unit_pages(job.site, job.ix, unit, markup):
            making = "/" + page.path
            view = view_digest(job.plan.shared, page, job.card_key) if lists else ""
            if view and kept(page.path, view):
                yield Output(page.path, None, page.lastmod, page.in_sitemap, view)
            else:
                text = render_page(job.env, page)
                yield Output(page.path, text, page.lastmod, page.in_sitemap, view)
            making = f"the pages of unit {unit}"
        making = f"the feeds of unit {unit}"
        for path, text in unit_feeds(job.site, job.ix, unit):
            yield Output(path, text, None, False, "")
    except BuildError:
        raise
    except Exception as exc:  # a template's runtime error, or a bug of ours
        found = template_error(exc, job.templates)
        if found is None:
            summary = f"{type(exc).__name__}: {exc}"
            raise InternalError(making, summary, traceback.format_exc()) from None
        raise BuildError([found]) from None


def _kept(
    job: RenderJob, staging: Staging, old: Mapping[str, StoredPage], path: str, view: str
) -> bool:
    """Keep the last run's file at path if it shows this view: where it is, or linked into
    the staging folder. False if it cannot be kept."""
    before, previous = old.get(path), job.plan.previous
    if before is None or before.view != view or previous is None:
        return False
    return job.in_place or staging.link(previous, path)


def _reuse(
    job: RenderJob, staging: Staging, result: ShareResult, number: int, stored: StoredUnit
) -> bool:
    """Take a unit's pages from the last build: in place, or linked into the staging folder."""
    previous = job.plan.previous
    if previous is None:
        return False
    pages = stored.pages
    if not job.in_place:
        linked: list[str] = []
        for path, *_ in pages:
            if not staging.link(previous, path):
                for done in linked:  # rendered afresh below: never write through a link
                    staging.remove(done)
                return False
            linked.append(path)
    for order, (path, lastmod, in_sitemap, _) in enumerate(pages):
        day = dt.date.fromisoformat(lastmod) if lastmod else None
        result.records.append(Record(number, order, path, day, in_sitemap))
    result.linked += len(pages)
    return True


def _emit(job: RenderJob, staging: Staging, result: ShareResult, path: str, data: bytes) -> None:
    """Keep the last build's file when its bytes are the same, else write the new one.

    Comparing with the file itself costs one read per page rendered, where keeping a digest
    of every page would cost hashing them all on every build.
    """
    previous = job.plan.previous
    same = previous is not None and staging.same(previous, path, data)
    if same and previous is not None and (job.in_place or staging.link(previous, path)):
        result.linked += 1
        return
    staging.write(path, data)
    result.wrote[path] = content_digest(data) if job.plan.keep else b""


def settle(job: RenderJob, shares: Sequence[ShareResult], staging: Staging) -> RenderResult:
    """Write what needs every share's results (sitemap), the assets and robots.txt."""
    # Each share's records are in unit order already: merged, not sorted again.
    records = list(heapq.merge(*(share.records for share in shares)))
    linked = sum(share.linked for share in shares)
    listed = [
        (path, lastmod)
        for _, _, path, lastmod, in_sitemap in records
        if in_sitemap and (path == "" or path.endswith("/"))
    ]
    extra: list[tuple[str, bytes]] = [
        ("sitemap.xml", sitemap(job.site, listed).encode()),
        ("robots.txt", robots(job.site).encode()),
        *((asset.path, asset.data) for asset in job.assets.values()),
    ]
    outputs = [path for _, _, path, _, _ in records]
    tally = ShareResult()
    for path, data in extra:
        outputs.append(path)
        _emit(job, staging, tally, path, data)
    linked += tally.linked
    bodies: dict[str, str] = {}
    if job.plan.keep:
        # A few pages rendered: the bodies of entries gone stay until a larger run, which
        # costs less than finding the ones still used among thousands.
        kept = job.cache.bodies if job.plan.few else _used_bodies(job)
        bodies = dict(kept)
        for share in shares:
            bodies.update(share.bodies)
    units = {key: stored for share in shares for key, stored in share.units.items()}
    wrote = {path: digest for share in (*shares, tally) for path, digest in share.wrote.items()}
    return RenderResult(linked, outputs, bodies, units, job.env, wrote)


def _used_bodies(job: RenderJob) -> dict[str, str]:
    suffix = "+html" if job.site.config.allow_html else ""
    keys = (job.digests.body_keys.get(entry.path, "") + suffix for entry in job.site.entries)
    return {key: job.cache.bodies[key] for key in keys if key in job.cache.bodies}
