"""Save and reload the NetworkX graph (node-link JSON and GraphML), always atomically and in a stable order."""
from __future__ import annotations

import json
import os
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any, Iterator

import networkx as nx

from .graph import new_graph

GRAPH_JSON = "graph.json"
GRAPH_ML = "graph.graphml"


@contextmanager
def atomic_write(path: str | Path, mode: str = "w") -> Iterator[IO[Any]]:
    """Write to a temp file beside ``path`` and rename it over ``path`` only when complete."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.chmod(tmp, 0o666 & ~_umask())
    try:
        with os.fdopen(fd, mode, **({"encoding": "utf-8", "newline": "\n"} if "b" not in mode else {})) as fh:
            yield fh
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    _fsync_dir(path.parent)


def _fsync_dir(path: Path) -> None:
    """Make a rename in ``path`` durable across a power cut (best effort; a no-op where unsupported)."""
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def sorted_graph(g: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """A copy with nodes and edges in sorted order, so files written from it are deterministic."""
    h = new_graph()
    h.graph.update(g.graph)
    for n in sorted(g.nodes):
        h.add_node(n, **g.nodes[n])
    for u, v, k in sorted(g.edges(keys=True)):
        h.add_edge(u, v, key=k, **g.edges[u, v, k])
    return h


def graph_to_json(g: nx.MultiDiGraph) -> str:
    data = nx.node_link_data(sorted_graph(g), edges="links")
    return json.dumps(data, ensure_ascii=False, sort_keys=True, indent=None, separators=(",", ":"))


def save_graph(g: nx.MultiDiGraph, out_dir: str | Path) -> dict[str, Path]:
    """Write ``graph.json`` (node-link, lossless) and ``graph.graphml`` (lists as JSON strings)."""
    out = Path(out_dir)
    with atomic_write(out / GRAPH_JSON) as fh:
        fh.write(graph_to_json(g))
    flat = sorted_graph(g)
    for _, data in flat.nodes(data=True):
        _flatten(data)
    for _, _, data in flat.edges(data=True):
        _flatten(data)
    with atomic_write(out / GRAPH_ML, "wb") as fh:
        nx.write_graphml(flat, fh, encoding="utf-8", prettyprint=True, named_key_ids=True)
    return {"json": out / GRAPH_JSON, "graphml": out / GRAPH_ML}


def _flatten(data: dict[str, Any]) -> None:
    for k, v in list(data.items()):
        if isinstance(v, (list, dict, tuple)):
            data[k] = json.dumps(v, ensure_ascii=False, sort_keys=True)


def load_graph(path: str | Path) -> nx.MultiDiGraph:
    """Load a saved graph from a build directory or a ``graph.json`` file."""
    p = Path(path)
    if p.is_dir():
        p = p / GRAPH_JSON
    with open(p, encoding="utf-8") as fh:
        data = json.load(fh)
    g = nx.node_link_graph(data, directed=True, multigraph=True, edges="links")
    return g
