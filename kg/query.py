"""The public query API: the same questions, the same answers, on NetworkX or on Neo4j.

    from kg.query import KnowledgeGraph
    kg = KnowledgeGraph.from_dir("kg-out")                      # NetworkX (graph.json)
    kg = KnowledgeGraph.from_neo4j(uri, user, password, None)   # Neo4j (after `kg load-neo4j`)
    kg.papers_using("BERT")

Every method returns a list of plain dicts (JSON-serialisable scalars and lists) in a sorted,
deterministic order with explicit tie-breaks, identical on both backends. Entities are looked up
by name or alias, case-insensitively; a name that denotes several entities (say a Method and a
Dataset) answers for all of them, so rows name the entity they concern.

The Neo4j backend runs exactly the files of ``cypher/queries/<method>.cypher`` (one source of
truth, also usable in the Neo4j browser) with parameters; the NetworkX backend implements the same
semantics in Python (the query files' header comments define them). Both pass through the same
final sort.

Roles: ``papers_proposing`` — PROPOSES only; ``papers_using`` — every paper→entity relationship
(PROPOSES, USES, EVALUATES_ON, ADDRESSES, REPORTS, HAS_CODE), listed per paper in ``relations``.
"""
from __future__ import annotations

import re
from collections import defaultdict
from functools import lru_cache
from pathlib import Path
from typing import Any, Callable, Iterable

import networkx as nx

from .schema import CLAIM, CYPHER_DIR, DATASET, ENTITY_LABELS, METHOD, MODEL, PAPER, REPOSITORY, check_label, node_id

QUERY_DIR = CYPHER_DIR / "queries"
#: Upper bound of shortest_path (as in shortest_path.cypher) and of OUTPERFORMS chains.
MAX_PATH = 10
MAX_CHAIN = 4
_NUMBER = re.compile(r"[0-9]+(?:\.[0-9]+)?")
_NAMED = (METHOD, MODEL)


@lru_cache(maxsize=None)
def query_text(name: str) -> str:
    """The text of ``cypher/queries/<name>.cypher`` (sent as is: ``//`` comments are Cypher)."""
    if not re.fullmatch(r"[a-z_]+", name):
        raise ValueError(f"bad query name {name!r}")
    path = QUERY_DIR / f"{name}.cypher"
    if not path.exists():
        raise FileNotFoundError(f"no query file {path}")
    return path.read_text(encoding="utf-8").strip().rstrip(";")


def query_names() -> list[str]:
    """Names of every query file."""
    return sorted(p.stem for p in QUERY_DIR.glob("*.cypher"))


def query_parameters(name: str) -> list[str]:
    """Parameters a query file documents in its header (``//   $name ...`` lines)."""
    return re.findall(r"^//\s+\$(\w+)", query_text(name), re.M)


# -- ordering shared by both backends -------------------------------------------------------------
def _s(x: Any) -> Any:
    """Sort key of a value as Neo4j orders it: strings by UTF-16 code units (Java), None last."""
    if x is None:
        return (1, b"")
    if isinstance(x, str):
        return (0, x.encode("utf-16-be"))
    if isinstance(x, (list, tuple)):
        return (0, tuple(_s(i) for i in x))
    return (0, x)


def _lower(x: str | None) -> str | None:
    return x.lower() if isinstance(x, str) else None


def _neg(n: float | int | None) -> Any:
    return (1, 0) if n is None else (0, -n)


def _sort(rows: list[dict[str, Any]], key: Callable[[dict[str, Any]], tuple], lists: Iterable[str] = ()) -> list[dict[str, Any]]:
    for r in rows:
        for f in lists:
            if isinstance(r.get(f), list):
                r[f] = sorted(r[f], key=_s)
    return sorted(rows, key=key)


def leading_number(value: Any) -> float | None:
    """The number a claim value starts with ("92.3%" → 92.3, "2.5x" → 2.5), as claims_on_dataset.cypher."""
    if value is None:
        return None
    v = value if isinstance(value, str) else ("true" if value is True else "false" if value is False else str(value))
    m = _NUMBER.match(v)
    return float(m.group()) if m else None


class KnowledgeGraph:
    """Questions over the paper graph; NetworkX (``KnowledgeGraph(g)``/``from_dir``) or Neo4j (``from_neo4j``)."""

    def __init__(self, graph: nx.MultiDiGraph | None = None, *, driver: Any = None, database: str | None = None) -> None:
        if (graph is None) == (driver is None):
            raise ValueError("give a NetworkX graph or a Neo4j driver")
        self.g = graph
        self.driver = driver
        self.database = database
        self._names: dict[str, set[str]] | None = None

    # -- constructors --------------------------------------------------------------------------
    @classmethod
    def from_dir(cls, path: str | Path) -> "KnowledgeGraph":
        """The graph of a build directory (or a ``graph.json`` file)."""
        from .store import load_graph

        return cls(load_graph(path))

    @classmethod
    def from_neo4j(cls, uri: str, user: str, password: str, database: str | None = None) -> "KnowledgeGraph":
        """A Neo4j database loaded by ``kg load-neo4j``; raises ``Neo4jUnavailable`` if unreachable."""
        from .neo4j_store import connect

        return cls(driver=connect(uri, user, password, database), database=database)

    @property
    def backend(self) -> str:
        return "neo4j" if self.driver is not None else "networkx"

    def close(self) -> None:
        if self.driver is not None:
            self.driver.close()

    def __enter__(self) -> "KnowledgeGraph":
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    def run_query_file(self, name: str, **params: Any) -> list[dict[str, Any]]:
        """Neo4j only: run ``cypher/queries/<name>.cypher`` with parameters; rows as dicts."""
        if self.driver is None:
            raise RuntimeError("run_query_file needs the Neo4j backend")
        from .neo4j_store import run_read

        return run_read(self.driver, self.database, query_text(name), params)

    # -- NetworkX helpers -----------------------------------------------------------------------
    def _name_index(self) -> dict[str, set[str]]:
        if self._names is None:
            idx: dict[str, set[str]] = defaultdict(set)
            for nid, d in self.g.nodes(data=True):
                if d.get("label") not in ENTITY_LABELS:
                    continue
                for form in [d.get("name"), *(d.get("aliases") or [])]:
                    if isinstance(form, str):
                        idx[form.lower()].add(nid)
            self._names = idx
        return self._names

    def _find(self, name: str, labels: tuple[str, ...] = ENTITY_LABELS) -> list[str]:
        hits = self._name_index().get(name.lower(), set()) if isinstance(name, str) else set()
        return sorted(n for n in hits if self.g.nodes[n]["label"] in labels)

    def _papers_of(self, nid: str) -> set[str]:
        return {u for u in self.g.predecessors(nid) if self.g.nodes[u]["label"] == PAPER}

    def _edges_in(self, nid: str, rel: str | None = None, src_label: str | None = None) -> Iterable[tuple[str, dict[str, Any]]]:
        for u, _, d in self.g.in_edges(nid, data=True):
            if (rel is None or d.get("type") == rel) and (src_label is None or self.g.nodes[u]["label"] == src_label):
                yield u, d

    def _edges_out(self, nid: str, rel: str | None = None) -> Iterable[tuple[str, dict[str, Any]]]:
        for _, v, d in self.g.out_edges(nid, data=True):
            if rel is None or d.get("type") == rel:
                yield v, d

    def _n(self, nid: str) -> dict[str, Any]:
        return self.g.nodes[nid]

    # -- questions ------------------------------------------------------------------------------
    def lookup(self, name: str) -> list[dict[str, Any]]:
        """Entities a name or alias denotes: label, key, name, aliases, papers."""
        if self.driver is not None:
            rows = self.run_query_file("lookup", name=name)
        else:
            rows = [{"label": self._n(e)["label"], "key": self._n(e)["key"], "name": self._n(e).get("name"),
                     "aliases": list(self._n(e).get("aliases") or []), "papers": len(self._papers_of(e))}
                    for e in self._find(name)]
        return _sort(rows, lambda r: (_s(r["label"]), _s(r["key"])))

    def top_entities(self, label: str, limit: int = 10) -> list[dict[str, Any]]:
        """Entities of ``label`` named by the most papers: key, name, label, papers."""
        label = check_label(label)
        limit = _limit(limit)
        key = lambda r: (-r["papers"], _s(r["name"]), _s(r["key"]))  # noqa: E731
        if self.driver is not None:
            return _sort(self.run_query_file("top_entities", label=label, limit=limit), key)
        rows = [{"key": d["key"], "name": d.get("name"), "label": label, "papers": len(self._papers_of(n))}
                for n, d in self.g.nodes(data=True) if d.get("label") == label]
        return _sort(rows, key)[:limit]

    def papers_proposing(self, name: str) -> list[dict[str, Any]]:
        """Papers with a PROPOSES relationship to the entity: paper, title, date, url, entity, entity_label, entity_key."""
        if self.driver is not None:
            rows = self.run_query_file("papers_proposing", name=name)
        else:
            rows = []
            for e in self._find(name):
                ed = self._n(e)
                for p, _ in self._edges_in(e, "PROPOSES", PAPER):
                    pd = self._n(p)
                    rows.append({"paper": pd["key"], "title": pd.get("title"), "date": pd.get("date"), "url": pd.get("url"),
                                 "entity": ed.get("name"), "entity_label": ed["label"], "entity_key": ed["key"]})
        return _sort(rows, lambda r: (_s(r["paper"]), _s(r["entity_label"]), _s(r["entity_key"])))

    def papers_using(self, name: str) -> list[dict[str, Any]]:
        """Papers linked to the entity by any paper→entity relationship (proposing included), with
        ``relations``, the sorted relationship types: paper, title, date, relations, entity, entity_label, entity_key."""
        if self.driver is not None:
            rows = self.run_query_file("papers_using", name=name)
        else:
            rows = []
            for e in self._find(name):
                ed = self._n(e)
                rels: dict[str, set[str]] = defaultdict(set)
                for p, d in self._edges_in(e, None, PAPER):
                    rels[p].add(d.get("type"))
                for p, types in rels.items():
                    pd = self._n(p)
                    rows.append({"paper": pd["key"], "title": pd.get("title"), "date": pd.get("date"), "relations": list(types),
                                 "entity": ed.get("name"), "entity_label": ed["label"], "entity_key": ed["key"]})
        return _sort(rows, lambda r: (_s(r["paper"]), _s(r["entity_label"]), _s(r["entity_key"])), ("relations",))

    def methods_on_dataset(self, dataset: str) -> list[dict[str, Any]]:
        """Methods and models used or proposed by papers that evaluate on the dataset:
        name, label, key, papers, paper_ids."""
        if self.driver is not None:
            rows = self.run_query_file("methods_on_dataset", dataset=dataset)
        else:
            found: dict[str, set[str]] = defaultdict(set)
            for d in self._find(dataset, (DATASET,)):
                for p, _ in self._edges_in(d, "EVALUATES_ON", PAPER):
                    for m, ed in self._edges_out(p):
                        if ed.get("type") in ("USES", "PROPOSES") and self._n(m)["label"] in _NAMED:
                            found[m].add(self._n(p)["key"])
            rows = [{"name": self._n(m).get("name"), "label": self._n(m)["label"], "key": self._n(m)["key"],
                     "papers": len(ps), "paper_ids": list(ps)} for m, ps in found.items()]
        return _sort(rows, lambda r: (-r["papers"], _s(r["name"]), _s(r["label"]), _s(r["key"])), ("paper_ids",))

    def claims_about(self, name: str) -> list[dict[str, Any]]:
        """Claims whose subject (ABOUT) is the entity: claim, paper, subject, text, kind, direction,
        metric, value, datasets, baselines."""
        if self.driver is not None:
            rows = self.run_query_file("claims_about", name=name)
        else:
            rows = []
            for e in self._find(name):
                for c, _ in self._edges_in(e, "ABOUT", CLAIM):
                    cd = self._n(c)
                    datasets = {self._n(d).get("name") for d, _ in self._edges_out(c, "ON") if self._n(d)["label"] == DATASET}
                    baselines = {self._n(b).get("name") for b, _ in self._edges_out(c, "COMPARES_WITH")}
                    rows.append({"claim": cd["key"], "paper": cd.get("paper"), "subject": self._n(e).get("name"),
                                 "text": cd.get("text"), "kind": cd.get("kind"), "direction": cd.get("direction"),
                                 "metric": cd.get("metric"), "value": cd.get("value"),
                                 "datasets": [x for x in datasets if x is not None],
                                 "baselines": [x for x in baselines if x is not None]})
        return _sort(rows, lambda r: (_s(r["paper"]), _s(r["claim"]), _s(r["subject"])), ("datasets", "baselines"))

    def outperforms(self, name: str) -> list[dict[str, Any]]:
        """The OUTPERFORMS neighbourhood of a method or model: who it beats (direction 'beats') and who
        beats it ('beaten_by'), with dataset, metric, value, paper and claim of each."""
        if self.driver is not None:
            rows = self.run_query_file("outperforms", name=name)
        else:
            rows = []
            for e in self._find(name, _NAMED):
                edges = [("beats", v, d) for v, d in self._edges_out(e, "OUTPERFORMS")]
                edges += [("beaten_by", u, d) for u, d in self._edges_in(e, "OUTPERFORMS")]
                for direction, o, d in edges:
                    od = self._n(o)
                    rows.append({"entity": self._n(e).get("name"), "direction": direction, "other": od.get("name"),
                                 "other_label": od["label"], "other_key": od["key"], "dataset": d.get("dataset"),
                                 "metric": d.get("metric"), "value": d.get("value"), "paper": d.get("paper"),
                                 "claim": d.get("claim")})
        return _sort(rows, lambda r: tuple(_s(r[f]) for f in ("entity", "direction", "other", "other_key", "paper", "claim")))

    def outperforms_on_dataset(self, dataset: str) -> list[dict[str, Any]]:
        """Chains "A beats B beats C" (1 to 4 OUTPERFORMS steps, no entity twice) on one dataset:
        chain (names, winner first), hops, papers, keys."""
        if self.driver is not None:
            rows = self.run_query_file("outperforms_on_dataset", dataset=dataset)
        else:
            found: dict[tuple[tuple[str, ...], tuple[Any, ...]], set[str]] = defaultdict(set)
            for dn in self._find(dataset, (DATASET,)):
                dname = self._n(dn).get("name")
                step = nx.DiGraph()
                for u, v, d in self.g.edges(data=True):
                    if d.get("type") == "OUTPERFORMS" and d.get("dataset") == dname and dname is not None \
                            and self._n(u)["label"] in _NAMED and self._n(v)["label"] in _NAMED:
                        if not step.has_edge(u, v):
                            step.add_edge(u, v, papers=set())
                        if d.get("paper") is not None:
                            step.edges[u, v]["papers"].add(d["paper"])
                for a in step.nodes:
                    for b in step.nodes:
                        if a == b:
                            continue
                        for path in nx.all_simple_paths(step, a, b, cutoff=MAX_CHAIN):
                            keys = tuple(self._n(n)["key"] for n in path)
                            chain = tuple(self._n(n).get("name") for n in path)
                            found[(keys, chain)] |= set().union(*(step.edges[x, y]["papers"] for x, y in zip(path, path[1:])))
            rows = [{"chain": list(chain), "hops": len(chain) - 1, "papers": list(ps), "keys": list(keys)}
                    for (keys, chain), ps in found.items()]
        return _sort(rows, lambda r: (-r["hops"], _s(r["chain"]), _s(r["keys"])), ("papers",))

    def claims_on_dataset(self, dataset: str) -> list[dict[str, Any]]:
        """Claims on a dataset grouped by metric (case-insensitive, no metric last), best number first
        (the value's leading number, descending; no number last): claim, paper, dataset, subject,
        metric, value, number, direction, text."""
        if self.driver is not None:
            rows = self.run_query_file("claims_on_dataset", dataset=dataset)
        else:
            rows = []
            for dn in self._find(dataset, (DATASET,)):
                for c, _ in self._edges_in(dn, "ON", CLAIM):
                    cd = self._n(c)
                    subjects = [self._n(s).get("name") for s, _ in self._edges_out(c, "ABOUT")] or [None]
                    for subject in subjects:
                        rows.append({"claim": cd["key"], "paper": cd.get("paper"), "dataset": self._n(dn).get("name"),
                                     "subject": subject, "metric": cd.get("metric"), "value": cd.get("value"),
                                     "number": leading_number(cd.get("value")), "direction": cd.get("direction"),
                                     "text": cd.get("text")})
        return _sort(rows, lambda r: (_s(_lower(r["metric"])), _neg(r["number"]), _s(r["paper"]), _s(r["claim"]),
                                      _s(r["dataset"]), _s(r["subject"])))

    def cooccurring(self, name: str, label: str | None = None, limit: int = 10) -> list[dict[str, Any]]:
        """Entities sharing papers with the entity (optionally only of ``label``): name, label, key, shared."""
        if label is not None:
            label = check_label(label)
        limit = _limit(limit)
        key = lambda r: (-r["shared"], _s(r["name"]), _s(r["label"]), _s(r["key"]))  # noqa: E731
        if self.driver is not None:
            return _sort(self.run_query_file("cooccurring", name=name, label=label, limit=limit), key)
        targets = set(self._find(name))
        papers = set().union(*(self._papers_of(t) for t in targets)) if targets else set()
        shared: dict[str, set[str]] = defaultdict(set)
        for p in papers:
            for o in self.g.successors(p):
                od = self._n(o)
                if od["label"] in ENTITY_LABELS and o not in targets and (label is None or od["label"] == label):
                    shared[o].add(p)
        rows = [{"name": self._n(o).get("name"), "label": self._n(o)["label"], "key": self._n(o)["key"], "shared": len(ps)}
                for o, ps in shared.items()]
        return _sort(rows, key)[:limit]

    def shortest_path(self, a: str, b: str) -> list[dict[str, Any]]:
        """The shortest path (≤ 10 relationships, any type or direction) between entities named ``a`` and
        ``b``: one dict per node, in order — label, key, name, and ``via``, the relationship from the
        previous node ('-[TYPE]->' along the path, '<-[TYPE]-' against it; None for the first).
        Ties: the path whose node ids, then steps, sort first. [] when unconnected or not found."""
        if self.driver is not None:
            rows = self.run_query_file("shortest_path", a=a, b=b)
            if not rows:
                return []
            nodes, rels = rows[0]["nodes"], rows[0]["rels"]
        else:
            best: tuple | None = None
            und = self.g.to_undirected(as_view=True)
            for x in self._find(a):
                for y in self._find(b):
                    if x == y:
                        continue
                    try:
                        paths = list(nx.all_shortest_paths(und, x, y))
                    except nx.NetworkXNoPath:
                        continue
                    if len(paths[0]) - 1 > MAX_PATH:
                        continue
                    for path in paths:
                        cand = (len(path) - 1, _s(list(path)), _s(self._steps(path)), path)
                        if best is None or cand[:3] < best[:3]:
                            best = cand
            if best is None:
                return []
            path = best[3]
            nodes = [{"label": self._n(n)["label"], "key": self._n(n)["key"], "name": self._n(n).get("name")} for n in path]
            rels = self._steps(path)
        return [{**n, "via": rels[i - 1] if i else None} for i, n in enumerate(nodes)]

    def _steps(self, path: list[str]) -> list[str]:
        steps = []
        for x, y in zip(path, path[1:]):
            forms = [f"-[{d.get('type')}]->" for d in self.g.get_edge_data(x, y, default={}).values()]
            forms += [f"<-[{d.get('type')}]-" for d in self.g.get_edge_data(y, x, default={}).values()]
            steps.append(min(forms, key=_s))
        return steps

    def similar_papers(self, paper_key: str, limit: int = 10) -> list[dict[str, Any]]:
        """Papers sharing the most entities with a paper: paper, title, shared, entities (names)."""
        limit = _limit(limit)
        key = lambda r: (-r["shared"], _s(r["paper"]))  # noqa: E731
        if self.driver is not None:
            return _sort(self.run_query_file("similar_papers", paper=paper_key, limit=limit), key, ("entities",))
        pid = node_id(PAPER, paper_key)
        if pid not in self.g:
            return []
        shared: dict[str, set[str]] = defaultdict(set)
        for e in set(self.g.successors(pid)):
            if self._n(e)["label"] not in ENTITY_LABELS:
                continue
            for q in self._papers_of(e):
                if q != pid:
                    shared[q].add(e)
        rows = [{"paper": self._n(q)["key"], "title": self._n(q).get("title"), "shared": len(es),
                 "entities": list({self._n(e).get("name") for e in es} - {None})} for q, es in shared.items()]
        return _sort(rows, key, ("entities",))[:limit]

    def repositories_implementing(self, name: str) -> list[dict[str, Any]]:
        """Repositories with IMPLEMENTS to the entity: repository, key, kind, entity, entity_label,
        papers (ids of papers linking the repository by HAS_CODE)."""
        if self.driver is not None:
            rows = self.run_query_file("repositories_implementing", name=name)
        else:
            rows = []
            for e in self._find(name):
                for r, _ in self._edges_in(e, "IMPLEMENTS", REPOSITORY):
                    rd = self._n(r)
                    papers = {self._n(p)["key"] for p, _ in self._edges_in(r, "HAS_CODE", PAPER)}
                    rows.append({"repository": rd.get("name"), "key": rd["key"], "kind": rd.get("kind"),
                                 "entity": self._n(e).get("name"), "entity_label": self._n(e)["label"], "papers": list(papers)})
        return _sort(rows, lambda r: (_s(r["repository"]), _s(r["key"]), _s(r["entity_label"]), _s(r["entity"])), ("papers",))

    def overview(self) -> list[dict[str, Any]]:
        """Counts: one row per node label (kind 'node') and relationship type (kind 'relationship')."""
        if self.driver is not None:
            rows = self.run_query_file("overview")
        else:
            counts: dict[tuple[str, str], int] = defaultdict(int)
            for _, d in self.g.nodes(data=True):
                counts[("node", d.get("label"))] += 1
            for _, _, k, d in self.g.edges(keys=True, data=True):
                counts[("relationship", d.get("type", k))] += 1
            rows = [{"kind": kind, "type": t, "count": n} for (kind, t), n in counts.items()]
        return _sort(rows, lambda r: (_s(r["kind"]), _s(r["type"])))


def _limit(limit: int) -> int:
    if isinstance(limit, bool) or not isinstance(limit, int) or limit < 0:
        raise ValueError(f"limit must be a non-negative integer, not {limit!r}")
    return limit


#: Method name → query file, for every method the Neo4j backend answers from a file.
METHOD_QUERIES: dict[str, str] = {
    "lookup": "lookup", "top_entities": "top_entities", "papers_proposing": "papers_proposing",
    "papers_using": "papers_using", "methods_on_dataset": "methods_on_dataset", "claims_about": "claims_about",
    "outperforms": "outperforms", "outperforms_on_dataset": "outperforms_on_dataset",
    "claims_on_dataset": "claims_on_dataset", "cooccurring": "cooccurring", "shortest_path": "shortest_path",
    "similar_papers": "similar_papers", "repositories_implementing": "repositories_implementing", "overview": "overview",
}
