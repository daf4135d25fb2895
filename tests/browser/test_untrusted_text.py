"""Quote text and user text are always rendered as text, never as HTML."""

from __future__ import annotations

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
from selenium.webdriver.common.keys import Keys

from dashboard.app import create_app
from dashboard.data.load import load_extract
from dashboard.settings import Settings
from tests.browser.conftest import free_port, wait_idle

MARKUP = '<img src=x onerror="window.__xss=1"><b id="injected">bold</b><script>window.__xss=2</script>'


def test_markup_in_a_quote_and_in_the_search_stays_text(dash_duo, extract_copy):
    path = extract_copy / "quotes.parquet"
    original = pq.read_table(path)
    frame = original.to_pandas()
    frame.loc[0, "text"] = "Budget talk " + MARKUP
    pq.write_table(
        pa.Table.from_pandas(pd.DataFrame(frame), preserve_index=False).replace_schema_metadata(
            original.schema.metadata
        ),
        path,
    )
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
