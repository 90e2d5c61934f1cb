"""Running a build for a command and telling the author how it went, on stderr.

`build` and `check` share these; they live below the CLI so that no command imports it.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence

from briefing.engine.pipeline import BuildOptions, BuildReport, build
from briefing.errors import BuildError, InternalError, SourceError, split_warnings
from briefing.output.ownership import OutputProblem, UnsafeOutput
from briefing.output.search import SearchIndexError
from briefing.render.words import counted

WARNINGS_SHOWN = 10


def report_errors(problems: Sequence[SourceError], *, everything: bool = False) -> None:
    errors, warnings = split_warnings(problems)
    for problem in errors:
        print(problem, file=sys.stderr)
    print_warnings(warnings, everything=everything)
    print(f"{counted(len(errors), 'error')} found; nothing was written", file=sys.stderr)


def build_or_report(options: BuildOptions) -> BuildReport | int:
    """Build; on failure print why and give the exit status (1 content, 2 usage, 70 a bug)."""
    try:
        return build(options)
    except BuildError as exc:
        report_errors(exc.errors, everything=options.verbose)
        return 1
    except InternalError as exc:
        print(exc.details, file=sys.stderr)
        print(f"error: {exc}; this is a bug in briefing, not in the site; nothing was written",
              file=sys.stderr)  # fmt: skip
        return 70
    except UnsafeOutput as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except OutputProblem as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except SearchIndexError as exc:
        print(f"error: {exc}; nothing was written", file=sys.stderr)
        return 1


def print_warnings(warnings: Sequence[SourceError], *, everything: bool) -> None:
    """Warnings on stderr; a long list is cut short (a generated corpus can have hundreds)."""
    shown = warnings if everything else warnings[:WARNINGS_SHOWN]
    for warning in shown:
        print(warning, file=sys.stderr)
    if len(warnings) > len(shown):
        print(f"… and {len(warnings) - len(shown)} more (-v shows them all)", file=sys.stderr)
