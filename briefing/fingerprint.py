"""Fingerprints of what a page shows, so an unchanged page is not rendered again (pure)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import hashlib
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from . import __version__
from .sources import is_inside
from .views import Card, Link, Page, Pager


def digest_files(paths: Iterable[tuple[str, bytes]]) -> bytes:
    """One digest of named byte strings (templates, generator source, settings)."""
    h = hashlib.blake2b(digest_size=16)
    for name, data in sorted(paths):
        h.update(name.encode() + b"\0" + hashlib.blake2b(data).digest())
    return h.digest()


def folder_files(root: Path, suffixes: tuple[str, ...] | None = None) -> list[tuple[str, bytes]]:
    """(relative name, bytes) of every file below root (I/O, for digest_files)."""
    return [
        (path.relative_to(root).as_posix(), path.read_bytes())
        for path in sorted(root.rglob("*"))
        if path.is_file()
        and (suffixes is None or path.suffix in suffixes)
        and "__pycache__" not in path.parts
        and not (path.is_symlink() and not is_inside(root, path))  # refused by the build
    ]


PACKAGE = Path(__file__).resolve().parent


@functools.cache
def generator_digest() -> str:
    """The generator's version: its own source, so a code change never reuses stale output."""
    files = folder_files(PACKAGE, (".py", ".js", ".css", ".html"))
    return __version__ + "-" + digest_files(files).hex()


def card_digests(cards: Mapping[str, Card]) -> dict[str, bytes]:
    return {
        url: hashlib.blake2b(repr(card).encode(), digest_size=16).digest()
        for url, card in cards.items()
    }


def fingerprint(page: Page, base: bytes, cards: Mapping[str, bytes]) -> str:
    """A digest of everything a template can see for this page, plus the templates (base)."""
    h = hashlib.blake2b(base, digest_size=16)
    _feed(
        h,
        (
            page.path,
            page.template,
            page.title,
            page.description,
            page.lastmod,
            page.kind,
            page.feeds,
            page.in_sitemap,
        ),
        cards,
    )
    _feed(h, page.context, cards)
    return h.hexdigest()


def _feed(h: Any, value: Any, cards: Mapping[str, bytes]) -> None:
    # Called for every value of every page's context: the common types come first, and
    # small records are hashed through their repr instead of field by field.
    kind = type(value)
    if kind is str:
        h.update(b"s" + value.encode() + b"\0")
    elif kind is Card:
        h.update(b"c" + cards[value.url])
    elif kind is list or kind is tuple:
        h.update(b"[")
        for item in value:
            _feed(h, item, cards)
        h.update(b"]")
    elif kind is dict:
        h.update(b"{")
        for key, item in value.items():
            h.update(str(key).encode() + b":")
            _feed(h, item, cards)
        h.update(b"}")
    elif kind in _LEAVES or value is None:
        h.update(repr(value).encode() + b"\0")
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        h.update(kind.__name__.encode() + b"(")
        for field in _fields(kind):
            _feed(h, getattr(value, field), cards)
        h.update(b")")
    else:
        h.update(repr(value).encode() + b"\0")


_LEAVES = {int, float, bool, dt.date, dt.datetime, Link, Pager}


_FIELDS: dict[type, tuple[str, ...]] = {}


def _fields(kind: type) -> tuple[str, ...]:
    names = _FIELDS.get(kind)
    if names is None:
        names = _FIELDS[kind] = tuple(field.name for field in dataclasses.fields(kind))
    return names
