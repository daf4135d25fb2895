"""The evidence map leads the page, and a cell opens that sector's evidence on that topic."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlparse

from selenium.webdriver.common.actions.action_builder import ActionBuilder
from selenium.webdriver.common.keys import Keys

from dashboard.figures.topic_panels import DRAWN_FIGURES
from tests.browser.conftest import checked_values, wait_idle

#: Real evidence first, the survey explorer cards last (and the topic switch on top of its panel).
PAGE_ORDER = [
    "evidence_map-card",
    "topic-switch",
    "topic_figures-card",
    "matrix-card",
    "findings-card",
    "quotes-card",
    "published-card",
    "admin-card",
    "ai-card",
    "barriers-card",
]


def query(duo) -> dict:
    return parse_qs(urlparse(duo.driver.current_url).query)


def text(duo, selector: str) -> str:
    return duo.find_element(selector).text


def page_order(duo) -> list[str]:
    """Ids of the cards (and the topic switch) in document order."""
    return duo.driver.execute_script(
        "return Array.from(document.querySelectorAll('.cards .card-panel, .cards #topic-switch')).map(e => e.id)"
    )


def focused(duo) -> dict:
    return duo.driver.execute_script(
        """
        const e = document.activeElement, r = e.getBoundingClientRect();
        return {text: e.textContent, pressed: e.getAttribute('aria-pressed'), id: e.id,
                top: r.top, bottom: r.bottom, height: window.innerHeight};
        """
    )


def test_the_evidence_map_is_the_first_card_and_the_survey_cards_come_last(start):
    duo = start()
    assert page_order(duo) == PAGE_ORDER
    title = text(duo, "#evidence_map-title")
    assert "sector and topic cells have a published figure about the sector itself" in title
    assert "SYNTHETIC" not in title and not duo.find_elements("#evidence_map-card .badge-synthetic")
    # The grid: six sectors down, four topics across, every cell saying what is known in words.
    x, y, cells = duo.driver.execute_script(
        "const gd = document.querySelector('#evidence_map-graph .js-plotly-plot');"
        "return [gd.data[0].x, gd.data[0].y, gd.data[0].text];"
    )
    assert x == ["admin_burden", "ai_use", "barriers", "management_practice"]
    assert y == ["central_government", "local_government", "health", "education", "police", "fire"]
    assert all(("figure" in c) and ("raised" in c) and ("quote" in c) for row in cells for c in row)
    assert "cannot be quantified" in text(duo, "#evidence_map-subtitle")
    assert re.fullmatch(
        r"\d+ published figures? on admin burden from \d+ publishers?, and 5 about role groups in every sector",
        text(duo, "#topic_figures-title"),
    )
    assert "do not compare" in text(duo, "#topic_figures-subtitle")
    assert duo.find_element("#topic-switch button[aria-pressed='true']").text.endswith("Admin burden")
    assert duo.get_logs() == []


def test_a_cells_button_opens_that_sectors_topic_evidence_and_moves_focus_to_it(start):
    duo = start()
    duo.find_element("#evidence_map-view input[value='table']").click()
    button = duo.wait_for_element("#evidence_map-table button[id*='\"health\"'][id*='\"ai_use\"']", timeout=10)
    assert button.text == "Open evidence: Health, AI use"
    duo.driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", button)
    button.send_keys(Keys.ENTER)
    duo.wait_for_contains_text("#topic_figures-title", "on AI use for Health", timeout=10)
    wait_idle(duo)
    assert query(duo)["sector"] == ["health"] and query(duo)["topic"] == ["ai_use"]
    assert checked_values(duo, "sectors") == ["health"]
    # Focus (and the page) moved to the topic switch above the panel, on the chosen topic.
    now = focused(duo)
    assert now["text"].endswith("AI use") and now["pressed"] == "true", now
    assert now["top"] >= 0 and now["bottom"] <= now["height"] * 0.6, f"the panel below is in view: {now}"
    # The panel shows that cell's figures: one small multiple each, with publisher and year.
    title = text(duo, "#topic_figures-title")
    shown = int(title.split(" ", 1)[0])
    # Beside Health's own figures, those about role groups (frontline and non-frontline workers, in every
    # sector), said apart: the map credits them to no sector.
    roles = re.search(r", and (\d+) about role groups in every sector$", title)
    assert roles, title
    drawn = shown + int(roles.group(1))
    panels = duo.driver.execute_script(
        "const gd = document.querySelector('#topic_figures-graph .js-plotly-plot');"
        "return gd.data.filter(t => t.type === 'scatter').length;"
    )
    # One panel each, up to the chart's limit; the table lists all of them.
    assert panels == min(drawn, DRAWN_FIGURES) and shown > 0
    description = duo.find_element("#topic_figures-desc").get_attribute("textContent")
    assert description.startswith(f"{drawn} published figures on AI use from ") and "do not compare" in description
    # The map cell the panel shows says so, and the same number.
    cell = duo.driver.execute_script(
        "const gd = document.querySelector('#evidence_map-graph .js-plotly-plot');"
        "const d = gd.data[0]; return d.text[d.y.indexOf('health')][d.x.indexOf('ai_use')];"
    )
    assert cell.startswith(f"■ {shown} figures") and cell.endswith("shown below")
    assert duo.get_logs() == []


def test_a_click_on_a_grid_cell_does_the_same(start):
    duo = start()
    x, y = duo.driver.execute_script(
        """
        const gd = document.querySelector('#evidence_map-graph .js-plotly-plot');
        const xa = gd._fullLayout.xaxis, ya = gd._fullLayout.yaxis;
        const xi = gd.data[0].x.indexOf('barriers'), yi = gd.data[0].y.indexOf('fire');
        let rect = gd.querySelector('.nsewdrag').getBoundingClientRect();
        window.scrollBy(0, rect.top + ya.c2p(yi) - window.innerHeight / 2);
        rect = gd.querySelector('.nsewdrag').getBoundingClientRect();
        return [rect.left + xa.c2p(xi), rect.top + ya.c2p(yi)];
        """
    )
    actions = ActionBuilder(duo.driver)
    actions.pointer_action.move_to_location(int(x), int(y)).pause(0.4).click()
    actions.perform()
    duo.wait_for_contains_text("#topic_figures-title", "on barriers for Fire", timeout=10)
    wait_idle(duo)
    assert query(duo)["sector"] == ["fire"] and query(duo)["topic"] == ["barriers"]
    assert focused(duo)["text"].endswith("Barriers")


def test_the_topic_switch_changes_the_panel_and_back_undoes_it(start):
    duo = start("/?sector=education")
    before = text(duo, "#topic_figures-title")
    assert "on admin burden for Education" in before
    duo.find_element("#topic-switch button[id*='management_practice']").click()
    duo.wait_for_contains_text("#topic_figures-title", "on management practice for Education", timeout=10)
    wait_idle(duo)
    assert query(duo)["topic"] == ["management_practice"]
    pressed = [b.text for b in duo.find_elements("#topic-switch button[aria-pressed='true']")]
    assert len(pressed) == 1 and pressed[0].endswith("Management practice")
    duo.driver.back()
    duo.wait_for_text_to_equal("#topic_figures-title", before, timeout=10)
    wait_idle(duo)
    assert duo.find_element("#topic-switch button[aria-pressed='true']").text.endswith("Admin burden")
    assert duo.get_logs() == []
