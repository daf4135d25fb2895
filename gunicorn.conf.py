"""gunicorn settings: `gunicorn app:server` reads this file from the working directory.

Workers are stateless (all view state is in the URL), so any number of workers,
or of instances behind a load balancer, serve the same views. Each worker loads
and validates the extract at start-up (about a second at the shipped size), then
checks for a changed extract every DASHBOARD_RELOAD_SECONDS and swaps it in only
if it is valid (dashboard/reload.py).
"""

import multiprocessing
import os

bind = os.environ.get("BIND", "127.0.0.1:8050")
workers = int(os.environ.get("WEB_CONCURRENCY", max(2, multiprocessing.cpu_count())))
threads = int(os.environ.get("GUNICORN_THREADS", "2"))
worker_class = "gthread"
timeout = 30
graceful_timeout = 20
keepalive = 5
# Requests and headers are small in this app; refuse anything oversized early.
limit_request_line = 8190
limit_request_fields = 100
accesslog = "-"
errorlog = "-"
loglevel = os.environ.get("LOG_LEVEL", "info")
control_socket_disable = True
