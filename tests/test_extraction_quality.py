"""Extraction quality on the hand-annotated dev gold, scored by the project's kgscore tool.

``test_quality_floor`` guards what the extractor achieves now (it fails on any regression);
``test_claims_targets`` and ``test_entity_targets`` fail below the targets of issues #4 and #3;
``test_heldout_floor`` guards our blind annotations of papers the rules were not tuned on.
"""
from __future__ import annotations

import importlib.util
import json

import pytest

from pathlib import Path

SHARED = Path(__file__).resolve().parent.parent.parent / "shared"

GOLD = SHARED / "gold" / "dev.jsonl"
SCORER = SHARED / "tools" / "kgscore.py"

FLOOR = {"entities": 0.83, "named": 0.82, "datasets": 0.95, "repositories": 0.95, "role": 0.90, "claims": 0.90, "values": 0.85}
ENTITY_TARGETS = {"entities": 0.80, "named": 0.75, "datasets": 0.80, "repositories": 0.95, "role": 0.90}
CLAIM_TARGETS = {"claims": 0.75, "values": 0.85}


#: Our blind annotations of seed papers never used for tuning (benchmarks/heldout/README.md), in two
#: protocols (test3 and test4 made later, like test2): a floor a little under today's figures, so a change that only
#: helps the tuning sets fails.
BENCH = Path(__file__).resolve().parent.parent / "benchmarks" / "quality.py"
HELDOUT_FLOORS = {
    "test.jsonl": {"entities": 0.78, "named": 0.76, "datasets": 0.87, "repositories": 0.95, "role": 0.87, "claims": 0.72},
    "test2.jsonl": {"entities": 0.70, "named": 0.67, "datasets": 0.86, "repositories": 0.95, "role": 0.87, "claims": 0.74},
    "test3.jsonl": {"entities": 0.76, "named": 0.75, "datasets": 0.92, "repositories": 0.95, "role": 0.92, "claims": 0.79},
    "test4.jsonl": {"entities": 0.73, "named": 0.72, "datasets": 0.78, "repositories": 0.95, "role": 0.90, "claims": 0.75},
}


def _score(gold: Path, pred: Path) -> dict:
    """The scorer's figures, read by the same code as ``benchmarks/quality.py``."""
    spec = importlib.util.spec_from_file_location("quality_bench", BENCH)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.score(gold, pred)


@pytest.fixture(scope="module")
def scores(seed_build):
    if not (GOLD.exists() and SCORER.exists()):
        pytest.skip(f"dev gold or scorer not found beside the checkout ({GOLD}, {SCORER})")
    out = _score(GOLD, seed_build[0] / "extractions.jsonl")
    print(out)
    return out


@pytest.mark.parametrize("name", sorted(HELDOUT_FLOORS))
def test_heldout_floor(seed_build, name):
    if not SCORER.exists():
        pytest.skip(f"scorer not found beside the checkout ({SCORER})")
    got = _score(BENCH.parent / "heldout" / name, seed_build[0] / "extractions.jsonl")
    print(got)
    low = {k: (got.get(k, 0.0), v) for k, v in HELDOUT_FLOORS[name].items() if got.get(k, 0.0) < v}
    assert not low, f"below the held-out floor: {low}"


def test_every_gold_paper_is_extracted(seed_build):
    if not GOLD.exists():
        pytest.skip(f"dev gold not found at {GOLD}")
    titles = {json.loads(ln)["title"] for ln in open(seed_build[0] / "extractions.jsonl", encoding="utf-8")}
    gold = [json.loads(ln)["title"] for ln in open(GOLD, encoding="utf-8")]
    assert all(t in titles for t in gold)


def test_quality_floor(scores):
    low = {k: (scores[k], v) for k, v in FLOOR.items() if scores[k] < v}
    assert not low, f"below the regression floor: {low}"


def _below(scores: dict, targets: dict) -> dict:
    return {k: (scores.get(k, 0.0), v) for k, v in targets.items() if scores.get(k, 0.0) < v}


def test_claims_targets(scores):
    assert not _below(scores, CLAIM_TARGETS)


def test_entity_targets(scores):
    assert not _below(scores, ENTITY_TARGETS)
