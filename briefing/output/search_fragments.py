"""Pagefind, run over every entry page again, compresses and writes only the fragments of the
pages that changed (I/O: reads the last output's bundle, links into the staged tree).

Pagefind 1.5.2 names each page's fragment file by a digest of what the file holds, and
leaves a file of that name alone when one exists: it neither compresses nor writes it again
(`WriteBehavior::Immutable` in its output module). It has no incremental mode, so when an
entry changed it indexes every entry page again. Before it runs, the fragments of the pages
whose bytes are those the last bundle was made from are linked into the staged tree from the
last output: the same bytes make the same fragment under the same name, and Pagefind skips
them. At 10,000 entries that spares some 1.7 s of a 9.7 s run.

A name holds only the first 7 hex digits of the digest, so two contents can share one, and a
linked file would then stand where Pagefind meant another page's fragment. Hence:
- only fragments of unchanged pages are linked, so a changed page's fragment is always
  written;
- a linked file must hold what its name says, checked by the digest when its stamp cannot
  vouch for it (a restored output);
- after the run, the new bundle must name each page's fragment once, each through a file
  that holds that page's URL. A linked file standing for another page shows as that page's
  URL named twice: the page is indexed now (only unchanged pages' fragments are linked), and
  its own fragment, given a longer name to tell it from the other, was written afresh.
Anything else, or any doubt, and the caller makes the bundle again without links.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import zlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from briefing.output.manifest import FileStamp, read_regular, real_folder, stamps_of
from briefing.output.search import BUNDLE
from briefing.output.search_bundle import BundleRecord

# The Pagefind versions whose handling of existing fragment files is the one described above.
LEAVES_FRAGMENTS = frozenset({"1.5.2"})
FRAGMENTS = f"{BUNDLE}/fragment/"
ENTRY_FILE = "pagefind-entry.json"  # the bundle's table of contents: its version, its metas
_MAGIC = b"pagefind_dcd"  # what every compressed file of a bundle starts with, unpacked
_URL = re.compile(rb'pagefind_dcd\{"url":"((?:[^"\\]|\\.)*)"')  # a fragment's first field
_SAFE_NAME = re.compile(r"[A-Za-z0-9_-]+")  # a hash as Pagefind names files by it
_MOST_READ = 1 << 24  # no fragment or meta file of a real bundle comes near 16 MB


@dataclass(frozen=True)
class Linked:
    """The fragments linked into a staged bundle: file name -> the URL of the page it holds."""

    urls: Mapping[str, str] = field(default_factory=dict)


def link_unchanged(
    record: BundleRecord | None,
    previous: Path | None,
    staging: Path,
    pages: Sequence[str],
    key: str,
    verified: Mapping[str, FileStamp] | None,
) -> Linked:
    """Link into staging's bundle the last bundle's fragments of the pages that are as they
    were when it was made. record: the last bundle's (None if none); previous: the last
    output (None if there is none to take from); pages: the site paths Pagefind is to index; verified: the last output's stamps where its files were read
    against the saved digests (a restored output, Plan.out_stamps), else None: then the
    stamps the record holds say which pages are unchanged."""
    if previous is None or record is None or record.key != key or _entry(previous) is None:
        return Linked()
    if not (real_folder(previous / BUNDLE) and real_folder(previous / FRAGMENTS)):
        return Linked()  # a link where the bundle's folders were: nothing is taken through it
    baseline = record.pages if verified is None else verified
    staged = stamps_of(staging, pages)
    unchanged = {
        "/" + page
        for page in pages
        if page in record.pages and page in staged and staged[page] == baseline.get(page)
    }
    if not unchanged:
        return Linked()
    (staging / FRAGMENTS).mkdir(parents=True, exist_ok=True)
    # Plain strings, not Path objects: some 10,000 files, where pathlib's joins would cost
    # more than reading them.
    source, target = f"{previous}/", f"{staging}/"
    names: dict[str, str] = {}  # page URL -> the name of the fragment linked for it
    for path, stamp in record.files.items():
        name = path.removeprefix(FRAGMENTS)
        if name == path or not _SAFE_NAME.fullmatch(name.removesuffix(".pf_fragment")):
            continue
        found = _read(source + path)
        if found is None:
            continue
        data, now = found
        url = _url(data)
        if url is None or url not in unchanged or url in names:
            continue
        if now != stamp and not _holds_its_name(name, data):  # not as the last build left it
            continue
        try:
            os.link(source + path, target + path)
        except OSError:  # another file system, a file gone: Pagefind writes that one
            continue
        names[url] = name
    return Linked({name: url for url, name in names.items()})


def settle(staging: Path, linked: Linked) -> bool:
    """After Pagefind ran over staging: whether its bundle names each page once, through a
    file holding that page's URL. If so, the linked fragments it does not name are removed;
    if not, the caller makes the bundle again without links."""
    if not linked.urls:
        return True
    names = _fragment_names(staging)
    if names is None:
        return False
    folder = staging / FRAGMENTS
    seen: set[str] = set()
    for name in names:
        url = linked.urls.get(name)
        if url is None:  # written by Pagefind in this run
            found = _read(folder / name)
            url = _url(found[0]) if found is not None else None
        if url is None or url in seen:
            return False
        seen.add(url)
    for name in linked.urls.keys() - set(names):
        (folder / name).unlink(missing_ok=True)
    return True


def _entry(root: Path) -> dict[str, Any] | None:
    """The entry file of the bundle at root, if a Pagefind of LEAVES_FRAGMENTS made it."""
    found = _read(root / BUNDLE / ENTRY_FILE)
    try:
        entry = json.loads(found[0]) if found is not None else None
    except ValueError:
        return None
    if not isinstance(entry, dict) or entry.get("version") not in LEAVES_FRAGMENTS:
        return None
    return entry


def _fragment_names(staging: Path) -> list[str] | None:
    """The fragment files the bundle at staging names, one per page; None on any doubt."""
    bundle = staging / BUNDLE
    entry = _entry(staging)
    if entry is None:
        return None
    try:
        names: list[str] = []
        for language in entry["languages"].values():
            meta_hash = language["hash"]
            if not isinstance(meta_hash, str) or not _SAFE_NAME.fullmatch(meta_hash):
                return None
            found = _read(bundle / f"pagefind.{meta_hash}.pf_meta")
            if found is None:
                return None
            payload = _unpacked(found[0])
            # MetaIndex: [version, pages: [[hash, word count]...], index chunks, filters, sorts]
            meta, _ = cbor_item(payload, len(_MAGIC))
            for page_hash, _count in meta[1]:
                if not isinstance(page_hash, str) or not _SAFE_NAME.fullmatch(page_hash):
                    return None
                names.append(f"{page_hash}.pf_fragment")
        return names
    except (OSError, ValueError, TypeError, KeyError, IndexError, zlib.error):
        return None


def _read(path: str | Path) -> tuple[bytes, FileStamp] | None:
    """A regular file's bytes and stamp (manifest.read_regular); None if it cannot be read."""
    try:
        stamp, data = read_regular(path, _MOST_READ)
    except OSError:
        return None
    return data, stamp


def _url(data: bytes) -> str | None:
    """The page URL a compressed fragment holds (its first field, so only its start is
    unpacked); None if it holds none."""
    try:
        start = zlib.decompressobj(31).decompress(data, 512)
        match = _URL.match(start) or _URL.match(_unpacked(data))
        if match is None:
            return None
        url = json.loads(b'"' + match.group(1) + b'"')
    except (zlib.error, ValueError):
        return None
    return url if isinstance(url, str) else None


def _unpacked(data: bytes) -> bytes:
    """A bundle file's content, uncompressed, checked to start as Pagefind's files do."""
    unpacker = zlib.decompressobj(31)
    payload = unpacker.decompress(data, _MOST_READ)
    if unpacker.unconsumed_tail or not payload.startswith(_MAGIC):
        raise ValueError("not a Pagefind file")
    return payload


def _holds_its_name(name: str, data: bytes) -> bool:
    """Whether a fragment file holds content with the digest its name begins: Pagefind names
    it "<language>_<digits>", the digits those of the SHA-1 of the content, each byte in hex
    without a leading zero (Rust's `{:x?}`)."""
    stem = name.removesuffix(".pf_fragment")
    language, _, digits = stem.partition("_")
    try:
        payload = _unpacked(data)
    except (ValueError, zlib.error):
        return False
    digest = hashlib.sha1(payload[len(_MAGIC) :], usedforsecurity=False).digest()
    full = "".join(f"{byte:x}" for byte in digest)
    return len(digits) >= 7 and full.startswith(digits) and bool(language)


def cbor_item(data: bytes, at: int, depth: int = 0) -> tuple[Any, int]:
    """The CBOR item at data[at:] and where it ends: the definite-length integers, strings
    and arrays Pagefind's meta and index files are made of (RFC 8949); ValueError for any
    other item."""
    if depth > 8 or at >= len(data):
        raise ValueError("not a Pagefind file")
    major, info = data[at] >> 5, data[at] & 31
    at += 1
    if info < 24:
        argument = info
    elif info <= 27:
        size = 1 << (info - 24)
        if at + size > len(data):
            raise ValueError("cut short")
        argument = int.from_bytes(data[at : at + size], "big")
        at += size
    else:
        raise ValueError("indefinite lengths are not used by Pagefind")
    if major in (0, 1):
        return (argument if major == 0 else -1 - argument), at
    if major in (2, 3):
        if at + argument > len(data):
            raise ValueError("cut short")
        raw = data[at : at + argument]
        return (raw.decode() if major == 3 else raw), at + argument
    if major == 4:
        if argument > len(data) - at:  # each item takes a byte at least
            raise ValueError("cut short")
        items = []
        for _ in range(argument):
            item, at = cbor_item(data, at, depth + 1)
            items.append(item)
        return items, at
    raise ValueError(f"CBOR major type {major} is not used by Pagefind's files")
