"""App factory: load the extract, hold it in a context source, lay out the page, wire callbacks.

Nothing imports a global app: tests and `app.py` each call `create_app` with their
`Settings`. The source (`dashboard.reload`) watches the extract directory and swaps in a
changed extract only when it is valid. Only this module knows about it: the page layout and
the callbacks are given `source.current`, a function returning the live context, and keep
whatever they compute from a context in that context's memo.
"""

from __future__ import annotations

import logging
from pathlib import Path

from dash import Dash, dcc
from dash.development.base_component import Component
from flask import Flask, jsonify
from flask_compress import Compress

from dashboard import pages, precompressed, security, views
from dashboard.callbacks import register_all
from dashboard.components.layout import build_layout
from dashboard.components.registry import CARDS
from dashboard.context import AppContext, build_context
from dashboard.data.load import Extract
from dashboard.data.validate import ExtractError, Problem
from dashboard.reload import ContextSource, save_startup_context
from dashboard.settings import Settings
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


#: plotly.js with only the bar, heatmap and scatter traces, served from assets/vendor
#: (built by scripts/vendor_plotly.py).
PLOTLY_BUNDLE = ASSETS / "vendor" / "plotly-custom-4.1.1.min.js"


def use_partial_plotly() -> None:
    """Drop the full plotly.js that Dash adds for every app; the custom bundle replaces it.

    The full bundle is 4.8 MB (1.4 MB compressed, three quarters of the first page load) and
    takes most of the time the browser spends before the charts appear. The charts here use
    only bar, scatter and heatmap traces, and the bundle has only those. dcc.Graph uses
    `window.Plotly` when a script has already defined it, which the bundle in assets/ does.
    Dash re-adds the full bundle each time an app is made, so this runs after `Dash()`.
    """
    dcc._js_dist[:] = [resource for resource in dcc._js_dist if resource.get("namespace") != "plotly"]


#: Where the app's ContextSource is kept on the Flask server (for ops code and tests).
SOURCE_KEY = "dashboard.context_source"


def page_layout(context: AppContext) -> Component:
    """The page drawn from `context`, built once per context and shared by every page load."""
    return context.memo.get("layout", lambda: build_layout(context))


def can_serve(context: AppContext) -> None:
    """Draw the page and every card's and the quote panel's default view; raises if the app
    could not serve them. The start-up extract and every reloaded one must pass this (as well
    as validation): an extract can satisfy the contract and still break a card (an infinite
    weight did, before the validator refused it). The page it draws is kept for the first page
    load."""
    page_layout(context)
    for card in CARDS:
        card.view(context, DEFAULT)
    views.quotes_view(context, DEFAULT)


def check_can_serve(directory: Path, context: AppContext) -> None:
    """`can_serve`, with any failure raised as an ExtractError, so start-up stops on an extract
    that cannot be drawn the way it stops on an invalid one: one message, exit status 1."""
    try:
        can_serve(context)
    except ExtractError:
        raise
    except Exception as error:
        log.debug("Drawing the page from extract %s failed", directory, exc_info=True)
        failure = f"{type(error).__name__}: {error}"
        problem = Problem(str(directory), f"the extract is valid but the page could not be drawn from it: {failure}")
        raise ExtractError(directory, [problem]) from error


def save_startup(server: object, path: Path | str, files: Path | str | None = None) -> bool:
    """Save the context an app built, and its page's files compressed, for gunicorn's workers
    (gunicorn.conf.py's start-up check calls this after importing the app, so the workers need
    not load the extract again nor compress the files: the context to `path`, the files to
    `files`). A failure to save either is logged and otherwise ignored: the workers then load
    the extract or compress the files themselves. True if the context was saved."""
    extensions = getattr(server, "extensions", {})
    saved = False
    if (source := extensions.get(SOURCE_KEY)) is not None:
        try:
            saved = save_startup_context(source, path)
        except Exception:
            log.warning(
                "Could not save the start-up context to %s; each worker will load the extract", path, exc_info=True
            )
    if files is not None and isinstance(server, Flask):
        try:
            precompressed.save_shared(server, files)
        except Exception:
            log.warning(
                "Could not save the compressed files to %s; each worker will compress them", files, exc_info=True
            )
    return saved


def create_app(settings: Settings | None = None, *, extract: Extract | None = None) -> Dash:
    """Build the Dash app on a validated extract; raises ExtractError if the extract is bad.

    `settings` None means `Settings.from_env()`. The extract is loaded from
    `settings.data_dir`, unless an already loaded `extract` is given (taken to match its
    directory's files as they are when the app is made). Either directory is checked for
    changes every `settings.reload_seconds` (0: never) and a changed extract is swapped in
    only if it is good."""
    settings = Settings.from_env() if settings is None else settings
    if extract is None:
        source = ContextSource.load(settings, probe=can_serve)
    else:
        source = ContextSource(extract.directory, build_context(extract, settings), settings, probe=can_serve)
    current = source.current
    check_can_serve(source.directory, current())
    app = Dash(
        __name__,
        title=TITLE,
        assets_folder=str(ASSETS),
        serve_locally=True,
        update_title="",  # never retitle the tab while a callback runs
        meta_tags=[{"name": "viewport", "content": "width=device-width, initial-scale=1"}],
    )
    use_partial_plotly()
    app.index_string = INDEX_STRING
    # A function, so a page load after a reload shows the new extract; drawn once per context.
    app.layout = lambda: page_layout(current())
    # Dash calls a layout function once when it is assigned and keeps what it returns as
    # `validation_layout` (the Dash.layout setter), which Dash._config() then copies into every
    # page's config script: 41 kB more HTML on every page load (6 kB gzipped), a second copy of
    # what the browser fetches from /_dash-layout anyway, and the start-up extract's at that.
    # It is used only by the renderer's check of callback ids and properties against a layout
    # (validateCallbacksToLayout); without it the renderer checks them against the page it was
    # served, as it does for any app with a fixed layout, and every id a callback names is on
    # that page (repeated controls are matched with ALL). An explicit skeleton layout of just
    # the ids would still add 9.6 kB to every page, to check less than the page itself does.
    app.validation_layout = None
    register_all(app, current)
    pages.register(app.server)
    security.install(app)
    # flask-compress suffixes a compressed file's ETag (":zstd") and only answers If-None-Match
    # for the endpoints listed here; without Dash's assets endpoint every page load downloaded
    # the CSS again instead of getting 304 Not Modified.
    app.server.config["COMPRESS_STREAMING_ENDPOINT_CONDITIONAL"] = ["static", "_dash_assets.static"]
    # Files in assets/ are streamed, and flask-compress leaves gzip out for streams by default,
    # so a browser offering only gzip got the 1.5 MB plotly bundle and the CSS uncompressed.
    app.server.config["COMPRESS_ALGORITHM_STREAMING"] = ["zstd", "br", "gzip", "deflate"]
    Compress(app.server)  # zstd/brotli/gzip for the page, layout and callback JSON
    # Scripts, CSS and the favicon instead go out compressed once at the highest levels (brotli 11:
    # a fifth smaller than flask-compress's per-request zstd 3); flask-compress leaves them alone.
    precompressed.install(app)

    app.server.extensions[SOURCE_KEY] = source

    @app.server.route("/healthz")
    def health():
        live = source.snapshot()
        return jsonify({"status": "ok", "extract": live.context.extract.summary(), "reload": source.status(live)})

    # Dash works out which scripts and stylesheets it may serve on a process's first request, after
    # marking that done (plotly/dash#3971, open): with gunicorn's threads, a script asked for meanwhile
    # was refused (404) and the page stayed blank, 1 first load in 10 on a fresh server here. Done
    # now instead, before this process answers anything.
    with app.server.app_context():
        app._setup_server()

    loaded = source.current().extract
    log.info(
        "Loaded extract from %s (files in %s): %s; checking for changes %s",
        source.directory,
        loaded.directory,
        loaded.summary(),
        f"every {source.interval:g} s" if source.interval else "never (DASHBOARD_RELOAD_SECONDS=0)",
    )
    return app
