"""Slugs, site paths and output paths, with the guard that keeps output inside its folder."""

from __future__ import annotations

import functools
import hashlib
import re
import unicodedata
from pathlib import Path

from anyascii import anyascii

from briefing.model import SiteConfig

# Transliteration comes from anyascii (one table for every script, maintained upstream);
# these few letters keep the spellings our slugs had before it, so no existing slug changes:
# the hard and soft signs vanish instead of becoming apostrophes, and Ukrainian є and ї
# keep the forms they take at the start of a word.
_OWN_SPELLINGS = {"ъ": "", "ь": "", "є": "ye", "ї": "yi", "Ъ": "", "Ь": "", "Є": "Ye", "Ї": "Yi"}
_ACRONYM = re.compile(r"\b(?:[A-Za-z]\.){2,}")  # "U.S." -> "US", not "u-s"
_POSSESSIVE = re.compile(r"(?<=\w)['’]s\b")  # "Russia's" -> "Russia", not "russia-s"
_WORD = re.compile(r"[a-z0-9]+")


@functools.lru_cache(maxsize=4096)
def _ascii(char: str) -> str:
    """One character in ASCII: letters and digits transliterated, anything else a space."""
    if char.isascii():
        return char
    if char in _OWN_SPELLINGS:
        return _OWN_SPELLINGS[char]
    if unicodedata.category(char)[0] not in "LMN":
        return " "  # symbols, emoji and punctuation separate words, as ASCII ones do
    # anyascii writes ayin, aleph and the like as apostrophes: inside a word, not a break.
    latin = anyascii(char).replace("'", "").replace("`", "")
    if unicodedata.name(char, "").startswith("CJK"):
        return f" {latin} "  # each Chinese character is a syllable: "zhong-guo", not "zhongguo"
    return latin


def slugify(text: str, max_words: int = 8, empty: str = "entry") -> str:
    """The ASCII slug of a title, a name or a heading, in any script.

    "Straße" -> "strasse", "Путин звонит" -> "putin-zvonit", "中国" -> "zhong-guo". A text
    with no letter or digit at all (an emoji-only title) gets `empty` and a short hash of
    the text, so two such titles on one day do not collide.
    """
    tidied = _POSSESSIVE.sub("", _ACRONYM.sub(lambda m: m.group(0).replace(".", ""), text))
    words = _WORD.findall("".join(_ascii(char) for char in tidied).lower())
    if words:
        return "-".join(words[:max_words])
    return f"{empty}-{hashlib.blake2b(text.encode(), digest_size=4).hexdigest()}"


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

    Refuses anything that could leave root ("..", absolute paths, backslashes, NUL, empty
    folder names).
    """
    return root / output_name(path)


def output_name(path: str) -> str:
    """The file of a site path, relative to the output folder: "a/b/" -> "a/b/index.html".

    Refuses what output_file refuses. A plain string, for output.write to join for each of
    thousands of pages.
    """
    parts = path.split("/")
    if (
        path.startswith("/")
        or "\\" in path
        or "\0" in path
        or ".." in parts
        or "." in parts
        or "" in parts[:-1]
    ):
        raise UnsafePath(f"refusing to write outside the output folder: {path!r}")
    return path + "index.html" if path.endswith("/") or path == "" else path
