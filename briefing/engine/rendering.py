"""Rendering the whole site in units (a page, or a list with all its pages).

A unit whose inputs are unchanged since the last build is not rendered at all: its pages
are reused from the last build's output. A rendered page whose bytes are unchanged is not
written again. Pure apart from writing into the staging folder.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import traceback
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

import jinja2

from briefing.engine.cache import BuildCache, StoredPage, StoredUnit
from briefing.engine.reach import REACH, entry_lists, neighbourhoods, unit_members
from briefing.errors import BuildError, InternalError
from briefing.model import Entry, Site
from briefing.output.write import Staging
from briefing.render.feeds import feed_units, robots, sitemap, unit_feed
from briefing.render.jinja import (
    Asset,
    compile_templates,
    environment,
    hashed_assets,
    render_page,
    template_error,
)
from briefing.render.markdown import make_renderer
from briefing.site.indexes import Indexes
from briefing.site.pages import MarkdownHtml, Unit, unit_key, unit_pages, units

if TYPE_CHECKING:
    from briefing.engine.commit import Plan
    from briefing.engine.state import RunResult


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
    body_keys: Mapping[str, str]  # entry path -> file digest, the key of its rendered body
    list_keys: Mapping[str, bytes]  # entry path -> digest of what other pages show of it
    cache: BuildCache
    plan: Plan
    member_keys: Mapping[str, list[bytes]]  # list unit key -> its members' list keys
    # The inputs digest of each thread, actor and topic list's unit, by unit key.
    list_inputs: Mapping[str, str]
    # The URLs of entries on such a list whose inputs are not the last build's: every other
    # entry's page shows what it showed then, bar its own file. (Every entry is on its
    # thread's list, whose inputs include `shared`.)
    unsettled: frozenset[str]

    @property
    def in_place(self) -> bool:
        """The last output is the output folder itself: reused files stay where they are."""
        return self.plan.in_place and self.plan.previous is not None

    @classmethod
    def prepare(cls, inputs: RenderInputs, root: Path) -> RenderJob:
        """A few pages to render in one process (plan.few), under templates that compiled
        cleanly in the last run: templates compile and cards are made as pages need them."""
        site, ix, plan = inputs.site, inputs.ix, inputs.plan
        hashed = hashed_assets(inputs.assets)
        env = environment(inputs.templates, site.config, hashed)
        if not plan.few:
            compile_templates(env, inputs.templates)
        entries = inputs.run.files.entries
        list_keys = {f.shown: inputs.run.fronts[f.digest] for f in entries} if plan.shared else {}
        lists = entry_lists(ix) if plan.shared else []
        member_keys = {
            unit_key(unit): [list_keys[e.path] for e in members] for unit, members in lists
        }
        list_inputs: dict[str, str] = {}
        unsettled: set[str] = set()
        for unit, members in lists:
            key = unit_key(unit)
            list_inputs[key] = _list_inputs(plan.shared, unit, member_keys[key])
            stored = inputs.stored.units.get(key)
            if stored is None or stored.inputs != list_inputs[key]:
                unsettled.update(entry.url for entry in members)
        return cls(
            site,
            ix,
            units(site, ix) + feed_units(site),
            inputs.templates,
            env,
            hashed,
            root,
            {f.shown: f.digest for f in entries},
            list_keys,
            inputs.stored,
            plan,
            member_keys,
            list_inputs,
            frozenset(unsettled),
        )


@dataclass
class ShareResult:
    records: list[Record] = field(default_factory=list)
    bodies: dict[str, str] = field(default_factory=dict)
    units: dict[str, StoredUnit] = field(default_factory=dict)
    written: int = 0
    linked: int = 0


@dataclass(frozen=True)
class RenderResult:
    written: int
    linked: int
    outputs: list[str]  # every path written, for the next build
    bodies: dict[str, str]  # file digest -> body HTML, for the next build
    units: dict[str, StoredUnit] = field(default_factory=dict)  # for the next build


def render_share(job: RenderJob, share: int, shares: int) -> ShareResult:
    """Render (or reuse) every unit whose index falls to this share."""
    env = job.env
    markdown = make_renderer(job.site.config.allow_html)
    staging = Staging(job.root)
    result = ShareResult()
    suffix = "+html" if job.site.config.allow_html else ""

    def entry_html(entry: Entry) -> str:
        key = job.body_keys.get(entry.path, "") + suffix
        html = job.cache.bodies.get(key)
        if html is None:
            html = markdown.render(entry.body)
            if key != suffix:
                result.bodies[key] = html
        return html

    markup = MarkdownHtml(entry_html, markdown.render)
    for number, unit in enumerate(job.units):
        if number % shares != share:
            continue
        key = unit_key(unit)
        inputs = unit_inputs(job, unit)
        stored = job.cache.units.get(key) if inputs else None
        if (
            stored is not None
            and stored.inputs == inputs
            and _reuse(job, staging, result, number, stored)
        ):
            result.units[key] = stored
            continue
        pages: list[StoredPage] = []
        for order, (path, text, lastmod, in_sitemap) in enumerate(
            _unit_outputs(job, env, markup, unit)
        ):
            _emit(job, staging, result, path, text.encode())
            result.records.append(Record(number, order, path, lastmod, in_sitemap))
            pages.append(StoredPage(path, lastmod.isoformat() if lastmod else "", in_sitemap))
        if inputs:
            result.units[key] = StoredUnit(inputs, tuple(pages))
    return result


def _unit_outputs(
    job: RenderJob, env: jinja2.Environment, markup: MarkdownHtml, unit: Unit
) -> Iterator[tuple[str, str, dt.date | None, bool]]:
    """(path, text, lastmod, listed in the sitemap) of each file of a unit."""
    if unit[0] == "feed":
        path, text = unit_feed(job.site, job.ix, unit)
        yield path, text, None, False
        return
    making = "the pages of unit " + " ".join(unit)  # what the error, if any, was doing
    try:
        for page in unit_pages(job.site, job.ix, unit, markup):
            making = "/" + page.path
            yield page.path, render_page(env, page), page.lastmod, page.in_sitemap
            making = "the pages of unit " + " ".join(unit)
    except BuildError:
        raise
    except Exception as exc:  # a template's runtime error, or a bug of ours
        found = template_error(exc, job.templates)
        if found is None:
            where = making
            summary = f"{type(exc).__name__}: {exc}"
            raise InternalError(where, summary, traceback.format_exc()) from None
        raise BuildError([found]) from None


def unit_inputs(job: RenderJob, unit: Unit) -> str:
    """A digest of everything a unit's pages can show, found without building them."""
    shared = job.plan.shared
    if not shared:
        return ""
    if unit[0] == "entry":
        return entry_inputs(job, unit[1])
    known = job.list_inputs.get(unit_key(unit))
    if known is not None:
        return known
    members = unit_members(job.site, job.ix, unit)
    return _list_inputs(shared, unit, [job.list_keys[e.path] for e in members])


def _list_inputs(shared: bytes, unit: Unit, keys: list[bytes]) -> str:
    h = hashlib.blake2b(shared, digest_size=16)
    h.update("\0".join(unit).encode() + b"\0")
    h.update(b",".join(keys))
    return h.hexdigest()


def entry_inputs(job: RenderJob, url: str) -> str:
    """A digest of everything an entry's page can show, found without building the page:
    its own file, and the front matter of the entries around it in each of its lists (see
    reach), with the templates, settings, registries and threads (`shared`).

    It starts with the file's digest: while that and every list the entry is on are as in
    the last build, so is the rest, and the last build's digest is taken as it is.
    """
    entry = job.ix.by_url[url]
    own = job.body_keys[entry.path] + ":"
    stored = job.cache.units.get("entry\0" + url)
    if stored is not None and stored.inputs.startswith(own) and url not in job.unsettled:
        return stored.inputs
    h = hashlib.blake2b(job.plan.shared, digest_size=16)
    for unit, at in neighbourhoods(job.ix, entry):
        keys = job.member_keys[unit_key(unit)]
        h.update(b"[" + b",".join(keys[max(0, at - REACH) : at + REACH + 1]))
    return own + h.hexdigest()


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
    for order, (path, lastmod, in_sitemap) in enumerate(pages):
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
    result.written += 1


def settle(job: RenderJob, shares: Sequence[ShareResult], staging: Staging) -> RenderResult:
    """Write what needs every share's results (sitemap), the assets and robots.txt."""
    records = sorted(record for share in shares for record in share.records)
    written = sum(share.written for share in shares)
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
    written += tally.written
    linked += tally.linked
    bodies: dict[str, str] = {}
    if job.plan.keep:
        bodies = {key: job.cache.bodies[key] for key in _used_bodies(job)} | {
            key: html for share in shares for key, html in share.bodies.items()
        }
    units = {key: stored for share in shares for key, stored in share.units.items()}
    return RenderResult(written, linked, outputs, bodies, units)


def _used_bodies(job: RenderJob) -> list[str]:
    suffix = "+html" if job.site.config.allow_html else ""
    keys = (job.body_keys.get(entry.path, "") + suffix for entry in job.site.entries)
    return [key for key in keys if key in job.cache.bodies]
