"""Repeat runs and interruptions, with the real `kg` CLI as a subprocess: a `kg build` or `kg extract`
killed with SIGKILL mid-run leaves the previous output byte-identical and loadable, the next build
succeeds, and two builds of the same input give byte-identical files."""
from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from kg.ingest import ErrorPolicy, default_corpus, read_papers
from kg.store import load_graph

TESTS = Path(__file__).resolve().parent
FORMATS = TESTS / "data" / "formats"
BAD = TESTS / "data" / "bad"
OUTPUTS = ["extractions.jsonl", "graph.graphml", "graph.json", "summary.json", "view.html"]


def kg_cmd(*args: str) -> list[str]:
    return [sys.executable, "-m", "kg.cli", *args]


def kg(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(kg_cmd(*args), capture_output=True, text=True, timeout=180)


def snapshot(d: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(d.iterdir())}


def run_together(*argvs: list[str]) -> list[subprocess.CompletedProcess]:
    """Run several `kg` commands at once (independent builds; halves the wait on two cores)."""
    procs = [subprocess.Popen(kg_cmd(*a), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for a in argvs]
    results = []
    for a, p in zip(argvs, procs):
        out, err = p.communicate(timeout=300)
        results.append(subprocess.CompletedProcess(a, p.returncode, out, err))
    return results


@pytest.fixture(scope="module")
def two_builds(tmp_path_factory) -> tuple[Path, Path]:
    """Two `kg build`s of the bundled corpus (the second with --workers 2); tests copy before changing anything."""
    base = tmp_path_factory.mktemp("builds")
    first, second = base / "first" / "kg-out", base / "second" / "kg-out"
    for res in run_together(["build", "--out", str(first)], ["build", "--out", str(second), "--workers", "2"]):
        assert res.returncode == 0, res.stderr
    assert sorted(p.name for p in first.iterdir()) == OUTPUTS
    return first, second


@pytest.fixture(scope="module")
def big_jsonl(tmp_path_factory) -> Path:
    """A few thousand records (the seed abstracts, renamed): a build of it runs for many seconds."""
    seeds = list(read_papers([default_corpus()], on_error=ErrorPolicy(report=None)))
    path = tmp_path_factory.mktemp("big") / "big.jsonl"
    with open(path, "w", encoding="utf-8") as fh:
        for i in range(4000):
            p = seeds[i % len(seeds)]
            fh.write(json.dumps({"id": f"big-{i}", "title": f"{p.title} (copy {i})", "abstract": p.abstract}) + "\n")
    return path


def _kill9(proc: subprocess.Popen) -> None:
    """SIGKILL the run (no clean-up handler can run) and reap it."""
    if proc.poll() is None:
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=30)
    proc.stderr.close()


def _wait_for(pred, proc: subprocess.Popen, timeout: float = 60) -> None:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if pred():
            return
        if proc.poll() is not None:
            pytest.fail(f"the run ended (rc={proc.returncode}) before it could be killed: {proc.stderr.read()}")
        time.sleep(0.02)
    proc.kill()
    pytest.fail("the run never started writing")


def _growing_temp(parent: Path, pattern: str, min_size: int = 64 * 1024):
    def check() -> bool:
        return any(p.stat().st_size >= min_size for p in parent.glob(pattern) if p.is_file())
    return check


def test_kill_9_mid_build_leaves_the_previous_output_intact(two_builds, big_jsonl, tmp_path):
    out = tmp_path / "kg-out"
    shutil.copytree(two_builds[0], out)
    before = snapshot(out)
    nodes_before = load_graph(out).number_of_nodes()

    proc = subprocess.Popen(kg_cmd("build", str(big_jsonl), "--out", str(out)),
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        # it is writing its temp build dir: extractions are streaming into it
        _wait_for(_growing_temp(tmp_path, ".kg-out.build-*/.extractions.jsonl.*.tmp"), proc)
        # a second build into the same directory meanwhile is refused, not interleaved
        rival = kg("build", str(FORMATS / "papers.jsonl"), "--out", str(out))
        assert rival.returncode == 2 and "another `kg build` is writing" in rival.stderr, rival.stderr
        assert proc.poll() is None, "the big build finished too early to be killed mid-run"
    finally:
        _kill9(proc)
    assert proc.returncode == -signal.SIGKILL

    assert list(tmp_path.glob(".kg-out.build-*")), "the killed build should have left its temp dir"
    assert snapshot(out) == before  # byte-identical
    assert load_graph(out).number_of_nodes() == nodes_before

    # the next build succeeds, replaces the output and cleans up the killed build's leftovers
    res = kg("build", str(FORMATS / "papers.jsonl"), "--out", str(out), "--no-view")
    assert res.returncode == 0, res.stderr
    assert sorted(p.name for p in out.iterdir()) == [n for n in OUTPUTS if n != "view.html"]
    assert json.loads((out / "summary.json").read_text())["papers"] == 2
    assert load_graph(out).number_of_nodes() < nodes_before
    assert sorted(p.name for p in tmp_path.iterdir()) == [".kg-out.lock", "kg-out"]


def test_kill_9_mid_extract_leaves_the_previous_file_intact(big_jsonl, tmp_path):
    target = tmp_path / "extractions.jsonl"
    target.write_text('{"previous": true}\n')
    proc = subprocess.Popen(kg_cmd("extract", str(big_jsonl), "-o", str(target)),
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        _wait_for(_growing_temp(tmp_path, ".extractions.jsonl.*.tmp"), proc)
    finally:
        _kill9(proc)
    assert target.read_text() == '{"previous": true}\n'


def test_interrupted_swap_is_recovered(tmp_path):
    """Where directories cannot be exchanged atomically, a crash between the two renames is undone."""
    from kg.api import recover_interrupted

    out = tmp_path / "kg-out"
    backup = tmp_path / ".kg-out.previous"
    backup.mkdir()
    (backup / "graph.json").write_text("previous")
    stale = tmp_path / ".kg-out.build-abc123"
    stale.mkdir()
    recover_interrupted(out)
    assert (out / "graph.json").read_text() == "previous" and not backup.exists() and not stale.exists()


def test_two_builds_are_byte_identical(two_builds):
    """Same input, same bytes: sorted nodes/edges/keys, no timestamps, and --workers does not matter."""
    a, b = snapshot(two_builds[0]), snapshot(two_builds[1])
    assert sorted(a) == sorted(b) == OUTPUTS
    for name in OUTPUTS:
        assert a[name] == b[name], f"{name} differs between two builds of the same input"
    today = time.strftime("%Y-%m-%d").encode()
    assert not [n for n, data in b.items() if today in data], "a timestamp of today leaked into the output"


def test_two_builds_of_the_bad_corpus_are_byte_identical(tmp_path):
    results = run_together(*(["build", str(BAD), "--out", str(tmp_path / n), "--no-view"] for n in ("a", "b")))
    for res in results:
        assert res.returncode == 0, res.stderr
    assert snapshot(tmp_path / "a") == snapshot(tmp_path / "b")
    assert results[0].stderr == results[1].stderr  # the same bad records, reported in the same order
