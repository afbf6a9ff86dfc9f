"""Extraction quality on every annotated set: the shared dev gold and our held-out annotations.

Runs ``kg extract`` on the seeds once, scores the extractions with the shared scorer
(``../shared/tools/kgscore.py``) against each set and prints one Markdown table:

    .venv/bin/python benchmarks/quality.py

Sets: ``dev`` (the shared dev gold: the rules were tuned on it), ``heldout/tune.jsonl`` (our blind
annotations, also used to find general misses) and ``heldout/test.jsonl`` (our blind annotations, never
used for tuning: only its summary figures were read), and ``tune2``/``test2`` made the same way under a second
protocol that is closer to the dev gold's style, and ``test3``, ``tune3``, ``test4`` and ``tune4`` made the same way later. See ``heldout/README.md``.
"""
from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
SHARED = ROOT.parent / "shared"
SCORER = SHARED / "tools" / "kgscore.py"
SETS = {
    "dev (shared gold, tuned on)": SHARED / "gold" / "dev.jsonl",
    "heldout/tune (ours, tuned on)": HERE / "heldout" / "tune.jsonl",
    "heldout/test (ours, never tuned on)": HERE / "heldout" / "test.jsonl",
    "heldout/tune2 (ours, tuned on)": HERE / "heldout" / "tune2.jsonl",
    "heldout/test2 (ours, never tuned on)": HERE / "heldout" / "test2.jsonl",
    "heldout/test3 (ours, never tuned on)": HERE / "heldout" / "test3.jsonl",
    "heldout/tune3 (ours, tuned on)": HERE / "heldout" / "tune3.jsonl",
    "heldout/test4 (ours, never tuned on)": HERE / "heldout" / "test4.jsonl",
    "heldout/tune4 (ours, tuned on)": HERE / "heldout" / "tune4.jsonl",
}
FIELDS = ("entities", "named", "datasets", "repositories", "tasks", "metrics", "claims")


def score(gold: Path, pred: Path) -> dict:
    """F1 per field plus role and value agreement, from the scorer's JSON and summary lines."""
    res = subprocess.run([sys.executable, str(SCORER), str(gold), str(pred), "--json"], capture_output=True, text=True, check=True)
    lines = res.stdout.splitlines()
    data = json.loads(next(ln for ln in lines if ln.startswith("{")))
    out = {k: data[k]["f1"] for k in FIELDS if k in data}
    out["papers"] = sum(1 for _ in open(gold, encoding="utf-8"))
    for ln in lines:
        if ln.startswith("proposed-role agreement"):
            out["role"] = float(ln.rsplit("=", 1)[1])
        if ln.startswith("claim value agreement"):
            out["values"] = float(ln.rsplit("=", 1)[1])
    return out


def main() -> int:
    if not SCORER.exists():
        print(f"scorer not found: {SCORER}", file=sys.stderr)
        return 2
    from kg.api import extract_to_file

    with tempfile.TemporaryDirectory() as tmp:
        pred = Path(tmp) / "extractions.jsonl"
        extract_to_file(None, pred, progress=False)
        rows = {name: score(path, pred) for name, path in SETS.items() if path.exists()}
    cols = ("papers", *FIELDS, "role", "values")
    print("| set | " + " | ".join(cols) + " |")
    print("|---|" + "---:|" * len(cols))
    for name, r in rows.items():
        cells = [str(r["papers"])] + [f"{r[c]:.3f}" if c in r else "" for c in cols[1:]]
        print(f"| {name} | " + " | ".join(cells) + " |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
