"""`gunicorn app:server` with gunicorn.conf.py: a bad extract at start-up stops it; a good one is served.

These start real gunicorn masters on loopback ports, as production does. Before the start-up
check in gunicorn.conf.py, a corrupt extract made the master restart its workers every two
seconds for ever while nothing answered.
"""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from tests.extract_edits import rewrite

ROOT = Path(__file__).resolve().parents[1]
GUNICORN = Path(sys.executable).with_name("gunicorn")
#: The issue asks for "within seconds"; the check itself takes one extract load (a second or two).
STOP_WITHIN_SECONDS = 20


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def gunicorn(data_dir: Path, port: int) -> subprocess.Popen:
    """A gunicorn master in its own process group (so a test can stop it and its workers)."""
    environ = {k: v for k, v in os.environ.items() if not k.startswith(("DASHBOARD_", "GUNICORN_"))}
    environ |= {
        "DASHBOARD_DATA_DIR": str(data_dir),
        "BIND": f"127.0.0.1:{port}",
        "WEB_CONCURRENCY": "2",
        "GUNICORN_THREADS": "1",
        "DASHBOARD_RELOAD_SECONDS": "0",
    }
    return subprocess.Popen(
        [str(GUNICORN), "app:server"],
        cwd=ROOT,
        env=environ,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )


def stop(process: subprocess.Popen) -> tuple[str, str]:
    """Stop a master this test started (and its workers, in its process group); its output."""
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            return process.communicate(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
    return process.communicate()


def _corrupt_file(directory: Path) -> None:
    path = directory / "quotes.parquet"
    path.write_bytes(path.read_bytes()[:200])


def _infinite_weight(directory: Path) -> None:
    def change(df):
        df.loc[3, "design_weight"] = float("inf")
        return df

    rewrite(directory, "org_survey", change)


def _qualitative_source_renamed(directory: Path) -> None:
    """Valid by the contract (every reference still lands), but the page names that source."""
    for table in ("sources", "participants", "findings", "quotes", "published_estimates"):
        rewrite(
            directory,
            table,
            lambda df: df.assign(source_id=df["source_id"].replace("ons_managers_views_2024", "renamed_source")),
        )


@pytest.mark.parametrize(
    ("corrupt", "named"),
    [
        (_corrupt_file, "quotes.parquet: file is not readable Parquet (corrupt?)"),
        (_infinite_weight, "org_survey.parquet, column 'design_weight', row 4: weight must be a finite number"),
        (_qualitative_source_renamed, "the extract is valid but the page could not be drawn from it: KeyError"),
    ],
    ids=["corrupt-file", "infinite-weight", "valid-but-cannot-be-drawn"],
)
def test_a_bad_extract_at_start_up_stops_gunicorn_within_seconds(extract_copy, corrupt, named):
    corrupt(extract_copy)
    started = time.monotonic()
    process = gunicorn(extract_copy, free_port())
    try:
        process.wait(timeout=STOP_WITHIN_SECONDS)
    except subprocess.TimeoutExpired:
        _, stderr = stop(process)
        pytest.fail(f"gunicorn was still running after {STOP_WITHIN_SECONDS} s:\n{stderr[-3000:]}")
    elapsed = time.monotonic() - started
    _, stderr = process.communicate()
    assert process.returncode == 1, stderr
    assert named in stderr, stderr
    assert "[ERROR] Not starting: app:server could not be loaded" in stderr
    assert "Booting worker" not in stderr, "no worker is started, so none is restarted in a loop"
    print(f"gunicorn exited with status {process.returncode} after {elapsed:.1f} s")


def test_a_good_extract_is_served(extract_copy):
    port = free_port()
    process = gunicorn(extract_copy, port)
    try:
        # The port is bound before the workers have loaded the extract, so the first answers may
        # be slow or refused on a busy machine: keep asking until one comes.
        deadline = time.monotonic() + 90
        status = None
        while time.monotonic() < deadline and process.poll() is None:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=15) as response:
                    status = response.status
                    break
            except OSError:  # refused, reset or timed out (URLError is an OSError too)
                time.sleep(0.25)
        assert status == 200
    finally:
        _, stderr = stop(process)
    assert "Start-up check passed" in stderr
    assert stderr.count("Booting worker") == 2
    # The extract is loaded once, by the check: both workers start from the context it saved.
    assert stderr.count("Using the context gunicorn's start-up check built") == 2, stderr
    # And the page's files are compressed once, by the check: both workers start with its copies.
    assert stderr.count("copies of files gunicorn's start-up check compressed") == 2, stderr
    saved = re.search(r"workers start from its context, saved in (\S+)", stderr)
    assert saved is not None, stderr
    assert not Path(saved.group(1)).parent.exists(), "the saved context goes with the master"
