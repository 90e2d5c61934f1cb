"""The default theme installed with the package, and a briefing's own templates over it.

A briefing's `templates/` overrides the theme file by file, as Hugo and MkDocs themes are
overridden: a template or an asset found there wins, anything else comes from the theme.
`{% extends "theme/base.html" %}` reaches the theme's own file from an override.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from briefing.content.sources import is_inside, read_assets

PACKAGE = Path(__file__).resolve().parent.parent  # briefing/
THEME_PREFIX = "theme/"


def default_theme() -> Path:
    """The theme's folder: briefing/theme once installed, the repository's templates/ in a
    source checkout or an editable install (the package data is mapped from it)."""
    installed = PACKAGE / "theme"
    return installed if installed.is_dir() else PACKAGE.parent / "templates"


def template_folders(templates: Path, theme: Path | None = None) -> tuple[Path, ...]:
    """Where templates are looked for, first match wins: the briefing's own folder (when it
    exists and is not the theme itself, as in this repository), then the theme."""
    theme = theme or default_theme()
    if templates.is_dir() and templates.resolve() != theme.resolve():
        return (templates, theme)
    return (theme,)


def layered_assets(templates: Path) -> dict[str, bytes]:
    """The theme's assets with the briefing's own `templates/assets/` laid over them."""
    assets: dict[str, bytes] = {}
    for folder in reversed(template_folders(templates)):
        assets.update(read_assets(folder))
    return assets


def layered_files(templates: Path) -> list[tuple[str, bytes]]:
    """Every file of every layer, named by its layer, for the digest the build cache keeps:
    a change to the theme or to an override both reach it."""
    files: list[tuple[str, bytes]] = []
    for layer, folder in enumerate(template_folders(templates)):
        files += [
            (f"{layer}/{path.relative_to(folder).as_posix()}", path.read_bytes())
            for path in sorted(folder.rglob("*"))
            if path.is_file()
            and "__pycache__" not in path.parts
            and not (path.is_symlink() and not is_inside(folder, path))  # refused by the build
        ]
    return files


def shown_roots(templates: Path) -> list[tuple[Path, str]]:
    """Each layer's folder with the name messages give it: the briefing's own folder by its
    name, as given (`templates/base.html`), the theme by where it is installed."""
    own = templates.resolve() if templates.is_dir() else None
    return [
        (folder, templates.name if folder.resolve() == own else str(folder))
        for folder in template_folders(templates)
    ]


def shown_folders(roots: Sequence[str]) -> str:
    """The folders a template was looked for in, as a message lists them."""
    return ", ".join(f"{root}/" for root in roots)
