"""The ``kg`` command line: a thin layer over ``kg.api``, ``kg.query``, ``kg.viz`` and ``kg.neo4j_store``."""
from __future__ import annotations

import functools
import json
import os
import sys
import traceback
from pathlib import Path
from typing import Any, Callable, Optional

import typer
from rich.console import Console
from rich.table import Table

from .ingest import FORMATS, ErrorPolicy, InputError

app = typer.Typer(
    help="paperkg: a knowledge graph of research papers, the methods, models, datasets and code they "
    "name, and the claims they make.\n\nStart with `kg build` (runs on the bundled example corpus), "
    "then `kg query`, `kg viz` or `kg load-neo4j`.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)
query_app = typer.Typer(help="Ask the graph questions (NetworkX build directory, or Neo4j with --neo4j).", no_args_is_help=True)
app.add_typer(query_app, name="query")
err = Console(stderr=True, highlight=False, soft_wrap=True)
out = Console(highlight=False)
STATE = {"debug": False}

InputsArg = typer.Argument(None, help="Input files or directories (page dumps .txt, .jsonl, .csv, Atom .xml, arXiv snapshot). Default: the bundled example corpus.", show_default=False)
FormatOpt = typer.Option(None, "--format", "-f", help=f"Force the input format: {', '.join(FORMATS)} (default: by extension/content).")
OnErrorOpt = typer.Option("skip", "--on-error", help="Bad records: 'skip' (report file:line and go on) or 'fail' (stop, exit 2).")
WorkersOpt = typer.Option(1, "--workers", "-w", min=1, help="Extraction processes (output identical to 1).")
DirOpt = typer.Option(Path("kg-out"), "--dir", "-d", help="Build directory written by `kg build`.")


class UserError(Exception):
    """A mistake of the user's (bad path, bad option): one line, exit code 2."""


def handle_errors(fn: Callable[..., Any]) -> Callable[..., Any]:
    """Print user and environment errors as one line (exit 2); tracebacks only with --debug."""

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except (typer.Exit, typer.Abort):
            raise
        except KeyboardInterrupt:
            err.print("kg: interrupted")
            raise typer.Exit(130)
        except Exception as exc:  # noqa: BLE001 - the CLI boundary
            if STATE["debug"]:
                traceback.print_exc()
            if _is_user_error(exc):
                err.print(f"kg: error: {exc}", markup=False)
                raise typer.Exit(2)
            err.print(f"kg: internal error: {type(exc).__name__}: {exc} (run `kg --debug ...` for the traceback)", markup=False)
            raise typer.Exit(1)

    return wrapper


def _is_user_error(exc: Exception) -> bool:
    if isinstance(exc, (InputError, UserError, FileNotFoundError, NotADirectoryError, IsADirectoryError, PermissionError)):
        return True
    from .viz import ViewError

    try:
        from .neo4j_store import Neo4jUnavailable
    except ImportError:  # pragma: no cover - the module ships with the package
        return isinstance(exc, ViewError)
    return isinstance(exc, (Neo4jUnavailable, ViewError))


@app.callback()
def main_options(debug: bool = typer.Option(False, "--debug", help="Show Python tracebacks on errors.")) -> None:
    STATE["debug"] = debug


def _policy(on_error: str) -> ErrorPolicy:
    return ErrorPolicy(mode=on_error, report=lambda bad: err.print(f"skipped {bad}", markup=False))


def _print_summary(summary: Any, out_path: str) -> None:
    out.print(f"[bold]papers[/bold] {summary.papers}   [bold]skipped records[/bold] {summary.skipped}   "
              f"[bold]duplicates merged[/bold] {summary.duplicates}")
    if summary.nodes:
        table = Table(title="nodes and edges", show_header=True)
        table.add_column("node label")
        table.add_column("count", justify="right")
        table.add_column("edge type")
        table.add_column("count", justify="right")
        nodes, edges = list(summary.nodes.items()), list(summary.edges.items())
        for i in range(max(len(nodes), len(edges))):
            n = nodes[i] if i < len(nodes) else ("", "")
            e = edges[i] if i < len(edges) else ("", "")
            table.add_row(n[0], str(n[1]), e[0], str(e[1]))
        out.print(table)
        for label, rows in summary.top.items():
            if rows:
                out.print(f"[bold]top {label.lower()}s by papers:[/bold] " + ", ".join(f"{n} ({c})" for n, c in rows))
    out.print(f"written to {out_path}")


def _one_job_extractor() -> Any:
    """The CLI runs one job per process, so its pipeline may be frozen out of the GC's scans."""
    from .extract import Extractor

    return Extractor(freeze_gc=True)


@app.command()
@handle_errors
def extract(
    inputs: Optional[list[Path]] = InputsArg,
    output: Path = typer.Option(Path("extractions.jsonl"), "--output", "-o", help="JSON Lines file, one paper per line."),
    fmt: Optional[str] = FormatOpt,
    on_error: str = OnErrorOpt,
    workers: int = WorkersOpt,
) -> None:
    """Extract methods, models, datasets, repositories, tasks, metrics and claims from papers."""
    from .api import extract_to_file

    summary = extract_to_file(inputs, output, fmt=fmt, on_error=_policy(on_error), workers=workers,
                              extractor=_one_job_extractor())
    _print_summary(summary, str(output))


@app.command()
@handle_errors
def build(
    inputs: Optional[list[Path]] = InputsArg,
    out_dir: Path = typer.Option(Path("kg-out"), "--out", "-o", help="Output directory (replaced atomically)."),
    fmt: Optional[str] = FormatOpt,
    on_error: str = OnErrorOpt,
    workers: int = WorkersOpt,
    curation: Optional[Path] = typer.Option(None, "--curation", help="Curation file (YAML/JSON): forced merges, splits, renames, retypes, drops."),
    view: bool = typer.Option(True, "--view/--no-view", help="Write the interactive HTML view."),
) -> None:
    """The main job: read, extract, resolve, build the graph; save graph.json, graph.graphml,
    view.html, extractions.jsonl and summary.json into the output directory."""
    from .api import build as run_build

    summary = run_build(inputs, out_dir, fmt=fmt, on_error=_policy(on_error), workers=workers, curation=curation, view=view,
                        extractor=_one_job_extractor())
    _print_summary(summary, str(out_dir))


def _kg(directory: Path, neo4j: bool) -> Any:
    if not neo4j and not (directory / "graph.json").exists():
        raise UserError(f"{directory}: no graph.json here; run `kg build --out {directory}` first")
    from .query import KnowledgeGraph

    if neo4j:
        uri, user, password, database = _neo4j_settings(None, None, None, None)
        return KnowledgeGraph.from_neo4j(uri, user, password, database)
    return KnowledgeGraph.from_dir(directory)


def _emit(rows: Any, as_json: bool) -> None:
    if not rows and not as_json:
        out.print("no results (names and aliases are matched whole, in any case; try `kg query top Method`)")
        return
    if as_json or not isinstance(rows, list) or not rows or not isinstance(rows[0], dict):
        out.print_json(json.dumps(rows, ensure_ascii=False, default=str))
        return
    table = Table(show_header=True)
    cols = list(rows[0].keys())
    for c in cols:
        table.add_column(c)
    for r in rows:
        table.add_row(*[str(r.get(c, ""))[:120] for c in cols])
    out.print(table)


NeoOpt = typer.Option(False, "--neo4j", help="Ask Neo4j (NEO4J_URI etc.) instead of the build directory.")
JsonOpt = typer.Option(False, "--json", help="Print JSON.")


def _query_command(name: str, method: str, arg: str | None, help_text: str) -> None:
    """Register `kg query NAME ARG` calling KnowledgeGraph.METHOD(ARG)."""

    if arg is None:
        @query_app.command(name, help=help_text)
        @handle_errors
        def cmd(directory: Path = DirOpt, neo4j: bool = NeoOpt, as_json: bool = JsonOpt) -> None:
            _emit(getattr(_kg(directory, neo4j), method)(), as_json)
    else:
        @query_app.command(name, help=help_text)
        @handle_errors
        def cmd(value: str = typer.Argument(..., metavar=arg.upper(), help=arg), directory: Path = DirOpt,
                neo4j: bool = NeoOpt, as_json: bool = JsonOpt) -> None:
            _emit(getattr(_kg(directory, neo4j), method)(value), as_json)


for _name, _method, _arg, _help in (
    ("papers-using", "papers_using", "entity name or alias", "Papers that use (or propose) an entity."),
    ("papers-proposing", "papers_proposing", "entity name or alias", "Papers that propose an entity."),
    ("cooccurring", "cooccurring", "entity name or alias", "Entities that appear in the same papers as one."),
    ("claims-about", "claims_about", "entity name or alias", "Claims whose subject is an entity."),
    ("outperforms", "outperforms", "method or model", "Who the entity beats and who beats it (from claims)."),
    ("claims-on", "claims_on_dataset", "dataset", "Claims on a dataset, ordered by value where comparable."),
    ("methods-on", "methods_on_dataset", "dataset", "Methods and models evaluated on a dataset."),
    ("repositories", "repositories_implementing", "method or model", "Repositories implementing a method."),
    ("similar-papers", "similar_papers", "paper id", "Papers sharing the most entities with a paper."),
    ("overview", "overview", None, "Counts per node label and relationship type."),
):
    _query_command(_name, _method, _arg, _help)


@query_app.command("top")
@handle_errors
def query_top(
    label: str = typer.Argument(..., help="Method, Model, Dataset, Task, Metric or Repository."),
    limit: int = typer.Option(10, "--limit", "-n"),
    directory: Path = DirOpt, neo4j: bool = NeoOpt, as_json: bool = JsonOpt,
) -> None:
    """Top entities of a label by number of papers."""
    from .schema import ENTITY_LABELS

    label = label[:1].upper() + label[1:].lower().rstrip("s") if label.lower() != "metrics" else "Metric"
    if label not in ENTITY_LABELS:
        raise UserError(f"unknown label {label!r}; choose one of {', '.join(ENTITY_LABELS)}")
    _emit(_kg(directory, neo4j).top_entities(label, limit), as_json)


@query_app.command("path")
@handle_errors
def query_path(a: str, b: str, directory: Path = DirOpt, neo4j: bool = NeoOpt, as_json: bool = JsonOpt) -> None:
    """Shortest path between two entities."""
    _emit(_kg(directory, neo4j).shortest_path(a, b), as_json)


@app.command()
@handle_errors
def viz(
    directory: Path = typer.Argument(Path("kg-out"), help="Build directory (or graph.json)."),
    output: Path = typer.Option(Path("view.html"), "--output", "-o", help="HTML file to write."),
    focus: Optional[str] = typer.Option(None, "--focus", help="Ego view around this entity or paper (name, alias or id)."),
    depth: int = typer.Option(1, "--depth", min=1, help="Hops around --focus."),
    types: Optional[str] = typer.Option(None, "--types", help="Comma-separated labels to show, e.g. Paper,Method,Dataset."),
    min_papers: int = typer.Option(1, "--min-papers", min=0, help="Hide entities named by fewer papers."),
    max_nodes: int = typer.Option(600, "--max-nodes", min=1, help="Keep the most connected nodes."),
    projection: str = typer.Option("papers", "--projection", help="'papers' (paper–entity) or 'entities' (entities linked by shared papers)."),
) -> None:
    """Write an interactive, self-contained (offline) HTML view of the graph."""
    from .store import load_graph
    from .viz import write_view

    if not (directory.is_file() or (directory / "graph.json").exists()):
        raise UserError(f"{directory}: no graph.json here; run `kg build --out {directory}` first")
    if projection not in ("papers", "entities"):
        raise UserError("--projection must be 'papers' or 'entities'")
    g = load_graph(directory)
    stats = write_view(g, output, focus=focus, depth=depth, types=types.split(",") if types else None,
                       min_papers=min_papers, max_nodes=max_nodes, projection=projection)
    out.print(f"view with {stats.nodes} nodes and {stats.edges} edges written to {output}")


def _neo4j_settings(uri: str | None, user: str | None, password: str | None, database: str | None) -> tuple[str, str, str, str | None]:
    return (
        uri or os.environ.get("NEO4J_URI", "bolt://localhost:7687"),
        user or os.environ.get("NEO4J_USERNAME", "neo4j"),
        password or os.environ.get("NEO4J_PASSWORD", "paperkg-password"),
        database or os.environ.get("NEO4J_DATABASE") or None,
    )


@app.command("load-neo4j")
@handle_errors
def load_neo4j(
    source: Path = typer.Argument(Path("kg-out"), help="Build directory (graph.json) to load."),
    uri: Optional[str] = typer.Option(None, "--uri", help="Bolt URI [env NEO4J_URI, default bolt://localhost:7687]."),
    user: Optional[str] = typer.Option(None, "--user", help="[env NEO4J_USERNAME, default neo4j]"),
    password: Optional[str] = typer.Option(None, "--password", help="[env NEO4J_PASSWORD, default paperkg-password]"),
    database: Optional[str] = typer.Option(None, "--database", help="[env NEO4J_DATABASE, default: the server's default]"),
    batch_size: int = typer.Option(1000, "--batch-size", min=1, help="Rows per transaction."),
) -> None:
    """Apply cypher/schema.cypher and load the graph into Neo4j (batched, idempotent MERGE)."""
    from .neo4j_store import apply_schema, connect, load_graph_into_neo4j
    from .store import load_graph

    if not (source.is_file() or (source / "graph.json").exists()):
        raise UserError(f"{source}: no graph.json here; run `kg build --out {source}` first")
    g = load_graph(source)
    u, us, pw, db = _neo4j_settings(uri, user, password, database)
    driver = connect(u, us, pw, db)
    try:
        apply_schema(driver, db)
        counts = load_graph_into_neo4j(g, driver, db, batch_size=batch_size, progress=True)
    finally:
        driver.close()
    out.print(f"loaded into {u}: {counts}")


@app.command("export-neo4j-csv")
@handle_errors
def export_neo4j_csv(
    source: Path = typer.Argument(Path("kg-out"), help="Build directory (graph.json)."),
    out_dir: Path = typer.Argument(Path("kg-neo4j-import"), help="Directory for the CSV files."),
) -> None:
    """Write CSVs + headers for `neo4j-admin database import full` (graphs too big for transactions)."""
    from .neo4j_store import export_neo4j_csv as export
    from .store import load_graph

    if not (source.is_file() or (source / "graph.json").exists()):
        raise UserError(f"{source}: no graph.json here; run `kg build --out {source}` first")
    command = export(load_graph(source), out_dir)
    out.print(f"CSV files written to {out_dir}; import with:\n{command}", markup=False)


@app.command()
@handle_errors
def doctor(
    directory: Path = typer.Argument(Path("kg-out"), help="Build directory."),
    limit: int = typer.Option(50, "--limit", "-n", help="Candidates to show."),
    as_json: bool = JsonOpt,
) -> None:
    """List likely duplicate entities left after resolution, for a human to confirm in a curation file."""
    from .doctor import duplicate_candidates
    from .store import load_graph

    if not (directory / "graph.json").exists():
        raise UserError(f"{directory}: no graph.json here; run `kg build --out {directory}` first")
    rows = duplicate_candidates(load_graph(directory))[:limit]
    if not rows:
        out.print("no likely duplicates found")
        return
    _emit([r.to_dict() for r in rows], as_json)


def main() -> None:
    """Console-script entry point."""
    app(prog_name="kg")


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
