"""`python build.py clip FILE`: the thin I/O around the clip stages."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TextIO

from briefing.clip.analyse import ClipOptions, Registry, analyse, read_page
from briefing.clip.mentions import Named, TopicInfo
from briefing.clip.report import describe
from briefing.clip.suggest import FiledEntry
from briefing.content.sources import create_new
from briefing.engine.store import load_site
from briefing.errors import did_you_mean, split_warnings
from briefing.model import Site


class ClipError(Exception):
    """A problem clip reports as `path: message` before exiting with status 1."""


def run_clip(args: argparse.Namespace, out: TextIO = sys.stdout, err: TextIO = sys.stderr) -> int:
    """Clip FILE into a draft entry; 0 when written (or shown with --dry-run), 1 otherwise."""
    try:
        return _clip(args, out)
    except ClipError as exc:
        for line in str(exc).splitlines():
            print(f"error: {line}", file=err)
        return 1


def _clip(args: argparse.Namespace, out: TextIO) -> int:
    content: Path = args.content
    text = _read_input(args.file)
    registry = _registry(content)
    _check_options(args, registry)
    options = ClipOptions(args.publisher, args.url, args.thread, args.date)
    clipping = analyse(read_page(text, args.file), registry, options)
    print(f"clip {args.file}", file=out)
    for line in describe(clipping):
        print(line, file=out)
    if clipping.missing or clipping.path is None or clipping.text is None:
        raise ClipError("\n".join(f"{args.file}: {problem}" for problem in clipping.missing))
    target = content / clipping.path
    if args.dry_run:
        print(f"would write {target} (--dry-run: nothing written)\n", file=out)
        print(clipping.text, file=out, end="")
        return 0
    _write_new(target, clipping.text)
    print(f"wrote {target}: a draft; write its summary in your own words", file=out)
    return 0


def _read_input(name: str) -> str:
    if name == "-":
        return sys.stdin.read()
    try:
        return Path(name).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ClipError(f"{name}: no such file") from None
    except IsADirectoryError:
        raise ClipError(f"{name}: is a folder, not a saved article") from None
    except UnicodeDecodeError:
        raise ClipError(f"{name}: not UTF-8 text; save the page as UTF-8") from None
    except OSError as exc:
        raise ClipError(f"{name}: cannot read ({exc.strerror})") from None


def _registry(content: Path) -> Registry:
    """The registered actors, topics, threads and published entries, as plain data."""
    if not content.is_dir():
        raise ClipError(f"{content}: no such content folder (use --content DIR)")
    site, problems = load_site(content, include_drafts=False)
    errors, _ = split_warnings(problems)  # warnings do not stop a clip
    if site is None or errors:
        listed = "\n".join(str(error) for error in errors)
        raise ClipError(f"{listed}\n{content}: fix these first; clip reads the registry from it")
    return registry_from_site(site)


def registry_from_site(site: Site) -> Registry:
    """Adapt the site model to the plain data the detection stages take."""
    return Registry(
        actors=tuple(Named(a.id, (a.name, *a.aliases)) for a in site.actors.values()),
        topics=tuple(TopicInfo(t.id, t.name, t.description) for t in site.topics.values()),
        thread_ids=tuple(site.threads),
        entries=tuple(FiledEntry(e.thread_ids, e.actor_ids, e.topic_ids) for e in site.entries),
    )


def _check_options(args: argparse.Namespace, registry: Registry) -> None:
    if args.thread and args.thread not in registry.thread_ids:
        hint = did_you_mean(args.thread, registry.thread_ids)
        raise ClipError(f"--thread: unknown thread '{args.thread}'{hint}")
    if args.url and not args.url.startswith(("https://", "http://")):
        raise ClipError(f"--url: '{args.url}' is not an http(s) address")


def _write_new(target: Path, text: str) -> None:
    """Create the draft; never replace an existing file."""
    try:
        create_new(target, text)
    except FileExistsError:
        raise ClipError(
            f"{target}: already exists; clip never overwrites (move it away, or edit it)"
        ) from None
    except OSError as exc:
        raise ClipError(f"{target}: cannot write ({exc.strerror})") from None
