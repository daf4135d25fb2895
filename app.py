"""Entry point: `python app.py` for local use, `gunicorn app:server` in production.

Settings come from the environment, read once here (`dashboard.settings`; the README lists
them). A bad setting or a bad extract stops start-up with the list of problems on stderr
and exit code 1.
"""

from __future__ import annotations

import logging
import sys

from dashboard.app import create_app
from dashboard.data.validate import ExtractError
from dashboard.settings import Settings, SettingsError

logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")

try:
    settings = Settings.from_env()
    app = create_app(settings)
except (SettingsError, ExtractError) as error:
    print(error, file=sys.stderr)
    sys.exit(1)

server = app.server

if __name__ == "__main__":
    app.run(host=settings.host, port=settings.port, debug=settings.debug)
