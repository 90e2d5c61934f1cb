"""The Jinja environment and page rendering (pure once the templates are loaded)."""

from __future__ import annotations

import functools
import hashlib
import os
import traceback
from collections.abc import Callable, Iterable, Mapping, MutableMapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup

from briefing.content.sources import is_inside
from briefing.errors import BuildError, SourceError
from briefing.model import SiteConfig
from briefing.render import escaping
from briefing.render.theme import THEME_PREFIX, shown_folders, shown_roots, template_folders
from briefing.render.words import counted
from briefing.site.cards import Card
from briefing.site.edition import Edition
from briefing.site.threadview import WeekRow
from briefing.site.urls import absolute, href
from briefing.site.views import Page, long_date, week_label


class _ContainedLoader(jinja2.FileSystemLoader):
    """A loader that never reads a template through a link leading out of its folder."""

    def get_source(
        self, environment: jinja2.Environment, template: str
    ) -> tuple[str, str, Callable[[], bool]]:
        source, filename, uptodate = super().get_source(environment, template)
        root = Path(self.searchpath[0])
        if filename is None or not is_inside(root, Path(filename)):
            raise jinja2.TemplateNotFound(template, "symlink points outside the templates folder")
        return source, filename, uptodate


@dataclass(frozen=True)
class Asset:
    name: str  # e.g. "style.css"
    path: str  # e.g. "assets/style.3f2a1b9c.css"
    data: bytes


def hashed_assets(files: Mapping[str, bytes]) -> dict[str, Asset]:
    """Content-hashed names, so assets can be cached forever and still change."""
    assets = {}
    for name, data in sorted(files.items()):
        stem, dot, ext = name.rpartition(".")
        digest = hashlib.sha256(data).hexdigest()[:10]
        path = f"assets/{stem}.{digest}.{ext}" if dot else f"assets/{name}.{digest}"
        assets[name] = Asset(name, path, data)
    return assets


def template_loader(folders: Sequence[Path]) -> jinja2.BaseLoader:
    """The first folder that has a template wins; `theme/<name>` is always the theme's."""
    layers = [_ContainedLoader(str(folder)) for folder in folders]
    theme = jinja2.PrefixLoader({THEME_PREFIX.rstrip("/"): layers[-1]})
    return jinja2.ChoiceLoader([*layers, theme])


class _Environment(jinja2.Environment):
    """An environment whose templates see its globals as one plain dict, and escape what
    they show for less (render/escaping.py).

    Jinja layers a template's globals over the environment's in a ChainMap, so that a
    global set after loading still shows; every render and include then copies that map
    key by key, in Python. Ours are all set before the first template loads.
    """

    code_generator_class = escaping.code_generator()
    escaped = staticmethod(escaping.escaped)  # what `{{ }}` compiles to: see EscapingCode

    def make_globals(self, d: MutableMapping[str, Any] | None) -> MutableMapping[str, Any]:
        return {**self.globals, **(d or {})}


Compiled = Callable[[], Mapping[str, bytes] | None]  # waits for templates compiled ahead


class _CompiledAhead(jinja2.BytecodeCache):
    """Templates' code compiled by a forked child of this very build, taken as Jinja takes a
    bytecode cache's: a template whose source differs from the one compiled (Jinja checks a
    checksum of it) is compiled again. Never written anywhere: the build cache on disk holds
    data, never code. Keyed by the settings and assets as well as the template, since the
    filters Jinja runs on constants at compile time (url, asset) fold them into the code."""

    def __init__(self, config: SiteConfig, assets: Mapping[str, Asset], ahead: Compiled | None):
        folded = (repr(config), sorted((a.name, a.path) for a in assets.values()))
        self._folded = repr(folded)
        self._ahead = ahead
        self.codes: dict[str, bytes] | None = None if ahead else {}

    def get_cache_key(self, name: str, filename: str | None = None) -> str:
        key = f"{self._folded}\0{name}\0{filename}"
        return hashlib.blake2b(key.encode(), digest_size=16).hexdigest()

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        if self.codes is None and self._ahead is not None:
            self.codes = dict(self._ahead() or {})  # waits for the child, the first time
        code = (self.codes or {}).get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        if self._ahead is None:  # the child: what it compiled, to send back
            assert self.codes is not None
            self.codes[bucket.key] = bucket.bytecode_to_string()


def compiled_ahead(
    templates: Path, config: SiteConfig, assets: Mapping[str, Asset]
) -> dict[str, bytes]:
    """Every template's code, compiled as environment() would, for the build that forked this
    child (see _CompiledAhead). A template that fails to compile is left to the build, which
    reports it."""
    cache = _CompiledAhead(config, assets, None)
    env = environment(templates, config, assets, None, cache=cache)
    for name in _own_templates(env):
        try:
            env.get_template(name)
        except jinja2.TemplateError:
            continue
    return cache.codes or {}


def environment(
    templates: Path,
    config: SiteConfig,
    assets: Mapping[str, Asset],
    edition: Edition | None,
    *,
    compiled: Compiled | None = None,
    cache: jinja2.BytecodeCache | None = None,
) -> jinja2.Environment:
    """The environment for the briefing's own `templates` folder over the default theme;
    `edition` is what every page's masthead names. compiled: waits for the templates'
    code a child compiled ahead (compiled_ahead), taken where it compiled the same."""
    env = _Environment(
        loader=template_loader(template_folders(templates)),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=False,  # one environment per build: no stat() per template lookup
        cache_size=-1,  # a plain dict of templates, none dropped: no lock, no LRU queue to keep
        bytecode_cache=cache or (_CompiledAhead(config, assets, compiled) if compiled else None),
    )

    def asset(name: str) -> str:
        if name not in assets:
            folders = shown_folders([f"{root}/assets" for _, root in shown_roots(templates)])
            raise jinja2.UndefinedError(f"no asset named {name!r} in {folders}")
        return href(config, assets[name].path)

    # Filters as well as globals: Jinja runs a filter on a constant at compile time, so
    # `'feed.xml'|url` and `'style.css'|asset` in the header and footer cost nothing per
    # page. That is safe because an environment lives for one configuration and asset set.
    # The globals stay for templates written as url('...').
    env.filters["url"] = lambda path: href(config, path)
    env.filters["absolute"] = lambda path: absolute(config, path)
    env.filters["asset"] = asset
    env.globals.update(
        card_list=_card_list(env),
        ledger_row=_ledger_row(env),
        site=config,
        edition=edition,
        url=env.filters["url"],
        absolute=env.filters["absolute"],
        asset=asset,
    )
    # A few hundred weeks and a few thousand days, each shown on many pages: each label is
    # made once per environment (about 30,000 and 100,000 uses at 10,000 entries).
    env.filters["longdate"] = functools.cache(long_date)
    env.filters["weeklabel"] = functools.cache(week_label)
    env.filters["isodate"] = lambda day: day.isoformat()
    env.filters["counted"] = counted  # {{ n|counted("entry") }}: "1 entry", "2 entries"
    return env


def _card_list(env: jinja2.Environment) -> Callable[[Iterable[Card], int, bool], Markup]:
    """card_list() for partials/cards.html: the HTML of a list's cards, one per line.

    A card appears on many lists (its thread, actors, topics, day, each snapshot), so it is
    rendered once per environment from partials/card.html and reused. The list is joined
    here, not looped over in the template: per card, a Jinja loop and call cost more than
    the cache lookup they wrap.
    """
    # By style, then URL, which is cheaper to hash than the whole card; the card is kept and
    # compared because the dev server keeps its environment while an entry is edited. Each
    # card's HTML is kept with the newline that follows it in a list.
    by_style: dict[tuple[int, bool], dict[str, tuple[Card, str]]] = {}

    def card_list(cards: Iterable[Card], level: int, show_threads: bool) -> Markup:
        rendered = by_style.setdefault((level, show_threads), {})
        parts = []
        for card in cards:
            hit = rendered.get(card.url)
            if hit is None or (hit[0] is not card and hit[0] != card):
                template = env.get_template("partials/card.html")
                html = template.render(card=card, level=level, show_threads=show_threads)
                hit = rendered[card.url] = (card, f"{html}\n")
            parts.append(hit[1])
        return Markup("".join(parts))

    return card_list


def _ledger_row(env: jinja2.Environment) -> Callable[[WeekRow], Markup]:
    """ledger_row() for thread.html: one week's row of the ledger table, from
    partials/ledgerrow.html. Every snapshot of a thread from that week on shows the row, so
    it is rendered once per environment and reused, as cards are (see _card_list)."""
    rendered: dict[str, tuple[WeekRow, Markup]] = {}  # by the row's link: thread and week

    def ledger_row(row: WeekRow) -> Markup:
        hit = rendered.get(row.link)
        if hit is not None and (hit[0] is row or hit[0] == row):
            return hit[1]
        html = Markup(env.get_template("partials/ledgerrow.html").render(w=row))
        rendered[row.link] = (row, html)
        return html

    return ledger_row


def compile_templates(env: jinja2.Environment, templates: Path) -> None:
    """Load every template first, so each syntax error is reported at once with its line."""
    errors = []
    for name in _own_templates(env):
        try:
            env.get_template(name)
        except jinja2.TemplateError as exc:
            found = template_error(exc, templates)
            errors.append(found or SourceError(f"{templates.name}/{name}", 1, f"template: {exc}"))
    if errors:
        raise BuildError(errors)


def _own_templates(env: jinja2.Environment) -> list[str]:
    # Not the theme's files under their second name: compiled once, as themselves.
    names = env.list_templates(extensions=["html", "xml", "txt"])
    return [name for name in names if not name.startswith(THEME_PREFIX)]


def render_page(env: jinja2.Environment, page: Page) -> str:
    return env.get_template(page.template).render(page=page, **page.context)


def template_error(exc: Exception, templates: Path) -> SourceError | None:
    """A template problem as `templates/partials/x.html:line: message`, named in the folder
    that holds it (the briefing's own or the theme's); None when the exception was raised by
    our own code rather than by a template (a bug, not the author's: errors.InternalError)."""
    roots = shown_roots(templates)
    first = roots[0][1]
    if isinstance(exc, jinja2.TemplateSyntaxError):
        shown = _shown_file(exc.filename, roots) or f"{first}/{exc.name or '?'}"
        return SourceError(shown, exc.lineno, f"template: {exc.message}")
    where, line, ours = _template_frame(exc, roots)
    if isinstance(exc, jinja2.TemplateNotFound):
        # Named where it is included, or by itself when it was asked for by name.
        looked = shown_folders([root for _, root in roots])
        message = f"template not found: {exc.name}; looked in {looked}"
        return SourceError(where or f"{first}/{exc.name}", line, message)
    if where is None or (ours and not isinstance(exc, jinja2.TemplateError)):
        return None
    return SourceError(where, line, f"template: {exc}")


def _template_frame(
    exc: Exception, roots: Sequence[tuple[Path, str]]
) -> tuple[str | None, int, bool]:
    """The innermost template file and line the exception passed through, if any, and
    whether a frame of our own code came after it. Jinja gives each template's frames the
    template's own file name; the innermost of a template's or ours decides whose it is."""
    where, line, ours = None, 1, False
    for frame, lineno in traceback.walk_tb(exc.__traceback__):
        filename = os.path.abspath(frame.f_code.co_filename)
        shown = _shown_file(filename, roots)
        if shown is not None:
            where, line, ours = shown, lineno, False
        elif filename.startswith(PACKAGE):
            ours = True
    return where, line, ours


def _shown_file(filename: str | None, roots: Sequence[tuple[Path, str]]) -> str | None:
    """A template file's name under the folder it was found in, or None if in none."""
    if not filename:
        return None
    filename = os.path.abspath(filename)
    for folder, shown in roots:
        for root in (os.path.abspath(folder), folder.resolve()):
            if filename.startswith(f"{root}/"):
                return f"{shown}/{filename.removeprefix(f'{root}/')}"
    return None


PACKAGE = str(Path(__file__).resolve().parent.parent) + os.sep  # briefing/: our own code
