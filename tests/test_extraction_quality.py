"""Extraction quality on the hand-annotated dev gold, scored by the project's kgscore tool.

``test_quality_floor`` guards what the extractor achieves now (it fails on any regression);
``test_claims_targets`` and ``test_entity_targets`` fail below the targets of issues #4 and #3.
"""
from __future__ import annotations

import json
import subprocess
import sys

import pytest

from pathlib import Path

SHARED = Path(__file__).resolve().parent.parent.parent / "shared"

GOLD = SHARED / "gold" / "dev.jsonl"
SCORER = SHARED / "tools" / "kgscore.py"

FLOOR = {"entities": 0.80, "named": 0.80, "datasets": 0.95, "repositories": 0.95, "role": 0.90, "claims": 0.90, "values": 0.85}
ENTITY_TARGETS = {"entities": 0.80, "named": 0.75, "datasets": 0.80, "repositories": 0.95, "role": 0.90}
CLAIM_TARGETS = {"claims": 0.75, "values": 0.85}


@pytest.fixture(scope="module")
def scores(seed_build):
    if not (GOLD.exists() and SCORER.exists()):
        pytest.skip(f"dev gold or scorer not found beside the checkout ({GOLD}, {SCORER})")
    res = subprocess.run([sys.executable, str(SCORER), str(GOLD), str(seed_build[0] / "extractions.jsonl"), "--json"],
                         capture_output=True, text=True, check=True)
    lines = res.stdout.splitlines()
    data = json.loads(next(ln for ln in lines if ln.startswith("{")))
    out = {k: data[k]["f1"] for k in ("entities", "named", "datasets", "repositories", "claims")}
    for ln in lines:
        if ln.startswith("proposed-role agreement"):
            out["role"] = float(ln.rsplit("=", 1)[1])
        if ln.startswith("claim value agreement"):
            out["values"] = float(ln.rsplit("=", 1)[1])
    print(out)
    return out


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
