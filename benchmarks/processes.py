"""Starting and stopping the servers the benchmarks measure, on loopback only."""

from __future__ import annotations

import os
import platform
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

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


# --- gunicorn as production runs it, and what the machine is doing --------------------------------

ROOT = Path(__file__).resolve().parents[1]
#: Settings a benchmark's server must not inherit from the shell that runs it.
_SERVER_PREFIXES = ("DASHBOARD_", "GUNICORN_")
_SERVER_NAMES = frozenset({"BIND", "WEB_CONCURRENCY", "LOG_LEVEL"})


@dataclass
class Gunicorn:
    """A `gunicorn -c gunicorn.conf.py app:server` master on loopback, in its own process group."""

    proc: subprocess.Popen
    base: str
    log: Path
    launched: float  # time.monotonic() at launch
    ready_s: float = 0.0  # launch until /healthz first answered

    def log_text(self) -> str:
        return self.log.read_text(errors="replace") if self.log.exists() else ""


def start_gunicorn(env: dict[str, str], log: Path, timeout: float = 300.0) -> Gunicorn:
    """Start gunicorn with the project's gunicorn.conf.py and `env` (DASHBOARD_*, WEB_CONCURRENCY, ...)
    on a free loopback port; returns once /healthz answers 200. Stops it again on failure."""
    port = free_port()
    clean = {k: v for k, v in os.environ.items() if not k.startswith(_SERVER_PREFIXES) and k not in _SERVER_NAMES}
    clean |= {"BIND": f"127.0.0.1:{port}", **env}
    with open(log, "wb") as out:
        launched = time.monotonic()
        proc = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", "app:server"],
            cwd=ROOT,
            env=clean,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group, so stop() ends the workers too
        )
    server = Gunicorn(proc, f"http://127.0.0.1:{port}", log, launched)
    try:
        while True:
            if proc.poll() is not None:
                raise RuntimeError(f"gunicorn exited with code {proc.returncode}:\n{server.log_text()[-3000:]}")
            if time.monotonic() - launched > timeout:
                raise RuntimeError(f"/healthz did not answer within {timeout:.0f} s:\n{server.log_text()[-3000:]}")
            try:
                with urllib.request.urlopen(server.base + "/healthz", timeout=5) as response:
                    if response.status == 200:
                        break
            except OSError:
                pass
            time.sleep(0.05)
    except BaseException:
        stop(proc)
        raise
    server.ready_s = time.monotonic() - launched
    return server


def children(pid: int) -> list[int]:
    """Direct children of a process (a gunicorn master's workers, and its start-up check while it runs)."""
    try:
        with open(f"/proc/{pid}/task/{pid}/children") as f:
            return [int(p) for p in f.read().split()]
    except OSError:
        return []


def proc_status(pid: int | str = "self") -> dict[str, float]:
    """VmRSS and VmHWM (peak RSS) of a process in MB (2**20 bytes); empty if it has gone."""
    out: dict[str, float] = {}
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                key, _, value = line.partition(":")
                if key in ("VmRSS", "VmHWM"):
                    out[key] = int(value.split()[0]) / 1024
    except OSError:
        pass
    return out


def cpu_seconds(pid: int) -> float:
    """User plus system CPU time a process has used, in seconds."""
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def wait_settled(pids: list[int], timeout: float = 300.0, quiet: float = 0.5) -> None:
    """Wait until none of `pids` uses CPU for `quiet` seconds: every worker has loaded its extract
    (the first /healthz answer means only that one worker has)."""
    deadline = time.monotonic() + timeout
    last = [cpu_seconds(p) for p in pids]
    while time.monotonic() < deadline:
        time.sleep(quiet)
        now = [cpu_seconds(p) for p in pids]
        if all(b - a < 0.02 for a, b in zip(last, now, strict=True)):
            return
        last = now
    raise RuntimeError(f"workers {pids} still busy after {timeout:.0f} s")


def loadavg() -> str:
    """The 1, 5 and 15 minute load averages, as /proc/loadavg gives them."""
    with open("/proc/loadavg") as f:
        return " ".join(f.read().split()[:3])


def machine() -> str:
    """One line: CPUs, CPU model, RAM, Python, and the load average now."""
    model = "unknown CPU"
    with open("/proc/cpuinfo") as f:
        for line in f:
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    with open("/proc/meminfo") as f:
        total_kb = int(next(line for line in f if line.startswith("MemTotal")).split()[1])
    return (
        f"{os.cpu_count()} vCPU ({model}), {total_kb / 2**20:.1f} GiB RAM, {platform.platform()}, "
        f"Python {platform.python_version()}; load average {loadavg()}"
    )
