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
from dashboard.callbacks.panels import STORE, Drawn, card_view, drawn_key, posted_view, redraw, stale
from dashboard.components.registry import CARDS, card
from dashboard.context import build_context
from dashboard.data.load import DEFAULT_DATA_DIR, content_release
from dashboard.settings import Settings
from dashboard.state import DEFAULT, ViewState, to_store
from tests.components.tree import table_spec


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
    real = panels.view_of

    def counting(context, entry, state):
        asked.append(entry.key)
        return real(context, entry, state)

    monkeypatch.setattr(panels, "view_of", counting)
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
    assert Drawn.read(out["drawn"]).store == drawn_key(data)


def test_a_chart_cards_table_is_built_only_in_its_table_view_or_for_a_grid_on_a_narrow_screen(context):
    """A narrow screen shows a grid's table in place of its chart, so only then is it in the Chart view."""
    assert {entry.key for entry in CARDS if entry.grid} == {"evidence_map", "matrix", "barriers"}
    for narrow in (False, True, "true", 1, None, {"matches": True}):  # only a literal True is narrow
        out = redraw(context, store_of(context), CHART, None, set(), narrow)  # the first call: nothing triggered
        for entry in CARDS:
            table = out["cards"][entry.key]["table"]
            if not entry.has_chart or (entry.grid and narrow is True):
                assert table is not None and table_spec(table)["rows"], f"{entry.key} has no table in its default view"
            else:
                assert table is None, f"{entry.key} built a table nobody sees ({narrow!r})"
    shown = redraw(context, store_of(context), {**CHART, "ai": "table"}, None, set())
    assert shown["cards"]["ai"]["table"] is not None


def test_crossing_the_narrow_breakpoint_redraws_only_the_grids_table_panes(context, drawn_cards):
    data = store_of(context)
    wide = redraw(context, data, CHART, None, set())
    drawn_cards.clear()
    narrowed = redraw(context, data, CHART, wide["drawn"], {panels.NARROW_INPUT}, True)
    grids = {c.key for c in CARDS if c.grid}
    assert set(drawn_cards) == grids, "only the grids' views were asked for"
    for entry in CARDS:
        parts = narrowed["cards"][entry.key]
        if entry.key in grids:
            assert parts["table"] is not None and all(v is no_update for k, v in parts.items() if k != "table")
        else:
            assert all(v is no_update for v in parts.values()), entry.key
    assert all(Drawn.read(narrowed["drawn"]).cards[key].endswith("t") for key in grids)
    # Narrow already, with every grid's table drawn: a switch to a grid's Table view draws nothing more.
    drawn_cards.clear()
    switched = redraw(
        context, data, {**CHART, "matrix": "table"}, narrowed["drawn"], {card("matrix").ids.view + ".value"}, True
    )
    assert drawn_cards == [] and all(v is no_update for v in switched["cards"]["matrix"].values())
    # Wide again: the grids' panes are emptied, computing nothing.
    widened = redraw(context, data, CHART, narrowed["drawn"], {panels.NARROW_INPUT}, False)
    assert drawn_cards == [] and all(widened["cards"][key]["table"] is None for key in grids)
    assert all(Drawn.read(widened["drawn"]).cards[key].endswith("c") for key in grids)


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
    # A bar chart card leaving its Table view: the pane is emptied, and its view is not computed.
    left = redraw(context, data, {**CHART, "admin": "about"}, drawn_key(data), {card("admin").ids.view + ".value"})
    assert drawn_cards == [] and left["cards"]["admin"]["table"] is None
    assert all(v is no_update for k, v in left["cards"]["admin"].items() if k != "table")


def test_a_view_switch_that_overtook_an_undrawn_store_redraws_everything(context, drawn_cards):
    """Dash drops the older request of a callback still in flight, with what fired it: a view switch
    made while a filter change was being drawn arrives alone. The page has not drawn this store yet."""
    older, data = store_of(context, DEFAULT), store_of(context)
    out = redraw(context, data, {**CHART, "ai": "table"}, drawn_key(older), {card("ai").ids.view + ".value"})
    assert drawn_cards == [c.key for c in CARDS]
    assert out["cards"]["admin"]["title"] == card("admin").render(context, HEALTH).title
    assert out["cards"]["ai"]["table"] is not None
    assert out["quotes"][0] == "Showing 6 of 21 quotes" and Drawn.read(out["drawn"]).store == drawn_key(data)
    assert drawn_key(older) != drawn_key(data) and drawn_key(data) == drawn_key(dict(reversed(data.items())))


def test_a_card_the_page_shows_already_is_left_alone_and_the_rest_redrawn(context):
    """A region changes only the survey cards: the rest are not sent again (the browser redrawing an
    unchanged chart was most of a change's time there). Each card's mark follows its table pane."""
    first = redraw(context, store_of(context, HEALTH), CHART, None, set())
    assert set(Drawn.read(first["drawn"]).cards) == {c.key for c in CARDS} | {"findings", "quotes"}
    wales = dataclasses.replace(HEALTH, regions=("Wales",))
    out = redraw(context, store_of(context, wales), CHART, first["drawn"], {STORE})
    sent = {key for key, parts in out["cards"].items() if any(v is not no_update for v in parts.values())}
    assert sent == {"ai", "barriers"}  # the organisation survey's cards; time use has no regions
    # No region reaches the qualitative evidence: the evidence panel and the quote list stay as drawn,
    # while the active-filters line says what changed.
    assert all(v is no_update for v in out["findings"] + out["quotes"])
    assert "Wales" in out["summary"][0]
    for key in sent:
        assert out["cards"][key]["title"] == card(key).render(context, wales).title, key
    # The AI card switched to its Table view: its mark says its pane holds the table now, so a later
    # change that leaves the AI view as it is (here: none) sends nothing, while the Chart view would.
    data = store_of(context, wales)
    switched = redraw(context, data, {**CHART, "ai": "table"}, out["drawn"], {card("ai").ids.view + ".value"})
    assert switched["cards"]["ai"]["table"] is not None
    marks = Drawn.read(switched["drawn"]).cards
    assert marks["ai"].endswith("t") and Drawn.read(out["drawn"]).cards["ai"].endswith("c")
    again = redraw(context, data, {**CHART, "ai": "table"}, switched["drawn"], {STORE})
    assert all(v is no_update for parts in again["cards"].values() for v in parts.values())
    back = redraw(context, data, CHART, switched["drawn"], {STORE})  # the switch back was dropped
    assert back["cards"]["ai"]["table"] is None and back["cards"]["ai"]["title"] == views.ai_view(context, wales).title


def test_a_card_whose_inputs_did_not_change_is_not_worked_out_again(context, drawn_cards):
    """A region is read only by the organisation survey's cards: the others' views are not even built."""
    first = redraw(context, store_of(context, HEALTH), CHART, None, set())
    drawn_cards.clear()
    out = redraw(
        context, store_of(context, dataclasses.replace(HEALTH, regions=("Wales",))), CHART, first["drawn"], {STORE}
    )
    assert drawn_cards == ["ai", "barriers"]
    marks, before = Drawn.read(out["drawn"]).cards, Drawn.read(first["drawn"]).cards
    assert {key for key in marks if marks[key] != before[key]} == {"ai", "barriers"}
    # The same store again (a reload of the page's last answer): nothing is built, nothing is sent.
    drawn_cards.clear()
    again = redraw(
        context, store_of(context, dataclasses.replace(HEALTH, regions=("Wales",))), CHART, out["drawn"], {STORE}
    )
    assert drawn_cards == [] and all(v is no_update for parts in again["cards"].values() for v in parts.values())


def test_a_card_drawn_from_other_inputs_but_the_same_is_not_sent_again(context, drawn_cards):
    """Unticking fire changes every card's inputs, but the organisation survey has no fire services:
    its cards are worked out again, found the same, and not sent; their marks take the new inputs."""
    everyone = redraw(context, store_of(context, DEFAULT), CHART, None, set())
    no_fire = dataclasses.replace(DEFAULT, sectors=tuple(s for s in DEFAULT.sectors if s != "fire"))
    drawn_cards.clear()
    out = redraw(context, store_of(context, no_fire), CHART, everyone["drawn"], {STORE})
    assert drawn_cards == [c.key for c in CARDS]
    sent = {key for key, parts in out["cards"].items() if any(v is not no_update for v in parts.values())}
    assert "ai" not in sent and "admin" in sent
    before, after = Drawn.read(everyone["drawn"]).cards["ai"], Drawn.read(out["drawn"]).cards["ai"]
    assert before.split(".")[0] != after.split(".")[0] and before.split(".")[1] == after.split(".")[1]


def test_a_card_that_could_not_be_drawn_is_tried_again_however_little_changed(context, monkeypatch):
    failing = {"on": True}
    real = card("ai").view

    def flaky(ctx, state):
        if failing["on"]:
            raise RuntimeError("boom inside pandas")
        return real(ctx, state)

    monkeypatch.setattr(
        panels, "CARDS", tuple(dataclasses.replace(c, view=flaky) if c.key == "ai" else c for c in CARDS)
    )
    data = store_of(context)
    out = redraw(context, data, CHART, None, {STORE})
    assert out["cards"]["ai"]["title"] == views.UNAVAILABLE
    failing["on"] = False
    again = redraw(context, data, CHART, out["drawn"], {STORE})  # the same store: only the AI card
    assert again["cards"]["ai"]["title"] == card("ai").render(context, HEALTH).title
    assert all(v is no_update for key, parts in again["cards"].items() if key != "ai" for v in parts.values())


def test_a_crafted_mark_that_claims_every_input_only_keeps_that_page_as_it_was(context):
    """The page's marks are untrusted, but a mark can only make the server send less to that page: a
    crafted one naming the right inputs leaves its cards as they are, and the server still answers."""
    data = store_of(context)
    honest = redraw(context, data, CHART, None, set())
    crafted = Drawn("not this store", Drawn.read(honest["drawn"]).cards).text()
    out = redraw(context, data, CHART, crafted, {STORE})
    assert all(v is no_update for parts in out["cards"].values() for v in parts.values())
    assert Drawn.read(out["drawn"]).store == drawn_key(data)


@pytest.mark.parametrize(
    "posted", [None, 7, "", "x" * 10_000, "key ai:", "key ai:x:y nosuch:abc", ["key"], {"store": "k"}]
)
def test_a_malformed_drawn_mark_redraws_every_card(context, posted):
    data = store_of(context)
    out = redraw(context, data, CHART, posted, {STORE})
    for entry in CARDS:
        assert out["cards"][entry.key]["title"] == entry.render(context, HEALTH).title, entry.key
    assert Drawn.read(posted).cards.keys() <= {c.key for c in CARDS} | {"findings", "quotes"}
    assert out["quotes"][0] == "Showing 6 of 21 quotes" and out["quotes"][1] is not no_update


def test_the_quote_list_and_evidence_panel_are_sent_again_only_when_what_they_show_changes(context):
    """Each is marked by everything it is drawn from; a search word changes both (the quotes it
    matches, and the words marked in them), a highlight neither."""
    first = redraw(context, store_of(context, HEALTH), CHART, None, set())
    marked = dataclasses.replace(HEALTH, highlight="health")
    same = redraw(context, store_of(context, marked), CHART, first["drawn"], {STORE})
    assert all(v is no_update for v in same["findings"] + same["quotes"])
    searched = dataclasses.replace(HEALTH, search="time")
    out = redraw(context, store_of(context, searched), CHART, same["drawn"], {STORE})
    assert out["quotes"][0] == panels.quotes_of(context, searched).message and out["quotes"][1] is not no_update
    assert out["findings"][0] == panels.findings_of(context, searched).title
    marks = Drawn.read(out["drawn"]).cards
    assert marks["quotes"] != Drawn.read(same["drawn"]).cards["quotes"]
    # A page on other data is drawn whatever its marks say.
    there = {**store_of(context, searched), "release": "0123456789abcdef"}
    stale = redraw(context, there, CHART, out["drawn"], {STORE})
    assert stale["quotes"][0] == views.DATA_UPDATED and stale["findings"][0] == views.DATA_UPDATED


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


def test_a_cards_fingerprint_changes_with_every_field_the_page_shows(context):
    """A card whose fingerprint did not change is not sent again, so a field the page shows that the
    fingerprint missed would leave a stale card on screen (the published table's highlight, say)."""
    view = card("published").render(context, dataclasses.replace(HEALTH, highlight="health"))
    assert any(view.highlighted_rows) and view.actions
    table = view.table.copy()
    table.iloc[0, 1] = str(table.iloc[0, 1]) + " changed"
    changes = {
        "title": view.title + " changed",
        "subtitle": view.subtitle + " changed",
        "caption": view.caption + " changed",
        "table_rows": table,
        "actions": view.actions[1:] + view.actions[:1],
        "highlighted_rows": tuple(not flag for flag in view.highlighted_rows),
    }
    chart = card("ai").render(context, HEALTH)
    figure = {**chart.chart.figure, "layout": {**chart.chart.figure["layout"], "height": 1}}
    chart_changes = {"chart": dataclasses.replace(chart.chart, figure=figure)}
    chart_changes_words = {"chart": dataclasses.replace(chart.chart, description=chart.chart.description + " x")}
    shown = {f.name for f in dataclasses.fields(view)} - {"key", "export_rows", "synthetic"}
    assert shown == set(changes) | {"chart"}, "a new CardView field: add it to panels.view_key and here"
    for name, value in changes.items():
        assert panels.view_key(dataclasses.replace(view, **{name: value}), True) != panels.view_key(view, True), name
    for changed in (chart_changes, chart_changes_words):
        assert panels.view_key(dataclasses.replace(chart, **changed), False) != panels.view_key(chart, False)
