"""The evaluation script runs and actor detection stays accurate on the fixtures."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]


def load_eval() -> object:
    spec = importlib.util.spec_from_file_location("clip_eval", REPO / "benchmarks" / "clip_eval.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["clip_eval"] = module
    spec.loader.exec_module(module)
    return module


def test_precision_and_recall(capsys: pytest.CaptureFixture[str]) -> None:
    clip_eval = load_eval()
    assert clip_eval.main([]) == 0  # type: ignore[attr-defined]
    out = capsys.readouterr().out
    assert "precision" in out and "recall" in out
    scores = clip_eval.evaluate()  # type: ignore[attr-defined]
    precision, recall = clip_eval.totals(scores)  # type: ignore[attr-defined]
    assert len(scores) >= 8
    assert precision >= 0.9 and recall >= 0.9
    assert all(all(score.checks.values()) for score in scores)


def test_fixture_files_all_have_expectations() -> None:
    fixtures = REPO / "tests" / "fixtures" / "clip"
    saved = {p.name for p in fixtures.iterdir() if p.suffix in (".txt", ".html")}
    expected = (fixtures / "expected.yaml").read_text(encoding="utf-8")
    assert saved and all(f"\n{name}:" in expected for name in saved)
    assert Path(fixtures / "content" / "site.yaml").is_file()
