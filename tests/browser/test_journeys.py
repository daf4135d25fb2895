"""The policy official's, presenter's and analyst's journeys, in headless Chromium."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import parse_qs, urlparse

from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.actions.action_builder import ActionBuilder
from selenium.webdriver.common.keys import Keys

from tests.browser.conftest import checked_values, read_csv, wait_for_file, wait_idle


def query(dash_duo) -> dict:
    return parse_qs(urlparse(dash_duo.driver.current_url).query)


def text(dash_duo, selector: str) -> str:
    return dash_duo.find_element(selector).text


def test_default_view_renders_every_panel_without_errors(start):
    duo = start()
    assert text(duo, "#ai-title").startswith("Synthetic data: ")
    # The mark is inside the chart itself, so its PNG and a screen-share carry it.
    assert "SYNTHETIC DATA" in [a.text for a in duo.find_elements("#ai-graph .annotation-text")]
    assert "Synthetic survey data" in text(duo, ".synthetic-banner")
    assert text(duo, "#quotes-count") == "Showing 21 of 21 quotes"
    assert len(duo.find_elements("#quotes-list figure.quote")) == 21
    assert "132 published figures" in text(duo, "#published-title")
    # 2,000 organisations; the subtitle sums the five groups' perturbed bases (cell key method).
    base = int(re.search(r"base ([0-9,]+) organisations", text(duo, "#ai-subtitle")).group(1).replace(",", ""))
    assert abs(base - 2000) <= 25
    assert duo.find_elements("#ai-graph .bars path"), "AI bars are drawn"
    assert duo.get_logs() == []


def test_filtering_by_sector_changes_every_panel(start):
    duo = start()
    before = {sel: text(duo, sel) for sel in ("#admin-title", "#ai-subtitle", "#quotes-count", "#published-title")}
    duo.find_element("#shortcut-central-local").click()
    duo.wait_for_text_to_equal("#quotes-count", "Showing 4 of 21 quotes", timeout=10)
    wait_idle(duo)
    assert checked_values(duo, "sectors") == ["central_government", "local_government"]
    assert query(duo)["sector"] == ["central_government,local_government"]
    for sel, old in before.items():
        assert text(duo, sel) != old, f"{sel} did not change"
    # The AI card's two panels stand one above the other, each naming its sectors (figures/bars.py).
    y_labels = [t.text for t in duo.find_elements("#ai-graph .yaxislayer-above .ytick text")]
    assert sorted(set(y_labels)) == ["Central government", "Local government"]
    matrix_columns = " ".join(t.text for t in duo.find_elements("#matrix-graph .xaxislayer-above .xtick text"))
    assert "Health" not in matrix_columns and "Central" in matrix_columns
    assert "Active filters: Sectors: Central government, Local government" in text(duo, "#active-filters")
    assert "2 of 6 sectors" in duo.find_element("#announcer").get_attribute("textContent")


def test_clicking_a_bar_highlights_that_sector_everywhere_and_show_only_filters(start):
    duo = start()
    bars = duo.find_elements("#ai-graph .subplot.xy .bars .point path")
    # Third bar of the first panel is health (sectors in vocabulary order).
    ActionChains(duo.driver).move_to_element(bars[2]).click().perform()
    duo.wait_for_contains_text("#highlight-text", "Health is marked in every panel", timeout=10)
    wait_idle(duo)
    # The comparison stays: every sector is still shown, and health is picked out in each chart.
    assert query(duo)["highlight"] == ["health"] and "sector" not in query(duo)
    assert len(checked_values(duo, "sectors")) == 6
    for graph in ("ai-graph", "admin-graph"):
        labels = [t.text for t in duo.find_elements(f"#{graph} .yaxislayer-above .ytick text")]
        assert "▶ Health" in labels and len(labels) >= 5, labels
    assert "Health is highlighted" in text(duo, "#ai-desc")
    # "Show only" is the separate action that filters.
    duo.find_element("#highlight-show-only").click()
    duo.wait_for_text_to_equal("#quotes-count", "Showing 6 of 21 quotes", timeout=10)
    wait_idle(duo)
    assert checked_values(duo, "sectors") == ["health"] and "highlight" not in query(duo)
    assert not duo.find_element("#highlight-bar").is_displayed()
    assert all("Health sector" in a.text for a in duo.find_elements("#quotes-list .quote-attribution"))


def test_a_cards_table_or_about_view_is_kept_in_the_link(start):
    duo = start()
    duo.find_element("#ai-view input[value='table']").click()
    duo.wait_for_element("#ai-table", timeout=10)
    wait_idle(duo)
    duo.find_element("#matrix-view input[value='about']").click()
    wait_idle(duo)
    assert query(duo)["view"] == ["matrix-about,ai-table"]
    # The link reopens the same views.
    duo.driver.get(duo.driver.current_url)
    duo.wait_for_element("#ai-table", timeout=20)
    wait_idle(duo)
    assert duo.find_element("#ai-table-pane").is_displayed() and not duo.find_element("#ai-chart-pane").is_displayed()
    assert duo.find_element("#matrix-about-pane").is_displayed()
    assert checked_values(duo, "ai-view") == ["table"]
    assert duo.get_logs() == []


def _click_heatmap_cell(duo, graph_id: str, x_index: int, y_index: int) -> None:
    """Click the centre of one heatmap cell, located from plotly's own axis scales."""
    x, y = duo.driver.execute_script(
        """
        const gd = document.getElementById(arguments[0]).querySelector('.js-plotly-plot');
        const xa = gd._fullLayout.xaxis, ya = gd._fullLayout.yaxis;
        let rect = gd.querySelector('.nsewdrag').getBoundingClientRect();
        window.scrollBy(0, rect.top + ya.c2p(arguments[2]) - window.innerHeight / 2);
        rect = gd.querySelector('.nsewdrag').getBoundingClientRect();
        return [rect.left + xa.c2p(arguments[1]), rect.top + ya.c2p(arguments[2])];
        """,
        graph_id,
        x_index,
        y_index,
    )
    # Plotly reports a click on the point it is hovering, so hover first, then click.
    actions = ActionBuilder(duo.driver)
    actions.pointer_action.move_to_location(int(x), int(y)).pause(0.4).click()
    actions.perform()


def test_clicking_a_matrix_cell_shows_its_quotes(start):
    duo = start()
    # Codes are in codebook order (no ranking); find the health column and the cost code by id.
    columns, codes = duo.driver.execute_script(
        "const gd=document.querySelector('#matrix-graph .js-plotly-plot'); return [gd.data[0].x, gd.data[0].y];"
    )
    x_index = columns.index("health")
    y_index = codes.index("barrier_cost")
    _click_heatmap_cell(duo, "matrix-graph", x_index, y_index)
    duo.wait_for_text_to_equal("#quotes-count", "Showing 1 of 21 quotes", timeout=10)
    wait_idle(duo)
    assert query(duo)["code"] == ["barrier_cost"]
    assert checked_values(duo, "sectors") == ["health"]
    quote = text(duo, "#quotes-list .quote-text")
    assert quote.startswith("The amount of money that it would take to invest in AI")
    assert text(duo, "#quotes-list .quote-attribution") == "Health sector focus group"


def test_matrix_table_button_is_the_keyboard_route_to_quotes(start):
    duo = start()
    duo.find_element("#matrix-view input[value='table']").click()
    button = duo.wait_for_element("#matrix-table button", timeout=10)
    label = button.text
    button.send_keys(Keys.ENTER)
    wait_idle(duo)
    assert "code" in query(duo), label


def _replace_search(box, text: str) -> None:
    """Select what the search box holds and type over it (clear() leaves React's value in place)."""
    box.send_keys(Keys.CONTROL, "a")
    box.send_keys(Keys.BACKSPACE)
    box.send_keys(text)


def test_search_highlights_and_counts(start):
    duo = start()
    box = duo.find_element("#quote-search")
    box.send_keys("BUDGET")
    box.send_keys(Keys.ENTER)
    # "budget" is also an everyday word for the code Cost and finite budgets: its quotes are found too.
    duo.wait_for_text_to_equal(
        "#quotes-count",
        "Showing 4 of 21 quotes; 6 coded findings match “BUDGET”, listed in the findings panel above",
        timeout=10,
    )
    marks = [m.text for m in duo.find_elements("#quotes-list .quote-text mark")]
    # Whole words: "budget" is marked, "budgets" is not.
    assert marks and all(m.lower() == "budget" for m in marks)
    assert query(duo)["q"] == ["BUDGET"]
    # A regex-looking search is literal: nothing matches.
    _replace_search(box, "c.st")
    box.send_keys(Keys.ENTER)
    duo.wait_for_text_to_equal("#quotes-count", "Showing 0 of 21 quotes; no coded finding matches “c.st”", timeout=10)
    duo.wait_for_text_to_equal(
        "#matrix-title", "No coded findings or quotes match “c.st” with these filters", timeout=10
    )
    # "AI" marks the word AI only, never the letters inside "certain" or "training".
    _replace_search(box, "AI")
    box.send_keys(Keys.ENTER)
    duo.wait_for_contains_text("#quotes-count", "Showing 3 of 21 quotes;", timeout=10)
    marks = [m.text for m in duo.find_elements("#quotes-list .quote-text mark")]
    assert marks and set(marks) == {"AI"}
    # A barrier's everyday word finds its code: "GDPR" is only in the label "Data security and GDPR risk".
    _replace_search(box, "GDPR")
    box.send_keys(Keys.ENTER)
    duo.wait_for_text_to_equal(
        "#quotes-count",
        "Showing 0 of 21 quotes; 2 coded findings match “GDPR”, listed in the findings panel above",
        timeout=10,
    )
    duo.wait_for_contains_text("#matrix-title", "matching “GDPR” for 1 code across 7 groups", timeout=10)
    rows = duo.driver.execute_script("return document.querySelector('#matrix-graph .js-plotly-plot').data[0].y;")
    assert rows == ["barrier_data_security"]


def test_code_chip_toggles_the_code_filter(start):
    duo = start()
    chip = duo.find_element("#quote-Q11 .code-chip")
    code_label = chip.text
    chip.click()
    wait_idle(duo)
    assert "code" in query(duo)
    assert code_label in text(duo, "#active-filters")
    active = duo.find_element("#quotes-list .code-chip-active")
    assert active.get_attribute("aria-pressed") == "true"
    active.click()
    wait_idle(duo)
    assert "code" not in query(duo)


def test_copied_link_reopens_the_same_view_and_back_works(start):
    duo = start()
    duo.find_element("#shortcut-frontline").click()
    wait_idle(duo)
    duo.find_element("#frontline input[value='frontline']").click()
    wait_idle(duo)
    box = duo.find_element("#quote-search")
    box.send_keys("admin")
    box.send_keys(Keys.ENTER)
    duo.wait_for_contains_text("#quotes-count", "Showing 2", timeout=10)
    wait_idle(duo)
    duo.find_element("#copy-link").click()
    duo.wait_for_text_to_equal("#copy-status", "Link copied to clipboard.", timeout=5)
    link = duo.find_element("#permalink").get_attribute("value")
    expected = {sel: text(duo, sel) for sel in ("#admin-title", "#quotes-count", "#matrix-title")}

    # A new browser context: forget everything, then open the copied link.
    duo.driver.delete_all_cookies()
    duo.driver.execute_script("window.localStorage.clear(); window.sessionStorage.clear();")
    duo.driver.get("about:blank")
    duo.driver.get(link)
    duo.wait_for_contains_text("#quotes-count", "Showing 2", timeout=20)
    wait_idle(duo)
    assert checked_values(duo, "sectors") == ["health", "education", "police", "fire"]
    assert checked_values(duo, "frontline") == ["frontline"]
    assert duo.find_element("#quote-search").get_attribute("value") == "admin"
    for sel, value in expected.items():
        assert text(duo, sel) == value

    # Back steps to the previous view (before the search), Forward returns.
    duo.driver.get(link.split("&q=")[0])
    duo.wait_for_contains_text("#quotes-count", "quotes", timeout=20)
    wait_idle(duo)
    duo.driver.back()
    duo.wait_for_contains_text("#quotes-count", "Showing 2", timeout=10)
    assert duo.get_logs() == []


def test_back_button_undoes_a_filter_change(start):
    duo = start()
    duo.find_element("#shortcut-central-local").click()
    duo.wait_for_text_to_equal("#quotes-count", "Showing 4 of 21 quotes", timeout=10)
    wait_idle(duo)
    duo.driver.back()
    duo.wait_for_text_to_equal("#quotes-count", "Showing 21 of 21 quotes", timeout=10)
    wait_idle(duo)
    assert checked_values(duo, "sectors") == [
        "central_government",
        "local_government",
        "health",
        "education",
        "police",
        "fire",
    ]
    duo.driver.forward()
    duo.wait_for_text_to_equal("#quotes-count", "Showing 4 of 21 quotes", timeout=10)


def test_bad_url_parameters_fall_back_to_defaults(start):
    duo = start("/?sector=narnia&frontline=upside&quote=Q999&bogus=1&size=huge")
    assert text(duo, "#quotes-count") == "Showing 21 of 21 quotes"
    assert "not recognised" in text(duo, "#url-note")
    assert checked_values(duo, "frontline") == ["all"]
    assert duo.get_logs() == []


def test_card_download_holds_exactly_the_filtered_rows(start):
    duo = start("/?sector=health,education")
    duo.find_element("#ai-download-btn").click()
    path = wait_for_file(duo.download_path, ".csv")
    assert Path(path).name.startswith("ai_SYNTHETIC_DATA_"), "the file's name says its rows are invented"
    rows = read_csv(path)
    assert {r["sector"] for r in rows} == {"health", "education"}
    assert {r["measure"] for r in rows} == {"ai_use", "automation_use"}
    assert all(r["data_status"] == "synthetic" for r in rows)
    shown = text(duo, "#ai-desc")
    health_ai = next(r for r in rows if r["sector"] == "health" and r["measure"] == "ai_use")
    assert f"{float(health_ai['estimate']):.0f}%" in shown


def test_region_and_size_are_used_one_at_a_time(start):
    duo = start("/?region=London")
    assert checked_values(duo, "regions") == ["London"]
    duo.find_element("#size-bands input[value='10 to 49']").click()
    duo.wait_for_contains_text("#active-filters", "Size: 10 to 49", timeout=10)
    wait_idle(duo)
    assert checked_values(duo, "regions") == []
    assert checked_values(duo, "size-bands") == ["10 to 49"]
    assert "Region" not in text(duo, "#active-filters")
    assert query(duo)["size"] == ["10-49"] and "region" not in query(duo)
    assert "one at a time" in text(duo, "#filters")  # the hint says why, next to the controls
    assert text(duo, "#url-note").startswith("Region filter cleared: the survey is narrowed by region or by size")
    assert "Region filter cleared" in duo.find_element("#announcer").get_attribute("textContent")
    duo.find_element("#size-bands input[value='50 to 249']").click()  # the next change drops the notice
    duo.wait_for_contains_text("#active-filters", "50 to 249", timeout=10)
    wait_idle(duo)
    assert text(duo, "#url-note") == ""


def test_withheld_cells_show_c_without_a_reason_and_a_small_sample_shows_u(start):
    # In the shipped survey, Wales alone splits local government's pooled block of regions;
    # in London, a sector's AI share rests on fewer than 30 effective responses.
    duo = start("/?region=Wales")
    labels = [t.text for t in duo.find_elements("#ai-graph .textpoint text")]
    assert "[c]" in labels, labels
    description = duo.find_element("#ai-desc").get_attribute("textContent")
    assert "Withheld [c] to protect confidentiality: " in description and "Local government" in description
    for word in ("comparing", "fewer responses", "secondary", "primary"):
        assert word not in description
    duo.find_element("#ai-download-btn").click()
    rows = read_csv(wait_for_file(duo.download_path, ".csv"))
    local = next(r for r in rows if r["sector"] == "local_government" and r["measure"] == "ai_use")
    assert (local["estimate"], local["base_unweighted_n"], local["suppression_status"]) == ("[c]", "[c]", "suppressed")
    assert "suppression_reason" not in local
    duo.driver.get(duo.server_url + "/?region=London")
    wait_idle(duo)
    labels = [t.text for t in duo.find_elements("#ai-graph .textpoint text")]
    assert any(label.endswith("[u]") for label in labels), labels
    assert "Low reliability [u]" in duo.find_element("#ai-desc").get_attribute("textContent")


def test_the_visible_link_is_not_cut_off(start):
    duo = start("/?sector=health,education&size=1000plus&frontline=non_frontline")
    wait_idle(duo)
    value, scroll, client = duo.driver.execute_script(
        "var e = document.getElementById('permalink'); return [e.value, e.scrollWidth, e.clientWidth];"
    )
    assert value.endswith("?sector=health,education&size=1000plus&frontline=non_frontline")
    assert scroll <= client, f"the link field shows {client}px of {scroll}px"
