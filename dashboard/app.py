"""App factory: load the extract, hold it in a context source, lay out the page, wire callbacks.

Nothing imports a global app: tests and `app.py` each call `create_app`. The source
(`dashboard.reload`) watches the extract directory and swaps in a changed extract only
when it is valid; callbacks and the page layout read the live context per request.
"""

from __future__ import annotations

import logging
from pathlib import Path

from dash import Dash, dcc
from flask import jsonify
from flask_compress import Compress

from dashboard import pages, security, views
from dashboard.callbacks import register_all
from dashboard.callbacks.downloads import CARD_VIEWS
from dashboard.components.layout import build_layout
from dashboard.context import AppContext, build_context
from dashboard.data.load import Extract
from dashboard.reload import ContextSource
from dashboard.state import DEFAULT

ASSETS = Path(__file__).resolve().parents[1] / "assets"
TITLE = "Public sector management, admin burden and AI: sector comparison"
log = logging.getLogger(__name__)

INDEX_STRING = """<!DOCTYPE html>
<html lang="en">
    <head>
        {%metas%}
        <title>{%title%}</title>
        {%favicon%}
        {%css%}
    </head>
    <body>
        {%app_entry%}
        <div>
            {%config%}
            {%scripts%}
            {%renderer%}
        </div>
    </body>
</html>"""


#: plotly.js's official cartesian bundle (bar, scatter, heatmap and more), served from assets/vendor.
PLOTLY_BUNDLE = ASSETS / "vendor" / "plotly-cartesian-4.1.1.min.js"


def use_partial_plotly() -> None:
    """Drop the full plotly.js that Dash adds for every app; the cartesian bundle replaces it.

    The full bundle is 4.8 MB (1.4 MB compressed, three quarters of the first page load) and
    takes most of the time the browser spends before the charts appear. The charts here use
    only bar, scatter and heatmap traces. dcc.Graph uses `window.Plotly` when a script has
    already defined it, which the bundle in assets/ does. Dash re-adds the full bundle each
    time an app is made, so this runs after `Dash()`.
    """
    dcc._js_dist[:] = [resource for resource in dcc._js_dist if resource.get("namespace") != "plotly"]


#: Where the app's ContextSource is kept on the Flask server (for ops code and tests).
SOURCE_KEY = "dashboard.context_source"


def can_serve(context: AppContext) -> None:
    """Draw the page and every panel's default view; raises if the app could not serve them.
    A reloaded extract must pass this (as well as validation) before it is swapped in."""
    build_layout(context)
    for view_fn in CARD_VIEWS.values():
        view_fn(context, DEFAULT)
    views.quotes_view(context, DEFAULT)


def create_app(
    data_dir: Path | str | None = None,
    *,
    extract: Extract | None = None,
    threshold: int | None = None,
    min_participants: int | None = None,
    reload_seconds: float | None = None,
) -> Dash:
    """Build the Dash app on a validated extract; raises ExtractError if the extract is bad.

    The extract's directory (`data_dir`, else DASHBOARD_DATA_DIR, else `data/`; or the given
    `extract`'s) is checked for changes every `reload_seconds` (default DASHBOARD_RELOAD_SECONDS
    or 30; 0 turns it off) and a changed extract is swapped in only if it is good. A given
    `extract` is taken to match its directory's files as they are when the app is made."""
    options = {"threshold": threshold, "min_participants": min_participants}
    reloading = {"interval": reload_seconds, "probe": can_serve}
    if extract is None:
        source = ContextSource.load(data_dir, **options, **reloading)
    else:
        source = ContextSource(extract.directory, build_context(extract, **options), **options, **reloading)
    app = Dash(
        __name__,
        title=TITLE,
        assets_folder=str(ASSETS),
        serve_locally=True,
        update_title=None,
        meta_tags=[{"name": "viewport", "content": "width=device-width, initial-scale=1"}],
    )
    use_partial_plotly()
    app.index_string = INDEX_STRING
    # A function of the live context, so a page load after a reload shows the new counts.
    # Built once per extract generation; every request of that generation shares it.
    app.layout = source.derive(build_layout)
    # Dash keeps the first layout as a "validation layout" and embeds it in every page; the
    # live layout has the same ids (the source refuses extracts that would change them).
    app.validation_layout = None
    register_all(app, source)
    pages.register(app.server)
    security.install(app)
    # flask-compress suffixes a compressed file's ETag (":zstd") and only answers If-None-Match
    # for the endpoints listed here; without Dash's assets endpoint every page load downloaded
    # the CSS again instead of getting 304 Not Modified.
    app.server.config["COMPRESS_STREAMING_ENDPOINT_CONDITIONAL"] = ["static", "_dash_assets.static"]
    # Files in assets/ are streamed, and flask-compress leaves gzip out for streams by default,
    # so a browser offering only gzip got the 1.5 MB plotly bundle and the CSS uncompressed.
    app.server.config["COMPRESS_ALGORITHM_STREAMING"] = ["zstd", "br", "gzip", "deflate"]
    Compress(app.server)  # zstd/brotli/gzip for the page, scripts and callback JSON

    app.server.extensions[SOURCE_KEY] = source

    @app.server.route("/healthz")
    def health():
        live = source.snapshot()
        return jsonify({"status": "ok", "extract": live.context.extract.summary(), "reload": source.status(live)})

    log.info(
        "Loaded extract %s; checking for changes %s",
        source.current().extract.summary(),
        f"every {source.interval:g} s" if source.interval else "never (DASHBOARD_RELOAD_SECONDS=0)",
    )
    return app
