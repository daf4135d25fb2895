"""gunicorn settings: `gunicorn app:server` reads this file from the working directory.

Workers are stateless (all view state is in the URL), so any number of workers,
or of instances behind a load balancer, serve the same views. The extract is loaded
and validated once at start-up, by the start-up check below, and each worker starts
from what the check built while the files are unchanged (`post_fork`); each worker
then checks for a changed extract every DASHBOARD_RELOAD_SECONDS and swaps it in only
if it is valid (dashboard/reload.py).

BIND, WEB_CONCURRENCY, GUNICORN_THREADS and LOG_LEVEL are read through
`dashboard.settings` like every other setting. The master parses all of them, so a bad
setting stops gunicorn before any worker starts, with the list of problems. A bad extract
does too (`on_starting`, below).
"""

import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

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

#: The start-up check loads the app once; a load that takes longer than this is taken to hang
#: (the shipped extract loads in about a second, 1,000,000 rows in a few).
STARTUP_CHECK_SECONDS = 300
#: Run in a fresh interpreter: import the WSGI app exactly as a worker does (gunicorn's own loader),
#: then save the context it built and its page's files compressed, for the workers
#: (dashboard.app.save_startup; never fails the check).
_LOAD_APP = (
    "import sys; from gunicorn.util import import_app; server = import_app(sys.argv[1]); "
    "from dashboard.app import save_startup; save_startup(server, sys.argv[2], sys.argv[3])"
)
#: The start-up check's saved context, in a directory the master makes for it (mode 0700) and
#: removes on exit, and its compressed files beside it. The context's path is kept on the arbiter
#: (`server`), which, unlike this file's globals, lives through a `kill -HUP` (gunicorn reads this
#: file again then).
_SHARE_ATTRIBUTE = "dashboard_startup_share"
_SHARED_CONTEXT = "startup-context.pickle"
_SHARED_FILES = "precompressed.pickle"


def on_starting(server):
    """Load the app once in a throwaway process before any worker starts, and exit with status 1,
    logging its problems, if it cannot be loaded.

    Why: app.py exits with status 1 when the extract is missing, corrupt, invalid or cannot be
    drawn. gunicorn's master halts only on a worker's exit status 3 (failed to boot) or 4 (app
    failed to load); any other status it treats as a crash and starts the worker again, so a
    corrupt extract at start-up made it restart workers every two seconds for ever (12 boots in
    12 s here; over a thousand in ten minutes in issue 11) while nothing answered. Checking here
    stops gunicorn within seconds with the validator's lines (file, column, row, problem), and the
    process manager sees the failure.

    Why a separate process rather than loading in the master (`preload_app`, or validating in
    this hook): loading in the master would grow it from 25 MB by about 210 MB (a process that
    imported the app and loaded the shipped extract went from 13 to 224 MB) and leave it with six
    threads (library pools, jemalloc's background thread) for every worker to be forked from, and
    forking a process with threads is unsafe; with `preload_app`, a restarted worker would also
    be a fork of the start-up extract rather than load the directory as it is now (docs/deploy.md
    measures what that does to `kill -HUP`). Here the master stays as small as before, each worker
    still checks for and hot-reloads a changed extract itself (dashboard/reload.py), and the check
    is exactly what a worker would do.

    The check then saves the context it built to a file in a directory only this master's user
    can read, and each worker starts from it (`post_fork`) instead of loading the extract again,
    if the files, settings and code are still the ones the check used (dashboard/reload.py, "the
    start-up share"); otherwise the worker loads and validates them itself, as before. So the
    extract is read once at start-up, whatever the number of workers, and a worker never holds
    the survey records (docs/performance.md measures start-up and worker memory at 1,000,000 and
    10,000,000 rows with `python -m benchmarks.bench_load --startup-only`).

    The check also compresses the page's scripts and stylesheets once, on every CPU, and saves
    them beside the context; each worker starts with them (dashboard/precompressed.py, "the
    start-up share"), rather than spending about 2 s of CPU compressing them again after its
    first request while the first visitor to it waits. Each copy is used only for the file
    content it was compressed from.

    Only start-up is checked: a worker that fails to start later (after a crash or a timeout
    kill) while the others serve the last good extract is restarted as before, so one bad
    deployment does not take down workers that are serving.
    """
    if server.cfg.paste is not None:
        return  # a paste app is not a module:variable to import; nothing in this project uses one
    started = time.monotonic()
    share = Path(tempfile.mkdtemp(prefix="dashboard-startup-")) / _SHARED_CONTEXT  # its directory is 0700
    setattr(server, _SHARE_ATTRIBUTE, share)
    files = share.with_name(_SHARED_FILES)
    directory = server.cfg.chdir
    python_path = [directory, *server.cfg.pythonpath.split(",")] if server.cfg.pythonpath else [directory]
    if os.environ.get("PYTHONPATH"):
        python_path.append(os.environ["PYTHONPATH"])
    try:
        check = subprocess.run(
            [sys.executable, "-c", _LOAD_APP, server.app.app_uri, str(share), str(files)],
            cwd=directory,
            env={**os.environ, "PYTHONPATH": os.pathsep.join(python_path)},
            capture_output=True,
            text=True,
            timeout=STARTUP_CHECK_SECONDS,
            check=False,
        )
    except subprocess.TimeoutExpired:
        _refuse(server, f"loading {server.app.app_uri} took longer than {STARTUP_CHECK_SECONDS} s", [])
        return
    if check.returncode != 0:
        lines = [line for line in check.stderr.splitlines() if line.strip()]
        _refuse(server, f"{server.app.app_uri} could not be loaded (exit status {check.returncode})", lines)
    server.log.info(
        "Start-up check passed in %.1f s: the extract in %s is valid and every card can be drawn; %s; %s",
        time.monotonic() - started,
        settings.data_dir,
        "the page's files are compressed for the workers" if files.is_file() else "each worker compresses its files",
        f"workers start from its context, saved in {share}" if share.is_file() else "each worker loads it",
    )


def post_fork(server, worker):
    """In each new worker, before it imports the app: offer it the start-up check's context and
    compressed files. The worker uses the context only if the files, settings and code are still
    the ones the check used, and a compressed copy only for the content it was compressed from."""
    share = getattr(server, _SHARE_ATTRIBUTE, None)
    if share is not None and share.is_file():
        from dashboard.reload import offer_startup_context

        offer_startup_context(share)
    if share is not None and (files := share.with_name(_SHARED_FILES)).is_file():
        from dashboard.precompressed import offer_shared

        offer_shared(files)


def on_exit(server):
    """Remove the start-up check's saved context with the master."""
    _remove_share(server)


def _remove_share(server) -> None:
    share = getattr(server, _SHARE_ATTRIBUTE, None)
    if share is not None:
        shutil.rmtree(share.parent, ignore_errors=True)


def _refuse(server, reason: str, lines: list[str]) -> None:
    """Log why gunicorn will not start, one log line per problem, and exit with status 1."""
    _remove_share(server)
    server.log.error("Not starting: %s; no worker was started. Problems:", reason)
    for line in lines:
        server.log.error("%s", line)
    if server.pidfile is not None:
        server.pidfile.unlink()
    sys.exit(1)
