"""What killed builds leave beside the output, put right by the next build (under the lock).

A build stages the new site in `.site.tmp-*` and swaps it in by two renames, through
`.site.old-*/site`. Killed before the swap, it leaves a staging folder; killed between the
two renames, it leaves no `site/` at all, the old site whole in `.site.old-*/site`. The next
build (holding the output's lock, so no other build can be using them) first puts that old
site back, then removes the leftovers; only folders that carry the marker are touched.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from briefing.output.manifest import real_folder
from briefing.output.ownership import MARKER, has_marker, remove_claimed, write_marker


def staging_prefix(out: Path) -> str:
    return f".{out.name}.tmp-"


def old_prefix(out: Path) -> str:
    return f".{out.name}.old-"


def repair(out: Path) -> list[str]:
    """Restore a site lost inside a swap, remove leftovers; what was done, one line each."""
    done: list[str] = []
    olds = _ours(out.parent, old_prefix(out), lambda folder: _holds_old_site(folder, out.name))
    # the old site whole: its own marker there, and none at the top (set while it is removed)
    whole = [f for f in olds if has_marker(f / out.name) and not os.path.lexists(f / MARKER)]
    if whole and not os.path.lexists(out):
        newest = max(whole, key=lambda folder: folder.stat().st_mtime_ns)
        os.replace(newest / out.name, out)
        done.append(f"restored {out} from {newest.name}, left by an interrupted build")
    for folder in olds:
        write_marker(folder)
        remove_claimed(folder)
        done.append(f"removed {folder.name}, left by an interrupted build")
    for folder in _ours(out.parent, staging_prefix(out), _staged):
        remove_claimed(folder)
        done.append(f"removed {folder.name}, left by an interrupted build")
    return done


def _ours(parent: Path, prefix: str, check: Callable[[Path], bool]) -> list[Path]:
    """The folders beside the output named with prefix that check accepts."""
    try:
        names = os.listdir(parent)
    except OSError:
        return []
    found = []
    for name in sorted(names):
        path = parent / name
        if name.startswith(prefix) and real_folder(path) and check(path):
            found.append(path)
    return found


def _staged(folder: Path) -> bool:
    """A staging folder of ours: it carries the marker (written first, removed last), or it
    holds folders but not a single file (emptied into the output by an in-place rebuild)."""
    return has_marker(folder) or not any(names for _, _, names in os.walk(folder))


def _holds_old_site(folder: Path, name: str) -> bool:
    """`.site.old-*` of ours: nothing in it but the old site (which carries the marker), or
    the marker it gets while that old site is removed."""
    try:
        names = set(os.listdir(folder))
    except OSError:
        return False
    if not names <= {name, MARKER}:
        return False
    if MARKER in names:
        return has_marker(folder)
    return not names or (real_folder(folder / name) and has_marker(folder / name))
