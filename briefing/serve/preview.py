"""The preview's build: the last good site kept in memory and brought up to date per change.

A change is re-validated (livecontent), turned into a new Site and Indexes
(reindex for entry edits, a full assemble otherwise), compared with the last
good site (depends), and only the pages that differ are rendered, into a
staging folder first, then moved into the served folder file by file. A change
with errors renders nothing: the last good site stays, and the errors are kept
until a later change fixes them.
"""

from __future__ import annotations

import datetime as dt
import functools
import itertools
import os
import shutil
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import jinja2
import jinja2.meta
from markdown_it import MarkdownIt

from briefing.errors import BuildError, SourceError, split_warnings
from briefing.model import Entry, Site, SiteConfig
from briefing.output.write import Staging, swap_in
from briefing.render.feeds import robots, sitemap
from briefing.render.jinja import (
    Asset,
    compile_templates,
    environment,
    hashed_assets,
    render_page,
    template_error,
)
from briefing.render.links import render_linked
from briefing.render.markdown import make_renderer
from briefing.render.theme import layered_assets
from briefing.serve.depends import EVERYTHING, Affected, affected, template_users
from briefing.serve.livecontent import ContentState
from briefing.serve.partial import entry_template, selected_feeds, selected_pages, template_pages
from briefing.serve.reindex import apply_entries
from briefing.serve.watch import Changes
from briefing.site.bodylinks import check_links
from briefing.site.edition import Edition, edition
from briefing.site.indexes import Indexes, index
from briefing.site.pages import MarkdownHtml, Unit
from briefing.site.urls import output_file
from briefing.site.views import Page

TEMPLATE_SUFFIXES = (".html", ".xml", ".txt")  # what compile_templates loads
RENDER_ERRORS = (jinja2.TemplateError, TypeError, ValueError, KeyError, AttributeError)


@dataclass(frozen=True)
class Outcome:
    """What one build did: nothing but errors, or files written and removed."""

    ok: bool
    errors: tuple[SourceError, ...] = ()
    warnings: tuple[SourceError, ...] = ()
    written: int = 0
    removed: int = 0
    seconds: float = 0.0
    everything: bool = False


class _Recorder(Staging):
    """A staging folder that remembers every site path written into it."""

    def __init__(self, root: Path, folders: set[Path]) -> None:
        super().__init__(root)
        self.paths: list[str] = []
        self.folders = folders

    def write(self, path: str, data: str | bytes) -> None:
        target = output_file(self.root, path)
        content = data.encode("utf-8") if isinstance(data, str) else data
        _in_folder(target, self.folders, lambda: target.write_bytes(content))
        self.paths.append(path)


def _in_folder(target: Path, known: set[Path], action: Callable[[], object]) -> None:
    """Run a file operation, making the target's folder first unless it is known to exist
    (the preview writes into the same folders again and again; mkdir -p each time is slow)."""
    folder = target.parent
    if folder not in known:
        folder.mkdir(parents=True, exist_ok=True)
        known.add(folder)
    try:
        action()
    except FileNotFoundError:  # the folder went away behind our back
        folder.mkdir(parents=True, exist_ok=True)
        action()


@dataclass
class _Templates:
    env: jinja2.Environment
    markdown: MarkdownIt
    assets: dict[str, Asset]
    config: SiteConfig
    edition: Edition | None  # the masthead's, a global of `env`
    references: dict[str, frozenset[str | None]] = field(default_factory=dict)


class Preview:
    """The served site and everything needed to update it without a full rebuild."""

    def __init__(
        self, content: Path, templates: Path, out: Path, *, drafts: bool, base_url: str | None
    ) -> None:
        self.content = ContentState(content, include_drafts=drafts, base_url=base_url)
        self.templates = templates
        self.out = out
        self.site: Site | None = None
        self.ix: Indexes | None = None
        self.by_path: dict[str, Entry] = {}
        self.outputs: set[str] = set()
        self.listed: dict[str, dt.date | None] = {}
        self.generation = 0
        self._tpl: _Templates | None = None
        self._template_errors: list[SourceError] = []
        self._dirty: set[str] = set()
        self._whole_site = True  # re-assemble instead of applying entry changes
        self._render_all = True
        self._page_templates: set[str] = set()
        self._sitemap_due = False
        self._views: dict[Unit, list[Page]] = {}  # placeholder views of the last good site
        self._folders: set[Path] = set()  # output and staging folders known to exist
        self._staging: Path | None = None  # reused: its empty folders save mkdir calls

    def start(self) -> Outcome:
        """Load everything and build the whole site."""
        started = time.perf_counter()
        self.content.load_all()
        return self._build(started)

    def update(self, changes: Changes, *, defer_sitemap: bool = False) -> Outcome:
        """Take in changed files and rebuild what they affect.

        With defer_sitemap the sitemap (slow on a large site, and no page shows it)
        is left for flush(), so the changed pages are served sooner.
        """
        started = time.perf_counter()
        if changes.rescan:
            self.content.load_all()
            self._whole_site = True
        for relative in sorted(changes.content):
            kind = self.content.reload(relative)
            if kind == "entry":
                self._dirty.add(relative)
            elif kind is not None:
                self._whole_site = True
        if changes.templates:
            self._templates_changed(changes.templates)
        outcome = self._build(started)
        if not defer_sitemap:
            self.flush()
        return outcome

    def flush(self) -> None:
        """Write the sitemap if a build left it out of date."""
        if self._sitemap_due and self.site is not None:
            self._sitemap_due = False
            _write_atomic(self.out, "sitemap.xml", sitemap(self.site, self.listed.items()))

    def close(self) -> None:
        """Remove the staging folder kept between builds."""
        if self._staging is not None:
            shutil.rmtree(self._staging, ignore_errors=True)
            self._staging = None

    # Templates ----------------------------------------------------------------

    def _templates_changed(self, names: Iterable[str]) -> None:
        names = {n for n in names if n.endswith(TEMPLATE_SUFFIXES) or n.startswith("assets/")}
        if not names:
            return
        previous = self._tpl.references if self._tpl is not None else None
        config = self.content.config
        self._tpl = None
        if previous is None or config is None or any(n.startswith("assets/") for n in names):
            self._render_all = True
            return
        self._load_templates(config, edition(self.site) if self.site else None)
        assert self._tpl is not None
        old = template_users(previous, names)
        new = template_users(self._tpl.references, names)
        entries = entry_template(self.site, self.ix) if self.site and self.ix else None
        if old is None or new is None or entries in old | new:
            self._render_all = True
        else:
            self._page_templates |= old | new

    def _load_templates(self, config: SiteConfig, shown: Edition | None) -> None:
        """Make the environment and report every template syntax error."""
        assets = hashed_assets(layered_assets(self.templates))
        env = environment(self.templates, config, assets, shown)
        self._template_errors = []
        try:
            compile_templates(env, self.templates)
        except BuildError as exc:
            self._template_errors = list(exc.errors)
        references = _references(env)
        self._tpl = _Templates(
            env, make_renderer(config.allow_html), assets, config, shown, references
        )

    # Building -------------------------------------------------------------------

    def _build(self, started: float) -> Outcome:
        config = self.content.config
        if config is not None and (self._tpl is None or self._tpl.config != config):
            self._load_templates(config, edition(self.site) if self.site else None)
        errors, warnings = split_warnings(self.content.problems() + self._template_errors)
        if errors or config is None:
            return Outcome(False, tuple(errors), tuple(warnings))
        site, ix = self._next_site()
        parsed = list(self.content.parsed.values())
        site, broken = check_links(site, self.content.entry_files(), parsed)
        if broken:
            return Outcome(False, tuple(broken), tuple(warnings))
        latest = edition(site)
        if self._tpl is not None and self._tpl.edition != latest:
            # Every page's masthead names the edition: a new week reaches them all.
            self._load_templates(config, latest)
            self._render_all = True
        if self.site is not None and site.link_targets != self.site.link_targets:
            # A body whose link now leads elsewhere is an unchanged entry to `affected`.
            self._render_all = True
        if self._render_all or self.site is None or self.ix is None:
            work, views = EVERYTHING, {}
        else:
            views = dict(self._views)  # kept only if this build succeeds
            work = affected(self.site, self.ix, site, ix, views)
        try:
            written, removed = self._render(site, ix, work)
        except BuildError as exc:
            return Outcome(False, tuple(exc.errors), tuple(warnings))
        self.site, self.ix, self._views = site, ix, views
        self.by_path = {e.path: e for e in site.entries}
        self._dirty.clear()
        self._whole_site = self._render_all = False
        self._page_templates.clear()
        if written or removed:
            self.generation += 1
        seconds = time.perf_counter() - started
        return Outcome(True, (), tuple(warnings), written, removed, seconds, work.everything)

    def _next_site(self) -> tuple[Site, Indexes]:
        if self._whole_site or self.site is None or self.ix is None:
            site = self.content.site()
            assert site is not None
            return site, index(site)
        removed, added = [], []
        for relative in self._dirty:
            before = self.by_path.get(self.content.shown(relative))
            after = self.content.resolved.get(relative)
            if before is not None and before != after:
                removed.append(before)
            if after is not None and before != after:
                added.append(after)
        return apply_entries(self.site, self.ix, removed, added)

    def _render(self, site: Site, ix: Indexes, work: Affected) -> tuple[int, int]:
        """Render what `work` names into a staging folder, then move it into the output."""
        if work.nothing and not self._page_templates:
            return 0, 0
        self.out.parent.mkdir(parents=True, exist_ok=True)
        first = self.site is None
        if first or self._staging is None or not self._staging.is_dir():
            fresh = Path(tempfile.mkdtemp(prefix=f".{self.out.name}.tmp-", dir=self.out.parent))
            if not first:
                self._staging = fresh
        staging = fresh if first else self._staging
        assert staging is not None
        recorder = _Recorder(staging, self._folders)
        try:
            listed = self._write_all(site, ix, work, recorder)
        except BaseException:
            _clear(staging)
            self._folders = {f for f in self._folders if not f.is_relative_to(staging)}
            if first:
                shutil.rmtree(staging, ignore_errors=True)
            raise
        if first:
            os.chmod(staging, 0o755)
            swap_in(staging, self.out)
            self._folders.clear()
            gone: set[str] = set()
        else:
            gone = self._move(recorder.paths, staging, work)
        self.listed = listed
        self.outputs = (self.outputs - gone) | set(recorder.paths)
        if work.everything:
            self.outputs = set(recorder.paths)
        return len(recorder.paths), len(gone)

    def _write_all(
        self, site: Site, ix: Indexes, work: Affected, recorder: _Recorder
    ) -> dict[str, dt.date | None]:
        assert self._tpl is not None
        tpl = self._tpl
        targets = site.link_targets
        markup = MarkdownHtml(
            lambda e: render_linked(tpl.markdown, e.body, targets.get(e.path, {})),
            tpl.markdown.render,
        )
        pages: Iterator[Page] = selected_pages(site, ix, work, markup)
        if self._page_templates and not work.everything:
            chosen = frozenset(self._page_templates)
            pages = itertools.chain(pages, template_pages(site, ix, chosen, markup))
        listed = {} if work.everything else dict(self.listed)
        for path in work.removed:
            listed.pop(path, None)
        seen: set[str] = set()
        try:
            for page in pages:
                if page.path in seen:
                    continue
                seen.add(page.path)
                recorder.write(page.path, render_page(tpl.env, page))
                if page.in_sitemap:
                    listed[page.path] = page.lastmod
        except RENDER_ERRORS as exc:
            raise BuildError([template_error(exc, self.templates)]) from None
        for path, text in selected_feeds(site, ix, work):
            recorder.write(path, text)
        if work.everything:
            for asset in tpl.assets.values():
                recorder.write(asset.path, asset.data)
            recorder.write("robots.txt", robots(site))
            recorder.write("sitemap.xml", sitemap(site, listed.items()))
        elif listed != self.listed:
            self._sitemap_due = True
        return listed

    def _move(self, paths: list[str], staging: Path, work: Affected) -> set[str]:
        """Move the staged files into place one by one; delete what is gone. Returns it."""
        for path in paths:
            target = output_file(self.out, path)
            _in_folder(
                target,
                self._folders,
                functools.partial(os.replace, output_file(staging, path), target),
            )
        gone = set(work.removed)
        if work.everything:
            gone |= self.outputs - set(paths)
        for path in gone:
            _remove(self.out, path, self._folders)
        return gone


def _write_atomic(root: Path, path: str, text: str) -> None:
    target = output_file(root, path)
    temporary = target.with_name(f".{target.name}.tmp")
    temporary.write_text(text, encoding="utf-8")
    os.replace(temporary, target)


def _clear(staging: Path) -> None:
    """Empty a staging folder after a failed render, keeping the folder."""
    for child in staging.iterdir():
        if child.is_dir() and not child.is_symlink():
            shutil.rmtree(child, ignore_errors=True)
        else:
            child.unlink(missing_ok=True)


def _remove(root: Path, path: str, known: set[Path]) -> None:
    """Delete one output file and the folders it leaves empty."""
    target = output_file(root, path)
    target.unlink(missing_ok=True)
    folder = target.parent
    while folder != root and folder.is_relative_to(root):
        try:
            folder.rmdir()
        except OSError:
            break
        known.discard(folder)
        folder = folder.parent


def _references(env: jinja2.Environment) -> dict[str, frozenset[str | None]]:
    """Each template's extends, includes and imports (None where only known at render)."""
    graph: dict[str, frozenset[str | None]] = {}
    assert env.loader is not None
    for name in env.list_templates(extensions=["html", "xml", "txt"]):
        try:
            source = env.loader.get_source(env, name)[0]
            graph[name] = frozenset(jinja2.meta.find_referenced_templates(env.parse(source)))
        except jinja2.TemplateError:
            graph[name] = frozenset({None})
    return graph
