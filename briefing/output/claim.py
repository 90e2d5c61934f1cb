"""Before a build writes anything: take its locks, put right what killed builds left, and
make sure the output folder is one it may replace."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from briefing.output.leftovers import repair
from briefing.output.lock import cache_lock_file, locked, output_lock_file
from briefing.output.ownership import OutputProblem, check_output_folder


@contextmanager
def claimed_output(
    out: Path,
    cache: Path | None,
    protected: list[Path],
    *,
    force: bool = False,
    say: Callable[[str], None] = lambda line: None,
) -> Iterator[None]:
    """Hold out's lock (and cache's) for the block, with leftovers cleaned and out checked.

    Raises UnsafeOutput or OutputProblem before anything is created or removed.
    """
    check_output_folder(out, protected, force=force)
    files = [output_lock_file(out)] + ([cache_lock_file(cache)] if cache is not None else [])
    with locked(files, f"{out}/", say):
        try:
            done = repair(out)
        except OSError as exc:
            raise OutputProblem(f"{exc.filename or out}: {exc.strerror or exc}") from None
        for line in done:
            say(line)
        check_output_folder(out, protected, force=force)  # as the last holder left it
        yield
