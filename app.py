"""Entry point: `python app.py` for local use, `gunicorn app:server` in production.

The extract directory defaults to `data/`; set DASHBOARD_DATA_DIR to use another.
A bad extract stops start-up with the validator's list of problems and exit code 1.
"""

from __future__ import annotations

import logging
import os
import sys

from dashboard.app import create_app
from dashboard.data.validate import ExtractError

logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")

try:
    app = create_app()
except ExtractError as error:
    print(error, file=sys.stderr)
    sys.exit(1)

server = app.server

if __name__ == "__main__":
    app.run(
        host=os.environ.get("HOST", "127.0.0.1"),
        port=int(os.environ.get("PORT", "8050")),
        debug=os.environ.get("DASH_DEBUG", "") == "1",
    )
