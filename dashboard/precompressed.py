"""Serve the page's scripts, CSS and favicon compressed at the highest levels, compressed once.

flask-compress compresses every response again at a level fast enough to do per request
(zstd 3, brotli 4); for the static files, which are nine tenths of the first page load, brotli
at level 11 is a fifth smaller (the plotly bundle: 375 kB as zstd 3, 307 kB as brotli 11) but
takes seconds per megabyte, too slow per request. So this layer wraps the views that serve
them (Dash's assets, its component suites, its favicon): it lets the view answer as before
(so its checks of the path, 404s, Cache-Control and Last-Modified are unchanged), then swaps the
body for a copy compressed once per process, kept in memory (about 0.6 MB for the page's
files as brotli 11) and keyed by a digest of the content, so an edited file is compressed
again and every app a test process makes shares one copy. flask-compress leaves a response
that has a Content-Encoding alone.

- Encoding: the best-quality one the client accepts, of brotli 11, zstd 19 and gzip 9; on equal
  quality brotli, then zstd: brotli 11 is smaller than zstd 19 for every file the page loads
  (612 kB against 651 kB for the 16 scripts and stylesheets). None accepted: the file as it is.
- Files are compressed once per process, in the background from its first request (`warm`:
  the page's files, about 2 s of CPU, off the GIL; nothing at start-up), or when first asked
  for if that is sooner (a file being compressed is waited for). Under gunicorn they are instead
  compressed once for all workers, by its start-up check (`save_shared`, below), and a worker
  starts with those copies, so its first request's `warm` finds them done (about 15 ms). A file
  may instead have a copy compressed at build time beside it (`name.br`, `name.zst`, `name.gz`):
  the plotly bundle has `.br` (scripts/vendor_plotly.py writes it with `write_sidecars`). A copy
  is used only if it decompresses to the file as it is now; a stale one is ignored (and logged)
  and the file is compressed here instead.
- Each encoding has its own strong ETag (a digest of the file, plus the encoding), answered
  with 304 on If-None-Match; `Vary: Accept-Encoding` always.

**The start-up share.** gunicorn's start-up check (gunicorn.conf.py) imports the app once before
any worker starts and saves what it built to a directory only the master's user can read
(dashboard/reload.py). It also compresses the page's files there, on every CPU, and saves the
copies beside the context (`save_shared`); gunicorn's post_fork hook offers the file to each
worker (`offer_shared`) and `install` loads it. The copies are keyed by the digest of the file
they were compressed from, as in memory, so one whose file has changed since is never sent, and
each is used only if it decompresses to content with that digest. The file holds only bytes,
strings and numbers, and is read with an unpickler that refuses everything else. A missing,
damaged or stale file is logged and costs only what no share costs: `warm` compresses the files.
"""

from __future__ import annotations

import functools
import gzip
import hashlib
import logging
import os
import pickle
import re
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import brotli  # type: ignore[import-untyped]
from dash import Dash
from flask import Flask, Response, request
from werkzeug.datastructures import Accept
from werkzeug.security import safe_join

try:  # Python 3.14 has zstd in the standard library; before it, flask-compress installs the backport.
    from compression import zstd  # type: ignore[import-not-found]
except ImportError:  # pragma: no cover - depends on the Python version
    from backports import zstd

log = logging.getLogger(__name__)

#: Encoding -> (compress at the highest level, decompress, suffix of a file compressed at build time).
CODECS: dict[str, tuple[Callable[[bytes], bytes], Callable[[bytes], bytes], str]] = {
    "br": (lambda data: brotli.compress(data, quality=11), brotli.decompress, ".br"),
    "zstd": (lambda data: zstd.compress(data, 19), zstd.decompress, ".zst"),
    "gzip": (lambda data: gzip.compress(data, 9, mtime=0), gzip.decompress, ".gz"),
}
#: Preference among encodings a client accepts equally: smallest first (see the docstring).
PREFERENCE = ("br", "zstd", "gzip")
#: What is worth compressing; anything else (images but the favicon, fonts) is left to the view.
COMPRESSIBLE = frozenset(
    {
        "text/css",
        "text/javascript",
        "application/javascript",
        "application/json",
        "image/svg+xml",
        "image/x-icon",
        "image/vnd.microsoft.icon",
        "text/plain",
    }
)
#: Below this a file is left to flask-compress: a few bytes saved are not worth an entry.
MIN_SIZE = 1000
#: Compressed copies kept per process: the page's files in every encoding with room for edits.
MAX_ENTRIES = 256

_copies: dict[tuple[str, str], bytes] = {}
_locks: dict[tuple[str, str], threading.Lock] = {}
_guard = threading.Lock()

#: Where `server.extensions` keeps what `install` did to an app.
EXTENSION = "dashboard.precompressed"
#: The start-up share's format; a file of another one is ignored.
SHARE_FORMAT = 1
#: The share offered by gunicorn's post_fork hook, for this process's next `install`; else None.
_offered: Path | None = None


@dataclass(frozen=True)
class Installed:
    """What `install` left on an app: its URL prefix, and whether its files are being warmed."""

    prefix: str
    warming: threading.Event


def digest_of(data: bytes) -> str:
    """The key of a file's copies: a change to the file is a new key."""
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def choose(accept: Accept) -> str | None:
    """The encoding to send for an Accept-Encoding header, or None for the file as it is."""
    best = max(PREFERENCE, key=lambda encoding: (accept.quality(encoding), -PREFERENCE.index(encoding)))
    quality = accept.quality(best)
    if quality <= 0 or accept.quality("identity") > quality:
        return None
    return best


def write_sidecars(path: Path, encodings: tuple[str, ...] = ("br",)) -> list[Path]:
    """Write `path`'s compressed copies beside it (for build scripts); returns the files written."""
    data = path.read_bytes()
    written = []
    for encoding in encodings:
        compress, _, suffix = CODECS[encoding]
        target = path.with_name(path.name + suffix)
        target.write_bytes(compress(data))
        written.append(target)
    return written


def _from_sidecar(data: bytes, encoding: str, sidecar: Path | None) -> bytes | None:
    """The copy compressed at build time beside the file, if there is one and it is current."""
    if sidecar is None:
        return None
    _, decompress, suffix = CODECS[encoding]
    candidate = sidecar.with_name(sidecar.name + suffix)
    if not candidate.is_file():
        return None
    compressed = candidate.read_bytes()
    try:
        current = decompress(compressed) == data
    except Exception:  # a corrupt copy is as stale as an old one
        current = False
    if not current:
        log.warning("Ignoring %s: it is not %s as it is now (compressing that instead)", candidate, sidecar.name)
        return None
    return compressed


def compressed(data: bytes, digest: str, encoding: str, sidecar: Path | None = None) -> bytes:
    """`data` in `encoding`, compressed once per process (concurrent first requests wait for one)."""
    key = (digest, encoding)
    if (copy := _copies.get(key)) is not None:
        return copy
    with _guard:
        lock = _locks.setdefault(key, threading.Lock())
    with lock:
        if (copy := _copies.get(key)) is not None:
            return copy
        copy = _from_sidecar(data, encoding, sidecar)
        if copy is None:
            copy = CODECS[encoding][0](data)
        with _guard:
            while len(_copies) >= MAX_ENTRIES:  # oldest first: superseded versions of edited files
                old = next(iter(_copies))
                del _copies[old]
                _locks.pop(old, None)
            _copies[key] = copy
    return copy


def precompress(response: Response, sidecar: Path | None = None) -> Response:
    """`response` (a view's 200 for a static file) with its body compressed for this request."""
    if (
        not isinstance(response, Response)
        or response.status_code != 200
        or "Content-Encoding" in response.headers
        or response.mimetype not in COMPRESSIBLE
        or (response.content_length is not None and response.content_length < MIN_SIZE)
    ):
        return response
    source = response.response  # for assets, a file Flask would stream (the view checked the path)
    response.direct_passthrough = False
    data = response.get_data()
    if close := getattr(source, "close", None):
        close()  # now, not when the response is torn down: the file is read
    if len(data) < MIN_SIZE:
        return response
    digest = digest_of(data)
    encoding = choose(request.accept_encodings)
    response.vary.add("Accept-Encoding")
    if encoding is None:
        response.set_etag(digest)
    else:
        response.set_data(compressed(data, digest, encoding, sidecar))
        response.headers["Content-Encoding"] = encoding
        response.set_etag(f"{digest}-{encoding}")
    response.make_conditional(request)  # 304 if If-None-Match names this copy; in place
    return response


def _wrap(view: Callable[..., Any], sidecar_of: Callable[[dict[str, Any]], Path | None]) -> Callable[..., Any]:
    @functools.wraps(view)
    def serve(**kwargs: Any) -> Any:
        return precompress(view(**kwargs), sidecar_of(kwargs))

    return serve


def install(app: Dash) -> list[str]:
    """Wrap the views of Dash's assets, component suites and favicon; returns their endpoints.

    Call after the app is made (Dash adds its routes in `Dash()`) and before the first request.
    """
    server: Flask = app.server
    prefix = app.config.routes_pathname_prefix
    assets = Path(app.config.assets_folder)

    def asset_file(kwargs: dict[str, Any]) -> Path | None:
        joined = safe_join(str(assets), kwargs.get("filename", ""))
        return Path(joined) if joined else None

    endpoints: dict[str, Callable[[dict[str, Any]], Path | None]] = {
        # Dash names its assets blueprint after the prefix ("/" -> "_dash_assets").
        f"{prefix.replace('/', '_').replace('.', '_')}dash_assets.static": asset_file,
        f"{prefix}_dash-component-suites/<string:package_name>/<path:fingerprinted_path>": lambda kwargs: None,
        f"{prefix}_favicon.ico": lambda kwargs: None,
    }
    wrapped = []
    for endpoint, sidecar_of in endpoints.items():
        if endpoint in server.view_functions:
            server.view_functions[endpoint] = _wrap(server.view_functions[endpoint], sidecar_of)
            wrapped.append(endpoint)
    installed = server.extensions[EXTENSION] = Installed(prefix, threading.Event())
    _load_offered()

    @server.before_request
    def warm_on_first_request() -> None:
        if not installed.warming.is_set():
            installed.warming.set()
            threading.Thread(target=warm, args=(server, prefix), name="precompress-warm", daemon=True).start()

    return wrapped


#: The scripts and stylesheets a page names (Dash writes them as src="..." and href="...").
PAGE_FILES = re.compile(r'<(?:script|link)\b[^>]*?\b(?:src|href)="(/[^"]+)"')


def warm(server: Flask, prefix: str = "/", threads: int = 1) -> list[str]:
    """Compress, as brotli, every file the page loads, `threads` files at a time; returns their URLs.

    Run in the background on a process's first request (a health check, usually), so the first
    page load does not wait on it; a page load meanwhile waits only for the file being compressed.
    A file already compressed (by the start-up check, under gunicorn) is only read and digested.
    Not at start-up: tests that never ask for a file would spend 2 s of CPU for nothing; gunicorn's
    start-up check calls it itself (`save_shared`). Nothing it meets stops the app: it only logs.
    """
    try:
        page = server.test_client().get(prefix, headers={"Accept-Encoding": "identity"}).get_data(as_text=True)
        urls = [*PAGE_FILES.findall(page), f"{prefix}_favicon.ico"]

        def fetch(url: str) -> None:  # a client per request: clients are not shared between threads
            server.test_client().get(url, headers={"Accept-Encoding": "br"}).close()

        with ThreadPoolExecutor(max_workers=threads, thread_name_prefix="precompress") as pool:
            list(pool.map(fetch, urls))  # list(): raises what a request raised
    except Exception:
        log.warning(
            "Could not compress the page's files in advance; each is compressed when first asked for", exc_info=True
        )
        return []
    return urls


# -- the start-up share (see the module docstring) ---------------------------------------------


def save_shared(server: Flask, path: Path | str) -> int:
    """Compress the page's files on every CPU and save the copies to `path` for the workers;
    returns how many were saved (0: nothing saved, and each worker compresses them itself).

    For gunicorn's start-up check (through dashboard.app.save_startup), whose process then exits:
    it has no background warm of its own. Written to a temporary name and renamed, mode 0600,
    so a worker never reads half a file."""
    installed: Installed | None = server.extensions.get(EXTENSION)
    if installed is None:
        return 0
    installed.warming.set()  # this process's requests below must not start the background warm
    if not warm(server, installed.prefix, threads=os.cpu_count() or 1):
        return 0
    with _guard:
        copies = dict(_copies)
    path = Path(path)
    partial = path.with_name(path.name + ".partial")
    with open(os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), "wb") as f:
        pickle.dump({"format": SHARE_FORMAT, "copies": copies}, f, protocol=pickle.HIGHEST_PROTOCOL)
    os.replace(partial, path)
    return len(copies)


def offer_shared(path: Path | str) -> None:
    """Tell this process's next `install` where the start-up check saved its compressed copies.

    Only gunicorn's post_fork hook calls this, with a file its own start-up check wrote in the
    master's private directory (as for the saved context, dashboard/reload.py)."""
    global _offered
    _offered = Path(path)


class _DataOnly(pickle.Unpickler):
    """Reads dicts, tuples, strings, bytes and numbers, and refuses everything else: a share
    never needs a class or a function, so none is looked up, whoever wrote the file."""

    def find_class(self, module: str, name: str) -> Any:
        raise pickle.UnpicklingError(f"the share names {module}.{name}; it may hold only data")


def _load_offered() -> None:
    """Add the offered share's copies to this process's (once: the offer is taken)."""
    global _offered
    path, _offered = _offered, None
    if path is None:
        return
    try:
        with path.open("rb") as f:
            record = _DataOnly(f).load()
        if not isinstance(record, dict) or record.get("format") != SHARE_FORMAT:
            raise ValueError(f"not a share of format {SHARE_FORMAT}")
        copies, refused = _current_copies(record["copies"])
    except Exception:  # a damaged or foreign file: compress as if none had been offered
        log.warning("Ignoring the start-up check's compressed files %s; compressing them here", path, exc_info=True)
        return
    with _guard:
        for key, copy in copies.items():
            if len(_copies) < MAX_ENTRIES:
                _copies.setdefault(key, copy)
    if refused:
        log.warning("Ignoring %d of the start-up check's compressed files in %s: they are damaged", refused, path)
    if copies:
        size = sum(map(len, copies.values())) // 1000
        log.info("Using the %d copies of files gunicorn's start-up check compressed (%d kB)", len(copies), size)


def _current_copies(copies: object) -> tuple[dict[tuple[str, str], bytes], int]:
    """The entries of a share that decompress to content with their key's digest, and how many
    did not; raises if `copies` is not a share's mapping at all."""
    if not isinstance(copies, dict):
        raise ValueError("the share holds no copies")
    good: dict[tuple[str, str], bytes] = {}
    for key, copy in copies.items():
        digest, encoding = key
        if not (isinstance(digest, str) and encoding in CODECS and isinstance(copy, bytes)):
            raise ValueError(f"the share holds an entry that is not a compressed file: {key!r}")
        try:
            current = digest_of(CODECS[encoding][1](copy)) == digest
        except Exception:
            current = False
        if current:
            good[(digest, encoding)] = copy
    return good, len(copies) - len(good)
