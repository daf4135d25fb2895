"""Serve the last good extract; swap in a changed one only when all of it is good.

Each worker holds one `ContextSource`. Callbacks and the page layout ask it for the
context on every request (`current()` or `snapshot()`), and use that one object for the
whole request, so a request never sees half old and half new data.

At most once every DASHBOARD_RELOAD_SECONDS (default 30; 0 turns checking off) a request
re-stats the extract files. A change is loaded once the files have stayed the same for one
more interval (so a copy in progress is not read half done), in a background thread, so no
request waits for it. The new extract is validated, a context is built from it, and the
page is drawn from it; only if all of that succeeds is it swapped in, by one reference
assignment. Otherwise the worker keeps serving the last good context, logs a WARNING with
the reasons, and does not try the same files again until they change.

An extract whose codebook would change which filter controls exist (one checklist per code
category; the callbacks were registered for those) is refused too: that needs a restart.
"""

from __future__ import annotations

import logging
import os
import threading
import time
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Generic, TypeVar

from dashboard.components.filters import code_checklist_ids
from dashboard.context import AppContext, build_context
from dashboard.data import contract
from dashboard.data.load import data_dir_from_env, load_extract
from dashboard.data.validate import ExtractError

RELOAD_SECONDS_ENV = "DASHBOARD_RELOAD_SECONDS"
DEFAULT_RELOAD_SECONDS = 30.0

SWAPPED = "swapped"
UNCHANGED = "unchanged"
REFUSED = "refused"

log = logging.getLogger(__name__)
T = TypeVar("T")

#: What the extract files look like on disk: cheap to take, changes whenever a file does.
Fingerprint = tuple


def reload_seconds_from_env() -> float:
    raw = os.environ.get(RELOAD_SECONDS_ENV)
    if raw is None or raw.strip() == "":
        return DEFAULT_RELOAD_SECONDS
    try:
        value = float(raw)
    except ValueError:
        log.warning("%s=%r is not a number; checking every %g s", RELOAD_SECONDS_ENV, raw, DEFAULT_RELOAD_SECONDS)
        return DEFAULT_RELOAD_SECONDS
    return max(value, 0.0)


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


def callback_structure(context: AppContext) -> tuple[str, ...]:
    """The component ids the registered callbacks depend on that come from the extract."""
    return tuple(code_checklist_ids(context))


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
    restart_required: bool = False

    def summary(self) -> dict[str, object]:
        """For /healthz. The reasons stay in the log: a validator message can quote a value
        from the refused files, and the health endpoint is public."""
        return {
            "outcome": self.outcome,
            "at": _iso(self.at),
            "problems": len(self.reasons),
            "restart_required": self.restart_required,
        }


class ContextSource:
    """Thread-safe holder of the live AppContext for one worker."""

    def __init__(
        self,
        directory: Path | str,
        context: AppContext,
        *,
        loaded_from: Fingerprint | None = None,
        threshold: int | None = None,
        min_participants: int | None = None,
        interval: float | None = None,
        structure: Callable[[AppContext], Hashable] = callback_structure,
        probe: Callable[[AppContext], object] | None = None,
        background: bool = True,
        clock: Callable[[], float] = time.monotonic,
    ):
        """`context` was built from `directory`, whose files looked like `loaded_from` just
        before they were read (taken now if not given). `probe` must not raise on a context
        the app can serve (the app draws the page and default views with it)."""
        self.directory = Path(directory)
        self.threshold = threshold
        self.min_participants = min_participants
        self.interval = reload_seconds_from_env() if interval is None else max(float(interval), 0.0)
        self._structure_of = structure
        self._structure = structure(context)
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
        directory: Path | str | None = None,
        *,
        threshold: int | None = None,
        min_participants: int | None = None,
        **kwargs,
    ) -> ContextSource:
        """Load and validate the extract (raising ExtractError if it is bad) and hold it."""
        directory = Path(directory) if directory is not None else data_dir_from_env()
        before = fingerprint(directory)
        extract = load_extract(directory)
        context = build_context(extract, threshold=threshold, min_participants=min_participants)
        return cls(
            directory,
            context,
            loaded_from=before,
            threshold=threshold,
            min_participants=min_participants,
            **kwargs,
        )

    @classmethod
    def fixed(cls, context: AppContext) -> ContextSource:
        """A source that never reloads, for code that has just one context."""
        return cls(context.extract.directory, context, interval=0)

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
        return self.snapshot().context

    def derive(self, build: Callable[[AppContext], T]) -> PerGeneration[T]:
        """A value computed from the live context, rebuilt once after each swap."""
        return PerGeneration(self, build)

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
            context = build_context(extract, threshold=self.threshold, min_participants=self.min_participants)
        except ExtractError as error:
            return self._refuse(before, [str(p) for p in error.problems])
        except Exception as error:
            log.debug("Extract %s could not be loaded", self.directory, exc_info=True)
            return self._refuse(before, [f"the extract could not be loaded: {type(error).__name__}: {error}"])
        if fingerprint(self.directory) != before:
            return self._refuse(None, ["the files changed while they were being read; they will be read again"])
        structure = self._structure_of(context)
        if structure != self._structure:
            reason = (
                f"its codebook would change the filter controls (code checklists {list(self._structure)} -> "
                f"{list(structure)}), which the running callbacks cannot follow: restart the workers to load it"
            )
            return self._refuse(before, [reason], restart_required=True)
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
        log.info("Extract reloaded from %s (generation %d): %s", self.directory, new.generation, extract.summary())
        return self._record(ReloadResult(SWAPPED, new.generation, new.since))

    def _refuse(self, found: Fingerprint | None, reasons: list[str], *, restart_required: bool = False) -> ReloadResult:
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
        return self._record(ReloadResult(REFUSED, live.generation, _now(), tuple(reasons), restart_required))

    def _record(self, result: ReloadResult) -> ReloadResult:
        with self._lock:
            self._last_result = result
        return result


class PerGeneration(Generic[T]):
    """One value derived from the live context (a layout, a cache), rebuilt after a swap.

    A request still holding an older generation gets a value built for it, uncached, so
    nothing derived from old data is kept once a newer generation has been seen."""

    def __init__(self, source: ContextSource, build: Callable[[AppContext], T]):
        self._source = source
        self._build = build
        self._lock = threading.Lock()
        self._generation: int | None = None
        self._value: T | None = None

    def get(self, live: Live | None = None) -> T:
        live = live or self._source.snapshot()
        with self._lock:
            if self._generation == live.generation:
                return self._value  # type: ignore[return-value]
        value = self._build(live.context)
        with self._lock:
            if self._generation is None or live.generation > self._generation:
                self._generation, self._value = live.generation, value
        return value

    def __call__(self) -> T:
        return self.get()
