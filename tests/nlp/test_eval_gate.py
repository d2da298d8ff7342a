"""Eval gate: the dev-set figures must not drop below their floors (style of trafilatura's
tests/eval_gate.py). Floors live in eval_baseline.json with the dataset's sha256."""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

import pytest

from tipwatch.nlp.eval import evaluate, format_table
from tipwatch.nlp.extractor import CaseExtractor

REPO = Path(__file__).resolve().parents[2]
BASELINE = Path(__file__).with_name("eval_baseline.json")


def _cases_path() -> Path:
    shared = Path(os.environ.get("TIPWATCH_SHARED_DIR", REPO.parent / "shared"))
    return shared / "datasets" / "cases-dev" / "cases.jsonl"


def test_eval_gate(extractor: CaseExtractor) -> None:
    path = _cases_path()
    if not path.is_file():
        msg = f"dev set not found at {path} (set TIPWATCH_SHARED_DIR)"
        if os.environ.get("CI"):
            pytest.fail(msg)
        pytest.skip(msg)
    baseline = json.loads(BASELINE.read_text(encoding="utf-8"))
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    assert digest == baseline["sha256"], "cases.jsonl changed: re-baseline eval_baseline.json"
    result = evaluate(path, extractor)
    figures = result.figures()
    print(format_table(result))
    failures = [
        f"{name}: {figures[name]:.3f} < floor {floor:.3f}"
        for name, floor in baseline["floors"].items()
        if figures[name] < floor
    ]
    assert figures["victim_leaks"] <= baseline.get("max_victim_leaks", 0)
    assert not failures, "; ".join(failures)
