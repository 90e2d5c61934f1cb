"""Commands and their options; maps failures to exit codes (0 ok, 1 content, 2 usage, 70 a bug)."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from briefing.engine.parallel import default_jobs
from briefing.engine.pipeline import BuildOptions, BuildReport, build
from briefing.errors import BuildError, InternalError, SourceError, split_warnings
from briefing.output.search import SearchIndexError
from briefing.output.write import UnsafeOutput

COMMANDS = ("build", "serve", "new", "check", "clip")


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(
        prog="briefing", description="Build a curated news briefing into a static site."
    )
    commands = top.add_subparsers(dest="command", metavar="COMMAND")
    build_cmd = commands.add_parser("build", help="build the site (the default command)")
    add_source_options(build_cmd)
    build_cmd.add_argument("--out", type=Path, default=Path("site"), help="output folder")
    build_cmd.add_argument("--drafts", action="store_true", help="include drafts")
    build_cmd.add_argument("--base-url", help="override site.yaml's base_url")
    build_cmd.add_argument("--no-search", action="store_true", help="skip the search index")
    build_cmd.add_argument("--strict", action="store_true", help="treat warnings as errors")
    build_cmd.add_argument("--cache", type=Path, default=Path(".cache/briefing"),
                           help="build cache folder (default .cache/briefing)")  # fmt: skip
    build_cmd.add_argument(
        "--no-cache", action="store_true", help="neither read nor write the cache"
    )
    build_cmd.add_argument("--jobs", type=int, default=default_jobs(),
                           help="worker processes (default: one per core; 1 renders serially)")  # fmt: skip
    build_cmd.add_argument("-q", "--quiet", action="store_true", help="print errors only")
    build_cmd.add_argument("-v", "--verbose", action="store_true", help="print more")
    add_editor_parsers(commands)
    from .clip.options import add_clip_parser

    add_clip_parser(commands)  # clip FILE: a saved article -> a draft entry (briefing/clip/)
    return top


def add_editor_parsers(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """serve, new and check: the editor's loop (issue 4)."""
    serve_cmd = commands.add_parser("serve", help="preview the site, rebuilding on every save")
    add_source_options(serve_cmd)
    serve_cmd.add_argument("--out", type=Path, help="output folder (default: a temporary one)")
    serve_cmd.add_argument("--host", default="127.0.0.1", help="address (default 127.0.0.1)")
    serve_cmd.add_argument("--port", type=int, default=8000,
                           help="port (default 8000, or the next free one; 0: any)")  # fmt: skip
    serve_cmd.add_argument("--drafts", action=argparse.BooleanOptionalAction, default=True,
                           help="include drafts (default; --no-drafts hides them)")  # fmt: skip
    serve_cmd.add_argument("--base-url", help="override site.yaml's base_url")
    serve_cmd.add_argument("--no-search", action="store_true", help="skip the search index")
    serve_cmd.add_argument("-v", "--verbose", action="store_true", help="log every request")
    new_cmd = commands.add_parser(
        "new", help='start an entry: new "Title" --thread ID; or a thread: new thread ID "Title"'
    )
    new_cmd.add_argument("words", nargs="+", metavar="TITLE", help='"Title", or thread ID "Title"')
    new_cmd.add_argument("--thread", help="thread id(s), comma-separated")
    new_cmd.add_argument("--actors", default="", help="actor ids, comma-separated")
    new_cmd.add_argument("--topics", default="", help="topic ids, comma-separated")
    new_cmd.add_argument("--date", help="YYYY-MM-DD (default: today in the site's time zone)")
    new_cmd.add_argument("--content", type=Path, default=Path("content"), help="content folder")
    check_cmd = commands.add_parser(
        "check", help="validate, render to a temporary folder and check every internal link"
    )
    add_source_options(check_cmd)
    check_cmd.add_argument("--drafts", action="store_true", help="include drafts")
    check_cmd.add_argument("-q", "--quiet", action="store_true", help="print problems only")


def add_source_options(command: argparse.ArgumentParser) -> None:
    command.add_argument("--content", type=Path, default=Path("content"), help="content folder")
    command.add_argument(
        "--templates", type=Path, default=Path("templates"), help="templates folder"
    )


def main(argv: Sequence[str] | None = None) -> int:
    args_list = list(sys.argv[1:] if argv is None else argv)
    if not args_list or (args_list[0] not in COMMANDS and args_list[0].startswith("-")
                         and args_list[0] not in ("-h", "--help")):  # fmt: skip
        args_list.insert(0, "build")
    args = parser().parse_args(args_list)
    handler = handlers().get(args.command)
    if handler is None:
        parser().print_usage(sys.stderr)
        return 2
    try:
        return handler(args)
    except KeyboardInterrupt:
        return 130


def handlers() -> dict[str, Callable[[argparse.Namespace], int]]:
    """Each command's function; heavy modules are imported only when their command runs."""

    def run_clip(args: argparse.Namespace) -> int:
        from .clip.command import run_clip  # its analysis takes 30 ms to import

        return run_clip(args)

    def run_serve(args: argparse.Namespace) -> int:
        from briefing.serve.command import run_serve

        return run_serve(args)

    def run_new(args: argparse.Namespace) -> int:
        from briefing.commands.new import run_new

        return run_new(args)

    def run_check(args: argparse.Namespace) -> int:
        from briefing.commands.check import run_check

        return run_check(args)

    return {"build": run_build, "clip": run_clip, "serve": run_serve, "new": run_new,
            "check": run_check}  # fmt: skip


def report_errors(problems: Sequence[SourceError]) -> None:
    errors, warnings = split_warnings(problems)
    for problem in errors:
        print(problem, file=sys.stderr)
    print_warnings(warnings, everything=False)
    noun = "error" if len(errors) == 1 else "errors"
    print(f"{len(errors)} {noun} found; nothing was written", file=sys.stderr)


def build_or_report(options: BuildOptions) -> BuildReport | int:
    """Build; on failure print why and give the exit status (1 content, 2 usage)."""
    try:
        return build(options)
    except BuildError as exc:
        report_errors(exc.errors)
        return 1
    except InternalError as exc:
        print(exc.details, file=sys.stderr)
        print(f"error: {exc}; this is a bug in briefing, not in the site; nothing was written",
              file=sys.stderr)  # fmt: skip
        return 70
    except UnsafeOutput as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except SearchIndexError as exc:
        print(f"error: {exc}; nothing was written", file=sys.stderr)
        return 1


def run_build(args: argparse.Namespace) -> int:
    options = BuildOptions(
        content=args.content,
        templates=args.templates,
        out=args.out,
        drafts=args.drafts,
        base_url=args.base_url,
        search=not args.no_search,
        verbose=args.verbose,
        strict=args.strict,
        cache=None if args.no_cache else args.cache,
        jobs=max(1, args.jobs),
        progress=terminal_progress() if not args.quiet else None,
    )
    report = build_or_report(options)
    if isinstance(report, int):
        return report
    if options.progress:
        print("\r\033[K", end="", file=sys.stderr, flush=True)
    if report.cache_note and not args.quiet:
        print(f"note: {report.cache_note}", file=sys.stderr)
    if not args.quiet:
        print_warnings(report.warnings, everything=args.verbose)
        print(summary_line(report, args.out))
    return 0


WARNINGS_SHOWN = 10


def print_warnings(warnings: Sequence[SourceError], *, everything: bool) -> None:
    """Warnings on stderr; a long list is cut short (a generated corpus can have hundreds)."""
    shown = warnings if everything else warnings[:WARNINGS_SHOWN]
    for warning in shown:
        print(warning, file=sys.stderr)
    if len(warnings) > len(shown):
        print(
            f"… and {len(warnings) - len(shown)} more warnings (-v shows them all)", file=sys.stderr
        )


def summary_line(report: BuildReport, out: Path) -> str:
    if report.up_to_date:
        return f"{out} is up to date: {report.entries} entries, {report.pages} files unchanged"
    return (
        f"built {out}: {report.written} files written, {report.unchanged} unchanged, "
        f"{report.entries} entries, {len(report.warnings)} warnings in {report.seconds:.2f}s"
    )


def terminal_progress() -> Callable[[str], None] | None:
    """Stage names on a terminal, overwritten in place; nothing in CI logs or pipes."""
    if not sys.stderr.isatty():
        return None

    def show(stage: str) -> None:
        print(f"\r\033[K{stage}…", end="", file=sys.stderr, flush=True)

    return show
