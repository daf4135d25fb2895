"""App factory: load the extract once, build the context, lay out the page, wire callbacks.

Nothing imports a global app: tests and `app.py` each call `create_app`.
"""

from __future__ import annotations

import logging
from pathlib import Path

from dash import Dash
from flask import jsonify
from flask_compress import Compress

from dashboard import pages, security
from dashboard.callbacks import register_all
from dashboard.components.layout import build_layout
from dashboard.context import build_context
from dashboard.data.load import Extract, load_extract

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


def create_app(
    data_dir: Path | str | None = None,
    *,
    extract: Extract | None = None,
    threshold: int | None = None,
    min_participants: int | None = None,
) -> Dash:
    """Build the Dash app on a validated extract; raises ExtractError if the extract is bad."""
    extract = extract or load_extract(data_dir)
    context = build_context(extract, threshold=threshold, min_participants=min_participants)
    app = Dash(
        __name__,
        title=TITLE,
        assets_folder=str(ASSETS),
        serve_locally=True,
        update_title=None,
        meta_tags=[{"name": "viewport", "content": "width=device-width, initial-scale=1"}],
    )
    app.index_string = INDEX_STRING
    app.layout = build_layout(context)
    register_all(app, context)
    pages.register(app.server)
    security.install(app)
    Compress(app.server)  # gzip/brotli for the page, scripts and callback JSON

    @app.server.route("/healthz")
    def health():
        return jsonify({"status": "ok", "extract": extract.summary()})

    log.info("Loaded extract %s", extract.summary())
    return app
