"""The quote list as the server sends it: one element whose `data-quotes` JSON holds every listed
quote, verbatim, with its attribution, source, marked search matches, code chips and select button
(assets/drawn.js draws it; tests/browser/test_journeys.py and test_untrusted_text.py see it drawn)."""

from __future__ import annotations

from pathlib import Path

import pytest

from dashboard import ids
from dashboard.callbacks.panels import quote_items, quotes_of
from dashboard.components.elements import Element
from dashboard.components.quotes import QUOTES_ATTRIBUTE, quote_list, quote_spec
from dashboard.context import build_context
from dashboard.settings import Settings
from dashboard.state import ViewState
from dashboard.views import derived
from tests.components.tree import drawn_text, quote_specs


@pytest.fixture(scope="module")
def context(shipped_extract):
    return build_context(shipped_extract, Settings())


def _row(**changes):
    row = {
        "quote_id": "Q99",
        "text": 'Cost <b>is</b> the cost "barrier" & more',
        "attribution": "Health sector focus group",
        "section": "Barriers",
        "codes": ["barrier_cost", "ai_use"],
    }
    return row | changes


def _spec(row=None, **kwargs):
    arguments = dict(
        search="",
        code_labels={"barrier_cost": "Cost", "ai_use": "AI use"},
        active_codes=set(),
        source_title="Public sector managers",
        source_url="https://www.ons.gov.uk/x",
        selected=False,
    )
    return quote_spec(row or _row(), **(arguments | kwargs))


def test_a_quote_is_sent_verbatim_with_its_attribution_source_and_section():
    spec = _spec()
    assert drawn_text(spec["text"]) == 'Cost <b>is</b> the cost "barrier" & more'  # markup stays text
    assert spec["id"] == ids.quote_anchor("Q99") and spec["attribution"] == "Health sector focus group"
    assert (spec["source"], spec["href"], spec["section"]) == (
        "Public sector managers",
        "https://www.ons.gov.uk/x",
        " · Barriers",
    )


def test_a_search_marks_its_whole_word_matches_in_the_text_and_in_the_chips_labels():
    spec = _spec(search="cost")
    assert spec["text"][:4] == [{"mark": "Cost"}, " <b>is</b> the ", {"mark": "cost"}, ' "barrier" & more']
    assert drawn_text(spec["text"]) == _row()["text"]
    assert spec["chips"][0]["label"] == [{"mark": "Cost"}] and spec["chips"][1]["label"] == ["AI use"]


def test_each_chip_toggles_its_code_and_says_whether_it_is_on():
    spec = _spec(active_codes={"ai_use"})
    off, on = spec["chips"]
    assert off["pick"] == ids.code_chip("barrier_cost", "Q99") and off["id"] == ids.dom_id(off["pick"])
    assert (off["pressed"], off["title"]) == (False, "Filter by code: Cost")
    assert (on["pressed"], on["title"]) == (True, "Remove code: AI use")


def test_the_select_button_says_whether_the_quote_is_selected():
    assert _spec()["select"] | {"pick": None} == {
        "label": "Select this quote",
        "pressed": False,
        "id": ids.dom_id(ids.quote_select("Q99")),
        "pick": None,
    }
    selected = _spec(selected=True)
    assert selected["selected"] and selected["select"]["label"] == "Selected quote" and selected["select"]["pressed"]


def test_the_list_is_one_element_holding_its_quotes_as_json():
    listed = quote_list([_spec(), _spec(_row(quote_id="Q98"))])
    assert isinstance(listed, Element) and listed.className == "quotes-list"
    assert [quote["id"] for quote in quote_specs(listed)] == ["quote-Q99", "quote-Q98"]
    assert "\\u" not in listed.to_plotly_json()["props"][QUOTES_ATTRIBUTE]  # "·" as itself, not escaped


def test_every_listed_quote_is_sent_in_the_views_order_with_the_selected_one_marked(context):
    view = quotes_of(context, ViewState(sectors=("health",)))
    chosen = view.quotes["quote_id"].iloc[1]
    sent = quote_specs(quote_items(context, ViewState(sectors=("health",), quote=chosen), view))
    assert [quote["id"] for quote in sent] == [ids.quote_anchor(q) for q in view.quotes["quote_id"]]
    assert [quote["selected"] for quote in sent] == [q == chosen for q in view.quotes["quote_id"]]
    records = derived.quote_records(context)
    assert [drawn_text(quote["text"]) for quote in sent] == [records[q]["text"] for q in view.quotes["quote_id"]]


def test_no_matching_quote_is_said_in_words(context):
    state = ViewState(search="zzzqqq")
    listed = quote_items(context, state, quotes_of(context, state))
    assert not isinstance(listed, Element) and "No quotes match" in listed.children


def test_the_drawing_script_reads_the_quote_lists_attribute():
    """assets/drawn.js cannot import this package: the attribute it draws the quotes from is checked here."""
    script = (Path(__file__).resolve().parents[2] / "assets" / "drawn.js").read_text()
    assert f'"{QUOTES_ATTRIBUTE}": quotes' in script
