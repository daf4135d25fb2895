"""gunicorn settings: `gunicorn app:server` reads this file from the working directory.

Workers are stateless (all view state is in the URL), so any number of workers,
or of instances behind a load balancer, serve the same views. Each worker loads
and validates the extract at start-up (about a second at the shipped size), then
checks for a changed extract every DASHBOARD_RELOAD_SECONDS and swaps it in only
if it is valid (dashboard/reload.py).

BIND, WEB_CONCURRENCY, GUNICORN_THREADS and LOG_LEVEL are read through
`dashboard.settings` like every other setting. The master parses all of them, so a bad
setting stops gunicorn before any worker starts, with the list of problems.
"""

import sys

from dashboard.settings import Settings, SettingsError

try:
    settings = Settings.from_env()
except SettingsError as error:
    print(error, file=sys.stderr)
    sys.exit(1)

bind = settings.bind
workers = settings.workers
threads = settings.threads
worker_class = "gthread"
timeout = 30
graceful_timeout = 20
keepalive = 5
# Requests and headers are small in this app; refuse anything oversized early.
limit_request_line = 8190
limit_request_fields = 100
accesslog = "-"
errorlog = "-"
loglevel = settings.log_level
control_socket_disable = True
