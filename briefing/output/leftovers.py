"""What killed builds leave beside the output, put right by the next build (under the lock).

A build stages the new site in `.site.tmp-*` and swaps it in by two renames, through
`.site.old-*/site`. Killed before the swap, it leaves a staging folder; killed between the
two renames, it leaves no `site/` at all, the old site whole in `.site.old-*/site`. The next
build (holding the output's lock, so no other build can be using them) first puts that old
site back, then removes the leftovers; only folders that carry the marker are touched.
"""

from __future__ import annotations

import os
import shutil
import stat
from collections.abc import Callable
from pathlib import Path

from briefing.output.ownership import has_marker


def staging_prefix(out: Path) -> str:
    return f".{out.name}.tmp-"


def old_prefix(out: Path) -> str:
    return f".{out.name}.old-"


def repair(out: Path) -> list[str]:
    """Restore a site lost inside a swap, remove leftovers; what was done, one line each."""
    done: list[str] = []
    olds = _ours(out.parent, old_prefix(out), lambda folder: _holds_old_site(folder, out.name))
    if olds and not os.path.lexists(out):
        newest = max(olds, key=lambda folder: folder.stat().st_mtime_ns)
        os.replace(newest / out.name, out)
        done.append(f"restored {out} from {newest.name}, left by an interrupted build")
    for folder in olds:
        shutil.rmtree(folder, ignore_errors=True)
        done.append(f"removed {folder.name}, left by an interrupted build")
    for folder in _ours(out.parent, staging_prefix(out), _staged):
        shutil.rmtree(folder, ignore_errors=True)
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
        if name.startswith(prefix) and _is_folder(path) and check(path):
            found.append(path)
    return found


def _is_folder(path: Path) -> bool:
    try:
        return stat.S_ISDIR(os.lstat(path).st_mode)
    except OSError:
        return False


def _staged(folder: Path) -> bool:
    """A staging folder of ours: it carries the marker (written first), or is still empty."""
    return has_marker(folder) or not os.listdir(folder)


def _holds_old_site(folder: Path, name: str) -> bool:
    """`.site.old-*` of ours: nothing in it but the old site, which carries the marker."""
    try:
        names = os.listdir(folder)
    except OSError:
        return False
    return names == [] or (
        names == [name] and _is_folder(folder / name) and has_marker(folder / name)
    )
