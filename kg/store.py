"""Save and reload the NetworkX graph (node-link JSON and GraphML), always atomically and in a stable order."""
from __future__ import annotations

import functools
import json
import os
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any, Iterator

import networkx as nx
from lxml import etree

GRAPH_JSON = "graph.json"
GRAPH_ML = "graph.graphml"


@contextmanager
def atomic_write(path: str | Path, mode: str = "w") -> Iterator[IO[Any]]:
    """Write to a temp file beside ``path`` and rename it over ``path`` only when complete."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.chmod(tmp, 0o666 & ~current_umask())
    try:
        with os.fdopen(fd, mode, **({"encoding": "utf-8", "newline": "\n"} if "b" not in mode else {})) as fh:
            yield fh
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    fsync_dir(path.parent)


def fsync_dir(path: Path) -> None:
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


def current_umask() -> int:
    """The process umask (read by setting and restoring it), for files made with mkstemp/mkdtemp."""
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _sorted_nodes(g: nx.MultiDiGraph) -> list[str]:
    return sorted(g.nodes)


def _sorted_edges(g: nx.MultiDiGraph) -> list[tuple[str, str, str]]:
    return sorted(g.edges(keys=True))


def write_json(g: nx.MultiDiGraph, fh: IO[str]) -> None:
    """Node-link JSON (``nx.node_link_graph(..., edges="links")`` reads it), written element by
    element in sorted order: no second copy of the graph in memory, byte-identical on rebuilds."""
    dumps = functools.partial(json.dumps, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    fh.write('{"directed":true,"graph":' + dumps(dict(g.graph)) + ',"links":[')
    for i, (u, v, k) in enumerate(_sorted_edges(g)):
        fh.write(("," if i else "") + dumps({**g.edges[u, v, k], "source": u, "target": v, "key": k}))
    fh.write('],"multigraph":true,"nodes":[')
    for i, n in enumerate(_sorted_nodes(g)):
        fh.write(("," if i else "") + dumps({**g.nodes[n], "id": n}))
    fh.write("]}")


GRAPHML_TYPES = {bool: "boolean", int: "long", float: "double", str: "string"}


def _graphml_value(v: Any) -> tuple[str, str]:
    """(GraphML type, text) of an attribute; lists and dicts become JSON strings."""
    if isinstance(v, (list, dict, tuple)):
        return "string", json.dumps(v, ensure_ascii=False, sort_keys=True)
    kind = GRAPHML_TYPES.get(type(v), "string")
    return kind, ("true" if v else "false") if kind == "boolean" else str(v)


def write_graphml(g: nx.MultiDiGraph, fh: IO[bytes]) -> None:
    """GraphML streamed with lxml's incremental writer (networkx's writer builds the whole tree)."""
    keys: dict[tuple[str, str], str] = {}
    for domain, items in (("node", (d for _, d in g.nodes(data=True))), ("edge", (d for _, _, d in g.edges(data=True)))):
        for data in items:
            for name, value in data.items():
                keys.setdefault((domain, name), _graphml_value(value)[0])
    ids = {dk: f"d{i}" for i, dk in enumerate(sorted(keys))}
    with etree.xmlfile(fh, encoding="utf-8") as xf:
        xf.write_declaration()
        with xf.element("graphml", nsmap={None: "http://graphml.graphdrawing.org/xmlns"}):
            for (domain, name), kid in sorted(ids.items(), key=lambda kv: kv[1]):
                xf.write(etree.Element("key", {"id": kid, "for": domain, "attr.name": name, "attr.type": keys[(domain, name)]}))
            with xf.element("graph", {"edgedefault": "directed", "id": str(g.graph.get("name", "G"))}):
                for n in _sorted_nodes(g):
                    xf.write(_graphml_element("node", {"id": n}, g.nodes[n], "node", ids))
                for u, v, k in _sorted_edges(g):
                    xf.write(_graphml_element("edge", {"id": k, "source": u, "target": v}, g.edges[u, v, k], "edge", ids))


def _graphml_element(tag: str, attrib: dict[str, str], data: dict[str, Any], domain: str, ids: dict) -> Any:
    el = etree.Element(tag, attrib)
    for name in sorted(data):
        sub = etree.SubElement(el, "data", {"key": ids[(domain, name)]})
        sub.text = _graphml_value(data[name])[1]
    return el


def save_graph(g: nx.MultiDiGraph, out_dir: str | Path) -> dict[str, Path]:
    """Write ``graph.json`` (node-link, lossless) and ``graph.graphml`` (lists as JSON strings)."""
    out = Path(out_dir)
    with atomic_write(out / GRAPH_JSON) as fh:
        write_json(g, fh)
    with atomic_write(out / GRAPH_ML, "wb") as fh:
        write_graphml(g, fh)
    return {"json": out / GRAPH_JSON, "graphml": out / GRAPH_ML}


def load_graph(path: str | Path) -> nx.MultiDiGraph:
    """Load a saved graph from a build directory or a ``graph.json`` file."""
    p = Path(path)
    if p.is_dir():
        p = p / GRAPH_JSON
    with open(p, encoding="utf-8") as fh:
        data = json.load(fh)
    g = nx.node_link_graph(data, directed=True, multigraph=True, edges="links")
    return g
