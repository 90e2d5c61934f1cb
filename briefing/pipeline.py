"""The one place that chains the stages: load, validate, assemble, render, write, index."""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

import jinja2

from . import config as site_config
from .assemble import assemble
from .errors import BuildError, SourceError, split_warnings
from .feeds import all_feeds, robots, sitemap
from .markdown import make_renderer
from .model import Actor, Site, Thread, Topic
from .pages import index, site_pages
from .render import environment, hashed_assets, render_page, template_error
from .search import index_site
from .sources import ContentFiles, read_content
from .validate import ParsedEntry, parse_entry, parse_registry, parse_thread
from .write import Staging, check_output_folder, staged_output


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


@dataclass(frozen=True)
class BuildReport:
    pages: int
    entries: int
    warnings: list[SourceError]
    seconds: float


def load_site(
    content: Path, *, include_drafts: bool, base_url: str | None = None
) -> tuple[Site | None, list[SourceError]]:
    """Read and validate the whole content tree; every problem is returned."""
    files, problems = read_content(content)
    site, more = parse_site(files, include_drafts=include_drafts, base_url=base_url)
    problems += more
    return (None if split_warnings(problems)[0] else site), problems


def parse_site(
    files: ContentFiles, *, include_drafts: bool, base_url: str | None = None
) -> tuple[Site | None, list[SourceError]]:
    errors: list[SourceError] = []
    config = None
    if files.site is not None:
        config, found = site_config.parse(files.site.text, files.site.shown, base_url)
        errors += found
    actors: list[Actor] = []
    topics: list[Topic] = []
    for file, kind in ((files.actors, "actor"), (files.topics, "topic")):
        if file is not None:
            records, found = parse_registry(file, kind)
            actors += [r for r in records if isinstance(r, Actor)]
            topics += [r for r in records if isinstance(r, Topic)]
            errors += found
    threads: list[Thread] = []
    for file in files.threads:
        thread, found = parse_thread(file)
        threads += [thread] if thread else []
        errors += found
    parsed: list[ParsedEntry] = []
    for file in files.entries:
        entry, found = parse_entry(file, include_drafts)
        parsed += [entry] if entry else []
        errors += found
    if config is None:
        return None, errors
    thread_files = [f.relative.rsplit("/", 1)[-1].removesuffix(".md") for f in files.threads]
    site, found = assemble(config, threads, actors, topics, parsed, thread_files)
    errors += found
    return (None if split_warnings(errors)[0] else site), errors


def read_assets(templates: Path) -> dict[str, bytes]:
    folder = templates / "assets"
    if not folder.is_dir():
        return {}
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


def render_site(site: Site, templates: Path, staging: Staging) -> None:
    """Render every page, feed and asset into the staging folder."""
    assets = hashed_assets(read_assets(templates))
    env = environment(templates, site.config, assets)
    compile_templates(env, templates)
    markdown = make_renderer(site.config.allow_html)
    ix = index(site)
    listed = []
    try:
        for page in site_pages(site, ix, markdown.render):
            staging.write(page.path, render_page(env, page))
            if page.in_sitemap:
                listed.append((page.path, page.lastmod))
    except (jinja2.TemplateError, TypeError, ValueError, KeyError, AttributeError) as exc:
        raise BuildError([template_error(exc, templates)]) from None
    for path, text in all_feeds(site, ix):
        staging.write(path, text)
    for asset in assets.values():
        staging.write(asset.path, asset.data)
    staging.write("sitemap.xml", sitemap(site, listed))
    staging.write("robots.txt", robots(site))


def compile_templates(env: jinja2.Environment, templates: Path) -> None:
    """Load every template first, so each syntax error is reported at once with its line."""
    errors = []
    for name in env.list_templates(extensions=["html", "xml", "txt"]):
        try:
            env.get_template(name)
        except jinja2.TemplateError as exc:
            errors.append(template_error(exc, templates))
    if errors:
        raise BuildError(errors)


def build(options: BuildOptions) -> BuildReport:
    """Validate everything, render into a staging folder, index it, then swap it in."""
    started = time.perf_counter()
    site, problems = load_site(
        options.content, include_drafts=options.drafts, base_url=options.base_url
    )
    errors, warnings = split_warnings(problems)
    if options.strict:
        errors, warnings = errors + warnings, []
    if site is None or errors:
        raise BuildError(errors + warnings)
    check_output_folder(options.out, [options.content, options.templates])
    with staged_output(options.out) as staging:
        render_site(site, options.templates, staging)
        if options.search:
            index_site(staging.root, verbose=options.verbose)
        written = staging.written
    return BuildReport(written, len(site.entries), warnings, time.perf_counter() - started)
