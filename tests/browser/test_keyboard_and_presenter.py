"""A whole journey by keyboard alone, and presenter mode."""

from __future__ import annotations

import time

from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.keys import Keys

from tests.browser.conftest import checked_values, wait_idle


def active_matches(duo, selector: str) -> bool:
    return duo.driver.execute_script("return document.activeElement.matches(arguments[0])", selector)


def tab_to(duo, selector: str, limit: int = 400) -> None:
    """Press Tab (only Tab) until the element matching `selector` has focus."""
    for _ in range(limit):
        if active_matches(duo, selector):
            return
        ActionChains(duo.driver).send_keys(Keys.TAB).perform()
    raise AssertionError(f"Tab never reached {selector}")


def press(duo, key) -> None:
    ActionChains(duo.driver).send_keys(key).perform()


def wait_until(condition, message: str = "", timeout: float = 10.0) -> None:
    deadline = time.time() + timeout
    while time.time() < deadline:
        if condition():
            return
        time.sleep(0.1)
    raise AssertionError(f"condition not met: {message}")


def announced(duo) -> str:
    return duo.find_element("#announcer").get_attribute("textContent")


def test_keyboard_only_journey_with_live_announcements(start):
    duo = start()
    assert "6 of 6 sectors, 21 of 21 quotes" in announced(duo)

    # The skip link is the first stop and jumps to the main content.
    duo.driver.execute_script("document.activeElement && document.activeElement.blur()")
    press(duo, Keys.TAB)
    assert active_matches(duo, "a.skip-link")

    # Filter: untick Central government with the space bar.
    tab_to(duo, "#sectors input[value='central_government']")
    press(duo, Keys.SPACE)
    duo.wait_for_text_to_equal("#quotes-count", "Showing 14 of 21 quotes", timeout=10)
    wait_idle(duo)
    assert "central_government" not in checked_values(duo, "sectors")
    assert "5 of 6 sectors, 14 of 21 quotes" in announced(duo)

    # Open a table: the view radios move with the arrow keys, as native radios do.
    tab_to(duo, "#ai-view input[value='chart']")
    press(duo, Keys.ARROW_RIGHT)
    duo.wait_for_element("#ai-table", timeout=10)
    assert duo.find_element("#ai-table-pane").is_displayed()
    assert not duo.find_element("#ai-chart-pane").is_displayed()

    # Select a sector from the table (the keyboard route for clicking a bar).
    tab_to(duo, "#ai-table button[id*='health']")
    label = duo.driver.switch_to.active_element.text
    assert label == "Show only Health"
    press(duo, Keys.ENTER)
    wait_until(lambda: checked_values(duo, "sectors") == ["health"], label)
    duo.wait_for_text_to_equal("#quotes-count", "Showing 6 of 21 quotes", timeout=10)
    wait_idle(duo)

    # Open a quote: select it with Enter.
    tab_to(duo, "#quotes-list .quote-select")
    press(duo, Keys.ENTER)
    wait_idle(duo)
    assert duo.find_elements("#quotes-list .quote-selected")
    assert "quote=" in duo.driver.current_url

    # Copy the link.
    tab_to(duo, "#copy-link")
    press(duo, Keys.ENTER)
    duo.wait_for_text_to_equal("#copy-status", "Link copied to clipboard.", timeout=5)
    assert "quote=" in duo.find_element("#permalink").get_attribute("value")
    assert "quotes" in announced(duo)


def test_presenter_mode_from_the_url_with_quote_spotlight(start):
    duo = start("/?present=1&sector=health,education,police,fire")
    assert "present" in duo.find_element("#page-root").get_attribute("class")
    assert not duo.find_element(".sidebar").is_displayed()
    body_size = duo.driver.execute_script(
        "return parseFloat(getComputedStyle(document.querySelector('.card-subtitle')).fontSize)"
    )
    assert body_size >= 24
    quote_size = duo.driver.execute_script(
        "return parseFloat(getComputedStyle(document.querySelector('.quote-text')).fontSize)"
    )
    assert quote_size >= 36
    # One quote at a time; the arrow keys step through them.
    assert len(duo.find_elements("#quotes-list figure.quote")) == 1
    assert duo.find_element("#quotes-count").text.startswith("Quote 1 of 14")
    first = duo.find_element("#quotes-list .quote-text").text
    press(duo, Keys.ARROW_RIGHT)
    duo.wait_for_contains_text("#quotes-count", "Quote 2 of 14", timeout=10)
    assert duo.find_element("#quotes-list .quote-text").text != first
    press(duo, Keys.ARROW_LEFT)
    duo.wait_for_contains_text("#quotes-count", "Quote 1 of 14", timeout=10)
    # Chart heights do not depend on the data, so the screen does not jump.
    heights = [e.size["height"] for e in duo.find_elements("#admin-graph .main-svg")[:1]]
    duo.find_element("#present-toggle").click()
    wait_idle(duo)
    assert "present" not in duo.find_element("#page-root").get_attribute("class")
    assert "present=1" not in duo.driver.current_url
    assert heights and heights[0] >= 500


FOCUS_YELLOW = "rgb(255, 221, 0)"


def background(duo, selector: str) -> str:
    return duo.driver.execute_script(
        "return getComputedStyle(document.querySelector(arguments[0])).backgroundColor", selector
    )


def test_a_click_never_floods_the_page_with_the_focus_style_and_the_keyboard_still_sees_it(start):
    duo = start()
    # A script focuses the main container (skip link, presenter steps): no yellow slab.
    duo.driver.execute_script("document.getElementById('main').focus()")
    assert active_matches(duo, "#main")
    assert background(duo, "#main") != FOCUS_YELLOW
    # A mouse click inside the content (here on a chart) paints nothing either.
    duo.find_element("#ai-graph").click()
    assert background(duo, "#main") != FOCUS_YELLOW
    # The keyboard user still sees where focus is.
    tab_to(duo, "#quote-search")
    assert background(duo, "#quote-search") == FOCUS_YELLOW
