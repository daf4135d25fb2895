"""Reloading a changed extract: swapped in only when valid, otherwise the last good data stays.

Every test works on a private copy of a built extract (`extract_copy`) and changes its files
the way a deployment (or a broken one) would. A bad extract must never take a serving app
down: the last tests go through the Flask test client.
"""

from __future__ import annotations

import json
import logging
import time
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from dash._utils import to_json

from dashboard import ids, views
from dashboard import reload as reload_module
from dashboard.app import SOURCE_KEY, can_serve, create_app, page_layout
from dashboard.components.layout import build_layout
from dashboard.context import build_context
from dashboard.data.load import load_extract
from dashboard.reload import REFUSED, SWAPPED, UNCHANGED, ContextSource
from dashboard.settings import Settings
from dashboard.state import DEFAULT
from tests.attacks.harness import Callback, panels_body
from tests.extract_edits import rewrite


def post_redraw(client) -> Any:
    """What the page posts on first load to draw its panels (the store not yet written), built
    from the app's own `/_dash-dependencies` so it names whichever callback draws the quote list."""
    body = panels_body(Callback.drawing(client, f"{ids.QUOTES_COUNT}.children"), None)
    return client.post("/_dash-update-component", json=body)


def quotes_count(client) -> object:
    """The quote list's count line, as a redraw of the page's panels answers it."""
    response = post_redraw(client)
    assert response.status_code == 200, f"HTTP {response.status_code}: {response.get_data(as_text=True)[:200]}"
    return response.json["response"][ids.QUOTES_COUNT]


def drop_quote(quote_id: str):
    def change(df):
        assert quote_id in set(df["quote_id"]), "the quote to drop must be there"
        return df[df["quote_id"] != quote_id]

    return change


def duplicate_first_quote(df):
    return pd.concat([df, df.iloc[[0]]], ignore_index=True)


def unknown_category(df):
    df.loc[0, "category"] = "made_up"
    return df


def benefit_codes_become_practice(df):
    df.loc[df["category"] == "benefit", "category"] = "practice"
    return df


class FakeClock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


class CountingLoader:
    """Wraps the loader the source uses, counting how often the files are read."""

    def __init__(self, monkeypatch):
        self.calls = 0
        self._real = reload_module.load_extract
        monkeypatch.setattr(reload_module, "load_extract", self)

    def __call__(self, directory):
        self.calls += 1
        return self._real(directory)


def settings(directory: Path, reload_seconds: float = 0) -> Settings:
    return Settings(data_dir=directory, reload_seconds=reload_seconds)


@pytest.fixture
def source(extract_copy) -> ContextSource:
    return ContextSource.load(settings(extract_copy), probe=can_serve)


def warnings_in(caplog) -> str:
    return "\n".join(r.getMessage() for r in caplog.records if r.levelno == logging.WARNING)


def test_unchanged_directory_is_not_swapped(source):
    live = source.snapshot()
    result = source.reload()
    assert result.outcome == UNCHANGED
    assert result.generation == 1
    assert source.current() is live.context


def test_valid_change_is_swapped_in_and_what_was_computed_from_the_old_one_goes_with_it(source, extract_copy):
    old = source.current()
    layout = page_layout(old)
    assert page_layout(source.current()) is layout  # drawn once per context
    quotes = old.memo.get(("quotes", DEFAULT), lambda: views.quotes_view(old, DEFAULT))

    rewrite(extract_copy, "quotes", drop_quote("Q20"))
    result = source.reload()

    assert (result.outcome, result.generation, result.reasons) == (SWAPPED, 2, ())
    new = source.current()
    assert new is not old
    assert len(new.extract.quotes) == 20 and "Q20" not in set(new.extract.quotes["quote_id"])
    assert len(old.extract.quotes) == 21  # a request still holding the old context sees all old data
    assert new.memo is not old.memo
    assert page_layout(new) is not layout  # the probe drew it; nothing from the old context is reused
    assert new.memo.get(("quotes", DEFAULT), lambda: views.quotes_view(new, DEFAULT)).total == 20
    assert quotes.total == 21


@pytest.mark.parametrize(
    "damage",
    [
        pytest.param(lambda data: data[: len(data) // 2], id="truncated mid-write"),
        pytest.param(lambda data: b"\x00garbage" * 200, id="garbage bytes"),
    ],
)
def test_corrupt_file_is_refused_and_the_old_data_kept(source, extract_copy, caplog, damage):
    old = source.current()
    path = extract_copy / "quotes.parquet"
    path.write_bytes(damage(path.read_bytes()))

    with caplog.at_level(logging.WARNING, logger="dashboard.reload"):
        result = source.reload()

    assert result.outcome == REFUSED and result.generation == 1
    assert any(r.startswith("quotes.parquet: file is not readable Parquet") for r in result.reasons), result.reasons
    assert source.current() is old
    assert len(source.current().extract.quotes) == 21
    logged = warnings_in(caplog)
    assert "refused, still serving generation 1" in logged
    assert "quotes.parquet: file is not readable Parquet" in logged


@pytest.mark.parametrize(
    ("table", "change", "message"),
    [
        ("quotes", duplicate_first_quote, "duplicate key ['Q01']"),
        ("codebook", unknown_category, "codebook.parquet, column 'category', row 1: unknown value 'made_up'"),
    ],
)
def test_contract_violation_is_refused_with_the_validators_message(
    source, extract_copy, caplog, table, change, message
):
    old = source.current()
    rewrite(extract_copy, table, change)

    with caplog.at_level(logging.WARNING, logger="dashboard.reload"):
        result = source.reload()

    assert result.outcome == REFUSED
    assert any(message in r for r in result.reasons), result.reasons
    assert message in warnings_in(caplog)
    assert source.current() is old


def test_missing_file_is_refused(source, extract_copy, caplog):
    old = source.current()
    (extract_copy / "time_use_survey.parquet").unlink()

    with caplog.at_level(logging.WARNING, logger="dashboard.reload"):
        result = source.reload()

    assert result.outcome == REFUSED
    assert "time_use_survey.parquet: file is missing" in result.reasons
    assert "time_use_survey.parquet: file is missing" in warnings_in(caplog)
    assert source.current() is old


def test_fixing_refused_files_swaps_them_in(source, extract_copy):
    original = (extract_copy / "quotes.parquet").read_bytes()
    rewrite(extract_copy, "quotes", duplicate_first_quote)
    assert source.reload().outcome == REFUSED

    (extract_copy / "quotes.parquet").write_bytes(original)
    rewrite(extract_copy, "quotes", drop_quote("Q20"))
    result = source.reload()

    assert (result.outcome, result.generation) == (SWAPPED, 2)
    assert source.last_result is result
    assert len(source.current().extract.quotes) == 20


def code_checklists(layout: object) -> set[str]:
    """The categories of the code checklists in a served layout (pattern-matching ids)."""
    if isinstance(layout, dict):
        own = layout.get("id")
        found = {own["category"]} if isinstance(own, dict) and own.get("type") == "codes" else set()
        return found.union(*(code_checklists(v) for v in layout.values()))
    if isinstance(layout, list):
        return set().union(*(code_checklists(v) for v in layout))
    return set()


def test_an_extract_with_other_code_categories_is_served_without_a_restart(extract_copy):
    """The code checklists share one pattern-matching id, so the callbacks follow new categories."""
    app = create_app(settings(extract_copy))
    client = app.server.test_client()
    before = code_checklists(client.get("/_dash-layout").json)
    assert "benefit" in before
    rewrite(extract_copy, "codebook", benefit_codes_become_practice)

    assert app.server.extensions[SOURCE_KEY].reload().outcome == SWAPPED
    assert code_checklists(client.get("/_dash-layout").json) == before - {"benefit"}
    assert post_redraw(client).status_code == 200


def test_extract_the_page_cannot_be_drawn_from_is_refused(extract_copy):
    def probe(context):
        raise KeyError("ons_managers_views_2024")

    source = ContextSource.load(settings(extract_copy), probe=probe)
    rewrite(extract_copy, "quotes", drop_quote("Q20"))
    result = source.reload()
    assert result.outcome == REFUSED
    assert result.reasons == (
        "it is valid but the page could not be drawn from it: KeyError: 'ons_managers_views_2024'",
    )
    assert len(source.current().extract.quotes) == 21


def test_files_changing_while_read_are_not_swapped_and_are_read_again(source, extract_copy, monkeypatch):
    real = reload_module.load_extract
    writes = []

    def load_while_a_copy_is_running(directory):
        extract = real(directory)
        if not writes:  # the deployment writes another file while this one is read
            writes.append(1)
            rewrite(extract_copy, "quotes", drop_quote("Q19"))
        return extract

    rewrite(extract_copy, "quotes", drop_quote("Q20"))
    monkeypatch.setattr(reload_module, "load_extract", load_while_a_copy_is_running)

    first = source.reload()
    assert first.outcome == REFUSED
    assert first.reasons == ("the files changed while they were being read; they will be read again",)
    assert len(source.current().extract.quotes) == 21

    second = source.reload()
    assert second.outcome == SWAPPED
    assert set(source.current().extract.quotes["quote_id"]).isdisjoint({"Q19", "Q20"})


def test_periodic_check_waits_for_files_to_settle_and_does_not_retry_refused_files(extract_copy, monkeypatch, caplog):
    clock = FakeClock()
    source = ContextSource.load(settings(extract_copy, 30), background=False, clock=clock, probe=can_serve)
    loads = CountingLoader(monkeypatch)
    start = source.current()

    rewrite(extract_copy, "quotes", drop_quote("Q20"))
    clock.advance(29)
    assert source.current() is start and loads.calls == 0  # no check due yet
    clock.advance(1)
    assert source.current() is start and loads.calls == 0  # change seen; waiting for it to settle
    clock.advance(30)
    swapped = source.current()
    assert loads.calls == 1 and source.snapshot().generation == 2
    assert len(swapped.extract.quotes) == 20

    (extract_copy / "quotes.parquet").write_bytes(b"half a file")
    with caplog.at_level(logging.WARNING, logger="dashboard.reload"):
        for _ in range(5):
            clock.advance(30)
            assert source.current() is swapped
    assert loads.calls == 1 + 1  # the broken files were read once, not every interval
    assert warnings_in(caplog).count("quotes.parquet: file is not readable Parquet") == 1
    assert source.last_result.outcome == REFUSED


def test_periodic_check_swaps_in_fixed_files(extract_copy, monkeypatch):
    clock = FakeClock()
    source = ContextSource.load(settings(extract_copy, 30), background=False, clock=clock, probe=can_serve)
    loads = CountingLoader(monkeypatch)
    original = (extract_copy / "quotes.parquet").read_bytes()

    rewrite(extract_copy, "quotes", duplicate_first_quote)
    clock.advance(30)
    source.current()
    clock.advance(30)
    source.current()
    assert loads.calls == 1 and source.last_result.outcome == REFUSED

    (extract_copy / "quotes.parquet").write_bytes(original)
    rewrite(extract_copy, "quotes", drop_quote("Q20"))
    clock.advance(30)
    source.current()
    clock.advance(30)
    fixed = source.current()
    assert loads.calls == 2 and source.snapshot().generation == 2
    assert len(fixed.extract.quotes) == 20


def test_background_reload_swaps_without_blocking_the_request(extract_copy):
    clock = FakeClock()
    source = ContextSource.load(settings(extract_copy, 30), clock=clock, probe=can_serve)
    start = source.current()
    rewrite(extract_copy, "quotes", drop_quote("Q20"))
    clock.advance(30)
    source.current()
    clock.advance(30)
    source.current()  # starts the load in a thread
    source.join()
    assert source.last_result.outcome == SWAPPED
    assert source.current() is not start and len(source.current().extract.quotes) == 20


def test_interval_zero_never_checks_but_reload_still_works(extract_copy, monkeypatch):
    clock = FakeClock()
    source = ContextSource.load(settings(extract_copy), background=False, clock=clock)
    loads = CountingLoader(monkeypatch)
    start = source.current()
    rewrite(extract_copy, "quotes", drop_quote("Q20"))
    for _ in range(3):
        clock.advance(3600)
        assert source.current() is start
    assert loads.calls == 0 and source.status()["last_check"] is None
    assert source.reload().outcome == SWAPPED


def test_app_serves_the_new_extract_after_a_swap(extract_copy):
    app = create_app(settings(extract_copy))
    client = app.server.test_client()
    source = app.server.extensions[SOURCE_KEY]

    health = client.get("/healthz").json
    assert health["extract"]["tables"]["quotes"] == 21
    assert health["reload"]["generation"] == 1 and health["reload"]["last_reload"] is None
    assert quotes_count(client) == {"children": "Showing 21 of 21 quotes"}
    layout_before = client.get("/_dash-layout").json

    rewrite(extract_copy, "quotes", drop_quote("Q20"))
    assert source.reload().outcome == SWAPPED

    health = client.get("/healthz").json
    assert health["extract"]["tables"]["quotes"] == 20
    assert health["reload"]["generation"] == 2
    assert health["reload"]["last_reload"]["outcome"] == "swapped"
    assert health["reload"]["serving_since"] == health["reload"]["last_reload"]["at"]
    assert quotes_count(client) == {"children": "Showing 20 of 20 quotes"}
    layout_after = client.get("/_dash-layout").json
    assert layout_after != layout_before
    assert layout_after == json.loads(to_json(build_layout(source.current())))


def test_health_reports_a_refused_reload_without_its_details(extract_copy):
    app = create_app(settings(extract_copy))
    client = app.server.test_client()
    (extract_copy / "quotes.parquet").write_bytes(b"not parquet")
    assert app.server.extensions[SOURCE_KEY].reload().outcome == REFUSED

    response = client.get("/healthz")
    health = response.json
    assert health["status"] == "ok"  # still serving the last good extract
    assert health["extract"]["tables"]["quotes"] == 21
    assert health["reload"]["generation"] == 1
    assert health["reload"]["last_reload"]["outcome"] == "refused"
    assert health["reload"]["last_reload"]["problems"] == 1
    assert "not readable" not in response.get_data(as_text=True)


def test_a_bad_extract_found_by_the_periodic_check_never_takes_the_app_down(extract_copy):
    """The whole path a deployment takes: requests notice the change, wait for it to settle,
    load it in the background, refuse it, and every page, layout and callback keeps working."""
    app = create_app(settings(extract_copy, reload_seconds=0.05))
    client = app.server.test_client()
    source = app.server.extensions[SOURCE_KEY]
    layout = client.get("/_dash-layout").json

    (extract_copy / "quotes.parquet").write_bytes(b"half a file")
    for _ in range(2):  # the first check sees the change, the next one (files settled) loads it
        time.sleep(0.06)
        assert client.get("/healthz").status_code == 200
    source.join()

    assert source.last_result is not None and source.last_result.outcome == REFUSED
    assert client.get("/").status_code == 200
    assert client.get("/_dash-layout").json == layout
    assert quotes_count(client) == {"children": "Showing 21 of 21 quotes"}
    health = client.get("/healthz").json
    assert health["status"] == "ok" and health["reload"]["generation"] == 1
    assert health["reload"]["last_reload"]["outcome"] == "refused"


# --------------------------------------------------------------------------- records and the start-up share


def test_a_served_context_holds_no_survey_records_before_or_after_a_reload(source, extract_copy):
    """The cards read cell sums; the records (2 GB at 10,000,000 rows) are dropped once summed."""
    for context in (source.current(), None):
        if context is None:
            rewrite(extract_copy, "quotes", drop_quote("Q20"))
            assert source.reload().outcome == SWAPPED
            context = source.current()
        for table in ("org_survey", "time_use_survey"):
            with pytest.raises(LookupError, match=f"the records of {table} are not held"):
                context.extract.table(table)
        assert context.extract.summary()["tables"]["org_survey"] == "loaded"
        assert context.org_cells.n.sum() == 600 and context.tus_cells.n.sum() == 600
        can_serve(context)


@pytest.fixture
def shared(extract_copy, tmp_path, monkeypatch) -> Path:
    """What gunicorn's start-up check leaves for the workers, offered as post_fork offers it."""
    path = tmp_path / "share" / "startup-context.pickle"
    path.parent.mkdir()
    checked = ContextSource.load(settings(extract_copy), probe=can_serve)
    assert reload_module.save_startup_context(checked, path)
    monkeypatch.setattr(reload_module, "_offered", None)
    reload_module.offer_startup_context(path)
    return path


def test_a_worker_starts_from_the_start_up_checks_context_without_reading_the_extract(
    shared, extract_copy, monkeypatch, caplog
):
    loader = CountingLoader(monkeypatch)
    caplog.set_level(logging.INFO, logger="dashboard.reload")
    app = create_app(settings(extract_copy))
    assert loader.calls == 0, "the files the check validated are not read again"
    assert "Using the context gunicorn's start-up check built" in caplog.text
    client = app.server.test_client()
    assert client.get("/healthz").json["extract"]["tables"]["quotes"] == 21
    assert quotes_count(client) == {"children": "Showing 21 of 21 quotes"}
    context = app.server.extensions[SOURCE_KEY].current()
    assert context.ptable.values.flags.writeable is False, "the perturbation table stays read-only"
    assert views.ai_view(context, DEFAULT).export.equals(
        views.ai_view(build_context_from(extract_copy), DEFAULT).export
    ), "the same numbers as a context built from the files"


def build_context_from(directory: Path):
    return build_context(load_extract(directory), settings(directory))


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        (lambda directory: rewrite(directory, "quotes", drop_quote("Q20")), "the extract files changed"),
        ("settings", "the settings differ"),
        ("garbage", None),
    ],
    ids=["files-changed", "other-settings", "damaged-file"],
)
def test_a_worker_loads_the_extract_itself_unless_the_checks_context_is_of_these_files(
    shared, extract_copy, monkeypatch, caplog, change, reason
):
    loader = CountingLoader(monkeypatch)
    caplog.set_level(logging.INFO, logger="dashboard.reload")
    ours = settings(extract_copy)
    if change == "settings":
        ours = Settings(data_dir=extract_copy, reload_seconds=0, suppression_threshold=11)
    elif change == "garbage":
        shared.write_bytes(b"not a pickle")
    else:
        change(extract_copy)
    context = ContextSource.load(ours, probe=can_serve).current()
    assert loader.calls == 1
    assert context.threshold == ours.suppression_threshold
    if change == "garbage":
        assert "could not be read; loading the extract" in caplog.text
    else:
        assert f"Not using the start-up check's saved context ({reason})" in caplog.text
    if callable(change):
        assert len(context.extract.quotes) == 20, "the worker serves the files as they are now"


def test_a_context_whose_files_changed_while_it_was_read_is_not_shared(extract_copy, tmp_path):
    checked = ContextSource.load(settings(extract_copy), probe=can_serve)
    rewrite(extract_copy, "quotes", drop_quote("Q20"))
    assert reload_module.save_startup_context(checked, tmp_path / "share.pickle") is False
    assert not (tmp_path / "share.pickle").exists()
