"""Watching content/ and templates/: which saves count, and what kind of change they are."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from watchfiles import Change, DefaultFilter

# Files editors write beside the one being saved: they never change the site.
EDITOR_FILES = (
    r"\.sw[a-p]$",  # vim swap files
    r"^4913$",  # vim's probe that the folder is writable
    r"~$",  # backups of vim, emacs, gedit
    r"^\.#",  # emacs lock files
    r"^#.*#$",  # emacs auto-saves
    r"\.kate-swp$",
    r"^\.~lock\.",  # LibreOffice
    r"\.(tmp|temp|bak|orig|part|crdownload)$",
    r"^\.goutputstream-",  # GNOME's atomic saves
    r"^\.DS_Store$",
    r"^Thumbs\.db$",
    r"___jb_(old|tmp)___$",  # JetBrains
)


# The kinds of change the preview tells apart, named here where saves are classified, so the
# watcher does not depend on the preview that consumes them.
@dataclass(frozen=True)
class Changes:
    """Files that changed, relative to the content and templates folders."""

    content: frozenset[str] = frozenset()
    templates: frozenset[str] = frozenset()
    rescan: bool = False  # a folder appeared, vanished or moved

    @property
    def any(self) -> bool:
        return bool(self.content or self.templates or self.rescan)


class SourceFilter(DefaultFilter):
    """DefaultFilter, plus editor swap files, the output folder and its staging folders."""

    def __init__(self, out: Path) -> None:
        self.out = out.resolve()
        staging = re.escape(f".{out.name}.") + r"(tmp|old)-"
        super().__init__(
            ignore_entity_patterns=(*DefaultFilter.ignore_entity_patterns, *EDITOR_FILES, staging),
            ignore_paths=(self.out,),
        )


def classify(changes: Iterable[tuple[Change, str]], content: Path, templates: Path) -> Changes:
    """Changed paths as the preview takes them: relative to content/ or templates/.

    A folder that appears, vanishes or is renamed (a path with no file there, or a
    folder) asks for a rescan: watchers do not report the files inside it.
    """
    content, templates = content.resolve(), templates.resolve()
    in_content: set[str] = set()
    in_templates: set[str] = set()
    rescan = False
    for _, raw in changes:
        path = Path(raw)
        for root, bucket in ((content, in_content), (templates, in_templates)):
            relative = _relative(path, root)
            if relative is None:
                continue
            if path.is_dir() or (not path.exists() and not path.suffix):
                rescan = rescan or bucket is in_content
                if bucket is in_templates:
                    bucket.add("assets/")  # a folder of templates: render everything
            else:
                bucket.add(relative)
            break
    return Changes(frozenset(in_content), frozenset(in_templates), rescan)


def _relative(path: Path, root: Path) -> str | None:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return None


def watched(paths: Sequence[Path]) -> list[Path]:
    """The folders to watch, resolved (watchers report resolved paths)."""
    return [p.resolve() for p in paths if p.is_dir()]
