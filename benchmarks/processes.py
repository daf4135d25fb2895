"""Starting and stopping the servers the benchmarks measure, on loopback only."""

from __future__ import annotations

import os
import signal
import socket
import subprocess

#: Ports the benchmarks use: clear of the app's 8050 and of the browser tests' 58050 and up.
PORTS = range(8700, 8800)


def free_port() -> int:
    for port in PORTS:
        with socket.socket() as s:
            try:
                s.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError(f"no free port in {PORTS.start}-{PORTS.stop - 1}")


def stop(proc: subprocess.Popen) -> None:
    """SIGTERM the group (gunicorn and its workers), then SIGKILL if it has not gone in 25 s."""
    if proc.poll() is not None:
        return
    try:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(25)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(10)
    except ProcessLookupError:
        pass
