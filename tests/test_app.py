"""The app factory: start-up on good and bad extracts, headers, static pages, health."""

from __future__ import annotations

import dataclasses
import gzip
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from dash import dcc
from plotly.offline import get_plotlyjs_version

import dashboard.app as factory
from dashboard.app import PLOTLY_BUNDLE, create_app
from dashboard.components import registry
from dashboard.context import build_context
from dashboard.data.load import load_extract
from dashboard.data.validate import ExtractError
from dashboard.settings import Settings
from dashboard.state import ViewState

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def client(built_dir):
    return create_app(Settings(), extract=load_extract(built_dir)).server.test_client()


def test_bad_extract_stops_start_up_with_the_problems(extract_copy):
    (extract_copy / "quotes.parquet").write_bytes(b"not parquet")
    with pytest.raises(ExtractError, match="quotes.parquet: file is not readable Parquet"):
        create_app(Settings(data_dir=extract_copy))


def test_start_up_draws_every_card_and_the_quote_panel(built_dir, monkeypatch):
    """An extract is served only if every card can be drawn from it, at start-up as on a reload."""
    drawn: list[tuple[str, ViewState]] = []

    def spy(card):
        def view(context, state):
            drawn.append((card.key, state))
            return card.view(context, state)

        return dataclasses.replace(card, view=view)

    monkeypatch.setattr(factory, "CARDS", tuple(spy(card) for card in factory.CARDS))
    quotes: list[ViewState] = []
    real_quotes = factory.views.quotes_view
    monkeypatch.setattr(factory.views, "quotes_view", lambda c, s: quotes.append(s) or real_quotes(c, s))
    create_app(Settings(), extract=load_extract(built_dir))
    assert drawn == [(card.key, ViewState()) for card in factory.CARDS]
    assert quotes == [ViewState()]


def test_an_extract_that_validates_but_cannot_be_drawn_stops_start_up(extract_copy, monkeypatch):
    """Before this check an extract that broke one card (an infinite weight broke the barriers card)
    started, and that card failed for every user; now start-up refuses it like an invalid one."""

    def broken(context, state):
        raise ValueError("Encountered all NA values")

    cards = tuple(dataclasses.replace(c, view=broken) if c.key == "barriers" else c for c in factory.CARDS)
    monkeypatch.setattr(factory, "CARDS", cards)
    with pytest.raises(ExtractError) as error:
        create_app(Settings(data_dir=extract_copy))
    assert str(error.value.problems[0]) == (
        f"{extract_copy}: the extract is valid but the page could not be drawn from it: "
        "ValueError: Encountered all NA values"
    )


@pytest.mark.parametrize(
    ("variable", "value", "message"),
    [
        ("DASHBOARD_SUPPRESSION_THRESHOLD", "0", "DASHBOARD_SUPPRESSION_THRESHOLD='0': must be a whole number"),
        ("DASHBOARD_DATA_DIR", "/nonexistent/extract", "extract directory does not exist"),
    ],
)
def test_app_py_stops_on_a_bad_setting_or_extract_with_exit_code_1(variable, value, message):
    environ = {k: v for k, v in os.environ.items() if not k.startswith("DASHBOARD_")} | {variable: value}
    run = subprocess.run(
        [sys.executable, "app.py"], cwd=ROOT, env=environ, capture_output=True, text=True, timeout=120, check=False
    )
    assert run.returncode == 1
    assert message in run.stderr
    assert "Traceback" not in run.stderr


def test_security_headers_on_every_response(client):
    for path in ("/", "/healthz", "/accessibility", "/_dash-layout"):
        headers = client.get(path).headers
        csp = headers["Content-Security-Policy"]
        assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp
        assert "script-src 'self' 'sha256-" in csp and "unsafe-eval" not in csp
        assert headers["Referrer-Policy"] == "no-referrer"
        assert headers["X-Frame-Options"] == "DENY"
        assert headers["X-Content-Type-Options"] == "nosniff"


def test_oversized_request_is_refused(client):
    response = client.post("/_dash-update-component", data=b"x" * 2_000_000, content_type="application/json")
    assert response.status_code == 413


def test_health_reports_the_loaded_extract_but_not_where_it_is(client, built_dir):
    response = client.get("/healthz")
    body = json.loads(response.data)
    assert body["status"] == "ok"
    assert body["extract"]["tables"]["quotes"] == 21
    assert body["extract"]["synthetic"] == ["org_survey", "time_use_survey"]
    assert "directory" not in body["extract"]
    assert str(built_dir) not in response.get_data(as_text=True)


def test_health_reports_how_the_extract_was_loaded(client):
    reload = json.loads(client.get("/healthz").data)["reload"]
    assert reload["generation"] == 1
    assert reload["last_reload"] is None
    assert reload["serving_since"].endswith("+00:00")


def test_layout_is_served_per_request_but_not_embedded_in_the_page(client):
    # The layout is a function of the live extract; Dash would otherwise copy it into every page.
    assert "validation_layout" not in client.get("/").data.decode()
    layout = client.get("/_dash-layout").json
    assert layout["props"]["id"] == "page-root"
    assert client.get("/_dash-layout").json == layout


def test_index_declares_language_and_serves_nothing_remote(client):
    page = client.get("/").data.decode()
    assert '<html lang="en">' in page
    assert "http://" not in page.replace("http://www.w3.org", "") and "https://" not in page


def test_accessibility_statement_and_data_dictionary(client):
    statement = client.get("/accessibility").data.decode()
    assert "WCAG" in statement and "Known limitations" in statement and "Reporting a problem" in statement
    dictionary = client.get("/data-dictionary").data.decode()
    assert "design_weight" in dictionary and '<th scope="col">Meaning</th>' in dictionary
    assert '<h2 id="downloads">Downloaded survey CSVs</h2>' in dictionary
    assert "suppression_reason" not in dictionary and "<code>quality_flag</code>" in dictionary
    csv_text = client.get("/data-dictionary.csv").data.decode("utf-8-sig")
    assert csv_text.splitlines()[0].startswith("table,column,type")


@pytest.mark.parametrize("encoding", ["zstd", "br", "gzip"])
def test_a_compressed_stylesheet_revalidates_with_304(client, encoding):
    """The browser sends back the compressed file's ETag; it must get 304, not the file again."""
    first = client.get("/assets/app.css", headers={"Accept-Encoding": encoding})
    first.get_data()
    assert first.status_code == 200 and first.headers["ETag"]
    again = client.get("/assets/app.css", headers={"Accept-Encoding": encoding, "If-None-Match": first.headers["ETag"]})
    again.get_data()
    assert again.status_code == 304


# --------------------------------------------------------------------------- the partial plotly.js bundle


def test_the_page_loads_the_cartesian_plotly_bundle_not_the_full_one(client):
    page = client.get("/").get_data(as_text=True)
    assert "/assets/vendor/plotly-cartesian-4.1.1.min.js" in page
    assert not any(r.get("namespace") == "plotly" for r in dcc._js_dist), "Dash's full plotly.min.js is still loaded"


def test_the_bundle_is_the_plotly_js_version_plotly_py_writes_figures_for():
    header = PLOTLY_BUNDLE.read_text(encoding="utf-8")[:200]
    assert f"plotly.js (cartesian - minified) v{get_plotlyjs_version()}" in header


def test_every_trace_the_app_draws_is_in_the_bundle(shipped_extract):
    bundle = PLOTLY_BUNDLE.read_text(encoding="utf-8")
    in_bundle = set(re.findall(r'name:"([a-z0-9]+)",basePlotModule', bundle))
    context = build_context(shipped_extract, Settings())
    drawn = {
        trace["type"]
        for card in registry.CHART_CARDS
        for state in (ViewState(), ViewState(present=True), ViewState(sectors=()))
        for trace in card.view(context, state).chart.figure["data"]
    }
    assert drawn and drawn <= in_bundle, drawn - in_bundle


@pytest.mark.parametrize("encoding", ["zstd", "br", "gzip"])
def test_the_plotly_bundle_is_compressed_for_every_encoding_a_browser_offers(client, encoding):
    response = client.get("/assets/vendor/plotly-cartesian-4.1.1.min.js", headers={"Accept-Encoding": encoding})
    body = response.get_data()
    assert response.headers["Content-Encoding"] == encoding
    assert len(body) < PLOTLY_BUNDLE.stat().st_size / 2
    if encoding == "gzip":
        assert gzip.decompress(body) == PLOTLY_BUNDLE.read_bytes()


def test_no_served_asset_names_a_cdn():
    """Everything the page loads is served from here; not even an unused default points elsewhere."""
    cdn = re.compile(rb"https?://(cdn\.|cdnjs\.|unpkg\.|fonts\.googleapis|stackpath|jsdelivr)")
    named = [str(p) for p in PLOTLY_BUNDLE.parents[1].rglob("*") if p.is_file() and cdn.search(p.read_bytes())]
    assert named == []
