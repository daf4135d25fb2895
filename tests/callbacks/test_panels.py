"""A card whose view fails is answered, not a 500: retried once, then a plain sentence; and the one
panels callback (`redraw`, called as a plain function): what each trigger redraws, and what it leaves."""

from __future__ import annotations

import dataclasses
import logging
import shutil

import pytest
from dash import Dash, no_update

from dashboard import ids, views
from dashboard.callbacks import clientside, panels
from dashboard.callbacks.panels import STORE, card_view, drawn_key, posted_view, redraw, stale
from dashboard.components.registry import CARDS, card
from dashboard.context import build_context
from dashboard.data.load import DEFAULT_DATA_DIR, content_release
from dashboard.settings import Settings
from dashboard.state import DEFAULT, ViewState, to_store


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


# --------------------------------------------------------------------------- the one panels callback

HEALTH = ViewState(sectors=("health",))
CHART = {c.key: c.views[0] for c in CARDS}  # every card on its default view


def store_of(context, state: ViewState = HEALTH) -> dict:
    return {**to_store(state), "release": context.extract.release}


@pytest.fixture
def drawn_cards(monkeypatch) -> list[str]:
    """The card keys whose view a redraw asked for, in order."""
    asked: list[str] = []
    real = panels.posted_view

    def counting(context, entry, data):
        asked.append(entry.key)
        return real(context, entry, data)

    monkeypatch.setattr(panels, "posted_view", counting)
    return asked


def test_a_new_store_redraws_every_panel_from_it(context, drawn_cards):
    data = store_of(context)
    out = redraw(context, data, CHART, None, {STORE})
    assert drawn_cards == [c.key for c in CARDS]
    for entry in CARDS:
        view = entry.render(context, HEALTH)
        shown = out["cards"][entry.key]
        assert (shown["title"], shown["subtitle"]) == (view.title, view.subtitle)
        if entry.has_chart:
            assert shown["description"] == view.chart.description
    assert out["quotes"][0] == views.quotes_view(context, HEALTH).message == "Showing 6 of 21 quotes"
    assert out["summary"][0] == "Active filters: Sectors: Health"
    assert out["findings"][0] == panels.findings_of(context, HEALTH).title
    assert out["drawn"] == drawn_key(data)


def test_a_chart_cards_table_is_built_only_in_its_table_view(context):
    out = redraw(context, store_of(context), CHART, None, set())  # the first call: nothing triggered
    for entry in CARDS:
        table = out["cards"][entry.key]["table"]
        if not entry.has_chart:
            assert table is not None and table.children, f"{entry.key} has no table in its default view"
        else:
            assert table is None, f"{entry.key} built a table nobody sees"
    shown = redraw(context, store_of(context), {**CHART, "ai": "table"}, None, set())
    assert shown["cards"]["ai"]["table"] is not None


def test_switching_one_cards_view_redraws_its_table_pane_and_nothing_else(context, drawn_cards):
    data = store_of(context)
    out = redraw(context, data, {**CHART, "ai": "table"}, drawn_key(data), {card("ai").ids.view + ".value"})
    assert drawn_cards == ["ai"], "no other card was asked for its view"
    ai = out["cards"]["ai"]
    assert ai["table"] is not None and ai["title"] is no_update and ai["figure"] is no_update
    assert all(v is no_update for key, parts in out["cards"].items() if key != "ai" for v in parts.values())
    assert all(v is no_update for part in ("findings", "quotes", "summary") for v in out[part])
    assert out["drawn"] is no_update
    # The table card already shows its table in every view: nothing to draw.
    drawn_cards.clear()
    quiet = redraw(
        context, data, {**CHART, "published": "about"}, drawn_key(data), {card("published").ids.view + ".value"}
    )
    assert drawn_cards == [] and all(v is no_update for v in quiet["cards"]["published"].values())
    # A chart card leaving its Table view: the pane is emptied, and its view is not computed.
    left = redraw(context, data, {**CHART, "matrix": "about"}, drawn_key(data), {card("matrix").ids.view + ".value"})
    assert drawn_cards == [] and left["cards"]["matrix"]["table"] is None
    assert all(v is no_update for k, v in left["cards"]["matrix"].items() if k != "table")


def test_a_view_switch_that_overtook_an_undrawn_store_redraws_everything(context, drawn_cards):
    """Dash drops the older request of a callback still in flight, with what fired it: a view switch
    made while a filter change was being drawn arrives alone. The page has not drawn this store yet."""
    older, data = store_of(context, DEFAULT), store_of(context)
    out = redraw(context, data, {**CHART, "ai": "table"}, drawn_key(older), {card("ai").ids.view + ".value"})
    assert drawn_cards == [c.key for c in CARDS]
    assert out["cards"]["admin"]["title"] == card("admin").render(context, HEALTH).title
    assert out["cards"]["ai"]["table"] is not None
    assert out["quotes"][0] == "Showing 6 of 21 quotes" and out["drawn"] == drawn_key(data)
    assert drawn_key(older) != drawn_key(data) and drawn_key(data) == drawn_key(dict(reversed(data.items())))


def test_a_new_evidence_panel_token_redraws_only_the_panel(context, drawn_cards):
    data = store_of(context, ViewState(codes=("barrier_cost",)))
    out = redraw(context, data, CHART, drawn_key(data), {ids.FINDINGS_FOCUS + ".data"})
    assert drawn_cards == []
    assert out["findings"][0] == panels.findings_of(context, ViewState(codes=("barrier_cost",))).title
    assert all(v is no_update for v in out["quotes"] + out["summary"])


def test_a_page_on_other_data_is_told_to_reload_in_every_panel(context):
    there = {**to_store(HEALTH), "release": "0123456789abcdef"}
    out = redraw(context, there, CHART, None, {STORE})
    assert {parts["title"] for parts in out["cards"].values()} == {views.DATA_UPDATED}
    assert out["findings"][0] == out["quotes"][0] == out["summary"][0] == views.DATA_UPDATED


def test_a_card_that_fails_twice_says_so_and_every_other_card_is_drawn(context, monkeypatch):
    def broken(ctx, state):
        raise RuntimeError("boom inside pandas")

    monkeypatch.setattr(
        panels, "CARDS", tuple(dataclasses.replace(c, view=broken) if c.key == "ai" else c for c in CARDS)
    )
    out = redraw(context, store_of(context), CHART, None, {STORE})
    assert out["cards"]["ai"]["title"] == views.UNAVAILABLE
    assert out["cards"]["admin"]["title"] == card("admin").render(context, HEALTH).title
    assert out["quotes"][0] == "Showing 6 of 21 quotes"


def test_a_filter_change_calls_the_server_twice_and_presenter_mode_is_drawn_in_the_browser(context):
    """The store is written by the URL/state callback and read by one server callback; the rest of what
    follows a change (presenter mode, view panes, the slide bar) runs in the browser."""
    from dashboard.callbacks import state_sync

    app = Dash(__name__)
    state_sync.register(app, lambda: context)
    panels.register(app, lambda: context)
    clientside.register(app)
    server = [key for key, cb in app.callback_map.items() if cb.get("callback") is not None]
    readers = [key for key in server if any(i["id"] == ids.STATE for i in app.callback_map[key]["inputs"])]
    assert len(readers) == 1 and all(c.ids.title in readers[0] for c in CARDS)
    assert ids.QUOTES_COUNT in readers[0] and ids.ACTIVE_FILTERS in readers[0]
    present = [key for key in app.callback_map if f"{ids.PAGE_ROOT}.className" in key]
    assert len(present) == 1 and present[0] not in server
