"""The `clip` command's options, apart from its work: every command's parser is built at
start-up, and clip's analysis need not be imported for a build."""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path


def add_clip_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Register the `clip` subcommand and its options."""
    clip = commands.add_parser("clip", help="turn a saved article into a draft entry")
    clip.add_argument("file", metavar="FILE", help="saved article (.txt or .html), or - for stdin")
    clip.add_argument("--content", type=Path, default=Path("content"), help="content folder")
    clip.add_argument("--publisher", help="the publisher, when the page does not name it")
    clip.add_argument("--url", help="the article's address, for the source")
    clip.add_argument("--thread", help="file the entry under this thread id")
    clip.add_argument("--date", type=_date, help="the article's date, YYYY-MM-DD")
    clip.add_argument("--dry-run", action="store_true", help="print the draft, write nothing")


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a date like 2022-01-28") from None
