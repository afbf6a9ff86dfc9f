"""Extraction beyond one machine, on Dask: partition-wise ``extract_bag`` over a ``dask.bag``.

    import dask.bag as db
    from distributed import Client
    from kg.distributed import extract_bag, read_jsonl_bag

    client = Client("tcp://scheduler:8786")           # or LocalCluster(n_workers=..., threads_per_worker=1)
    papers = read_jsonl_bag("s3://bucket/arxiv-metadata-oai-snapshot.json", blocksize="64MiB")
    extract_bag(papers).map(json.dumps).to_textfiles("s3://bucket/extractions/*.jsonl")

Each partition is processed by one spaCy pipeline (built once per worker process and reused by
every partition it runs) with ``nlp.pipe``; the result is a bag of extraction dicts, exactly the
lines ``kg extract`` writes (``Extraction.to_dict()``), in the order of the input bag. Run workers
with ``threads_per_worker=1`` (spaCy holds the GIL; a thread-local pipeline is built otherwise).

Unlike ``kg extract``, papers repeated across partitions are not merged: a bag has no global view.
Build the graph from the concatenated output with ``kg.api.graph_from_extractions`` (resolution
needs every paper's entities, so it runs on one machine; it holds only names and counts).
"""
from __future__ import annotations

import json
import threading
from typing import Any, Iterable, Iterator

from .extract import Extractor
from .ingest.tabular import paper_from_mapping
from .records import Paper

_LOCAL = threading.local()


def _extractor(batch_size: int) -> Extractor:
    """The calling worker thread's extractor (its pipeline is built on first use, then reused)."""
    ex = getattr(_LOCAL, "extractor", None)
    if ex is None:
        ex = _LOCAL.extractor = Extractor(batch_size=batch_size)
    ex.batch_size = batch_size
    return ex


def _papers(records: Iterable[Any], on_error: str) -> Iterator[Paper]:
    for i, rec in enumerate(records):
        if isinstance(rec, Paper):
            yield rec
            continue
        paper = paper_from_mapping(rec, f"bag:{rec.get('id', i) if isinstance(rec, dict) else i}") if isinstance(rec, dict) else "not a mapping"
        if isinstance(paper, str):
            if on_error == "raise":
                raise ValueError(f"bad paper record {i}: {paper}")
            continue
        yield paper


def extract_partition(records: Iterable[Any], batch_size: int = 64, on_error: str = "skip") -> list[dict[str, Any]]:
    """Extract one partition: paper records (dicts as in JSONL/arXiv snapshot, or ``Paper``) → extraction dicts."""
    ex = _extractor(batch_size)
    return [e.to_dict() for e in ex.pipe(_papers(records, on_error))]


def extract_bag(papers: Any, batch_size: int = 64, on_error: str = "skip") -> Any:
    """A ``dask.bag.Bag`` of extraction dicts from a bag of paper records, partition by partition.

    ``papers`` holds dicts with ``title`` and ``abstract`` (``summary``) and optional ``id``,
    ``url``, ``date``/``update_date``, ``authors``/``authors_parsed``, ``categories`` (the
    JSONL/arXiv-snapshot fields), or ``kg.records.Paper`` objects. Records without a title or
    abstract are dropped (``on_error="skip"``) or fail the task (``on_error="raise"``).
    """
    return papers.map_partitions(extract_partition, batch_size=batch_size, on_error=on_error)


def read_jsonl_bag(urlpath: str | list[str], blocksize: str | int | None = "64MiB", **kwargs: Any) -> Any:
    """A bag of paper dicts from JSON Lines files (local, glob or remote ``urlpath``), split into blocks."""
    import dask.bag as db

    return db.read_text(urlpath, blocksize=blocksize, **kwargs).filter(str.strip).map(json.loads)


__all__ = ["extract_bag", "extract_partition", "read_jsonl_bag"]
