"""Commands and their options; maps failures to exit codes (0 ok, 1 content, 2 usage)."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from .errors import BuildError, SourceError, split_warnings
from .pipeline import BuildOptions, build
from .search import SearchIndexError
from .write import UnsafeOutput

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
    build_cmd.add_argument("-q", "--quiet", action="store_true", help="print errors only")
    build_cmd.add_argument("-v", "--verbose", action="store_true", help="print more")
    return top


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
    return {"build": run_build}


def report_errors(problems: Sequence[SourceError]) -> None:
    errors, warnings = split_warnings(problems)
    for problem in errors + warnings:
        print(problem, file=sys.stderr)
    noun = "error" if len(errors) == 1 else "errors"
    print(f"{len(errors)} {noun} found; nothing was written", file=sys.stderr)


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
    )
    try:
        report = build(options)
    except BuildError as exc:
        report_errors(exc.errors)
        return 1
    except UnsafeOutput as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except SearchIndexError as exc:
        print(f"error: {exc}; nothing was written", file=sys.stderr)
        return 1
    if not args.quiet:
        for warning in report.warnings:
            print(warning, file=sys.stderr)
        print(
            f"built {report.pages} files from {report.entries} entries, "
            f"{len(report.warnings)} warnings, into {args.out} in {report.seconds:.2f}s"
        )
    return 0
