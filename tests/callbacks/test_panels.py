"""A card whose view fails is answered, not a 500: retried once, then a plain sentence."""

from __future__ import annotations

import dataclasses
import logging
import shutil

import pytest

from dashboard import views
from dashboard.callbacks.panels import card_view, posted_view, stale
from dashboard.components.registry import card
from dashboard.context import build_context
from dashboard.data.load import DEFAULT_DATA_DIR, content_release
from dashboard.settings import Settings
from dashboard.state import DEFAULT, to_store


@pytest.fixture
def context(shipped_extract):
    return build_context(shipped_extract, Settings())


def failing(times: int):
    """A view builder that raises `times` times, then draws the real admin view."""
    calls = {"n": 0}

    def view(ctx, state):
        calls["n"] += 1
        if calls["n"] <= times:
            raise RuntimeError("boom inside pandas")
        return views.admin_view(ctx, state)

    return view, calls


def test_a_failure_once_is_retried_and_the_real_view_served(context, caplog):
    view, calls = failing(1)
    entry = dataclasses.replace(card("admin"), view=view)
    with caplog.at_level(logging.ERROR):
        shown = card_view(context, entry, DEFAULT)
    assert calls["n"] == 2
    assert shown.title == views.admin_view(context, DEFAULT).title
    assert "boom inside pandas" in caplog.text  # the log keeps the traceback


def test_a_failure_twice_shows_a_plain_sentence_and_is_not_memoised(context, caplog):
    view, calls = failing(2)
    entry = dataclasses.replace(card("admin"), view=view)
    with caplog.at_level(logging.ERROR):
        shown = card_view(context, entry, DEFAULT)
    assert shown.title == views.UNAVAILABLE
    assert shown.chart is not None and shown.chart.description == views.UNAVAILABLE
    assert "Traceback" not in shown.title and "boom" not in shown.title
    assert shown.export.to_dict("records") == [{"message": views.UNAVAILABLE}]
    # The next request computes afresh and gets the real view.
    assert card_view(context, entry, DEFAULT).title == views.admin_view(context, DEFAULT).title


def test_a_page_opened_on_other_data_is_told_to_reload_rather_than_mixing_releases(context):
    """During a swap workers serve two releases; a page must not join panels from both."""
    here = {**to_store(DEFAULT), "release": context.extract.release}
    there = {**to_store(DEFAULT), "release": "0123456789abcdef"}
    admin = card("admin")
    assert not stale(context, here) and stale(context, there)
    assert not stale(context, to_store(DEFAULT)) and not stale(context, "junk")  # says nothing: served as is
    assert posted_view(context, admin, here).title == views.admin_view(context, DEFAULT).title
    shown = posted_view(context, admin, there)
    assert shown.title == views.DATA_UPDATED
    assert shown.export.to_dict("records") == [{"message": views.DATA_UPDATED}]


def test_the_release_is_a_hash_of_the_files_contents(tmp_path):
    copy = tmp_path / "copy"
    shutil.copytree(DEFAULT_DATA_DIR, copy)
    assert content_release(copy) == content_release(DEFAULT_DATA_DIR)
    (copy / "quotes.parquet").write_bytes((copy / "quotes.parquet").read_bytes() + b"x")
    assert content_release(copy) != content_release(DEFAULT_DATA_DIR)
