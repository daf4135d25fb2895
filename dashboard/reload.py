"""Serve the last good extract; swap in a changed one only when all of it is good.

Each worker holds one `ContextSource`. The app factory hands its `current` method to the
callbacks and the page layout as their `ContextGetter`: each request calls it once and uses
that one context for the whole request, so a request never sees half old and half new data,
and nothing outside the factory knows that reloads happen. Whatever is computed from a context
(views, the page layout) is kept in that context's own memo, so a swap starts afresh.

At most once every `Settings.reload_seconds` (DASHBOARD_RELOAD_SECONDS, default 30; 0 turns
checking off) a request re-stats the extract files. A change is loaded once the files have
stayed the same for one more interval (so a copy in progress is not read half done), in a
background thread, so no request waits for it. The new extract is validated, a context is
built from it, and the page is drawn from it; only if all of that succeeds is it swapped in,
by one reference assignment. Otherwise the worker keeps serving the last good context, logs
a WARNING with the reasons, and does not try the same files again until they change.
Why in-process rather than a gunicorn restart, with measurements: docs/deploy.md.

Nothing about the page's structure is checked here: the controls that depend on the extract
(one code checklist per code category) share one pattern-matching id that the callbacks match
with ALL, so an extract with other code categories is served without a restart. This module
imports nothing from the layout or the callbacks. It runs to about 400 lines because the
check, the wait for files to settle, the load and the swap share one lock discipline and
are easier to audit in one class; the start-up share (below) is the one other way a source
gets its first context.

**The start-up share.** gunicorn's start-up check (gunicorn.conf.py) loads the app once in a
throwaway process before any worker starts. It then saves the context it built
(`save_startup_context`), with the fingerprint of the files it validated, the settings and the
code it ran, to a private directory of the master's. Each worker is told of the file
(`offer_startup_context`, from gunicorn's `post_fork`), and `ContextSource.load` uses it instead
of loading again only if all three still match; otherwise it loads as before. So the extract is
read and validated once at start-up, not once more per worker (at 10,000,000 rows that second
load was most of the start-up time and all of a worker's loading peak), and a worker restarted
later uses it only while the files are the ones that were validated.
"""

from __future__ import annotations

import hashlib
import logging
import os
import pickle
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from types import MappingProxyType
from typing import Any

from dashboard.context import AppContext, build_context
from dashboard.data import contract
from dashboard.data.load import load_extract
from dashboard.data.validate import ExtractError
from dashboard.settings import Settings

SWAPPED = "swapped"
UNCHANGED = "unchanged"
REFUSED = "refused"

log = logging.getLogger(__name__)

#: What the extract files look like on disk: cheap to take, changes whenever a file does.
Fingerprint = tuple


def fingerprint(directory: Path) -> Fingerprint:
    """The real path of the directory and, per file the loader reads, its size, times and inode.

    The inode and ctime catch a file replaced by rename or rewritten with its old mtime kept
    (`cp -p`); the real path catches a symlink pointed at another directory. A missing file
    is recorded as missing.
    """
    entries: list[tuple] = [("directory", os.path.realpath(directory))]
    for table in contract.TABLES:
        try:
            st = os.stat(directory / table.file_name)
        except OSError:
            entries.append((table.file_name, None))
        else:
            entries.append((table.file_name, st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino))
    return tuple(entries)


def _now() -> datetime:
    return datetime.now(UTC)


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat(timespec="seconds") if moment else None


@dataclass(frozen=True)
class Live:
    """The context being served and which load it came from."""

    context: AppContext
    #: 1 for the extract loaded at start-up, one more for each swap.
    generation: int
    fingerprint: Fingerprint
    since: datetime


@dataclass(frozen=True)
class ReloadResult:
    outcome: str  # SWAPPED, UNCHANGED or REFUSED
    #: The generation served after this attempt.
    generation: int
    at: datetime
    reasons: tuple[str, ...] = ()

    def summary(self) -> dict[str, object]:
        """For /healthz. The reasons stay in the log: a validator message can quote a value
        from the refused files, and the health endpoint is public."""
        return {
            "outcome": self.outcome,
            "at": _iso(self.at),
            "problems": len(self.reasons),
        }


class ContextSource:
    """Thread-safe holder of the live AppContext for one worker."""

    def __init__(
        self,
        directory: Path | str,
        context: AppContext,
        settings: Settings,
        *,
        loaded_from: Fingerprint | None = None,
        probe: Callable[[AppContext], object] | None = None,
        background: bool = True,
        clock: Callable[[], float] = time.monotonic,
    ):
        """`context` was built from `directory` with `settings`, and the directory's files looked
        like `loaded_from` just before they were read (taken now if not given). A reloaded
        extract gets a context built with the same settings; `settings.reload_seconds` is how
        often to check. `probe` must not raise on a context the app can serve (the app draws
        the page and every card's default view with it)."""
        self.directory = Path(directory)
        self.settings = settings
        self.interval = settings.reload_seconds
        self._probe = probe
        self._background = background
        self._clock = clock
        fp = fingerprint(self.directory) if loaded_from is None else loaded_from
        self._live = Live(context, 1, fp, _now())
        self._lock = threading.Lock()  # guards the fields below and the swap
        self._reload_lock = threading.Lock()  # one load at a time
        self._next_check = clock() + self.interval
        self._pending: Fingerprint | None = None  # changed files waiting to settle
        self._failed: Fingerprint | None = None  # refused files, not retried until they change
        self._last_check: datetime | None = None
        self._last_result: ReloadResult | None = None
        self._thread: threading.Thread | None = None

    @classmethod
    def load(
        cls,
        settings: Settings,
        *,
        probe: Callable[[AppContext], object] | None = None,
        background: bool = True,
        clock: Callable[[], float] = time.monotonic,
    ) -> ContextSource:
        """Load and validate `settings.data_dir` (raising ExtractError if it is bad) and hold it.
        The start-up extract is not probed: the app factory draws the page from it anyway."""
        directory = settings.data_dir
        before = fingerprint(directory)
        context = _take_startup_context(settings, before)
        if context is None:
            context = build_context(load_extract(directory), settings, keep_rows=False)
        return cls(directory, context, settings, loaded_from=before, probe=probe, background=background, clock=clock)

    # -- reading ---------------------------------------------------------------------------

    def snapshot(self) -> Live:
        """The live context with its generation; checks the files first if a check is due."""
        if self.interval > 0:
            try:
                self._maybe_check()
            except Exception:  # a failed check must never fail the request
                log.exception("Checking extract directory %s for changes failed", self.directory)
        return self._live

    def current(self) -> AppContext:
        """The live context (a `ContextGetter`): what callbacks and the page layout are given."""
        return self.snapshot().context

    @property
    def last_result(self) -> ReloadResult | None:
        return self._last_result

    def status(self, live: Live | None = None) -> dict[str, object]:
        """How the live context was loaded and how the last reload went (for /healthz)."""
        live = live or self._live
        last = self._last_result
        return {
            "generation": live.generation,
            "serving_since": _iso(live.since),
            "check_every_seconds": self.interval or None,
            "last_check": _iso(self._last_check),
            "last_reload": last.summary() if last else None,
        }

    # -- reloading -------------------------------------------------------------------------

    def reload(self) -> ReloadResult:
        """Load the directory now if its files differ from the live ones (for ops and tests).

        Unlike the periodic check this does not wait for the files to settle, and it tries
        files that were refused before."""
        with self._reload_lock:
            return self._reload()

    def join(self) -> None:
        """Wait for a background reload, if one is running."""
        thread = self._thread
        if thread is not None:
            thread.join()

    def _maybe_check(self) -> None:
        now = self._clock()
        with self._lock:
            if now < self._next_check:
                return
            self._next_check = now + self.interval
        # Only one request per interval gets here.
        found = fingerprint(self.directory)
        with self._lock:
            self._last_check = _now()
            if found in (self._live.fingerprint, self._failed):
                self._pending = None
                return
            if found != self._pending:
                self._pending = found
                log.info(
                    "Extract files in %s changed; loading them once unchanged for %g s", self.directory, self.interval
                )
                return
            self._pending = None
        if not self._reload_lock.acquire(blocking=False):
            return  # a reload is already running
        if not self._background:
            self._reload_and_release()
            return
        self._thread = threading.Thread(target=self._reload_and_release, name="extract-reload", daemon=True)
        self._thread.start()

    def _reload_and_release(self) -> None:
        try:
            self._reload()
        except Exception:
            log.exception("Reloading extract %s failed", self.directory)
        finally:
            self._reload_lock.release()

    def _reload(self) -> ReloadResult:
        """Load, check and maybe swap; the caller holds the reload lock."""
        live = self._live
        before = fingerprint(self.directory)
        if before == live.fingerprint:
            return self._record(ReloadResult(UNCHANGED, live.generation, _now()))
        try:
            extract = load_extract(self.directory)
            context = build_context(extract, self.settings, keep_rows=False)
            extract = context.extract  # the survey records go with the loaded extract
        except ExtractError as error:
            return self._refuse(before, [str(p) for p in error.problems])
        except Exception as error:
            log.debug("Extract %s could not be loaded", self.directory, exc_info=True)
            return self._refuse(before, [f"the extract could not be loaded: {type(error).__name__}: {error}"])
        if fingerprint(self.directory) != before:
            return self._refuse(None, ["the files changed while they were being read; they will be read again"])
        if self._probe is not None:
            try:
                self._probe(context)
            except Exception as error:
                log.debug("Drawing the page from extract %s failed", self.directory, exc_info=True)
                failure = f"{type(error).__name__}: {error}"
                return self._refuse(before, [f"it is valid but the page could not be drawn from it: {failure}"])
        with self._lock:
            new = Live(context, live.generation + 1, before, _now())
            self._live = new  # the swap: requests already running keep the context they hold
            self._failed = None
            self._pending = None
        log.info(
            "Extract reloaded from %s (files in %s; generation %d): %s",
            self.directory,
            extract.directory,
            new.generation,
            extract.summary(),
        )
        return self._record(ReloadResult(SWAPPED, new.generation, new.since))

    def _refuse(self, found: Fingerprint | None, reasons: list[str]) -> ReloadResult:
        """Keep the live context; remember `found` (unless None) so those files are not retried."""
        live = self._live
        with self._lock:
            if found is not None:
                self._failed = found
        log.warning(
            "Extract change in %s refused, still serving generation %d (loaded %s); %d problem(s):\n%s",
            self.directory,
            live.generation,
            _iso(live.context.extract.loaded_at),
            len(reasons),
            "\n".join(f"  - {reason}" for reason in reasons),
        )
        return self._record(ReloadResult(REFUSED, live.generation, _now(), tuple(reasons)))

    def _record(self, result: ReloadResult) -> ReloadResult:
        with self._lock:
            self._last_result = result
        return result


# -- the start-up share (see the module docstring) ---------------------------------------------

#: The file a worker was offered by gunicorn's post_fork hook, or None (every other process).
_offered: Path | None = None
#: What a saved context is checked against before it is used; a change in any means load again.
_FORMAT = 1


def _code_stamp() -> tuple:
    """Every module of the package by path, size and modification time: a saved context is only
    used by the code that saved it (a `kill -HUP` after a deployment starts workers on new code)."""
    root = Path(__file__).resolve().parent
    digest = hashlib.sha256()
    for path in sorted(root.rglob("*.py")):
        st = path.stat()
        digest.update(f"{path.relative_to(root)}\0{st.st_size}\0{st.st_mtime_ns}\n".encode())
    return (_FORMAT, digest.hexdigest())


def _mapping_proxy(values: dict) -> MappingProxyType:
    return MappingProxyType(values)


class _Pickler(pickle.Pickler):
    """Pickles read-only mappings (MappingProxyType, which pickle refuses) as read-only mappings."""

    def reducer_override(self, obj: Any) -> Any:
        if type(obj) is MappingProxyType:
            return _mapping_proxy, (dict(obj),)
        return NotImplemented


def save_startup_context(source: ContextSource, path: Path | str) -> bool:
    """Save `source`'s context for the workers, if its files have not changed since they were
    read (else save nothing, and each worker loads them itself). Written to a temporary name
    and renamed, so a worker never reads half a file. True if saved."""
    live = source.snapshot()
    if live.generation != 1 or fingerprint(source.directory) != live.fingerprint:
        return False
    path = Path(path)
    partial = path.with_name(path.name + ".partial")
    record = {
        "code": _code_stamp(),
        "settings": source.settings,
        "fingerprint": live.fingerprint,
        "context": live.context,
    }
    with open(os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), "wb") as f:
        _Pickler(f, protocol=pickle.HIGHEST_PROTOCOL).dump(record)
    os.replace(partial, path)
    return True


def offer_startup_context(path: Path | str) -> None:
    """Tell this process's next `ContextSource.load` where the start-up check saved its context.

    Only gunicorn's post_fork hook calls this, with a file in a directory the master made for
    itself (mode 0700) and its own start-up check wrote: a pickle, so nothing else may be offered.
    """
    global _offered
    _offered = Path(path)


def _take_startup_context(settings: Settings, found: Fingerprint) -> AppContext | None:
    """The offered context, if its files, settings and code are the ones here; else None."""
    path = _offered
    if path is None or not path.is_file():
        return None
    try:
        with path.open("rb") as f:
            record = pickle.load(f)  # noqa: S301 - written by this app's own start-up check (see above)
        if record["code"] != _code_stamp():
            reason = "the code changed"
        elif record["settings"] != settings:
            reason = "the settings differ"
        elif record["fingerprint"] != found:
            reason = "the extract files changed"
        else:
            log.info(
                "Using the context gunicorn's start-up check built from %s; its files are unchanged "
                "since it validated them, so they are not read again",
                settings.data_dir,
            )
            return record["context"]
    except Exception:  # a damaged or stale file: load as if none had been offered
        log.warning("The start-up check's saved context %s could not be read; loading the extract", path)
        return None
    log.info("Not using the start-up check's saved context (%s); loading the extract", reason)
    return None
