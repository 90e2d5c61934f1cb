"""Content errors with a position, collected and reported together."""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass

# Shown escaped, so that a message stays on one line and cannot move the terminal's cursor
# whatever a file name or a quoted value holds.
_CONTROLS = {code: f"\\x{code:02x}" for code in (*range(0x20), *range(0x7F, 0xA0))}


@dataclass(frozen=True, order=True)
class SourceError:
    """One problem in one file, printed as `path:line: message`.

    Line 0 stands for the file or folder as a whole (unreadable, not a regular file), which
    has no line to point at: it is printed as `path: message`.
    """

    path: str
    line: int
    message: str
    warning: bool = False
    advisory: bool = False  # a warning that --strict lets pass (what cannot be fixed here)

    def __str__(self) -> str:
        label = "warning: " if self.warning else ""
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {label}{self.message}".translate(_CONTROLS)


def split_warnings(problems: Iterable[SourceError]) -> tuple[list[SourceError], list[SourceError]]:
    """(errors, warnings), each sorted by path and line."""
    # Sorted as the dataclass orders them, by a tuple key: with a warning in each of
    # 10,000 entries, the generated __lt__ is most of a dev-server rebuild's sorting.
    problems = sorted(set(problems), key=_order)
    return [p for p in problems if not p.warning], [p for p in problems if p.warning]


def _order(problem: SourceError) -> tuple[str, int, str, bool, bool]:
    return (problem.path, problem.line, problem.message, problem.warning, problem.advisory)


class BuildError(Exception):
    """Raised at a stage boundary when the content has errors; carries all of them."""

    def __init__(self, errors: Iterable[SourceError]) -> None:
        self.errors = sorted(set(errors))
        super().__init__("\n".join(str(e) for e in self.errors))

    def __reduce__(self) -> tuple[type[BuildError], tuple[list[SourceError]]]:
        return (BuildError, (self.errors,))  # so that a worker process can send it back


def closest(word: str, choices: Iterable[str], cutoff: float = 0.6) -> str | None:
    """The choice nearest to a misspelt word, or None when nothing is near enough: what
    every did-you-mean suggests."""
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=cutoff)
    return close[0] if close else None


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """A ` (did you mean 'x'?)` hint, or an empty string when nothing is close."""
    found = closest(word, choices)
    return f" (did you mean '{found}'?)" if found is not None else ""


class InternalError(Exception):
    """A bug in the generator itself, met while rendering a page: never the author's fault,
    so never reported as a content or template error. Carries the traceback as text, so
    that a worker process can send it back."""

    def __init__(self, page: str, summary: str, details: str) -> None:
        self.page = page
        self.summary = summary
        self.details = details  # the formatted traceback
        super().__init__(f"internal error while rendering {page}: {summary}")

    def __reduce__(self) -> tuple[type[InternalError], tuple[str, str, str]]:
        return (InternalError, (self.page, self.summary, self.details))
