"""Slugs, site paths and output paths, with the guard that keeps output inside its folder."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

from briefing.model import SiteConfig

_CYRILLIC = dict(
    zip(
        "абвгдеёжзийклмнопрстуфхцчшщъыьэюяієїґў",
        [
            "a",
            "b",
            "v",
            "g",
            "d",
            "e",
            "e",
            "zh",
            "z",
            "i",
            "y",
            "k",
            "l",
            "m",
            "n",
            "o",
            "p",
            "r",
            "s",
            "t",
            "u",
            "f",
            "kh",
            "ts",
            "ch",
            "sh",
            "shch",
            "-",
            "y",
            "-",
            "e",
            "yu",
            "ya",
            "i",
            "ye",
            "yi",
            "g",
            "u",
        ],
        strict=True,
    )
)
_CYRILLIC.update({"ъ": "", "ь": ""})


def slugify(text: str, max_words: int = 8) -> str:
    """An ASCII URL slug from a title in any script ("Путин звонит" -> "putin-zvonit")."""
    lowered = "".join(_CYRILLIC.get(ch, ch) for ch in text.lower())
    ascii_text = unicodedata.normalize("NFKD", lowered).encode("ascii", "ignore").decode()
    words = re.findall(r"[a-z0-9]+", ascii_text)
    return "-".join(words[:max_words]) or "entry"


FILE_SLUG_CHARS = 80


def file_slug(text: str) -> str:
    """slugify's slug, cut to whole words within 80 characters, for a new file's name.

    File systems refuse names over 255 bytes, and a title may hold one long pasted word
    (a URL, say); a word longer than the limit on its own is cut.
    """
    slug = slugify(text)
    if len(slug) <= FILE_SLUG_CHARS:
        return slug
    kept = slug[: FILE_SLUG_CHARS + 1].rsplit("-", 1)[0]
    return kept if len(kept) <= FILE_SLUG_CHARS else slug[:FILE_SLUG_CHARS]


def day_path(year: int, month: int | None = None, day: int | None = None) -> str:
    # Called for every group of every list page, hence plain concatenation.
    path = f"{year:04d}/"
    if month is not None:
        path += f"{month:02d}/"
    if day is not None:
        path += f"{day:02d}/"
    return path


def page_path(list_path: str, number: int) -> str:
    """Page 1 lives at the list's own path, page N at <list>page/N/."""
    return list_path if number == 1 else f"{list_path}page/{number}/"


def href(config: SiteConfig, path: str) -> str:
    """A root-relative link that works under the base URL's path."""
    return config.base_path + path.lstrip("/")


def absolute(config: SiteConfig, path: str) -> str:
    return config.base_url + path.lstrip("/")


class UnsafePath(ValueError):
    """A site path that would leave the output folder."""


def output_file(root: Path, path: str) -> Path:
    """The file a site path is written to: "a/b/" -> root/a/b/index.html.

    Refuses anything that could leave root ("..", absolute paths, backslashes, NUL).
    """
    parts = path.split("/")
    if (
        path.startswith("/")
        or "\\" in path
        or "\0" in path
        or any(part in ("..", ".") for part in parts)
        or "" in parts[:-1]
    ):
        raise UnsafePath(f"refusing to write outside the output folder: {path!r}")
    relative = path + "index.html" if path.endswith("/") or path == "" else path
    return root / relative
