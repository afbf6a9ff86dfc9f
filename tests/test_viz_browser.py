"""kg.viz views in a real browser: Debian's chromium driven by playwright, with the network cut off.

Needs /usr/bin/chromium (``apt-get install -y chromium``); never runs ``playwright install``.
Without chromium these tests FAIL, unless ``KG_SKIP_BROWSER=1`` is set, which skips them.
The default seed-corpus view's screenshot goes to ``test-artifacts/view.png``; ``docs/view.png``
(the README's) is written when missing or when ``KG_UPDATE_DOCS_SCREENSHOT=1``.
"""
from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

import pytest

from kg.schema import ENTITY_LABELS, PAPER
from kg.viz import select_view, write_view

pytestmark = pytest.mark.browser

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--disable-quic"]
ROOT = Path(__file__).resolve().parents[1]
ARTIFACTS = ROOT / "test-artifacts"
DOCS_SHOT = ROOT / "docs" / "view.png"
#: The view ``kg build`` writes (keep in step with kg.api.build).
BUILD_VIEW = {"min_papers": 2, "title": "paperkg: default view"}
STABILIZE_BUDGET_S = 10.0


@pytest.fixture(scope="module")
def browser():
    if os.environ.get("KG_SKIP_BROWSER") == "1":
        pytest.skip("KG_SKIP_BROWSER=1: browser tests skipped")
    if not os.path.exists(CHROMIUM):
        pytest.fail(f"{CHROMIUM} is missing: install it with `apt-get install -y chromium` "
                    "(or set KG_SKIP_BROWSER=1 to skip the browser tests)", pytrace=False)
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:  # pragma: no cover - a dev dependency
        pytest.fail("playwright is not installed: pip install -e '.[dev]' (never `playwright install`)", pytrace=False)
    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield b
        finally:
            b.close()


@pytest.fixture(scope="module")
def seed_graph(tmp_path_factory):
    """The bundled seed corpus built by the real pipeline (falls back to a synthetic ~2,000-node corpus)."""
    try:
        from kg.api import build
        from kg.store import load_graph
    except ImportError:  # pipeline not there yet
        from test_viz import corpus_graph
        return corpus_graph()
    out = tmp_path_factory.mktemp("seed") / "kg-out"
    build(None, out, view=False, progress=False)
    return load_graph(out)


class Opened:
    def __init__(self, page, requests, errors, seconds):
        self.page, self.requests, self.errors, self.seconds = page, requests, errors, seconds


def open_view(browser, path: Path, timeout_s: float = 60.0) -> Opened:
    """Load a view from file:// with every other request recorded and aborted; wait for the layout."""
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    url = path.resolve().as_uri()
    requests: list[str] = []
    errors: list[str] = []

    def route(r):
        if r.request.url == url:
            r.continue_()
        else:  # anything else (http, https, other files, ...) is a leak
            requests.append(r.request.url)
            r.abort()

    page.route("**/*", route)
    page.on("request", lambda req: req.url != url and not req.url.startswith("data:") and requests.append(req.url))
    page.on("console", lambda m: m.type == "error" and errors.append(m.text))
    page.on("pageerror", lambda e: errors.append(f"pageerror: {e}"))
    t0 = time.monotonic()
    page.goto(url)
    # the page sets data-kg-ready on stabilizationIterationsDone (wait_for_function would need eval,
    # which the page's Content-Security-Policy forbids)
    page.wait_for_selector("body[data-kg-ready]", state="attached", timeout=timeout_s * 1000)
    return Opened(page, requests, errors, time.monotonic() - t0)


def _node_xy(page, nid: str) -> tuple[float, float]:
    p = page.evaluate("id => window.kg.network.canvasToDOM(window.kg.network.getPositions([id])[id])", nid)
    return p["x"], p["y"]


def test_seed_view_offline_counts_search_and_speed(browser, seed_graph, tmp_path):
    out = tmp_path / "view.html"
    stats = write_view(seed_graph, out, **BUILD_VIEW)
    assert stats.nodes > 100
    v = open_view(browser, out)
    page = v.page
    try:
        assert v.requests == [], f"the view made requests: {v.requests[:5]}"
        assert v.errors == [], f"console errors: {v.errors[:5]}"
        stabilized_ms = page.evaluate("window.kg.stabilizedMs")
        assert stabilized_ms is not None and stabilized_ms < STABILIZE_BUDGET_S * 1000, stabilized_ms
        assert v.seconds < STABILIZE_BUDGET_S, f"load + layout took {v.seconds:.1f}s"
        assert page.evaluate("window.network === window.kg.network")
        assert page.evaluate("window.kg.nodes.length") == stats.nodes
        assert page.evaluate("window.kg.edges.length") == stats.edges
        assert page.evaluate("window.kg.network.physics.options.enabled") is False  # physics off after layout
        assert page.locator("#kg-loading").is_hidden()
        legend = page.locator("#kg-legend").inner_text()
        assert "Paper" in legend and "Method" in legend

        page.wait_for_timeout(300)
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "view.png"))
        if not DOCS_SHOT.exists() or os.environ.get("KG_UPDATE_DOCS_SCREENSHOT") == "1":
            DOCS_SHOT.parent.mkdir(exist_ok=True)
            shutil.copyfile(ARTIFACTS / "view.png", DOCS_SHOT)

        # search by name: the entity with most papers in the view
        h = select_view(seed_graph, min_papers=BUILD_VIEW["min_papers"]).graph
        ents = sorted((n for n, d in h.nodes(data=True) if d["label"] in ENTITY_LABELS),
                      key=lambda n: (-h.nodes[n].get("papers", 0), n))
        target = ents[0]
        page.fill("#kg-search", h.nodes[target]["name"].upper())
        page.press("#kg-search", "Enter")
        assert page.evaluate("window.kg.network.getSelectedNodes()") == [target]
        assert page.locator("#kg-panel").is_visible()
        assert h.nodes[target]["name"] in page.locator("#kg-panel").inner_text()
        # search by alias
        for n in ents:
            name = h.nodes[n]["name"].casefold()
            aliases = [a for a in h.nodes[n].get("aliases", []) if a.casefold() != name
                       and not any(h.nodes[m]["name"].casefold() == a.casefold() for m in h)]
            if aliases:
                page.fill("#kg-search", aliases[0])
                page.press("#kg-search", "Enter")
                assert page.evaluate("window.kg.network.getSelectedNodes()") == [n], (n, aliases[0])
                break
        page.fill("#kg-search", "zzz no such node qqq")
        page.press("#kg-search", "Enter")
        assert page.locator("#kg-search-status").inner_text() == "No match"
        assert v.requests == [] and v.errors == []
    finally:
        page.close()


def test_entities_projection_in_browser(browser, seed_graph, tmp_path):
    stats = write_view(seed_graph, tmp_path / "ent.html", projection="entities", min_papers=2)
    v = open_view(browser, stats.path)
    try:
        assert v.requests == [] and v.errors == []
        assert v.page.evaluate("window.kg.nodes.length") == stats.nodes
        assert v.page.evaluate("window.kg.edges.length") == stats.edges
        assert v.page.evaluate("window.kg.nodes.get().every(n => n.kgType !== 'Paper')")
    finally:
        v.page.close()


def test_malicious_text_never_runs(browser, tmp_path):
    from test_viz import XSS_ABSTRACT, malicious_graph

    g = malicious_graph()
    stats = write_view(g, tmp_path / "x.html", title='T <img src=x onerror="window.__pwned=1">')
    v = open_view(browser, stats.path)
    page = v.page
    try:
        # hover every node and edge midpoint so every tooltip is built and shown
        tips = []
        for nid in page.evaluate("window.kg.nodes.getIds()"):
            x, y = _node_xy(page, nid)
            page.mouse.move(x, y)
            page.wait_for_timeout(250)
            tip = page.locator("div.vis-tooltip")
            if tip.count() and tip.first.is_visible():
                tips.append(tip.first.inner_text())
            page.mouse.move(5, 890)
            page.wait_for_timeout(50)
        assert any("<img src=x onerror" in t for t in tips), "the malicious abstract should show as text"
        assert any("<script>window.__pwned=1" in t for t in tips)
        # open the details panel of the malicious paper (abstract, authors, javascript: URL)
        page.evaluate("id => window.kg.selectNode(id)", f"{PAPER}:P1")
        panel = page.locator("#kg-panel").inner_text()
        assert XSS_ABSTRACT.split("<!--")[0].strip()[:40] in panel
        assert page.locator("#kg-panel a").count() == 0  # javascript: URL: no link
        page.fill("#kg-search", "<svg onload=alert(1)>")
        page.press("#kg-search", "Enter")
        page.wait_for_timeout(300)
        assert page.evaluate("typeof window.__pwned") == "undefined"
        assert page.evaluate("document.querySelectorAll('img, svg, iframe, object, embed').length") == 0
        assert page.title().startswith("T <img")
        assert v.requests == [], v.requests
        assert v.errors == [], v.errors
    finally:
        page.close()
