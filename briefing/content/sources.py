"""Finding and reading content files (the I/O edge of the pipeline)."""

from __future__ import annotations

import dataclasses
import hashlib
import os
import stat
import time
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from briefing.errors import BuildError, SourceError


@dataclass(frozen=True)
class SourceFile:
    """One content file's text; `shown` is the path as printed in messages."""

    shown: str
    relative: str  # relative to the content folder, with "/" separators
    text: str
    digest: str = ""  # of the shown path and the bytes: the build cache's key
    unread: bool = False  # known unchanged by its stat (see Known): text is "", never needed


FileStat = tuple[int, int, int, int]  # size, mtime, ctime (ns), inode


@dataclass(frozen=True)
class Known:
    """The entry files the last build read, so that an unchanged one need not be read again.

    A file is taken as unchanged when its size, mtime, ctime and inode are those recorded,
    and its ctime is older than `settled`: two seconds before the last build began reading.
    A later change, even within one tick of the file system's clock, gives a newer ctime,
    which nobody can set back (git trusts its index the same way).
    """

    files: Mapping[str, tuple[FileStat, str]]  # relative path -> (stat, digest)
    settled: int  # ns since the epoch


@dataclass(frozen=True)
class ContentFiles:
    site: SourceFile | None
    actors: SourceFile | None
    topics: SourceFile | None
    threads: tuple[SourceFile, ...]
    entries: tuple[SourceFile, ...]
    stats: Mapping[str, FileStat] = field(default_factory=dict)  # entries, by relative path
    started: int = 0  # when reading began, ns since the epoch: for the next Known

    def shared(self) -> tuple[SourceFile, ...]:
        """site.yaml, the registries and the threads: the files every page can draw on."""
        singles = (f for f in (self.site, self.actors, self.topics) if f is not None)
        return (*singles, *self.threads)

    def known(self) -> Known:
        """What the next build may trust of these entry files."""
        files = {
            f.relative: (self.stats[f.relative], f.digest)
            for f in self.entries
            if f.relative in self.stats
        }
        return Known(files, self.started - SETTLING)


SETTLING = 2_000_000_000  # ns: see Known


def shown_path(root: Path, relative: str) -> str:
    """A content path as messages show it: relative to the content folder's parent."""
    return f"{root.name}/{relative}" if root.name else relative


def thread_id(relative: str) -> str:
    """The id a thread file gives its thread: its file name without `.md`."""
    return relative.rsplit("/", 1)[-1].removesuffix(".md")


def read_content(
    root: Path, known: Known | None = None, *, entries: bool = True
) -> tuple[ContentFiles, list[SourceError]]:
    """Read every content file under root; problems are returned, never raised.

    With `known`, an entry file whose stat says it is unchanged is not read (see Known);
    with entries=False, only site.yaml, the registries and the threads are read.
    """
    started = time.time_ns()
    errors: list[SourceError] = []
    nothing = ContentFiles(None, None, None, (), ())
    try:
        os.listdir(root)
    except (FileNotFoundError, NotADirectoryError):
        return nothing, [SourceError(str(root), 1, "content folder not found")]
    except OSError as exc:  # an empty briefing must never be built from a folder we cannot see
        return nothing, [SourceError(root.name or str(root), 0, unreadable_folder(exc))]

    def read(relative: str, required: bool) -> SourceFile | None:
        if not exists(root / relative):
            if required:
                errors.append(SourceError(shown_path(root, relative), 1, "file is missing"))
            return None
        return read_text(root, relative, errors)

    site = read("site.yaml", True)
    actors = read("actors.yaml", True)
    topics = read("topics.yaml", False)
    threads = [read_text(root, rel, errors) for rel in list_files(root, "threads", errors)]
    stats: dict[str, FileStat] = {}
    listed = list_files(root, "entries", errors) if entries else []
    entry_files = [_entry_file(root, rel, known, stats, errors) for rel in listed]
    files = ContentFiles(
        site,
        actors,
        topics,
        tuple(f for f in threads if f is not None),
        tuple(f for f in entry_files if f is not None),
        stats,
        started,
    )
    return files, errors


def read_changed(
    root: Path, known: Known, changed: Collection[str]
) -> tuple[ContentFiles, list[SourceError]] | None:
    """read_content after a watcher's report: the entry files in `changed` are read again,
    every other one is taken as the last read left it, without a stat.

    known must hold every entry file of a read that found no problem. None when a change
    is not a change of a plain entry file that was there before (a file added, removed,
    renamed or unreadable): only a full read can say what the folder holds then.
    """
    started = time.time_ns()
    shared, errors = read_content(root, entries=False)
    if errors:
        return None
    entries, stats = [], {}
    for relative, (stamp, digest) in known.files.items():
        if relative not in changed:
            entries.append(
                SourceFile(shown_path(root, relative), relative, "", digest, unread=True)
            )
            stats[relative] = stamp
            continue
        file = _entry_file(root, relative, None, stats, errors)
        if file is None or errors or relative not in stats:
            return None
        entries.append(file)
    if any(r.startswith("entries/") and r not in known.files for r in changed):
        return None
    return dataclasses.replace(shared, entries=tuple(entries), stats=stats, started=started), []


def _entry_file(
    root: Path,
    relative: str,
    known: Known | None,
    stats: dict[str, FileStat],
    errors: list[SourceError],
) -> SourceFile | None:
    """An entry file, read, or known by its stat; its stat (taken first) goes into stats."""
    try:
        info = os.lstat(os.path.join(root, relative))
    except OSError:
        info = None
    if info is None or not stat.S_ISREG(info.st_mode):  # a link, or gone: read as ever
        return read_text(root, relative, errors)  # kept out of stats, so never trusted
    now = (info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino)
    stats[relative] = now
    record = known.files.get(relative) if known else None
    if known and record and record[0] == now and now[2] < known.settled:
        return SourceFile(shown_path(root, relative), relative, "", record[1], unread=True)
    return read_text(root, relative, errors)


def read_unread(
    root: Path, files: ContentFiles, wanted: Callable[[SourceFile], bool]
) -> tuple[ContentFiles, list[SourceError]]:
    """files, with the text of the unread entries that `wanted` picks read after all."""
    errors: list[SourceError] = []
    entries = []
    for file in files.entries:
        if file.unread and wanted(file):
            again = read_text(root, file.relative, errors)
            if again is None:
                continue
            file = again
        entries.append(file)
    return dataclasses.replace(files, entries=tuple(entries)), errors


def list_files(root: Path, folder: str, errors: list[SourceError]) -> list[str]:
    """Markdown files below root/folder, sorted, as relative paths; refuses escaping links.

    A folder that cannot be listed is an error, never an empty folder: skipping it would
    publish a briefing without its entries.
    """
    base = root / folder
    try:
        is_folder = stat.S_ISDIR(os.stat(base).st_mode)
    except (FileNotFoundError, NotADirectoryError):
        return []
    except OSError as exc:
        errors.append(SourceError(shown_path(root, folder), 0, unreadable_folder(exc)))
        return []
    if not is_folder:
        return []
    if os.path.islink(base) and not is_inside(root, base):
        errors.append(
            SourceError(
                shown_path(root, folder), 1, "symlink points outside the content folder; refused"
            )
        )
        return []

    def cannot_list(exc: OSError) -> None:
        relative = Path(exc.filename).relative_to(root).as_posix()
        errors.append(SourceError(shown_path(root, relative), 0, unreadable_folder(exc)))

    found: list[str] = []
    for dirpath, dirnames, filenames in os.walk(base, onerror=cannot_list, followlinks=False):
        here = Path(dirpath)
        prefix = here.relative_to(root).as_posix()
        dirnames.sort()
        for name in list(dirnames):
            if name.startswith(".") or not _utf8_name(root, f"{prefix}/{name}", errors):
                dirnames.remove(name)
            elif os.path.islink(here / name):
                # Never walk into a linked folder: inside, it would list files twice;
                # outside, it would read what is not content.
                dirnames.remove(name)
                if not is_inside(root, here / name):
                    relative = f"{prefix}/{name}"
                    message = "symlink points outside the content folder; refused"
                    errors.append(SourceError(shown_path(root, relative), 1, message))
        found += (
            f"{prefix}/{name}"
            for name in filenames
            if name.endswith(".md")
            and not name.startswith(".")
            and _utf8_name(root, f"{prefix}/{name}", errors)
        )
    return sorted(found)


def unreadable_folder(exc: OSError) -> str:
    return f"cannot read folder: {exc.strerror or exc}"


def exists(path: Path) -> bool:
    """Whether anything (a link included) is at path; an unreadable one counts as there, so
    that reading it reports why."""
    try:
        os.lstat(path)
    except (FileNotFoundError, NotADirectoryError):
        return False
    except OSError:
        return True
    return True


def _utf8_name(root: Path, relative: str, errors: list[SourceError]) -> bool:
    """Whether a name is UTF-8 (Python keeps other bytes as surrogates, which no page,
    message or digest could carry)."""
    try:
        relative.encode("utf-8")
    except UnicodeEncodeError:
        shown = os.fsencode(relative).decode("utf-8", "backslashreplace")
        errors.append(
            SourceError(shown_path(root, shown), 0, "the file name is not UTF-8; rename it")
        )
        return False
    return True


def read_text(root: Path, relative: str, errors: list[SourceError]) -> SourceFile | None:
    """Read one file as UTF-8 (a BOM is dropped); a link leaving root is refused unread."""
    path = os.path.join(root, relative)  # os.path, not pathlib: this runs once per file
    shown = shown_path(root, relative)
    # Only a link can lead out of the folder (linked folders are never walked into), so the
    # costly resolve() is spent on links alone.
    if os.path.islink(path) and not is_inside(root, Path(path)):
        errors.append(SourceError(shown, 1, "symlink points outside the content folder; refused"))
        return None
    data = _read_regular(path, shown, errors)
    if data is None:
        return None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        errors.append(SourceError(shown, line, "not UTF-8 text; save the file as UTF-8"))
        return None
    digest = hashlib.blake2b(shown.encode() + b"\0" + data, digest_size=16).hexdigest()
    return SourceFile(shown, relative, text, digest)


def _read_regular(path: str, shown: str, errors: list[SourceError]) -> bytes | None:
    """A regular file's bytes; a FIFO, device or socket is reported and never read.

    The stat comes first, as opening a FIFO for reading waits for a writer for ever;
    O_NONBLOCK guards the moment between the stat and the open.
    """
    try:
        if not stat.S_ISREG(os.stat(path).st_mode):
            errors.append(SourceError(shown, 0, "not a regular file"))
            return None
        descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
        with open(descriptor, "rb") as handle:
            if not stat.S_ISREG(os.fstat(descriptor).st_mode):
                errors.append(SourceError(shown, 0, "not a regular file"))
                return None
            return handle.read()
    except OSError as exc:
        errors.append(SourceError(shown, 1, f"cannot read: {exc.strerror}"))
        return None


def create_new(path: Path, text: str) -> None:
    """Write a file that must not exist yet, with its folders: the one way `new`, `clip` and
    `init` add to content. FileExistsError if one appeared meanwhile; never replaces it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("x", encoding="utf-8") as handle:
        handle.write(text)


def is_inside(root: Path, path: Path) -> bool:
    """Whether path, with every symlink resolved, stays inside root."""
    try:
        path.resolve().relative_to(root.resolve())
    except (ValueError, OSError, RuntimeError):
        return False
    return True


def read_assets(templates: Path) -> dict[str, bytes]:
    """The files in templates/assets/ (I/O; their names get a content hash when published)."""
    folder = templates / "assets"
    if not folder.is_dir():
        return {}
    assets, errors = {}, []
    for path in sorted(folder.iterdir()):
        if path.is_symlink() and not is_inside(templates, path):
            shown = f"{templates.name}/assets/{path.name}"
            errors.append(
                SourceError(shown, 1, "symlink points outside the templates folder; refused")
            )
        elif path.is_file():
            assets[path.name] = path.read_bytes()
    if errors:
        raise BuildError(errors)
    return assets
