"""Commands and their options; maps failures to exit codes (0 ok, 1 content, 2 usage, 70 a bug)."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from briefing.commands.report import build_or_report, print_warnings
from briefing.content.config import base_url_problem
from briefing.engine.parallel import default_jobs
from briefing.engine.pipeline import BuildOptions, BuildReport
from briefing.render.words import counted

COMMANDS = ("build", "serve", "new", "check", "clip", "init")


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(
        prog="briefing", description="Build a curated news briefing into a static site."
    )
    commands = top.add_subparsers(dest="command", metavar="COMMAND")
    build_cmd = commands.add_parser("build", help="build the site (the default command)")
    add_source_options(build_cmd)
    build_cmd.add_argument("--out", type=Path, default=Path("site"), help="output folder")
    build_cmd.add_argument("--drafts", action="store_true", help="include drafts")
    build_cmd.add_argument("--base-url", type=base_url_argument,
                           help="override site.yaml's base_url")  # fmt: skip
    build_cmd.add_argument("--no-search", action="store_true", help="skip the search index")
    build_cmd.add_argument("--strict", action="store_true", help="treat warnings as errors")
    build_cmd.add_argument("--cache", type=Path, default=Path(".cache/briefing"),
                           help="build cache folder (default .cache/briefing)")  # fmt: skip
    build_cmd.add_argument(
        "--no-cache", action="store_true", help="neither read nor write the cache"
    )
    build_cmd.add_argument("--force", action="store_true",
                           help="replace --out even if no build left its marker in it "
                                "(once, for a site built by an older version)")  # fmt: skip
    build_cmd.add_argument("--jobs", type=int, default=default_jobs(),
                           help="worker processes (default: one per core; 1 renders serially)")  # fmt: skip
    build_cmd.add_argument("-q", "--quiet", action="store_true", help="print errors only")
    build_cmd.add_argument("-v", "--verbose", action="store_true", help="print more")
    add_editor_parsers(commands)
    from briefing.clip.options import add_clip_parser

    add_clip_parser(commands)  # clip FILE: a saved article -> a draft entry (briefing/clip/)
    return top


def add_editor_parsers(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """serve, new and check: the editor's loop (issue 4)."""
    serve_cmd = commands.add_parser("serve", help="preview the site, rebuilding on every save")
    add_source_options(serve_cmd)
    serve_cmd.add_argument("--out", type=Path, help="output folder (default: a temporary one)")
    serve_cmd.add_argument("--host", default="127.0.0.1", help="address (default 127.0.0.1)")
    serve_cmd.add_argument("--port", type=port_number, default=8000,
                           help="port (default 8000, or the next free one; 0: any)")  # fmt: skip
    serve_cmd.add_argument("--drafts", action=argparse.BooleanOptionalAction, default=True,
                           help="include drafts (default; --no-drafts hides them)")  # fmt: skip
    serve_cmd.add_argument("--base-url", type=base_url_argument,
                           help="override site.yaml's base_url")  # fmt: skip
    serve_cmd.add_argument("--no-search", action="store_true", help="skip the search index")
    serve_cmd.add_argument("-v", "--verbose", action="store_true", help="log every request")
    add_new_parser(commands)
    init_cmd = commands.add_parser("init", help="start a new briefing in a new or empty folder")
    init_cmd.add_argument("folder", type=Path, metavar="DIR", help="the new briefing's folder")
    init_cmd.add_argument("--title", help="the briefing's name (default: from DIR's name)")
    check_cmd = commands.add_parser(
        "check", help="validate, render to a temporary folder and check every internal link"
    )
    add_source_options(check_cmd)
    check_cmd.add_argument("--drafts", action="store_true", help="include drafts")
    check_cmd.add_argument("-q", "--quiet", action="store_true", help="print problems only")
    check_cmd.add_argument("-v", "--verbose", action="store_true", help="print every warning")


def add_new_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """new: an entry, a thread, an actor or a topic."""
    new_cmd = commands.add_parser(
        "new",
        help='start an entry: new "Title" --thread ID; or new thread ID "Title", '
        'new actor "Name" --kind KIND, new topic "Name"',
    )
    new_cmd.add_argument("words", nargs="+", metavar="TITLE",
                         help='"Title"; thread ID "Title"; actor "Name"; topic "Name"')  # fmt: skip
    new_cmd.add_argument("--thread", help="thread id(s), comma-separated")
    new_cmd.add_argument("--actors", default="", help="actor ids, comma-separated")
    new_cmd.add_argument("--topics", default="", help="topic ids, comma-separated")
    new_cmd.add_argument("--date", help="YYYY-MM-DD (default: today in the site's time zone)")
    new_cmd.add_argument("--slug", help="the entry's slug (default: from the title)")
    new_cmd.add_argument("--id", help="an actor's or topic's id (default: from the name)")
    new_cmd.add_argument("--kind", help="an actor's kind: person, country, organization, group")
    new_cmd.add_argument("--alias", action="append", default=[],
                         help="another name of the actor (repeatable)")  # fmt: skip
    new_cmd.add_argument("--description", help="one sentence on the actor or topic")
    new_cmd.add_argument("--content", type=Path, default=Path("content"), help="content folder")


def port_number(text: str) -> int:
    """A TCP port, 0 to 65535: anything else is a usage error, not an OverflowError later."""
    try:
        port = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a port number: {text!r}") from None
    if not 0 <= port <= 65535:
        raise argparse.ArgumentTypeError(f"port {port} is out of range (0-65535)")
    return port


def base_url_argument(value: str) -> str:
    """--base-url, checked as site.yaml's base_url is: a bad one is a usage error (exit 2)."""
    problem = base_url_problem(value)
    if problem:
        raise argparse.ArgumentTypeError(problem)
    return value


def add_source_options(command: argparse.ArgumentParser) -> None:
    command.add_argument("--content", type=Path, default=Path("content"), help="content folder")
    command.add_argument(
        "--templates",
        type=Path,
        help="your own templates, each overriding the default theme's file of that name "
        "(default: templates/ when there is one)",
    )


def main(argv: Sequence[str] | None = None) -> int:
    args_list = list(sys.argv[1:] if argv is None else argv)
    if not args_list or (args_list[0] not in COMMANDS and args_list[0].startswith("-")
                         and args_list[0] not in ("-h", "--help")):  # fmt: skip
        args_list.insert(0, "build")
    args = parser().parse_args(args_list)
    if "templates" in vars(args):
        if args.templates is None:
            args.templates = Path("templates")  # may not exist: then the theme alone
        elif not args.templates.is_dir():
            print(f"error: --templates {args.templates} is not a folder", file=sys.stderr)
            return 2
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
        from briefing.clip.command import run_clip  # its analysis takes 30 ms to import

        return run_clip(args)

    def run_serve(args: argparse.Namespace) -> int:
        from briefing.serve.command import run_serve

        return run_serve(args)

    def run_new(args: argparse.Namespace) -> int:
        from briefing.commands.new import run_new

        return run_new(args)

    def run_init(args: argparse.Namespace) -> int:
        from briefing.commands.init import run_init

        return run_init(args)

    def run_check(args: argparse.Namespace) -> int:
        from briefing.commands.check import run_check

        return run_check(args)

    return {"build": run_build, "clip": run_clip, "serve": run_serve, "new": run_new,
            "check": run_check, "init": run_init}  # fmt: skip


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
        notice=lambda line: print(line, file=sys.stderr, flush=True),
        force=args.force,
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


def summary_line(report: BuildReport, out: Path) -> str:
    if report.up_to_date:
        return (
            f"{out} is up to date: {counted(report.entries, 'entry')}, "
            f"{counted(report.pages, 'file')} unchanged"
        )
    search = "; search index unchanged, kept" if report.search_kept else ""
    found, pages = report.fragments_kept
    if found:
        search = f"; search index made again, {found:,} of {pages:,} pages' fragments kept"
    return (
        f"built {out}: {counted(report.written, 'file')} written, {report.unchanged} unchanged, "
        f"{counted(report.entries, 'entry')}, {counted(len(report.warnings), 'warning')} "
        f"in {report.seconds:.2f}s{search}"
    )


def terminal_progress() -> Callable[[str], None] | None:
    """Stage names on a terminal, overwritten in place; nothing in CI logs or pipes."""
    if not sys.stderr.isatty():
        return None

    def show(stage: str) -> None:
        print(f"\r\033[K{stage}…", end="", file=sys.stderr, flush=True)

    return show
