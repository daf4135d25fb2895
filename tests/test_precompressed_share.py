"""The start-up share of compressed files: gunicorn's start-up check compresses the page's files
once and each worker starts with them (dashboard/precompressed.py, "the start-up share").

Each test starts from an empty process-wide store of copies, as a new worker does, and counts
the calls to the brotli compressor, so "served without compressing anything" is checked rather
than timed.
"""

from __future__ import annotations

import logging
import pickle
import re
import threading
from pathlib import Path

import brotli
import pytest
from dash import Dash
from flask import Flask, send_file

from dashboard import precompressed
from dashboard.app import create_app, save_startup
from dashboard.data.load import load_extract
from dashboard.precompressed import SHARE_FORMAT, digest_of, offer_shared, precompress, save_shared
from dashboard.settings import Settings


def join_warming() -> None:
    for thread in threading.enumerate():
        if thread.name == "precompress-warm":
            thread.join()


@pytest.fixture
def compressions(monkeypatch) -> list[int]:
    """A new worker's empty store, and the sizes of the files brotli compresses from now on."""
    join_warming()  # another test's app may still be warming: it would compress into this store
    monkeypatch.setattr(precompressed, "_copies", {})
    monkeypatch.setattr(precompressed, "_locks", {})
    monkeypatch.setattr(precompressed, "_offered", None)
    calls: list[int] = []
    compress, decompress, suffix = precompressed.CODECS["br"]
    counted = (lambda data: calls.append(len(data)) or compress(data), decompress, suffix)
    monkeypatch.setitem(precompressed.CODECS, "br", counted)
    return calls


def new_worker(monkeypatch, share: Path | None) -> None:
    """Forget every copy, as a freshly forked worker has none, and offer it `share`."""
    monkeypatch.setattr(precompressed, "_copies", {})
    monkeypatch.setattr(precompressed, "_locks", {})
    if share is not None:
        offer_shared(share)


def suite_url(client) -> str:
    page = client.get("/", headers={"Accept-Encoding": "identity"}).get_data(as_text=True)
    found = re.search(r'src="(/_dash-component-suites/dash/dcc/dash_core_components\.v[^"]+\.js)"', page)
    assert found, "the page no longer loads dcc from its component suite"
    return found.group(1)


def test_a_worker_given_the_share_serves_the_pages_files_compressed_without_compressing(
    built_dir, tmp_path, monkeypatch, compressions
):
    share = tmp_path / "precompressed.pickle"
    checked = create_app(Settings(), extract=load_extract(built_dir)).server
    saved = save_shared(checked, share)
    assert saved >= 15 and compressions, "the start-up check compresses the page's files itself"
    assert not any(t.name == "precompress-warm" for t in threading.enumerate()), "and starts no background warm"

    new_worker(monkeypatch, share)
    compressions.clear()
    client = create_app(Settings(), extract=load_extract(built_dir)).server.test_client()
    url = suite_url(client)
    response = client.get(url, headers={"Accept-Encoding": "br"})
    join_warming()  # the first request's warm finds every file done
    assert response.headers["Content-Encoding"] == "br"
    assert brotli.decompress(response.data) == client.get(url, headers={"Accept-Encoding": "identity"}).data
    assert compressions == []
    assert len(precompressed.warm(client.application)) >= 15 and compressions == []

    new_worker(monkeypatch, None)  # the same without a share: the compressor is called (the count works)
    client.get(url, headers={"Accept-Encoding": "br"}).close()
    join_warming()
    assert compressions


def script(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "x.js"
    path.write_text(text * 200 + f"// {tmp_path}")
    return path


def serve_br(path: Path) -> bytes:
    with Flask(__name__).test_request_context(headers={"Accept-Encoding": "br"}):
        response = precompress(send_file(path, mimetype="text/javascript"), path)
        assert response.headers["Content-Encoding"] == "br"
        return brotli.decompress(response.get_data())


def write_share(path: Path, copies: dict) -> Path:
    path.write_bytes(pickle.dumps({"format": SHARE_FORMAT, "copies": copies}))
    return path


def start_worker(monkeypatch, share: Path) -> None:
    """A new worker offered `share`, with an app installed (which loads what was offered)."""
    new_worker(monkeypatch, share)
    precompressed.install(Dash(__name__))


def test_a_copy_of_the_file_as_it_was_is_never_sent_for_the_file_as_it_is(tmp_path, monkeypatch, compressions):
    """The check compressed an older version of the file (edited since): its copy is never hit."""
    old = script(tmp_path, "const old = 1;\n").read_bytes()
    start_worker(monkeypatch, write_share(tmp_path / "share", {(digest_of(old), "br"): brotli.compress(old)}))
    edited = script(tmp_path, "const edited = 2;\n")
    assert serve_br(edited) == edited.read_bytes()
    assert len(compressions) == 1


def test_a_shared_copy_that_is_not_of_its_files_content_is_dropped(tmp_path, monkeypatch, compressions, caplog):
    path = script(tmp_path, "const y = 2;\n")
    damaged = {(digest_of(path.read_bytes()), "br"): brotli.compress(b"something else entirely" * 100)}
    start_worker(monkeypatch, write_share(tmp_path / "share", damaged))
    assert "Ignoring 1 of the start-up check's compressed files" in caplog.text
    assert serve_br(path) == path.read_bytes()
    assert len(compressions) == 1


def test_a_current_shared_copy_is_sent_as_it_is(tmp_path, monkeypatch, compressions):
    path = script(tmp_path, "const z = 3;\n")
    copy = brotli.compress(path.read_bytes(), quality=1)  # not what this process would make
    start_worker(monkeypatch, write_share(tmp_path / "share", {(digest_of(path.read_bytes()), "br"): copy}))
    with Flask(__name__).test_request_context(headers={"Accept-Encoding": "br"}):
        assert precompress(send_file(path, mimetype="text/javascript"), path).get_data() == copy
    assert compressions == []


@pytest.mark.parametrize(
    "content",
    [
        b"not a pickle",
        pickle.dumps({"format": SHARE_FORMAT, "copies": {("a" * 32, "br"): b"x" * 5000}})[:-40],  # cut short
        pickle.dumps({"format": SHARE_FORMAT + 1, "copies": {}}),
        pickle.dumps({"format": SHARE_FORMAT, "copies": [b"not a mapping"]}),
        pickle.dumps({"format": SHARE_FORMAT, "copies": {("a" * 32, "lzma"): b"x"}}),
        pickle.dumps({"format": SHARE_FORMAT, "copies": {("a" * 32, "br"): Path("not bytes")}}),
    ],
    ids=["garbage", "truncated", "other-format", "not-a-mapping", "unknown-encoding", "names-a-class"],
)
def test_a_corrupt_share_is_ignored_with_a_warning_and_the_file_compressed_here(
    tmp_path, monkeypatch, compressions, caplog, content
):
    share = tmp_path / "share"
    share.write_bytes(content)
    caplog.set_level(logging.WARNING, logger=precompressed.__name__)
    start_worker(monkeypatch, share)
    assert f"Ignoring the start-up check's compressed files {share}" in caplog.text
    assert precompressed._copies == {}
    path = script(tmp_path, "const w = 4;\n")
    assert serve_br(path) == path.read_bytes()
    assert len(compressions) == 1


class Trap:
    """What a share must never be able to do: run code when it is read (here, make a file)."""

    def __init__(self, path: Path):
        self.path = path

    def __reduce__(self):
        return (Path.touch, (self.path,))


def test_reading_a_share_runs_nothing_it_names(tmp_path, monkeypatch, caplog):
    sprung = tmp_path / "sprung"
    share = tmp_path / "share"
    share.write_bytes(pickle.dumps({"format": SHARE_FORMAT, "copies": {("a" * 32, "br"): Trap(sprung)}}))
    assert not sprung.exists()
    start_worker(monkeypatch, share)
    assert not sprung.exists()
    assert "it may hold only data" in caplog.text


def test_the_check_logs_a_failure_to_save_the_files_and_still_saves_the_context(
    built_dir, tmp_path, monkeypatch, compressions, caplog
):
    server = create_app(Settings(data_dir=built_dir)).server
    context = tmp_path / "context.pickle"
    assert save_startup(server, context, tmp_path / "missing" / "precompressed.pickle") is True
    assert context.is_file()
    assert "Could not save the compressed files" in caplog.text
