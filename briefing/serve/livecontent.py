"""A content folder kept parsed in memory and updated file by file (for `serve`).

Every file goes through the same functions as `build` (read_content / read_text,
site_config.parse, parse_registry, parse_thread, read_entry, assemble), so the
problems found are the same; only the bookkeeping is incremental. An entry edit
re-reads and re-validates that one file; a change to site.yaml, actors.yaml,
topics.yaml or a thread re-resolves every entry's references (still without
re-reading them).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path

from briefing.content import config as site_config
from briefing.content.assemble import assemble, url_key
from briefing.content.registry import parse_registry, registry_unchecked
from briefing.content.sources import SourceFile, read_content, read_text, shown_path
from briefing.content.validate import ParsedEntry, parse_thread, read_entry
from briefing.errors import SourceError
from briefing.model import Actor, Entry, Site, SiteConfig, Thread, Topic
from briefing.render.links import LinkScan

REGISTRIES = {"site.yaml": True, "actors.yaml": True, "topics.yaml": False}  # name: required
FOLDERS = ("threads", "entries")


def content_kind(root: Path, relative: str) -> str | None:
    """'site', 'registry', 'thread' or 'entry' for a file `build` reads; None otherwise."""
    if relative == "site.yaml":
        return "site"
    if relative in REGISTRIES:
        return "registry"
    parts = relative.split("/")
    if len(parts) < 2 or parts[0] not in FOLDERS or not parts[-1].endswith(".md"):
        return None
    if any(part.startswith(".") for part in parts[1:]):
        return None
    # list_files never walks into a linked folder, so files below one are not content.
    for depth in range(2, len(parts)):
        if (root / "/".join(parts[:depth])).is_symlink():
            return None
    return "thread" if parts[0] == "threads" else "entry"


class ContentState:
    """The parsed state of every content file, and the entries it resolves to."""

    def __init__(self, root: Path, *, include_drafts: bool, base_url: str | None) -> None:
        self.root = root
        self.include_drafts = include_drafts
        self.base_url = base_url
        self.config: SiteConfig | None = None
        self.registries: dict[str, list[Actor | Topic]] = {}
        self.threads: dict[str, Thread] = {}
        self.thread_files: set[str] = set()  # every thread file read, valid or not
        self.parsed: dict[str, ParsedEntry] = {}
        self.resolved: dict[str, Entry] = {}
        self.file_errors: dict[str, list[SourceError]] = {}  # by relative path
        self.parse_errors: dict[str, list[SourceError]] = {}  # an entry's read and parse
        self.resolve_errors: dict[str, list[SourceError]] = {}  # an entry's references
        self.walk_errors: list[SourceError] = []
        self._keys: dict[str, set[str]] = defaultdict(set)
        self._key_of: dict[str, str] = {}
        self._parse_cache: dict[tuple[str, str], tuple[ParsedEntry | None, list[SourceError]]] = {}
        self._whole: Site | None = None  # assemble's site of every entry, while still true
        self._links = LinkScan()

    def _read_entry(self, file: SourceFile) -> tuple[ParsedEntry | None, list[SourceError]]:
        """read_entry, with the body's links found as the build finds them."""
        entry, errors = read_entry(file, self.include_drafts)
        return (self._links.links_of(entry) if entry else None), errors

    def entry_files(self) -> dict[str, str]:
        """Each parsed entry's path within the content folder, by its shown path."""
        return {self.shown(relative): relative for relative in self.parsed}

    # Loading -----------------------------------------------------------------

    def load_all(self) -> None:
        """Read the whole folder, as `build` does; unchanged entry texts are not re-parsed."""
        files, problems = read_content(self.root)
        by_file: dict[str, list[SourceError]] = defaultdict(list)
        self.walk_errors = []
        for problem in problems:
            relative = self.relative(problem.path)
            if relative is not None and content_kind(self.root, relative) is not None:
                by_file[relative].append(problem)
            else:
                self.walk_errors.append(problem)
        listed = {f.relative: f for f in (files.site, files.actors, files.topics) if f}
        self.file_errors, self.registries, self.threads = {}, {}, {}
        self.thread_files = set()
        self.config = None
        for name in REGISTRIES:
            self._load_file(name, listed.get(name), by_file.pop(name, []))
        for file in files.threads:
            self._load_file(file.relative, file, by_file.pop(file.relative, []))
        old_cache, self._parse_cache = self._parse_cache, {}
        self.parsed, self.parse_errors, self.resolve_errors, self.resolved = {}, {}, {}, {}
        self._keys.clear()
        self._key_of.clear()
        for file in files.entries:
            key = (file.relative, file.text)
            result = old_cache.get(key) or self._read_entry(file)
            self._parse_cache[key] = result
            self._store_entry(file.relative, result, by_file.pop(file.relative, []))
        for relative, unread in by_file.items():  # files that could not be read
            if content_kind(self.root, relative) == "entry":
                self._store_entry(relative, (None, []), unread)
            else:
                self._load_file(relative, None, unread)
        self.resolve_all()

    def reload(self, relative: str) -> str | None:
        """Re-read one content file (or notice it is gone); returns its kind, None if ignored."""
        kind = content_kind(self.root, relative)
        if kind is None:
            return None
        problems: list[SourceError] = []
        path = self.root / relative
        file = None
        if path.exists() or path.is_symlink():
            file = read_text(self.root, relative, problems)
        if kind == "entry":
            self._forget_entry(relative)
            if file is not None or problems:
                result = self._read_entry(file) if file else (None, [])
                self._store_entry(relative, result, problems)
                self._resolve([relative])
        else:
            self._load_file(relative, file, problems)
            self.resolve_all()
        return kind

    def _load_file(
        self, relative: str, file: SourceFile | None, problems: list[SourceError]
    ) -> None:
        errors = list(problems)
        if relative in REGISTRIES:
            if file is None and not problems and REGISTRIES[relative]:
                errors.append(SourceError(self.shown(relative), 1, "file is missing"))
            if relative == "site.yaml":
                self.config = None
                if file is not None:
                    self.config, found = site_config.parse(file.text, file.shown, self.base_url)
                    errors += found
            else:
                records: list[Actor | Topic] = []
                if file is not None:
                    kind = "actor" if relative == "actors.yaml" else "topic"
                    records, found = parse_registry(file, kind)
                    errors += found
                self.registries[relative] = records
        else:
            self.threads.pop(relative, None)
            self.thread_files.discard(relative)
            if file is not None:
                self.thread_files.add(relative)
                thread, found = parse_thread(file)
                errors += found
                if thread is not None:
                    self.threads[relative] = thread
        self._set(self.file_errors, relative, errors)

    def _store_entry(
        self,
        relative: str,
        result: tuple[ParsedEntry | None, list[SourceError]],
        problems: list[SourceError],
    ) -> None:
        parsed, errors = result
        if parsed is not None:
            self.parsed[relative] = parsed
        self._set(self.parse_errors, relative, [*problems, *errors])

    def _forget_entry(self, relative: str) -> None:
        self.parsed.pop(relative, None)
        self.parse_errors.pop(relative, None)
        self._unresolve(relative)

    # Resolving references ----------------------------------------------------

    def resolve_all(self) -> None:
        """Resolve every parsed entry against the current threads, actors and topics."""
        for relative in list(self.resolved):
            self._unresolve(relative)
        self.resolve_errors.clear()
        self._whole = self._resolve(sorted(self.parsed))

    def _resolve(self, relatives: Iterable[str]) -> Site | None:
        """Resolve these entries; returns the site assemble made of them."""
        self._whole = None
        relatives = [r for r in relatives if r in self.parsed]
        for relative in relatives:
            self.resolve_errors.pop(relative, None)
        if self.config is None:
            return None
        site, errors = self._assemble([self.parsed[r] for r in relatives])
        by_path: dict[str, list[SourceError]] = defaultdict(list)
        for error in errors:
            by_path[error.path].append(error)
        rel_of = {self.shown(r): r for r in relatives}
        for entry in site.entries:
            relative = rel_of[entry.path]
            self.resolved[relative] = entry
            key = url_key(entry)
            self._key_of[relative] = key
            self._keys[key].add(relative)
        clashes = set(self.collisions())
        for shown, found in by_path.items():
            self._set(self.resolve_errors, rel_of[shown], [e for e in found if e not in clashes])
        return site

    def _unresolve(self, relative: str) -> None:
        self.resolved.pop(relative, None)
        self.resolve_errors.pop(relative, None)
        key = self._key_of.pop(relative, None)
        if key is not None:
            self._keys[key].discard(relative)
            if not self._keys[key]:
                del self._keys[key]

    def _assemble(self, parsed: list[ParsedEntry]) -> tuple[Site, list[SourceError]]:
        assert self.config is not None
        actors = [r for r in self.registries.get("actors.yaml", []) if isinstance(r, Actor)]
        topics = [r for r in self.registries.get("topics.yaml", []) if isinstance(r, Topic)]
        threads = [self.threads[r] for r in sorted(self.threads)]
        names = [r.rsplit("/", 1)[-1].removesuffix(".md") for r in sorted(self.thread_files)]
        broken = [name.removesuffix(".yaml") for name in self.broken_registries()]
        return assemble(self.config, threads, actors, topics, parsed, names, broken=broken)

    def broken_registries(self) -> list[str]:
        """The registry files with errors: references to their records are not checked."""
        return [
            name
            for name in ("actors.yaml", "topics.yaml")
            if any(not e.warning for e in self.file_errors.get(name, []))
        ]

    def collisions(self) -> list[SourceError]:
        """Entries that write the same URL, reported exactly as assemble reports them."""
        errors: list[SourceError] = []
        for members in self._keys.values():
            if len(members) > 1:
                errors += self._assemble([self.parsed[r] for r in sorted(members)])[1]
        return errors

    # The result -------------------------------------------------------------

    def problems(self) -> list[SourceError]:
        """Every error and warning `build` would report for the folder as it is now."""
        found = list(self.walk_errors)
        tables = (self.file_errors, self.parse_errors, self.resolve_errors)
        for errors in (e for table in tables for e in table.values()):
            found += errors
        for name in self.broken_registries():
            found.append(registry_unchecked(SourceFile(self.shown(name), name, "")))
        return found + self.collisions()

    def site(self) -> Site | None:
        """The whole site as assemble makes it, if the configuration is valid."""
        if self.config is None:
            return None
        if self._whole is None:
            self._whole = self._assemble([self.parsed[r] for r in sorted(self.parsed)])[0]
        return self._whole

    def shown(self, relative: str) -> str:
        return shown_path(self.root, relative)

    def relative(self, shown: str) -> str | None:
        """The inverse of shown(); None for a path outside the folder."""
        if not self.root.name:
            return shown
        prefix = f"{self.root.name}/"
        return shown[len(prefix) :] if shown.startswith(prefix) else None

    @staticmethod
    def _set(table: dict[str, list[SourceError]], key: str, errors: list[SourceError]) -> None:
        if errors:
            table[key] = errors
        else:
            table.pop(key, None)
