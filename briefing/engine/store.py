"""The content store: every command reads and checks content through these functions.

`build` and `serve` run them through the engine, which reuses what an earlier run parsed;
`check`, `new` and `clip` call them directly. Either way a file is read, parsed and
resolved by the same code, so each command reports the same problems.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from briefing.content import config as site_config
from briefing.content.assemble import Records, assemble
from briefing.content.registry import parse_registry, registry_unchecked
from briefing.content.sources import ContentFiles, SourceFile, read_content, thread_id
from briefing.content.validate import ParsedEntry, parse_thread, read_entry
from briefing.errors import SourceError, split_warnings
from briefing.model import Actor, Entry, Site, Thread, Topic
from briefing.render.links import LinkScan
from briefing.site.assessment import span_errors
from briefing.site.bodylinks import check_links


def parse_records(files: ContentFiles, base_url: str | None) -> tuple[Records, list[SourceError]]:
    """Parse site.yaml, the registries and the threads; every problem is returned."""
    errors: list[SourceError] = []
    config = None
    if files.site is not None:
        config, found = site_config.parse(files.site.text, files.site.shown, base_url)
        errors += found
    actors: list[Actor] = []
    topics: list[Topic] = []
    broken: list[str] = []  # registries with errors: references to them are not checked
    for file, kind in ((files.actors, "actor"), (files.topics, "topic")):
        if file is not None:
            records, found = parse_registry(file, kind)
            actors += [r for r in records if isinstance(r, Actor)]
            topics += [r for r in records if isinstance(r, Topic)]
            errors += found
            if split_warnings(found)[0]:
                broken.append(kind + "s")
                errors.append(registry_unchecked(file))
    threads: list[Thread] = []
    for file in files.threads:
        thread, found = parse_thread(file)
        threads += [thread] if thread else []
        errors += found
    ids = tuple(thread_id(f.relative) for f in files.threads)
    parsed = Records(config, tuple(threads), tuple(actors), tuple(topics), ids, tuple(broken))
    return parsed, errors


def assemble_site(
    records: Records,
    parsed: Sequence[ParsedEntry],
    settled: Sequence[Entry] = (),
    *,
    files: ContentFiles | None = None,
) -> tuple[Site | None, list[SourceError]]:
    """Resolve the entries against the records, then decide where their bodies' links lead
    (given the entry files); no site without a valid site.yaml.

    settled: entries already resolved against these very records (the engine's reuse).
    """
    if records.config is None:
        return None, []
    site, errors = assemble(records.config, records, parsed, settled)
    errors += span_errors(site)
    if files is None:
        return site, errors
    site, found = check_links(site, {f.shown: f.relative for f in files.entries}, parsed)
    return site, errors + found


def read_entry_links(
    file: SourceFile, include_drafts: bool, scan: LinkScan
) -> tuple[ParsedEntry | None, list[SourceError]]:
    """read_entry, with the body's links to this site found (check_links decides them)."""
    entry, found = read_entry(file, include_drafts)
    return (scan.links_of(entry) if entry else None), found


def parse_site(
    files: ContentFiles, *, include_drafts: bool, base_url: str | None = None
) -> tuple[Site | None, list[SourceError]]:
    """Validate every file and assemble the site; every problem is returned."""
    records, errors = parse_records(files, base_url)
    parsed = []
    scan = LinkScan()
    for file in files.entries:
        entry, found = read_entry_links(file, include_drafts, scan)
        errors += found
        if entry is not None and (include_drafts or not entry.draft):
            parsed.append(entry)
    site, found = assemble_site(records, parsed, files=files)
    errors += found
    return (None if split_warnings(errors)[0] else site), errors


def load_site(
    content: Path, *, include_drafts: bool, base_url: str | None = None
) -> tuple[Site | None, list[SourceError]]:
    """Read and validate the whole content tree; every problem is returned."""
    files, problems = read_content(content)
    site, more = parse_site(files, include_drafts=include_drafts, base_url=base_url)
    return (None if split_warnings(problems + more)[0] else site), problems + more
