"""Quote text and user text are always rendered as text, never as HTML."""

from __future__ import annotations

import pandas as pd
from selenium.webdriver.common.keys import Keys

from dashboard.app import create_app
from dashboard.data.load import load_extract
from dashboard.settings import Settings
from tests.browser.conftest import free_port, wait_idle
from tests.extract_edits import rewrite

MARKUP = '<img src=x onerror="window.__xss=1"><b id="injected">bold</b><script>window.__xss=2</script>'


def _with(frame: pd.DataFrame, column: str, text: str) -> pd.DataFrame:
    """The frame with `text` as its first row's `column`."""
    frame[column] = frame[column].astype(object)
    frame.loc[0, column] = text
    return frame


def test_markup_in_a_quote_and_in_the_search_stays_text(dash_duo, extract_copy):
    rewrite(extract_copy, "quotes", lambda frame: _with(frame, "text", "Budget talk " + MARKUP))
    dash_duo.start_server(create_app(Settings(), extract=load_extract(extract_copy)), port=free_port())
    dash_duo.wait_for_contains_text("#quotes-count", "quotes", timeout=20)
    wait_idle(dash_duo)
    box = dash_duo.find_element("#quote-search")
    box.send_keys('<b id="typed">x</b>')
    box.send_keys("\n")
    wait_idle(dash_duo)
    box.send_keys(Keys.CONTROL, "a")
    box.send_keys(Keys.BACKSPACE)
    box.send_keys("Budget talk")
    box.send_keys("\n")
    dash_duo.wait_for_text_to_equal(
        "#quotes-count", "Showing 1 of 21 quotes; no coded finding matches “Budget talk”", timeout=10
    )
    shown = dash_duo.find_element("#quotes-list .quote-text").text
    assert MARKUP in shown
    assert not dash_duo.find_elements("#injected") and not dash_duo.find_elements("#typed")
    assert dash_duo.driver.execute_script("return window.__xss === undefined")


def test_markup_in_a_published_figures_text_stays_text_in_its_table(dash_duo, extract_copy):
    """The tables are drawn in the page (assets/drawn.js) from the text the server sends: as text."""
    rewrite(extract_copy, "published_estimates", lambda frame: _with(frame, "section", "Table 1 " + MARKUP))
    dash_duo.start_server(create_app(Settings(), extract=load_extract(extract_copy)), port=free_port())
    dash_duo.wait_for_element("#published-table tbody tr", timeout=20)
    wait_idle(dash_duo)
    cells = [cell.text for cell in dash_duo.find_elements("#published-table td[data-label='Section']")]
    assert f"Table 1 {MARKUP}" in cells
    assert not dash_duo.find_elements("#injected")
    assert dash_duo.driver.execute_script("return window.__xss === undefined")
