"""What a run of the engine is asked to do: the options of build, and of serve's runs."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from briefing.engine.parallel import default_jobs

Progress = Callable[[str], None]


@dataclass(frozen=True)
class BuildOptions:
    content: Path
    templates: Path
    out: Path
    drafts: bool = False
    base_url: str | None = None
    search: bool = True
    verbose: bool = False
    strict: bool = False
    cache: Path | None = None  # None: build without reading or writing a cache
    jobs: int = field(default_factory=default_jobs)
    progress: Progress | None = None
    notice: Progress | None = None  # lines for the user: waiting for a lock, a repair
    force: bool = False  # replace out even without the marker a build leaves
