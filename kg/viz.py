"""Interactive, self-contained HTML views of the graph (vis-network, through pyvis).

``write_view`` selects a subgraph (the whole graph, or an ego view around one node), lays it out
in the browser with vis-network and writes one HTML file that works offline: vis-network's
script and stylesheet are read at run time from the installed pyvis package and inlined, and the
page references no URL at all (a Content-Security-Policy forbids any fetch and any script but the
page's own).

All text comes from papers and is untrusted: it only travels as JSON (with ``<``, ``>``, ``&``,
U+2028 and U+2029 escaped) inside a ``<script type="application/json">`` block, and the page
turns it into DOM text nodes (``textContent``), never into markup. Tooltips are DOM elements
built that way; links are only made from ``http(s)`` URLs.

Two projections:

* ``papers`` (default): the typed graph itself: papers, the entities they name, and the
  entity-entity edges (``OUTPERFORMS``, ``VARIANT_OF``). Claims are left out unless asked for.
* ``entities``: entities only, two of them joined when papers name both; the edge weight is the
  number of papers they share.
"""
from __future__ import annotations

import base64
import hashlib
import html
import json
import math
import re
from collections import defaultdict
from dataclasses import dataclass
from importlib import resources
from itertools import combinations
from pathlib import Path
from typing import Any, Iterable

import networkx as nx

from .schema import (
    CLAIM, DATASET, ENTITY_LABELS, FIELD_OF_LABEL, LABELS, METHOD, METRIC, MODEL, PAPER,
    REPOSITORY, TASK, node_id,
)
from .store import atomic_write

__all__ = [
    "ViewStats", "View", "ViewError", "FocusNotFound", "STYLE", "DEFAULT_LABELS", "PROJECTIONS",
    "find_node", "parse_types", "select_view", "render_html", "write_view",
]

PROJECTIONS = ("papers", "entities")

#: Labels shown when ``types`` is not given (claims are many and wordy: ask for them).
DEFAULT_LABELS: tuple[str, ...] = tuple(l for l in LABELS if l != CLAIM)

#: Colour (colour-blind friendly, ColorBrewer Set2/Dark2 based), vis-network shape and legend glyph per label.
STYLE: dict[str, dict[str, str]] = {
    PAPER: {"color": "#7b93c9", "shape": "dot", "glyph": "\u25cf"},
    METHOD: {"color": "#f0823f", "shape": "diamond", "glyph": "\u25c6"},
    MODEL: {"color": "#d9559c", "shape": "star", "glyph": "\u2605"},
    DATASET: {"color": "#2ba37f", "shape": "square", "glyph": "\u25a0"},
    TASK: {"color": "#8bbf2b", "shape": "triangle", "glyph": "\u25b2"},
    METRIC: {"color": "#e2b400", "shape": "triangleDown", "glyph": "\u25bc"},
    REPOSITORY: {"color": "#8c6d46", "shape": "hexagon", "glyph": "\u2b22"},
    CLAIM: {"color": "#9c7fc7", "shape": "dot", "glyph": "\u2022"},
}

#: Edge colours by relationship type (anything else is grey).
EDGE_COLORS: dict[str, str] = {
    "PROPOSES": "#59606b", "OUTPERFORMS": "#d62728", "VARIANT_OF": "#9467bd", "IMPLEMENTS": "#8c6d46",
}
_EDGE_GREY = "#a8b0ba"

_LABEL_CHARS = {PAPER: 42, CLAIM: 36}
_ENTITY_LABEL_CHARS = 32
_TIP_ABSTRACT = 300     # tooltip
_PANEL_ABSTRACT = 1200  # details panel
_SENTENCE_CHARS = 400
_MAX_ALIASES = 12


class ViewError(ValueError):
    """A view that cannot be made as asked (bad projection, type or depth): a user error."""


class FocusNotFound(ViewError, LookupError):
    """``focus`` names no node (the message lists near names)."""


@dataclass(frozen=True)
class ViewStats:
    """What ``write_view`` wrote: node and edge counts of the view and the file."""

    nodes: int
    edges: int
    path: Path
    focus: str | None = None
    dropped: int = 0  # nodes that matched but were cut by ``max_nodes``


@dataclass
class View:
    """A selected subgraph, ready to render."""

    graph: nx.Graph  # MultiDiGraph (papers projection) or Graph with ``weight``/``papers`` (entities)
    projection: str
    focus: str | None = None
    depth: int = 1
    dropped: int = 0


# --------------------------------------------------------------------------------------------
# Selection
# --------------------------------------------------------------------------------------------

def _norm(s: Any) -> str:
    return " ".join(str(s).split()).casefold()


def _paper_count(g: nx.MultiDiGraph, nid: str) -> int:
    data = g.nodes[nid]
    if "papers" in data and data["papers"] is not None:
        return int(data["papers"])
    return len({u for u, _ in g.in_edges(nid) if g.nodes[u].get("label") == PAPER})


def find_node(g: nx.MultiDiGraph, query: str, labels: Iterable[str] | None = None) -> str:
    """The node named by ``query``: a node id, or a key, name, title or alias (case-insensitive).

    Exact id wins; then name/key/title matches before alias matches; ties go to the node with most
    papers (then most links), then the smallest id. Raises ``FocusNotFound`` (a ``LookupError``
    and ``ValueError``, with near names) if nothing matches.
    """
    allowed = set(labels) if labels is not None else None
    if query in g and (allowed is None or g.nodes[query].get("label") in allowed):
        return query
    q = _norm(query)
    if not q:
        raise FocusNotFound("empty focus")
    best: tuple | None = None
    near: list[tuple[int, str]] = []
    for nid, d in g.nodes(data=True):
        label = d.get("label")
        if allowed is not None and label not in allowed:
            continue
        primary = {_norm(nid), _norm(d.get("key", "")), _norm(d.get("name", "")), _norm(d.get("title", ""))}
        rank = None
        if q in primary:
            rank = 0
        elif any(_norm(a) == q for a in d.get("aliases") or ()):
            rank = 1
        if rank is None:
            if label != CLAIM and q in _norm(d.get("name", "")):
                near.append((-_weight_for_rank(g, nid), nid))
            continue
        cand = (rank, -_weight_for_rank(g, nid), -g.degree(nid), nid)
        if best is None or cand < best:
            best = cand
    if best is None:
        near.sort()
        hint = "; did you mean: " + ", ".join(_trunc(g.nodes[n].get("name", n), 60) for _, n in near[:5]) if near else ""
        raise FocusNotFound(f"no node named {query!r}{hint}")
    return best[-1]


def _weight_for_rank(g: nx.MultiDiGraph, nid: str) -> int:
    label = g.nodes[nid].get("label")
    return _paper_count(g, nid) if label in ENTITY_LABELS else 0


_LABEL_BY_NAME = {l.casefold(): l for l in LABELS}
_LABEL_BY_NAME.update({f.casefold(): l for l, f in FIELD_OF_LABEL.items()})
_LABEL_BY_NAME.update({(l + "s").casefold(): l for l in LABELS})
_LABEL_BY_NAME.update({"papers": PAPER, "claims": CLAIM, "repos": REPOSITORY, "repo": REPOSITORY})


def parse_types(types: Iterable[str] | str | None, projection: str = "papers") -> set[str]:
    """The labels a view keeps.

    ``None`` or empty: every label but Claim. Otherwise a list (or comma-separated string) of
    labels (case-insensitive, singular or plural: ``Method``, ``datasets``); Paper is added unless
    excluded. Items prefixed ``-`` or ``!`` exclude a label (``["-Paper"]``, ``"Method,-Paper"``).
    The ``entities`` projection never keeps Paper or Claim.
    """
    if isinstance(types, str):
        types = [types]
    include: set[str] = set()
    exclude: set[str] = set()
    for item in types or ():
        for part in str(item).split(","):
            part = part.strip()
            if not part:
                continue
            neg = part[0] in "-!"
            name = part[1:].strip() if neg else part
            label = _LABEL_BY_NAME.get(name.casefold())
            if label is None:
                raise ViewError(f"unknown node type {name!r}; known: {', '.join(LABELS)}")
            (exclude if neg else include).add(label)
    if include:
        keep = include | ({PAPER} if PAPER not in exclude else set())
    else:
        keep = set(DEFAULT_LABELS)
    keep -= exclude
    if projection == "entities":
        keep &= set(ENTITY_LABELS)
    return keep


def _rank_and_cut(h: nx.Graph, dist: dict[str, int] | None, max_nodes: int | None,
                  keep: str | None) -> tuple[list[str], int]:
    """Nodes of ``h`` ordered by (hop distance from focus, most neighbours, id), cut to ``max_nodes``."""
    und = h.to_undirected(as_view=True) if h.is_directed() else h

    def degree(n: str) -> int:
        return sum(1 for m in und.neighbors(n) if m != n)

    order = sorted(h.nodes, key=lambda n: (0 if n == keep else 1, dist.get(n, 0) if dist else 0, -degree(n), n))
    if max_nodes is None or max_nodes <= 0 or len(order) <= max_nodes:
        return order, 0
    return order[:max_nodes], len(order) - max_nodes


def _entities_projection(g: nx.MultiDiGraph, ents: set[str]) -> nx.Graph:
    """Entities joined when a paper links to both; ``weight`` = shared papers, ``papers`` = their ids."""
    p = nx.Graph()
    for n in sorted(ents):
        p.add_node(n, **g.nodes[n])
    shared: dict[tuple[str, str], list[str]] = defaultdict(list)
    for pid in sorted(n for n, d in g.nodes(data=True) if d.get("label") == PAPER):
        linked = sorted({v for _, v in g.out_edges(pid) if v in ents})
        for a, b in combinations(linked, 2):
            shared[(a, b)].append(pid)
    for (a, b), papers in sorted(shared.items()):
        p.add_edge(a, b, weight=len(papers), papers=papers, type="CO_OCCURS")
    return p


def select_view(g: nx.MultiDiGraph, *, focus: str | None = None, depth: int = 1,
                types: Iterable[str] | str | None = None, min_papers: int = 1,
                max_nodes: int | None = 600, projection: str = "papers") -> View:
    """Select the subgraph a view shows (see ``write_view``)."""
    if projection not in PROJECTIONS:
        raise ViewError(f"projection must be one of {PROJECTIONS}, not {projection!r}")
    if depth < 0:
        raise ViewError("depth must be >= 0")
    keep = parse_types(types, projection)

    def passes(n: str, d: dict[str, Any]) -> bool:
        label = d.get("label")
        if label not in keep:
            return False
        return label not in ENTITY_LABELS or _paper_count(g, n) >= min_papers

    fid = None
    if focus is not None:
        fid = find_node(g, focus, ENTITY_LABELS if projection == "entities" else None)
    nodes = {n for n, d in g.nodes(data=True) if passes(n, d)}
    if fid is not None:
        nodes.add(fid)
    if projection == "papers":
        h: nx.Graph = g.subgraph(nodes)
    else:
        h = _entities_projection(g, nodes)
    dist = None
    if fid is not None:
        und = h.to_undirected(as_view=True) if h.is_directed() else h
        dist = nx.single_source_shortest_path_length(und, fid, cutoff=depth)
        h = h.subgraph(dist)
    order, dropped = _rank_and_cut(h, dist, max_nodes, fid)
    view = h.subgraph(order).copy()
    return View(graph=view, projection=projection, focus=fid, depth=depth, dropped=dropped)


# --------------------------------------------------------------------------------------------
# Rendering
# --------------------------------------------------------------------------------------------

def _trunc(s: Any, n: int) -> str:
    s = " ".join(str(s or "").split())
    return s if len(s) <= n else s[: max(1, n - 1)].rstrip() + "\u2026"


_URL_OK = re.compile(r"^https?://[^\s<>\"']+$", re.I)


def _safe_url(u: Any) -> str | None:
    """An http(s) URL, or None (no javascript:, data: and the like ever become links)."""
    if not isinstance(u, str):
        return None
    u = u.strip()
    return u if _URL_OK.match(u) else None


def _node_payload(g: nx.MultiDiGraph, nid: str, d: dict[str, Any]) -> dict[str, Any]:
    label = d.get("label", "")
    style = STYLE.get(label, STYLE[PAPER])
    name = d.get("name") or d.get("title") or d.get("key") or nid
    out: dict[str, Any] = {"kgType": label, "kgName": _trunc(name, 300)}
    if label == PAPER:
        title = d.get("title") or name
        out["kgName"] = _trunc(title, 300)
        out["kgDate"] = str(d.get("date") or "")
        authors = [str(a) for a in (d.get("authors") or [])]
        out["kgAuthors"] = ", ".join(authors[:6]) + (" et al." if len(authors) > 6 else "")
        url = _safe_url(d.get("url"))
        if url:
            out["kgUrl"] = url
        out["kgAbstract"] = _trunc(d.get("abstract", ""), _PANEL_ABSTRACT)
        display = _trunc(title, _LABEL_CHARS[PAPER])
        value = 1
    elif label == CLAIM:
        out["kgName"] = _trunc(d.get("text") or name, 600)
        out["kgKind"] = str(d.get("kind") or "")
        if d.get("value") is not None:
            out["kgValue"] = str(d.get("value"))
        display = _trunc(d.get("text") or name, _LABEL_CHARS[CLAIM])
        value = 1
    else:
        aliases = [str(a) for a in (d.get("aliases") or []) if _norm(a) != _norm(name)]
        out["kgAliases"] = [_trunc(a, 80) for a in aliases[:_MAX_ALIASES]]
        papers = _paper_count(g, nid) if nid in g else int(d.get("papers") or 0)
        out["kgPapers"] = papers
        display = _trunc(name, _ENTITY_LABEL_CHARS)
        value = round(math.sqrt(max(1, papers)), 3)  # area grows with the paper count
    color = style["color"]
    return {
        "id": nid, "label": display, "shape": style["shape"], "value": value,
        "color": {"background": color, "border": _darker(color),
                  "highlight": {"background": color, "border": "#111111"},
                  "hover": {"background": color, "border": "#111111"}},
        **out,
    }


def _darker(hex_color: str, f: float = 0.7) -> str:
    r, g, b = (int(hex_color[i:i + 2], 16) for i in (1, 3, 5))
    return "#{:02x}{:02x}{:02x}".format(int(r * f), int(g * f), int(b * f))


def _title_of(g: nx.MultiDiGraph, nid: str) -> str:
    d = g.nodes[nid] if nid in g else {}
    return _trunc(d.get("title") or d.get("name") or nid, 160)


def _paper_title(g: nx.MultiDiGraph, pid: Any) -> str:
    """Title of the paper an edge's ``paper`` provenance names (a paper key)."""
    if pid is None:
        return ""
    return _title_of(g, node_id(PAPER, str(pid)))


def _edge_payloads(g: nx.MultiDiGraph, view: View) -> list[dict[str, Any]]:
    h = view.graph
    out: list[dict[str, Any]] = []
    if view.projection == "entities":
        for a, b in sorted(h.edges()):
            d = h.edges[a, b]
            papers = d.get("papers", [])
            out.append({
                "from": a, "to": b, "value": d.get("weight", 1), "kgType": "shared papers",
                "kgWeight": d.get("weight", 1), "kgPapers": [_title_of(g, p) for p in papers[:5]],
            })
        return out
    groups: dict[tuple[str, str, str], list[dict[str, Any]]] = defaultdict(list)
    for u, v, k in sorted(h.edges(keys=True), key=lambda e: (e[0], e[1], str(e[2]))):
        d = h.edges[u, v, k]
        groups[(u, v, str(d.get("type", k)))].append(d)
    for (u, v, t), ds in groups.items():
        first = ds[0]
        e = {"from": u, "to": v, "kgType": t, "kgCount": len(ds),
             "kgSentence": _trunc(first.get("sentence", ""), _SENTENCE_CHARS),
             "kgPaper": _paper_title(g, first.get("paper")),
             "color": {"color": EDGE_COLORS.get(t, _EDGE_GREY), "opacity": 0.75 if t in EDGE_COLORS else 0.45}}
        if t == "PROPOSES":
            e["width"] = 1.6
        if t == "VARIANT_OF":
            e["dashes"] = True
        if t == "OUTPERFORMS" and first.get("dataset"):
            e["kgDataset"] = _trunc(first.get("dataset"), 80)
        out.append(e)
    return out


def _network_data(g: nx.MultiDiGraph, view: View) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Node and edge dicts for vis-network, assembled with a pyvis ``Network``."""
    from pyvis.network import Network  # imported lazily: pyvis pulls in IPython

    net = Network(directed=view.projection == "papers")
    h = view.graph
    for nid in sorted(h.nodes):
        p = _node_payload(g, nid, h.nodes[nid])
        net.add_node(p.pop("id"), label=p.pop("label"), shape=p.pop("shape"), color=p.pop("color"), **p)
    # pyvis' add_edge re-checks node membership with a list scan; the ids come from the view
    # itself, so the edge dicts are appended as pyvis' Edge would build them.
    from pyvis.edge import Edge
    for e in _edge_payloads(g, view):
        src, dst = e.pop("from"), e.pop("to")
        net.edges.append(Edge(src, dst, net.directed, **e).options)
    nodes, edges, *_ = net.get_network_data()
    return nodes, edges


def _options(n_nodes: int, projection: str) -> dict[str, Any]:
    iterations = 400 if n_nodes <= 300 else 250 if n_nodes <= 1200 else 180
    return {
        "autoResize": True,
        "layout": {"improvedLayout": n_nodes <= 150, "randomSeed": 7},
        "nodes": {
            "borderWidth": 1,
            "font": {"size": 13, "face": "system-ui, -apple-system, Segoe UI, Roboto, sans-serif",
                     "color": "#1d2430", "strokeWidth": 4, "strokeColor": "#ffffff"},
            # labels grow with the paper count and fade out when zoomed out below drawThreshold
            # pixels: an overview shows the big entities' names, zooming in reveals the rest
            "scaling": ({"min": 7, "max": 42,
                         "label": {"enabled": True, "min": 10, "max": 40, "maxVisible": 24, "drawThreshold": 7}}
                        if n_nodes > 60 else
                        {"min": 8, "max": 24,
                         "label": {"enabled": True, "min": 11, "max": 18, "maxVisible": 20, "drawThreshold": 5}}),
        },
        "edges": {
            "smooth": False,
            "arrows": {"to": {"enabled": projection == "papers", "scaleFactor": 0.45}},
            "width": 1,
            "selectionWidth": 2,
            "scaling": {"min": 1, "max": 8, "label": {"enabled": False}},
            "color": {"color": _EDGE_GREY, "highlight": "#333333", "hover": "#333333", "opacity": 0.5},
        },
        "physics": {
            "enabled": True,
            "solver": "forceAtlas2Based",
            # small (ego) views get room for their labels; big ones stay compact enough to read
            "forceAtlas2Based": ({"gravitationalConstant": -45, "centralGravity": 0.022, "springLength": 60,
                                  "springConstant": 0.06, "damping": 0.5, "avoidOverlap": 0.2}
                                 if n_nodes > 150 else
                                 {"gravitationalConstant": -140, "centralGravity": 0.01, "springLength": 130,
                                  "springConstant": 0.05, "damping": 0.5, "avoidOverlap": 0.5}),
            "maxVelocity": 60,
            "minVelocity": 1.0,
            "timestep": 0.45,
            "stabilization": {"enabled": True, "iterations": iterations, "updateInterval": 20, "fit": True},
        },
        "interaction": {"hover": True, "tooltipDelay": 120, "hideEdgesOnDrag": n_nodes > 400,
                        "hideEdgesOnZoom": n_nodes > 1200, "multiselect": False, "navigationButtons": False,
                        "keyboard": False},
    }


def _script_json(obj: Any) -> str:
    """JSON safe inside a ``<script>`` element: no ``<``, ``>``, ``&``, U+2028 or U+2029 left raw."""
    s = json.dumps(obj, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return (s.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


_VIS_DIR = "vis-9.1.2"


def _vis_assets() -> tuple[str, str]:
    """vis-network's script and stylesheet as shipped inside the installed pyvis wheel."""
    base = resources.files("pyvis") / "lib" / _VIS_DIR
    js = (base / "vis-network.min.js").read_text(encoding="utf-8")
    css = (base / "vis-network.css").read_text(encoding="utf-8")
    js = re.sub(r"^//# sourceMappingURL=.*$", "", js, flags=re.M)
    css = re.sub(r"/\*# sourceMappingURL=.*?\*/", "", css)
    # Nothing may close the inline element early (neither file contains these today).
    js = re.sub(r"</(script)", r"<\\/\1", js, flags=re.I)
    css = re.sub(r"</(style)", r"\\3c /\1", css, flags=re.I)
    return js, css


_PAGE_CSS = """
html, body { margin: 0; padding: 0; height: 100%; overflow: hidden;
  font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #1d2430; background: #fbfbfd; }
#kg-network { position: absolute; inset: 0; }
.kg-box { position: absolute; background: rgba(255,255,255,0.94); border: 1px solid #d5d9e0;
  border-radius: 8px; box-shadow: 0 2px 8px rgba(20,30,50,0.12); font-size: 13px; z-index: 5; }
#kg-header { top: 10px; left: 10px; padding: 8px 12px; max-width: 460px; }
#kg-header h1 { font-size: 15px; margin: 0 0 4px 0; font-weight: 650; }
#kg-header .kg-sub { color: #5b6472; font-size: 12px; }
#kg-searchbar { display: flex; gap: 6px; margin-top: 8px; }
#kg-search { flex: 1; min-width: 220px; padding: 5px 8px; font-size: 13px; border: 1px solid #b9c0cb; border-radius: 5px; }
#kg-search-go { padding: 5px 10px; font-size: 13px; border: 1px solid #b9c0cb; border-radius: 5px; background: #f1f3f6; cursor: pointer; }
#kg-search-status { color: #a33; font-size: 12px; margin-top: 3px; }
#kg-search-status:empty { display: none; }
#kg-legend { bottom: 10px; left: 10px; padding: 8px 12px; line-height: 1.55; }
#kg-legend h2, #kg-panel h2 { font-size: 12px; text-transform: uppercase; letter-spacing: .05em; color: #5b6472; margin: 0 0 4px 0; }
.kg-glyph { display: inline-block; width: 1.3em; text-align: center; font-size: 15px; }
.kg-count { color: #5b6472; margin-left: 4px; }
.kg-edge-key { display: inline-block; width: 22px; height: 0; border-top: 2px solid; vertical-align: middle; margin: 0 6px 0 2px; }
#kg-panel { top: 10px; right: 10px; width: 340px; max-height: calc(100% - 40px); overflow: auto; padding: 10px 14px; display: none; }
#kg-panel .kg-close { float: right; border: none; background: none; font-size: 18px; cursor: pointer; color: #5b6472; }
#kg-panel .kg-title { font-weight: 650; font-size: 14px; margin: 4px 0 6px 0; }
#kg-panel .kg-meta { color: #5b6472; font-size: 12px; margin-bottom: 6px; }
#kg-panel .kg-abs { font-size: 12.5px; line-height: 1.45; white-space: pre-wrap; }
#kg-panel ul { padding-left: 18px; margin: 4px 0; }
#kg-panel li button { border: none; background: none; padding: 0; color: #2457a6; cursor: pointer; text-align: left; font: inherit; }
#kg-loading { top: 50%; left: 50%; transform: translate(-50%, -50%); padding: 14px 20px; font-size: 14px; }
div.vis-tooltip { max-width: 420px; white-space: normal; font-family: inherit; font-size: 12.5px; line-height: 1.4;
  background: #ffffff; border: 1px solid #c3c9d3; border-radius: 6px; box-shadow: 0 2px 8px rgba(20,30,50,0.18); padding: 8px 10px; color: #1d2430; }
.kg-tip-type { font-size: 11px; text-transform: uppercase; letter-spacing: .05em; color: #5b6472; }
.kg-tip-title { font-weight: 650; margin: 2px 0 4px 0; }
.kg-tip-meta { color: #5b6472; font-size: 12px; }
.kg-tip-text { margin-top: 4px; }
.kg-tip-url { color: #2457a6; font-size: 12px; word-break: break-all; }
"""

# The page script. It only ever puts untrusted text into the DOM with textContent (or as the
# value of <option>/href after an http(s) check), and hands vis-network tooltips as Elements.
_PAGE_JS = r"""
(function () {
  "use strict";
  var T0 = performance.now();
  var DATA = JSON.parse(document.getElementById("kg-data").textContent);
  var kg = window.kg = { ready: false, stabilizedMs: null, stats: DATA.stats, projection: DATA.projection };

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  }
  function safeUrl(u) {
    if (typeof u !== "string") return null;
    try { var x = new URL(u); return (x.protocol === "https:" || x.protocol === "http:") ? x.href : null; }
    catch (err) { return null; }
  }
  function clip(s, n) { s = String(s || ""); return s.length <= n ? s : s.slice(0, n - 1) + "\u2026"; }

  function nodeTip(n) {
    var d = el("div", "kg-tip");
    d.appendChild(el("div", "kg-tip-type", n.kgType));
    d.appendChild(el("div", "kg-tip-title", n.kgName));
    if (n.kgType === "Paper") {
      var meta = [n.kgDate, n.kgAuthors].filter(Boolean).join(" \u00b7 ");
      if (meta) d.appendChild(el("div", "kg-tip-meta", meta));
      if (safeUrl(n.kgUrl)) d.appendChild(el("div", "kg-tip-url", n.kgUrl));
      if (n.kgAbstract) d.appendChild(el("div", "kg-tip-text", clip(n.kgAbstract, DATA.tipChars)));
    } else if (n.kgType === "Claim") {
      var cm = [n.kgKind, n.kgValue].filter(Boolean).join(" \u00b7 ");
      if (cm) d.appendChild(el("div", "kg-tip-meta", cm));
    } else {
      d.appendChild(el("div", "kg-tip-meta", n.kgPapers + (n.kgPapers === 1 ? " paper" : " papers")));
      if (n.kgAliases && n.kgAliases.length) d.appendChild(el("div", "kg-tip-text", "Also: " + n.kgAliases.join(", ")));
    }
    return d;
  }
  function edgeTip(e) {
    var d = el("div", "kg-tip");
    d.appendChild(el("div", "kg-tip-type", e.kgType + (e.kgCount > 1 ? " \u00d7" + e.kgCount : "")));
    if (e.kgWeight !== undefined) {
      d.appendChild(el("div", "kg-tip-title", e.kgWeight + (e.kgWeight === 1 ? " shared paper" : " shared papers")));
      (e.kgPapers || []).forEach(function (t) { d.appendChild(el("div", "kg-tip-meta", "\u2022 " + t)); });
    } else {
      if (e.kgDataset) d.appendChild(el("div", "kg-tip-meta", "on " + e.kgDataset));
      if (e.kgSentence) d.appendChild(el("div", "kg-tip-text", "\u201c" + e.kgSentence + "\u201d"));
      if (e.kgPaper) d.appendChild(el("div", "kg-tip-meta", "\u2014 " + e.kgPaper));
    }
    return d;
  }

  var nodeList = DATA.nodes.map(function (n) { var c = Object.assign({}, n); c.title = nodeTip(n); return c; });
  var edgeList = DATA.edges.map(function (e, i) { var c = Object.assign({}, e); c.id = "e" + i; c.title = edgeTip(e); return c; });
  var nodes = new vis.DataSet(nodeList);
  var edges = new vis.DataSet(edgeList);
  var container = document.getElementById("kg-network");
  var network = new vis.Network(container, { nodes: nodes, edges: edges }, DATA.options);
  kg.network = network; kg.nodes = nodes; kg.edges = edges;
  window.network = network;

  // ---- layout progress; physics off once stabilised so big views stay responsive
  var loading = document.getElementById("kg-loading");
  var loadingText = document.getElementById("kg-loading-text");
  function done() {
    if (kg.ready) return;
    network.setOptions({ physics: false });
    kg.ready = true;
    kg.stabilizedMs = performance.now() - T0;
    loading.style.display = "none";
    document.body.setAttribute("data-kg-ready", "1");
  }
  network.on("stabilizationProgress", function (p) {
    loadingText.textContent = "Laying out " + Math.round(100 * p.iterations / p.total) + "%";
  });
  network.once("stabilizationIterationsDone", done);
  if (nodeList.length === 0) done();

  // ---- legend
  var legend = document.getElementById("kg-legend");
  var counts = {};
  DATA.nodes.forEach(function (n) { counts[n.kgType] = (counts[n.kgType] || 0) + 1; });
  DATA.legend.forEach(function (item) {
    if (!counts[item.label]) return;
    var row = el("div", "kg-legend-row");
    var g = el("span", "kg-glyph", item.glyph); g.style.color = item.color;
    row.appendChild(g);
    row.appendChild(document.createTextNode(item.label));
    row.appendChild(el("span", "kg-count", "(" + counts[item.label] + ")"));
    legend.appendChild(row);
  });
  var shownTypes = {};
  DATA.edges.forEach(function (e) { shownTypes[e.kgType] = true; });
  DATA.edgeLegend.forEach(function (item) {
    if (!shownTypes[item.type]) return;
    var row = el("div", "kg-legend-row");
    var k = el("span", "kg-edge-key"); k.style.borderTopColor = item.color;
    if (item.dashed) k.style.borderTopStyle = "dashed";
    row.appendChild(k);
    row.appendChild(document.createTextNode(item.text));
    legend.appendChild(row);
  });

  // ---- details panel
  var panel = document.getElementById("kg-panel");
  var panelBody = document.getElementById("kg-panel-body");
  document.getElementById("kg-panel-close").addEventListener("click", function () { panel.style.display = "none"; });
  function showPanel(id) {
    var n = nodes.get(id);
    if (!n) return;
    panelBody.replaceChildren();
    panelBody.appendChild(el("h2", null, n.kgType));
    panelBody.appendChild(el("div", "kg-title", n.kgName));
    if (n.kgType === "Paper") {
      var meta = [n.kgDate, n.kgAuthors].filter(Boolean).join(" \u00b7 ");
      if (meta) panelBody.appendChild(el("div", "kg-meta", meta));
      var u = safeUrl(n.kgUrl);
      if (u) {
        var a = el("a", "kg-tip-url", n.kgUrl);
        a.href = u; a.target = "_blank"; a.rel = "noopener noreferrer nofollow";
        var p = el("div", "kg-meta"); p.appendChild(a); panelBody.appendChild(p);
      }
      if (n.kgAbstract) panelBody.appendChild(el("div", "kg-abs", n.kgAbstract));
    } else if (n.kgType === "Claim") {
      var cm = [n.kgKind, n.kgValue].filter(Boolean).join(" \u00b7 ");
      if (cm) panelBody.appendChild(el("div", "kg-meta", cm));
    } else {
      panelBody.appendChild(el("div", "kg-meta", n.kgPapers + (n.kgPapers === 1 ? " paper" : " papers")));
      if (n.kgAliases && n.kgAliases.length) panelBody.appendChild(el("div", "kg-meta", "Also known as: " + n.kgAliases.join(", ")));
    }
    var nbrs = network.getConnectedNodes(id).map(function (m) { return nodes.get(m); }).filter(Boolean);
    nbrs.sort(function (a, b) { return a.kgType < b.kgType ? -1 : a.kgType > b.kgType ? 1 : (a.kgName < b.kgName ? -1 : 1); });
    if (nbrs.length) {
      panelBody.appendChild(el("h2", null, "Linked (" + nbrs.length + ")"));
      var ul = el("ul");
      nbrs.slice(0, 60).forEach(function (m) {
        var li = el("li"); var b = el("button", null, m.kgType + ": " + clip(m.kgName, 90));
        b.addEventListener("click", function () { selectNode(m.id); });
        li.appendChild(b); ul.appendChild(li);
      });
      panelBody.appendChild(ul);
    }
    panel.style.display = "block";
  }
  network.on("selectNode", function (p) { if (p.nodes.length) showPanel(p.nodes[0]); });

  // ---- search (name, alias, title or id; exact, then prefix, then substring)
  var index = [];
  DATA.nodes.forEach(function (n) {
    index.push([n.kgName.toLowerCase(), n.id]);
    index.push([n.id.toLowerCase(), n.id]);
    (n.kgAliases || []).forEach(function (a) { index.push([String(a).toLowerCase(), n.id]); });
  });
  var datalist = document.getElementById("kg-names");
  var seen = {};
  DATA.nodes.slice().sort(function (a, b) { return (b.kgPapers || 0) - (a.kgPapers || 0); }).forEach(function (n) {
    [n.kgName].concat(n.kgAliases || []).forEach(function (s) {
      if (seen[s]) return; seen[s] = 1;
      var o = document.createElement("option"); o.value = s; datalist.appendChild(o);
    });
  });
  function lookup(q) {
    q = String(q || "").trim().toLowerCase().replace(/\s+/g, " ");
    if (!q) return null;
    var i;
    for (i = 0; i < index.length; i++) if (index[i][0] === q) return index[i][1];
    for (i = 0; i < index.length; i++) if (index[i][0].indexOf(q) === 0) return index[i][1];
    for (i = 0; i < index.length; i++) if (index[i][0].indexOf(q) >= 0) return index[i][1];
    return null;
  }
  function selectNode(id) {
    network.selectNodes([id]);
    network.focus(id, { scale: 1.3, animation: { duration: 500, easingFunction: "easeInOutQuad" } });
    showPanel(id);
  }
  kg.selectNode = selectNode; kg.lookup = lookup;
  var box = document.getElementById("kg-search");
  var status = document.getElementById("kg-search-status");
  function search() {
    var id = lookup(box.value);
    if (id === null) { status.textContent = box.value.trim() ? "No match" : ""; return; }
    status.textContent = "";
    selectNode(id);
  }
  box.addEventListener("keydown", function (ev) { if (ev.key === "Enter") { ev.preventDefault(); search(); } });
  box.addEventListener("change", search);
  document.getElementById("kg-search-go").addEventListener("click", search);
  if (DATA.focus && nodes.get(DATA.focus)) {
    network.once("stabilizationIterationsDone", function () { network.selectNodes([DATA.focus]); });
  }
})();
"""


def _csp(scripts: list[str]) -> str:
    hashes = " ".join("'sha256-%s'" % _b64(hashlib.sha256(s.encode("utf-8")).digest()) for s in scripts)
    return ("default-src 'none'; script-src " + hashes + "; style-src 'unsafe-inline'; img-src data:; "
            "font-src data:; connect-src 'none'; object-src 'none'; base-uri 'none'; form-action 'none'")


def _b64(b: bytes) -> str:
    return base64.b64encode(b).decode("ascii")


def render_html(g: nx.MultiDiGraph, view: View, *, title: str | None = None) -> tuple[str, int, int]:
    """The page for a view; returns (html, node count, edge count)."""
    nodes, edges = _network_data(g, view)
    if title is None:
        title = _default_title(g, view)
    papers_total = sum(1 for _, d in g.nodes(data=True) if d.get("label") == PAPER)
    sub = f"{len(nodes)} nodes \u00b7 {len(edges)} edges"
    if view.projection == "entities":
        sub += " \u00b7 entities linked by shared papers"
    sub += f" \u00b7 from {papers_total} papers"
    if view.dropped:
        sub += f" \u00b7 {view.dropped} less-connected nodes hidden"
    data = {
        "nodes": nodes, "edges": edges, "options": _options(len(nodes), view.projection),
        "projection": view.projection, "focus": view.focus, "tipChars": _TIP_ABSTRACT,
        "stats": {"nodes": len(nodes), "edges": len(edges)},
        "legend": [{"label": l, "glyph": s["glyph"], "color": s["color"]} for l, s in STYLE.items()],
        "edgeLegend": [
            {"type": "PROPOSES", "text": "proposes", "color": EDGE_COLORS["PROPOSES"]},
            {"type": "OUTPERFORMS", "text": "outperforms (claimed)", "color": EDGE_COLORS["OUTPERFORMS"]},
            {"type": "VARIANT_OF", "text": "variant of", "color": EDGE_COLORS["VARIANT_OF"], "dashed": True},
            {"type": "shared papers", "text": "shared papers (width = count)", "color": _EDGE_GREY},
        ],
    }
    vis_js, vis_css = _vis_assets()
    scripts = [vis_js, _PAGE_JS]
    esc = html.escape
    page = "".join([
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n",
        f"<meta http-equiv=\"Content-Security-Policy\" content=\"{esc(_csp(scripts), quote=False)}\">\n",
        "<meta name=\"referrer\" content=\"no-referrer\">\n",
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n",
        f"<title>{esc(title)}</title>\n",
        "<style>", vis_css, "</style>\n<style>", _PAGE_CSS, "</style>\n",
        "<script>", vis_js, "</script>\n</head>\n<body>\n",
        "<div id=\"kg-network\"></div>\n",
        "<div id=\"kg-header\" class=\"kg-box\">",
        f"<h1>{esc(title)}</h1><div class=\"kg-sub\">{esc(sub)}</div>",
        "<div id=\"kg-searchbar\"><input id=\"kg-search\" type=\"search\" list=\"kg-names\" "
        "placeholder=\"Search a name or alias\u2026\" autocomplete=\"off\" aria-label=\"Search nodes\">",
        "<button id=\"kg-search-go\" type=\"button\">Find</button></div>",
        "<datalist id=\"kg-names\"></datalist><div id=\"kg-search-status\" role=\"status\"></div></div>\n",
        "<div id=\"kg-legend\" class=\"kg-box\"><h2>Legend</h2></div>\n",
        "<div id=\"kg-panel\" class=\"kg-box\"><button id=\"kg-panel-close\" class=\"kg-close\" type=\"button\" "
        "aria-label=\"Close\">\u00d7</button><div id=\"kg-panel-body\"></div></div>\n",
        "<div id=\"kg-loading\" class=\"kg-box\"><span id=\"kg-loading-text\">Laying out\u2026</span></div>\n",
        "<script type=\"application/json\" id=\"kg-data\">", _script_json(data), "</script>\n",
        "<script>", _PAGE_JS, "</script>\n</body>\n</html>\n",
    ])
    return page, len(nodes), len(edges)


def _default_title(g: nx.MultiDiGraph, view: View) -> str:
    if view.focus is not None:
        d = g.nodes[view.focus]
        name = d.get("name") or d.get("title") or view.focus
        return f"paperkg \u2014 {d.get('label', '')} \u201c{_trunc(name, 60)}\u201d (depth {view.depth})"
    return "paperkg \u2014 " + ("entities by shared papers" if view.projection == "entities" else "papers and what they name")


def write_view(g: nx.MultiDiGraph, out_path: str | Path, *, focus: str | None = None, depth: int = 1,
               types: Iterable[str] | str | None = None, min_papers: int = 1, max_nodes: int | None = 600,
               projection: str = "papers", title: str | None = None) -> ViewStats:
    """Write an interactive, offline HTML view of ``g`` to ``out_path`` (atomically).

    * ``focus``: a node id, or a name/alias/key/title (case-insensitive): show its neighbourhood
      up to ``depth`` hops (in the filtered view) instead of the whole graph. ``FocusNotFound`` if
      nothing matches (in the entities projection the focus must be an entity).
    * ``types``: labels to keep (see ``parse_types``): Paper is kept unless excluded with
      ``-Paper``; default: everything but Claim.
    * ``min_papers``: hide entities named by fewer papers (the focus is always kept).
    * ``max_nodes``: keep at most this many nodes: nearest the focus first, then the most
      connected, ties broken by id (``None`` or 0: no limit).

    Raises ``ViewError`` (a ``ValueError``; ``FocusNotFound`` is one too) for anything the caller
    asked wrongly: a CLI should report it as a user error.
    * ``projection``: ``"papers"`` (the typed graph) or ``"entities"`` (entities joined by shared
      papers, edge width = number of shared papers).
    """
    view = select_view(g, focus=focus, depth=depth, types=types, min_papers=min_papers,
                       max_nodes=max_nodes, projection=projection)
    page, n_nodes, n_edges = render_html(g, view, title=title)
    path = Path(out_path)
    with atomic_write(path) as fh:
        fh.write(page)
    return ViewStats(nodes=n_nodes, edges=n_edges, path=path, focus=view.focus, dropped=view.dropped)
