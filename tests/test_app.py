"""The app factory: start-up on good and bad extracts, headers, static pages, health."""

from __future__ import annotations

import dataclasses
import gzip
import hashlib
import json
import os
import re
import subprocess
import sys
import threading
from pathlib import Path

import brotli
import pytest
from backports import zstd
from dash import dcc
from flask import Flask, send_file
from plotly.offline import get_plotlyjs_version

import dashboard.app as factory
from dashboard import precompressed
from dashboard.app import PLOTLY_BUNDLE, create_app
from dashboard.components import registry
from dashboard.context import build_context
from dashboard.data.load import load_extract
from dashboard.data.validate import ExtractError
from dashboard.precompressed import precompress, write_sidecars
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


# --------------------------------------------------------------------------- the partial plotly.js bundle


def test_the_page_loads_the_custom_plotly_bundle_not_the_full_one(client):
    page = client.get("/").get_data(as_text=True)
    assert "/assets/vendor/plotly-custom-4.1.1.min.js" in page
    assert "plotly.min.js" not in page and "plotly-cartesian" not in page
    assert not any(r.get("namespace") == "plotly" for r in dcc._js_dist), "Dash's full plotly.min.js is still loaded"


def test_the_bundle_is_the_plotly_js_version_plotly_py_writes_figures_for():
    header = PLOTLY_BUNDLE.read_text(encoding="utf-8")[:200]
    assert f"plotly.js (custom: bar, heatmap, scatter - minified) v{get_plotlyjs_version()}" in header
    assert "Licensed under the MIT license" in header
    assert "MIT License" in (PLOTLY_BUNDLE.parent / "plotly.js-LICENSE.txt").read_text(encoding="utf-8")


def test_the_bundle_has_only_the_traces_it_is_named_for():
    """Every trace type plotly.js registers in the bundle, so a stray one (or a missing one) shows up."""
    bundle = PLOTLY_BUNDLE.read_text(encoding="utf-8")
    assert set(re.findall(r'name:"([a-z0-9]+)",basePlotModule', bundle)) == {"bar", "heatmap", "scatter"}


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


def test_no_served_asset_names_a_cdn():
    """Everything the page loads is served from here; not even an unused default points elsewhere."""
    cdn = re.compile(rb"https?://(cdn\.|cdnjs\.|unpkg\.|fonts\.googleapis|stackpath|jsdelivr)")
    named = [str(p) for p in PLOTLY_BUNDLE.parents[1].rglob("*") if p.is_file() and cdn.search(p.read_bytes())]
    assert named == []


# --------------------------------------------------------------------------- static files compressed once

DECOMPRESS = {"br": brotli.decompress, "zstd": zstd.decompress, "gzip": gzip.decompress}
BUNDLE_URL = "/assets/vendor/plotly-custom-4.1.1.min.js"


@pytest.fixture(scope="module")
def static_urls(client) -> dict[str, str]:
    """One URL for each view whose files go out precompressed, as the page names it."""
    page = client.get("/").get_data(as_text=True)
    dcc_url = re.search(r'src="(/_dash-component-suites/dash/dcc/dash_core_components\.v[^"]+\.js)"', page)
    assert dcc_url, "the page no longer loads dcc from its component suite"
    return {"bundle": BUNDLE_URL, "css": "/assets/app.css", "suite": dcc_url.group(1), "favicon": "/_favicon.ico"}


def get(client, url: str, accept: str, **headers: str):
    response = client.get(url, headers={"Accept-Encoding": accept, **headers})
    response.get_data()
    return response


@pytest.mark.parametrize("encoding", ["br", "zstd", "gzip"])
@pytest.mark.parametrize("kind", ["bundle", "css", "suite", "favicon"])
def test_static_files_are_compressed_in_each_encoding_with_the_views_caching(client, static_urls, kind, encoding):
    url = static_urls[kind]
    plain = get(client, url, "")
    response = get(client, url, encoding)
    assert response.status_code == 200
    assert response.headers["Content-Encoding"] == encoding
    assert DECOMPRESS[encoding](response.data) == plain.data
    assert len(response.data) < len(plain.data) / 2
    assert "Accept-Encoding" in response.headers["Vary"]
    assert response.headers["ETag"].endswith(f'-{encoding}"') and response.headers["ETag"] != plain.headers["ETag"]
    # Caching is the view's: a year for fingerprinted suites, revalidation for assets, none for the favicon.
    assert response.headers.get("Cache-Control") == plain.headers.get("Cache-Control")
    assert response.headers.get("Cache-Control") == {"suite": "max-age=31536000", "favicon": None}.get(kind, "no-cache")


def test_files_accepted_as_they_are_go_out_as_they_are(client, static_urls):
    assert get(client, BUNDLE_URL, "").data == PLOTLY_BUNDLE.read_bytes()
    assert get(client, "/assets/app.css", "identity").data == (ROOT / "assets" / "app.css").read_bytes()
    for url in static_urls.values():
        response = get(client, url, "")
        assert "Content-Encoding" not in response.headers and "Accept-Encoding" in response.headers["Vary"]


def test_the_bundle_goes_out_as_brotli_11_well_under_flask_compresss_zstd_3(client):
    body = get(client, BUNDLE_URL, "gzip, deflate, br, zstd").data
    assert body == brotli.compress(PLOTLY_BUNDLE.read_bytes(), quality=11)
    assert len(body) < len(zstd.compress(PLOTLY_BUNDLE.read_bytes(), 3)) * 0.85


def test_the_bundles_build_time_brotli_copy_is_current_and_not_loaded_by_the_page(client):
    """scripts/vendor_plotly.py writes it; the app would ignore a stale one and compress the bundle itself."""
    sidecar = PLOTLY_BUNDLE.with_name(PLOTLY_BUNDLE.name + ".br")
    assert brotli.decompress(sidecar.read_bytes()) == PLOTLY_BUNDLE.read_bytes()
    assert sidecar.name not in client.get("/").get_data(as_text=True)


def test_brotli_is_preferred_because_it_is_the_smaller(client, static_urls):
    for kind in ("bundle", "css", "suite"):
        br, zst = (get(client, static_urls[kind], encoding).data for encoding in ("br", "zstd"))
        assert len(br) < len(zst), kind


@pytest.mark.parametrize(
    ("accept", "encoding"),
    [
        ("gzip, deflate, br, zstd", "br"),  # Chromium
        ("gzip, deflate, br", "br"),
        ("zstd, gzip", "zstd"),
        ("gzip", "gzip"),
        ("br;q=0.5, gzip", "gzip"),
        ("*", "br"),
        ("br;q=0, *", "zstd"),
        ("identity;q=1, br;q=0.5", None),
        ("", None),
        ("identity", None),
    ],
)
def test_the_encoding_is_the_clients_best_of_those_offered(client, accept, encoding):
    response = get(client, "/assets/app.css", accept)
    assert response.headers.get("Content-Encoding") == encoding
    if encoding is None:
        assert response.data == (ROOT / "assets" / "app.css").read_bytes()


@pytest.mark.parametrize("encoding", ["br", "zstd", "gzip", ""])
@pytest.mark.parametrize("kind", ["bundle", "css", "suite"])
def test_each_encodings_etag_revalidates_with_304_and_only_its_own(client, static_urls, kind, encoding):
    """The browser sends back the ETag of the copy it has; it must get 304, not the file again."""
    url = static_urls[kind]
    etag = get(client, url, encoding).headers["ETag"]
    again = get(client, url, encoding, **{"If-None-Match": etag})
    assert again.status_code == 304 and again.data == b""
    assert again.headers["ETag"] == etag
    other = "gzip" if encoding != "gzip" else "br"
    assert get(client, url, other, **{"If-None-Match": etag}).status_code == 200


def test_head_gives_the_gets_headers_without_a_body(client):
    got = get(client, BUNDLE_URL, "br")
    head = client.head(BUNDLE_URL, headers={"Accept-Encoding": "br"})
    assert head.status_code == 200 and head.get_data() == b""
    for header in ("Content-Encoding", "Content-Length", "ETag", "Content-Type", "Cache-Control"):
        assert head.headers[header] == got.headers[header], header
    assert int(head.headers["Content-Length"]) == len(got.data)


@pytest.mark.parametrize(
    "path",
    [
        "/assets/nothing.css",
        "/assets/../app.py",
        "/assets/%2e%2e/app.py",
        "/assets/..%2fapp.py",
        "/assets/vendor/..%2f..%2fapp.py",
        "/assets/vendor/..%2f..%2fpyproject.toml",
        "/_dash-component-suites/dash/nothing.js",
        "/_dash-component-suites/../../x",
        "/_dash-component-suites/dash/..%2f..%2fapp.py",
        "/_dash-component-suites/dash/deps/..%2f..%2f..%2fflask%2fapp.py",
        "/_dash-component-suites/nopackage/x.js",
    ],
)
@pytest.mark.parametrize("accept", ["br", ""])
def test_missing_files_and_paths_out_of_the_folders_are_404(client, path, accept):
    response = get(client, path, accept)
    assert response.status_code == 404
    assert b"create_app" not in response.data and b"importlinter" not in response.data


def test_a_stale_or_corrupt_build_time_copy_is_ignored(tmp_path, caplog):
    """A copy left from an older file must never be sent as the new one."""
    script = tmp_path / "x.js"
    script.write_text("const fresh = 1;\n" * 200 + f"// {tmp_path}")  # unique: copies are kept per process
    (tmp_path / "x.js.br").write_bytes(brotli.compress(b"const stale = 1;\n" * 200))
    (tmp_path / "x.js.zst").write_bytes(b"not zstd at all")
    flask_app = Flask(__name__)
    for encoding in ("br", "zstd"):
        with flask_app.test_request_context(headers={"Accept-Encoding": encoding}):
            response = precompress(send_file(script, mimetype="text/javascript"), script)
            assert response.headers["Content-Encoding"] == encoding
            assert DECOMPRESS[encoding](response.get_data()) == script.read_bytes()
    assert caplog.text.count("Ignoring") == 2


def test_a_current_build_time_copy_is_sent_as_it_is(tmp_path):
    script = tmp_path / "y.js"
    script.write_text("const y = 2;\n" * 200 + f"// {tmp_path}")
    [sidecar] = write_sidecars(script)
    sidecar.write_bytes(brotli.compress(script.read_bytes(), quality=1))  # current, and not what level 11 gives
    with Flask(__name__).test_request_context(headers={"Accept-Encoding": "br"}):
        assert precompress(send_file(script, mimetype="text/javascript"), script).get_data() == sidecar.read_bytes()


def test_the_pages_files_are_compressed_in_the_background_from_the_first_request(built_dir, monkeypatch):
    """So the first page load after a worker starts does not wait seconds for brotli 11."""
    calls: list[str] = []
    monkeypatch.setattr(precompressed, "warm", lambda server, prefix: calls.append(prefix))
    fresh = create_app(Settings(), extract=load_extract(built_dir)).server.test_client()
    fresh.get("/healthz")
    fresh.get("/healthz")
    for thread in threading.enumerate():
        if thread.name == "precompress-warm":
            thread.join()
    assert calls == ["/"]


def test_warming_compresses_every_file_the_page_loads(client, static_urls):
    urls = {url.split("?")[0] for url in precompressed.warm(client.application)}  # assets have ?m=<mtime>
    assert {static_urls["bundle"], static_urls["suite"], static_urls["favicon"], "/assets/00-bootstrap.min.css"} <= urls
    plain = get(client, static_urls["suite"], "").data
    digest = hashlib.blake2b(plain, digest_size=16).hexdigest()
    assert brotli.decompress(precompressed._copies[(digest, "br")]) == plain


def test_a_processs_first_requests_at_once_all_get_the_pages_scripts(built_dir):
    """Dash registers the scripts it may serve on a process's first request, but marks that done
    before doing it (plotly/dash#3971): under gunicorn's threads, a script asked for meanwhile was a
    404 and the page stayed blank (1 first load in 10 on a fresh server here, React's script
    refused). Twelve first requests at once, the page and its scripts, are all answered."""
    page = create_app(Settings(), extract=load_extract(built_dir)).server.test_client().get("/")
    scripts = re.findall(r'<script src="(/_dash-component-suites/[^"]+)"', page.get_data(as_text=True))
    assert len(scripts) >= 6
    fresh = create_app(Settings(), extract=load_extract(built_dir)).server  # no request made yet
    urls = ["/", *scripts, *scripts][:12]
    start = threading.Barrier(len(urls))
    statuses: dict[str, list[int]] = {}

    def fetch(url: str) -> None:
        client = fresh.test_client()  # one per thread: a client is not shared between threads
        start.wait()
        statuses.setdefault(url, []).append(client.get(url).status_code)

    threads = [threading.Thread(target=fetch, args=(url,)) for url in urls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert statuses == {url: [200] * urls.count(url) for url in dict.fromkeys(urls)}
