#!/usr/bin/env python3
"""Measure clip's actor detection on the saved-article fixtures: precision and recall.

    PYTHONPATH=. python benchmarks/clip_eval.py [--fixtures DIR] [--reference FILE]

Each fixture's expected actors are in `expected.yaml` next to it; an article saved
outside the repository is scored too when --reference names it (expected under
`reference`). Headline, date and publisher are checked too and shown per file, but the
totals are for actors, counted over all files.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from briefing.clip.analyse import ClipOptions, Clipping, Registry, analyse, read_page
from briefing.clip.command import registry_from_site
from briefing.engine.store import load_site

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures" / "clip"


@dataclass(frozen=True)
class Score:
    name: str
    found: frozenset[str]
    expected: frozenset[str]
    checks: dict[str, bool]

    @property
    def true_positives(self) -> int:
        return len(self.found & self.expected)


def cases(fixtures: Path, reference: Path | None) -> list[tuple[str, Path, dict[str, Any]]]:
    """(name, file, expectations) for every fixture listed in expected.yaml."""
    expected = yaml.safe_load((fixtures / "expected.yaml").read_text(encoding="utf-8"))
    found = []
    for name, wanted in expected.items():
        path = reference if name == "reference" else fixtures / name
        if path is not None:
            found.append((name, path, wanted))
    return found


def score_case(name: str, path: Path, wanted: dict[str, Any], registry: Registry) -> Score:
    page = read_page(path.read_text(encoding="utf-8"), path.name)
    clipping: Clipping = analyse(page, registry, ClipOptions())
    expected_date = wanted.get("date")
    if isinstance(expected_date, str):
        expected_date = dt.date.fromisoformat(expected_date)
    checks = {
        "headline": clipping.headline.value == wanted.get("headline"),
        "date": clipping.date.value == expected_date,
        "publisher": clipping.publisher.value == wanted.get("publisher"),
    }
    found = frozenset(hit.id for hit in clipping.actors)
    return Score(name, found, frozenset(wanted.get("actors", [])), checks)


def totals(scores: list[Score]) -> tuple[float, float]:
    """Micro-averaged precision and recall of actor detection."""
    true_pos = sum(score.true_positives for score in scores)
    found = sum(len(score.found) for score in scores)
    expected = sum(len(score.expected) for score in scores)
    return (true_pos / found if found else 1.0, true_pos / expected if expected else 1.0)


def evaluate(fixtures: Path = FIXTURES, reference: Path | None = None) -> list[Score]:
    site, errors = load_site(fixtures / "content", include_drafts=False)
    if site is None:
        raise SystemExit("\n".join(str(error) for error in errors))
    registry = registry_from_site(site)
    return [score_case(*case, registry) for case in cases(fixtures, reference)]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--fixtures", type=Path, default=FIXTURES)
    parser.add_argument("--reference", type=Path, help="a saved article outside the repository")
    args = parser.parse_args(argv)
    scores = evaluate(args.fixtures, args.reference)
    print(f"{'file':<24} {'tp':>3} {'fp':>3} {'fn':>3}  headline date publisher")
    for score in scores:
        fp = sorted(score.found - score.expected)
        fn = sorted(score.expected - score.found)
        marks = "  ".join(("ok" if ok else "MISS").ljust(7) for ok in score.checks.values())
        print(f"{score.name:<24} {score.true_positives:>3} {len(fp):>3} {len(fn):>3}  {marks}")
        for label, ids in (("false positives", fp), ("missed", fn)):
            if ids:
                print(f"{'':<24} {label}: {', '.join(ids)}")
    precision, recall = totals(scores)
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    print(
        f"\nactors over {len(scores)} articles: precision {precision:.3f}  recall {recall:.3f}"
        f"  F1 {f1:.3f}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
