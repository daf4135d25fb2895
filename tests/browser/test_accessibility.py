"""Automated accessibility scans with axe-core of every view of the page, one test per page load.

axe-core is vendored under tests/browser/axe/ (MPL-2.0, see its README) and injected into the
page under test by Selenium: it is a test-only asset and never served by the app.

Each view is scanned against WCAG 2.0/2.1/2.2 A and AA plus axe's best-practice rules. Nothing
is excluded: every element on the page is ours or Dash's/Plotly's rendering of our own
configuration, so every violation is something the product can fix. A failure prints, per
violation, the rule, its impact, what it means, and the first few offending elements.
"""

from __future__ import annotations

import base64
import hashlib
import time
from pathlib import Path

import pytest

from dashboard.components import registry
from tests.browser.conftest import wait_idle

AXE_JS = Path(__file__).resolve().parent / "axe" / "axe.min.js"
AXE_VERSION = "4.14.1"
#: Published in axe-core's own sri-history.json for 4.14.1; guards against a corrupted or swapped file.
AXE_SRI = "sha256-KTSJmUUM3yhJqOcLeRL8LahahJ2jnA0NU5T1HUqe2Vw="

RUN_ONLY = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]

CHART_CARDS = tuple(card.key for card in registry.CHART_CARDS)
#: Every card's About pane is reached by its View switch (a card without a chart has Table / About only).
ABOUT_CARDS = tuple(card.key for card in registry.CARDS)

#: How many offending elements to print per violation.
SHOW_NODES = 3

# Runs axe and hands back only what the report needs (the full result is large).
RUN_AXE = """
const [runOnly, showNodes, done] = arguments;
axe.run(document, {runOnly: {type: 'tag', values: runOnly}, resultTypes: ['violations']})
  .then(result => done({
    url: result.url,
    violations: result.violations.map(v => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      helpUrl: v.helpUrl,
      count: v.nodes.length,
      nodes: v.nodes.slice(0, showNodes).map(n => ({
        target: n.target.map(t => Array.isArray(t) ? t.join(' >>> ') : t).join(' | '),
        html: n.html,
        summary: n.failureSummary,
      })),
    })),
  }))
  .catch(error => done({error: String(error && error.stack || error)}));
"""


def _axe_source() -> str:
    raw = AXE_JS.read_bytes()
    digest = "sha256-" + base64.b64encode(hashlib.sha256(raw).digest()).decode()
    assert digest == AXE_SRI, f"{AXE_JS} is not axe-core {AXE_VERSION} (hash {digest})"
    return raw.decode("utf-8")


def _wait_for_charts(duo, timeout: float = 15.0) -> None:
    """Plotly draws after Dash hands it the figure: wait until every visible graph has its SVG."""
    deadline = time.time() + timeout
    script = """
        return Array.from(document.querySelectorAll('.dash-graph'))
          .filter(g => g.offsetParent !== null)
          .every(g => g.querySelector('.js-plotly-plot .main-svg'));
    """
    while time.time() < deadline:
        if duo.driver.execute_script(script):
            return
        time.sleep(0.1)
    raise AssertionError("a visible chart never finished drawing")


def _settle(duo) -> None:
    wait_idle(duo)
    _wait_for_charts(duo)
    # Fonts change text metrics, which change what axe measures for contrast and target size.
    duo.driver.set_script_timeout(60)
    duo.driver.execute_async_script("document.fonts.ready.then(() => arguments[0]())")
    wait_idle(duo)


def _show_pane(duo, card: str, view: str) -> None:
    """Pick one of a card's Chart / Table / About radios and wait for that pane to be on screen."""
    radio = duo.find_element(f"#{card}-view input[value='{view}']")
    duo.driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", radio)
    radio.click()
    pane = f"#{card}-{view}-pane"
    deadline = time.time() + 10
    while duo.driver.execute_script("return document.querySelector(arguments[0]).hidden", pane):
        assert time.time() < deadline, f"{pane} stayed hidden after choosing {view!r}"
        time.sleep(0.1)
    if view == "table":
        duo.wait_for_element(f"#{card}-table tbody tr", timeout=10)
    wait_idle(duo)


def run_axe(duo) -> list[dict]:
    driver = duo.driver
    if not driver.execute_script("return typeof window.axe === 'object' && window.axe.version"):
        driver.execute_script(_axe_source())
    version = driver.execute_script("return window.axe && window.axe.version")
    assert version == AXE_VERSION, f"axe-core did not load (got {version!r})"
    driver.set_script_timeout(60)
    result = driver.execute_async_script(RUN_AXE, RUN_ONLY, SHOW_NODES)
    assert "error" not in result, f"axe.run failed: {result['error']}"
    return result["violations"]


def format_violations(view: str, violations: list[dict]) -> str:
    lines = [f"{len(violations)} axe-core violation(s) in view {view!r}:"]
    for v in violations:
        lines.append("")
        lines.append(f"[{v['impact']}] {v['id']}: {v['help']} ({v['count']} element(s))")
        lines.append(f"    {v['helpUrl']}")
        for node in v["nodes"]:
            html = " ".join(node["html"].split())
            if len(html) > 300:
                html = html[:297] + "..."
            lines.append(f"  - target: {node['target']}")
            lines.append(f"    html:   {html}")
            summary = " ".join((node.get("summary") or "").split())
            if summary:
                lines.append(f"    why:    {summary[:400]}")
        if v["count"] > len(v["nodes"]):
            lines.append(f"  ... and {v['count'] - len(v['nodes'])} more")
    return "\n".join(lines)


def scan(duo, view: str) -> str:
    """Settle the page and run axe: the report of its violations, or "" if there are none."""
    _settle(duo)
    violations = run_axe(duo)
    return format_violations(view, violations) if violations else ""


# --- The views ------------------------------------------------------------------------------------


def _open_every_details(duo) -> None:
    duo.driver.execute_script("document.querySelectorAll('details').forEach(d => { d.open = true; })")


def _open_static_page(duo, path: str) -> None:
    """The accessibility statement and data dictionary are Flask pages beside the Dash app."""
    duo.driver.get(duo.server_url + path)
    duo.wait_for_element("main", timeout=10)


#: One entry per page load: the path to open, then the views scanned on it in turn, each as
#: (view, action that reaches it from the previous scan). Views share a load only when the
#: earlier scans leave the page as a fresh load would leave it for the later ones: opening
#: every <details> after the default scan, and navigating to the static pages after that.
PAGE_LOADS = [
    (
        "/",
        [
            ("default", None),
            # Every <details> open, so the sources, code and region filters are scanned too
            # (axe skips content that is not rendered).
            ("default-details-open", _open_every_details),
            # The static pages linked from the footer.
            ("page-accessibility", lambda duo: _open_static_page(duo, "/accessibility")),
            ("page-data-dictionary", lambda duo: _open_static_page(duo, "/data-dictionary")),
        ],
    ),
    ("/?sector=health,police&code=barrier_cost", [("filtered", None)]),
    *(("/", [(f"table-{card}", lambda duo, card=card: _show_pane(duo, card, "table"))]) for card in CHART_CARDS),
    ("/?present=1", [("present", None)]),
    *(("/", [(f"about-{card}", lambda duo, card=card: _show_pane(duo, card, "about"))]) for card in ABOUT_CARDS),
]


@pytest.mark.parametrize(("path", "views"), PAGE_LOADS, ids=["+".join(v for v, _ in views) for _, views in PAGE_LOADS])
def test_view_has_no_axe_violations(start, path, views):
    duo = start(path)
    reports = []
    for view, action in views:
        if action is not None:
            action(duo)
        reports.append(scan(duo, view))
    failures = [r for r in reports if r]
    assert not failures, "\n\n".join(failures)
