"""Rendering the whole site in shares: each page is rendered, or linked from the last build when
its fingerprint is unchanged. Pure apart from writing into the staging folder."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from .cache import BuildCache
from .errors import BuildError
from .feeds import feed_units, robots, sitemap, unit_feed
from .fingerprint import card_digests, digest_files, fingerprint, folder_files, generator_digest
from .indexes import Indexes, index
from .insights import NEIGHBOURHOOD
from .markdown import make_renderer
from .model import Entry, Site
from .pages import MarkdownHtml, Unit, lists_of, unit_pages, units
from .render import Asset, compile_templates, environment, hashed_assets, render_page
from .write import Staging

# (unit index, order within the unit, path, fingerprint, lastmod, listed in the sitemap)
Record = tuple[int, int, str, str, dt.date | None, bool]


@dataclass(frozen=True)
class RenderJob:
    """Everything a share needs; children of a fork inherit it without copying."""

    site: Site
    ix: Indexes
    units: list[Unit]
    templates: Path
    assets: dict[str, Asset]
    root: Path
    body_keys: Mapping[str, str]  # entry path -> file digest, the key of its rendered body
    cache: BuildCache
    previous: Path | None
    base: bytes
    fingerprints: bool
    shared: bytes = b""  # base plus the registries and threads: what every entry page also shows

    @classmethod
    def prepare(
        cls,
        site: Site,
        templates: Path,
        assets: Mapping[str, bytes],
        root: Path,
        body_keys: Mapping[str, str],
        cache: BuildCache,
        previous: Path | None,
        *,
        fingerprints: bool,
        registries: bytes = b"",
        templates_digest: bytes | None = None,
    ) -> RenderJob:
        hashed = hashed_assets(assets)
        compile_templates(environment(templates, site.config, hashed), templates)
        ix = index(site)
        settings = [
            ("generator", generator_digest().encode()),
            ("config", repr(site.config).encode()),
        ]
        if templates_digest is None:
            templates_digest = digest_files(folder_files(templates))
        base = digest_files([("templates", templates_digest), *settings])
        all_units = units(site, ix) + feed_units(site)
        return cls(
            site,
            ix,
            all_units,
            templates,
            hashed,
            root,
            body_keys,
            cache,
            previous,
            base,
            fingerprints or bool(cache.outputs),
            hashlib.blake2b(base + registries, digest_size=16).digest() if registries else b"",
        )


@dataclass
class ShareResult:
    records: list[Record] = field(default_factory=list)
    bodies: dict[str, str] = field(default_factory=dict)
    units: dict[str, tuple[str, str, str]] = field(default_factory=dict)  # see entry_inputs
    written: int = 0
    linked: int = 0


@dataclass(frozen=True)
class RenderResult:
    written: int
    linked: int
    outputs: dict[str, str]  # path -> fingerprint, for the next build
    bodies: dict[str, str]  # file digest -> body HTML, for the next build
    units: dict[str, tuple[str, str, str]] = field(default_factory=dict)  # for the next build


def render_share(job: RenderJob, share: int, shares: int) -> ShareResult:
    """Render (or link) every unit whose index falls to this share."""
    env = environment(job.templates, job.site.config, job.assets)
    markdown = make_renderer(job.site.config.allow_html)
    staging = Staging(job.root)
    result = ShareResult()
    cards = card_digests(job.ix.cards) if job.fingerprints else {}
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
        if unit[0] == "feed":
            path, text = unit_feed(job.site, job.ix, unit)
            digest = hashlib.blake2b(text.encode(), digest_size=16).hexdigest()
            _emit(job, staging, result, path, digest, text)
            result.records.append((number, 0, path, digest, None, False))
            continue
        inputs = entry_inputs(job, unit[1]) if unit[0] == "entry" and job.shared else ""
        if inputs and _link_unchanged_entry(job, staging, result, number, unit[1], inputs):
            continue
        try:
            for order, page in enumerate(unit_pages(job.site, job.ix, unit, markup)):
                digest = fingerprint(page, job.base, cards) if job.fingerprints else ""
                _emit(job, staging, result, page.path, digest, lambda p=page: render_page(env, p))
                result.records.append(
                    (number, order, page.path, digest, page.lastmod, page.in_sitemap)
                )
                if inputs:
                    result.units[unit[1]] = (inputs, page.path, digest)
        except BuildError:
            raise
        except Exception as exc:  # a template's runtime error, reported with its line
            from .render import template_error

            raise BuildError([template_error(exc, job.templates)]) from None
    return result


def entry_inputs(job: RenderJob, url: str) -> str:
    """A digest of everything an entry's page can show, found without building the page.

    The page shows the entry, its neighbours in its thread and related entries, which are
    drawn from the neighbourhood of the entry in each of its lists: so the file digests of
    those neighbourhoods, with the templates, settings, registries and threads (`shared`),
    decide it. An entry whose inputs are unchanged is linked without being built at all.
    """
    entry = job.ix.by_url[url]
    h = hashlib.blake2b(job.shared, digest_size=16)
    h.update(job.body_keys.get(entry.path, "").encode())
    reach = NEIGHBOURHOOD + 1
    for members in lists_of(job.ix, entry):
        at = job.ix.positions[id(members)][url]
        h.update(b"[")
        for other in members[max(0, at - reach) : at + reach + 1]:
            h.update(job.body_keys.get(other.path, other.url).encode() + b",")
    return h.hexdigest()


def _link_unchanged_entry(
    job: RenderJob, staging: Staging, result: ShareResult, number: int, url: str, inputs: str
) -> bool:
    stored = job.cache.units.get(url)
    if job.previous is None or stored is None or stored[0] != inputs:
        return False
    _, path, digest = stored
    if not staging.link(job.previous, path):
        return False
    entry = job.ix.by_url[url]
    result.linked += 1
    result.records.append((number, 0, path, digest, entry.updated or entry.day, True))
    result.units[url] = stored
    return True


def _emit(
    job: RenderJob,
    staging: Staging,
    result: ShareResult,
    path: str,
    digest: str,
    content: str | object,
) -> None:
    """Link the previous build's file when unchanged, else render and write it."""
    unchanged = bool(digest) and job.cache.outputs.get(path) == digest
    if unchanged and job.previous is not None and staging.link(job.previous, path):
        result.linked += 1
        return
    data = content if isinstance(content, (str, bytes)) else content()  # type: ignore[operator]
    staging.write(path, data)
    result.written += 1


def settle(job: RenderJob, shares: Sequence[ShareResult], staging: Staging) -> RenderResult:
    """Write what needs every share's results (sitemap), the assets and robots.txt."""
    records = sorted(record for share in shares for record in share.records)
    written = sum(share.written for share in shares)
    linked = sum(share.linked for share in shares)
    listed = [
        (path, lastmod)
        for _, _, path, _, lastmod, in_sitemap in records
        if in_sitemap and (path == "" or path.endswith("/"))
    ]
    extra: list[tuple[str, str | bytes]] = [
        ("sitemap.xml", sitemap(job.site, listed)),
        ("robots.txt", robots(job.site)),
        *((asset.path, asset.data) for asset in job.assets.values()),
    ]
    outputs = {path: digest for _, _, path, digest, _, _ in records}
    tally = ShareResult()
    for path, data in extra:
        raw = data.encode() if isinstance(data, str) else data
        outputs[path] = hashlib.blake2b(raw, digest_size=16).hexdigest()
        _emit(job, staging, tally, path, outputs[path], data)
    written += tally.written
    linked += tally.linked
    bodies: dict[str, str] = {}
    if job.fingerprints:
        bodies = {key: job.cache.bodies[key] for key in _used_bodies(job)} | {
            key: html for share in shares for key, html in share.bodies.items()
        }
    units = {url: stored for share in shares for url, stored in share.units.items()}
    return RenderResult(written, linked, outputs, bodies, units)


def _used_bodies(job: RenderJob) -> list[str]:
    suffix = "+html" if job.site.config.allow_html else ""
    keys = (job.body_keys.get(entry.path, "") + suffix for entry in job.site.entries)
    return [key for key in keys if key in job.cache.bodies]
