"""The Jinja environment and page rendering (pure once the templates are loaded)."""

from __future__ import annotations

import hashlib
import os
import traceback
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

import jinja2
from markupsafe import Markup

from briefing.content.sources import is_inside
from briefing.errors import BuildError, SourceError
from briefing.model import SiteConfig
from briefing.site.urls import absolute, href
from briefing.site.views import Card, Page, long_date


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


def environment(
    templates: Path, config: SiteConfig, assets: Mapping[str, Asset]
) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=_ContainedLoader(str(templates)),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=False,  # one environment per build: no stat() per template lookup
    )

    def asset(name: str) -> str:
        if name not in assets:
            raise jinja2.UndefinedError(f"no asset named {name!r} in templates/assets/")
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
        site=config,
        url=env.filters["url"],
        absolute=env.filters["absolute"],
        asset=asset,
    )
    env.filters["longdate"] = long_date
    env.filters["isodate"] = lambda day: day.isoformat()
    return env


def _card_list(env: jinja2.Environment) -> Callable[[Iterable[Card], int, bool], Markup]:
    """card_list() for partials/cards.html: the HTML of a list's cards, one per line.

    A card appears on many lists (its thread, actors, topics, day, each snapshot), so it is
    rendered once per environment from partials/card.html and reused. The list is joined
    here, not looped over in the template: per card, a Jinja loop and call cost more than
    the cache lookup they wrap.
    """
    # Keyed by URL, which is cheaper to hash than the whole card; the card is kept and
    # compared because the dev server keeps its environment while an entry is edited.
    rendered: dict[tuple[str, int, bool], tuple[Card, str]] = {}

    def card_list(cards: Iterable[Card], level: int, show_threads: bool) -> Markup:
        parts = []
        for card in cards:
            key = (card.url, level, show_threads)
            hit = rendered.get(key)
            if hit is not None and (hit[0] is card or hit[0] == card):
                html = hit[1]
            else:
                template = env.get_template("partials/card.html")
                html = template.render(card=card, level=level, show_threads=show_threads)
                rendered[key] = (card, html)
            parts.append(html)
        return Markup("".join(f"{html}\n" for html in parts))

    return card_list


def compile_templates(env: jinja2.Environment, templates: Path) -> None:
    """Load every template first, so each syntax error is reported at once with its line."""
    errors = []
    for name in env.list_templates(extensions=["html", "xml", "txt"]):
        try:
            env.get_template(name)
        except jinja2.TemplateError as exc:
            found = template_error(exc, templates)
            errors.append(found or SourceError(f"{templates.name}/{name}", 1, f"template: {exc}"))
    if errors:
        raise BuildError(errors)


def render_page(env: jinja2.Environment, page: Page) -> str:
    return env.get_template(page.template).render(page=page, **page.context)


def template_error(exc: Exception, templates: Path) -> SourceError | None:
    """A template problem as `templates/partials/x.html:line: message`; None when the
    exception was raised by our own code rather than by a template (a bug, not the
    author's: see errors.InternalError)."""
    shown_root = templates.name or str(templates)
    if isinstance(exc, jinja2.TemplateSyntaxError):
        name = exc.name or exc.filename or "?"
        return SourceError(f"{shown_root}/{name}", exc.lineno, f"template: {exc.message}")
    if isinstance(exc, jinja2.TemplateNotFound):
        return SourceError(
            f"{shown_root}/{exc.name}", 1, f"template not found: {exc.message or exc.name}"
        )
    # The innermost frame that is a template's or ours decides whose the error is: Jinja
    # gives each template's frames the template's own file name.
    folders = {os.path.abspath(templates) + os.sep, str(templates.resolve()) + os.sep}
    where: tuple[str, int] | None = None
    ours = False
    for frame, lineno in traceback.walk_tb(exc.__traceback__):
        filename = os.path.abspath(frame.f_code.co_filename)
        folder = next((f for f in folders if filename.startswith(f)), None)
        if folder is not None:
            where, ours = (Path(filename[len(folder) :]).as_posix(), lineno), False
        elif filename.startswith(PACKAGE):
            ours = True
    if where is None or (ours and not isinstance(exc, jinja2.TemplateError)):
        return None
    return SourceError(f"{shown_root}/{where[0]}", where[1], f"template: {exc}")


PACKAGE = str(Path(__file__).resolve().parent.parent) + os.sep  # briefing/: our own code
