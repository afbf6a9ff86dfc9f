"""The public Python API: read → extract → resolve → graph → store, as the CLI runs it.

    from kg.api import build
    summary = build(["papers.jsonl"], out_dir="kg-out")

``extract`` streams extractions to a JSONL file; ``build`` does the whole job into a directory
that is replaced atomically, so an interrupted build leaves the previous output intact.
"""
from __future__ import annotations

import json
import os
import shutil
import sys
import tempfile
from collections import Counter
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Iterable, Iterator

import networkx as nx
from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

from .curation import Curation
from .extract import Extractor
from .graph import build_graph
from .ingest import ErrorPolicy, InputError, read_papers
from .records import Extraction, Paper
from .resolve import Resolver, resolve
from .schema import DATASET, METHOD, MODEL
from .store import fsync_dir, current_umask, atomic_write, save_graph

EXTRACTIONS = "extractions.jsonl"
SUMMARY = "summary.json"
VIEW = "view.html"


@dataclass
class RunSummary:
    """What a run read, skipped and produced (printed by the CLI, saved as ``summary.json``)."""

    papers: int = 0
    skipped: int = 0
    duplicates: int = 0
    bad_records: list[str] = field(default_factory=list)
    warnings: int = 0  # records kept but changed (e.g. an over-long abstract cut), listed in warning_records
    warning_records: list[str] = field(default_factory=list)
    nodes: dict[str, int] = field(default_factory=dict)
    edges: dict[str, int] = field(default_factory=dict)
    top: dict[str, list[tuple[str, int]]] = field(default_factory=dict)
    resolution: dict[str, Any] = field(default_factory=dict)
    outputs: dict[str, str] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@contextmanager
def progress_bar(label: str, enabled: bool = True) -> Iterator[Any]:
    """A rich progress bar on stderr (shown only on a terminal); yields an ``advance()`` callable."""
    show = enabled and sys.stderr.isatty()
    if not show:  # no terminal: no bar, and no per-record bookkeeping either
        yield lambda n=1: None
        return
    prog = Progress(SpinnerColumn(), TextColumn("[bold]{task.description}"), BarColumn(), MofNCompleteColumn(),
                    TextColumn("{task.fields[rate]}"), TimeElapsedColumn(), transient=False)
    with prog:
        task = prog.add_task(label, total=None, rate="")

        def advance(n: int = 1) -> None:
            prog.update(task, advance=n)
            t = prog.tasks[0]
            if t.elapsed:
                prog.update(task, rate=f"{t.completed / t.elapsed:,.0f}/s")

        yield advance


def _tracked(papers: Iterable[Paper], summary: RunSummary) -> Iterator[Paper]:
    for p in papers:
        summary.papers += 1
        yield p


def extract_to_file(
    inputs: Iterable[str | Path] | None,
    out: str | Path,
    *,
    fmt: str | None = None,
    on_error: ErrorPolicy | None = None,
    workers: int = 1,
    progress: bool = True,
    extractor: Extractor | None = None,
) -> RunSummary:
    """Read papers and write one extraction per line to ``out`` (atomically), streaming."""
    policy = on_error or ErrorPolicy()
    summary = RunSummary()
    ex = extractor or Extractor()
    with atomic_write(out) as fh, progress_bar("extracting", progress) as advance:
        for line in ex.pipe_json(_tracked(read_papers(inputs, fmt, policy), summary), workers=workers):
            fh.write(line + "\n")
            advance()
    _policy_into(summary, policy)
    summary.outputs = {"extractions": str(out)}
    return summary


def _policy_into(summary: RunSummary, policy: ErrorPolicy) -> None:
    summary.skipped = len(policy.bad)
    summary.duplicates = policy.duplicates
    summary.bad_records = [str(b) for b in policy.bad[:1000]]
    summary.warnings = len(policy.warnings)
    summary.warning_records = [str(w) for w in policy.warnings[:1000]]


def read_extractions(path: str | Path) -> Iterator[Extraction]:
    """Stream Extraction records back from an ``extractions.jsonl`` file."""
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                yield Extraction.from_dict(json.loads(line))


def graph_from_extractions(path: str | Path, curation: Curation | None = None) -> tuple[nx.MultiDiGraph, Resolver]:
    """Resolve entities over the whole file (pass 1), then build the graph (pass 2)."""
    resolver = resolve(read_extractions(path), curation)
    return build_graph(read_extractions(path), resolver), resolver


def summarize_graph(g: nx.MultiDiGraph, summary: RunSummary, top_n: int = 10) -> None:
    summary.nodes = dict(sorted(Counter(d["label"] for _, d in g.nodes(data=True)).items()))
    summary.edges = dict(sorted(Counter(d["type"] for _, _, d in g.edges(data=True)).items()))
    for label in (DATASET, METHOD, MODEL):
        ranked = sorted(((d["name"], d.get("papers", 0)) for _, d in g.nodes(data=True) if d["label"] == label),
                        key=lambda t: (-t[1], t[0]))
        summary.top[label] = [r for r in ranked[:top_n] if r[1] > 0]


def _exchange(a: Path, b: Path) -> bool:
    """Atomically swap two directories (Linux renameat2 RENAME_EXCHANGE); False where unsupported."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    at_fdcwd, rename_exchange = -100, 2
    return renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange) == 0


def _swap_in(tmp: Path, out: Path) -> None:
    """Replace ``out`` by ``tmp``: the previous output stays whole, at ``out``, until one atomic exchange.

    Where the exchange is unsupported, two renames with a backup that ``recover_interrupted`` restores.
    """
    if out.is_dir() and _exchange(tmp, out):
        shutil.rmtree(tmp)  # now the previous output; a crash here leaves only a stale build dir
        fsync_dir(out.parent)
        return
    backup = out.with_name(f".{out.name}.previous")
    if backup.exists():
        shutil.rmtree(backup)
    if out.exists():
        os.rename(out, backup)
    os.rename(tmp, out)
    fsync_dir(out.parent)
    if backup.exists():
        shutil.rmtree(backup)


@contextmanager
def _build_lock(out: Path) -> Iterator[None]:
    """One `kg build` at a time per output directory (a lock file beside it; freed even on kill -9)."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - not POSIX
        yield
        return
    with open(out.with_name(f".{out.name}.lock"), "a") as fh:
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            raise InputError(f"{out}: another `kg build` is writing this directory; wait for it to finish") from None
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def recover_interrupted(out: Path) -> None:
    """If a build died between its two renames, put the previous output back."""
    backup = out.with_name(f".{out.name}.previous")
    if backup.exists() and not out.exists():
        os.rename(backup, out)
    for stale in out.parent.glob(f".{out.name}.build-*"):
        shutil.rmtree(stale, ignore_errors=True)


def build(
    inputs: Iterable[str | Path] | None = None,
    out_dir: str | Path = "kg-out",
    *,
    fmt: str | None = None,
    on_error: ErrorPolicy | None = None,
    workers: int = 1,
    curation: Curation | str | Path | None = None,
    view: bool = True,
    progress: bool = True,
    extractor: Extractor | None = None,
) -> RunSummary:
    """The main job: extract, resolve, build and save the graph, its view and a summary into ``out_dir``."""
    out = Path(out_dir).resolve()
    if out.exists() and not out.is_dir():
        raise InputError(f"{out}: exists and is not a directory")
    out.parent.mkdir(parents=True, exist_ok=True)
    with _build_lock(out):
        return _build_locked(inputs, out, fmt=fmt, on_error=on_error, workers=workers, curation=curation,
                             view=view, progress=progress, extractor=extractor)


def _build_locked(inputs: Iterable[str | Path] | None, out: Path, *, fmt: str | None, on_error: ErrorPolicy | None,
                  workers: int, curation: Curation | str | Path | None, view: bool, progress: bool,
                  extractor: Extractor | None) -> RunSummary:
    recover_interrupted(out)
    cur = curation if isinstance(curation, Curation) or curation is None else Curation.load(curation)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.build-", dir=out.parent))
    os.chmod(tmp, 0o777 & ~current_umask())
    try:
        summary = extract_to_file(inputs, tmp / EXTRACTIONS, fmt=fmt, on_error=on_error, workers=workers, progress=progress,
                                  extractor=extractor)
        if summary.papers == 0:
            raise InputError(f"no papers read from the inputs ({summary.skipped} bad records skipped); "
                             f"{'the previous output is left as it was' if out.exists() else 'nothing written'}")
        g, resolver = graph_from_extractions(tmp / EXTRACTIONS, cur)
        save_graph(g, tmp)
        summarize_graph(g, summary)
        summary.resolution = resolver.stats()
        summary.outputs = {"extractions": EXTRACTIONS, "graph_json": "graph.json", "graphml": "graph.graphml"}
        if view:
            from .viz import write_view

            write_view(g, tmp / VIEW, min_papers=2, title="paperkg: default view")
            summary.outputs["view"] = VIEW
        with atomic_write(tmp / SUMMARY) as fh:
            json.dump(summary.to_dict(), fh, indent=2, sort_keys=True, ensure_ascii=False)
            fh.write("\n")
        _swap_in(tmp, out)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return summary


__all__ = [
    "build", "extract_to_file", "read_extractions", "graph_from_extractions", "summarize_graph", "RunSummary",
    "read_papers", "Extractor",
]
