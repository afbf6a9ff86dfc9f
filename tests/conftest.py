"""Shared fixtures: the real pipeline and one real build of the bundled corpus per test session."""
from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
FORMATS = Path(__file__).resolve().parent / "data" / "formats"


@pytest.fixture(scope="session")
def nlp():
    from kg.nlp import build_pipeline

    return build_pipeline()


@pytest.fixture(scope="session")
def seed_build(tmp_path_factory):
    """`kg.api.build` on the bundled example corpus (the seeds), built once per session."""
    from kg.api import build

    out = tmp_path_factory.mktemp("seed") / "kg-out"
    summary = build(None, out, progress=False)
    return out, summary
