"""`init DIR`: start a new briefing that `build` and `serve` take with no further options.

Never overwrites: in a folder that is not empty it lists what it would have written and
stops, and each file is created only if it does not exist yet.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from importlib import metadata
from pathlib import Path

from briefing import __version__
from briefing.commands.starter import starter_files
from briefing.content.sources import create_new


def generator_requirement() -> str | None:
    """How requirements.txt names the generator this command runs from: the git commit or
    the archive it was installed from (pip records it), its version when it came from an
    index, None for a local folder, which Netlify and CI cannot reach."""
    try:
        distribution = metadata.distribution("briefing")
    except metadata.PackageNotFoundError:
        return None  # run from a source checkout without installing it
    recorded = distribution.read_text("direct_url.json")
    if recorded is None:
        return f"briefing=={distribution.version}"
    try:
        origin = json.loads(recorded)
    except ValueError:
        return None
    url = origin.get("url", "")
    vcs = origin.get("vcs_info")
    if isinstance(vcs, dict) and vcs.get("vcs") and vcs.get("commit_id"):
        return f"briefing @ {vcs['vcs']}+{url}@{vcs['commit_id']}"
    if url.startswith(("https://", "http://")):
        return f"briefing @ {url}"
    return None


def title_from(folder: Path) -> str:
    """A first title from the folder's name: "city-desk" -> "City desk"."""
    words = folder.resolve().name.replace("-", " ").replace("_", " ").split()
    return " ".join(words).capitalize() or "Our briefing"


def run_init(args: argparse.Namespace) -> int:
    """The `init` command: 0 written, 1 the folder is not empty (nothing written)."""
    folder: Path = args.folder
    files = starter_files(
        args.title or title_from(folder),
        dt.datetime.now(dt.UTC).date(),
        generator_requirement(),
        __version__,
    )
    if folder.exists() and not folder.is_dir():
        print(f"error: {folder} is a file, not a folder; nothing was written", file=sys.stderr)
        return 1
    if folder.is_dir() and any(folder.iterdir()):
        print(f"error: {folder} is not empty; nothing was written. init would have written:",
              file=sys.stderr)  # fmt: skip
        for relative in files:
            print(f"  {folder / relative}", file=sys.stderr)
        print("Run it with a new or empty folder.", file=sys.stderr)
        return 1
    for relative, text in files.items():
        path = folder / relative
        try:
            create_new(path, text)
        except FileExistsError:
            print(f"error: {path} appeared meanwhile; not overwritten, stopped", file=sys.stderr)
            return 1
        print(path)
    print(f"\nA new briefing is in {folder}. Next:\n  cd {folder}\n  briefing serve")
    return 0
