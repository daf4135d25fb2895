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


def slide(duo) -> dict:
    """The current slide: its element's id, where it is ('Slide 3 of 24'), and the address and history."""
    now = duo.driver.execute_script(
        """
        const current = document.querySelector('.slide-current');
        const status = document.querySelector('.slide-status');
        return {id: current && current.id, status: status ? status.textContent : '',
                history: history.length, hash: location.hash, search: location.search,
                requests: performance.getEntriesByType('resource')
                  .filter(e => e.name.includes('_dash-update-component')).length,
                focus: document.activeElement && document.activeElement.id};
        """
    )
    words = now["status"].split(":")[0].split(" · ")[0].split()  # ['Slide', '3', 'of', '24']
    now["number"], now["total"] = (int(words[1]), int(words[3])) if len(words) == 4 else (0, 0)
    return now


def wait_for_slide(duo, number: int) -> dict:
    wait_until(lambda: slide(duo)["number"] == number, f"slide {number}")
    return slide(duo)


def test_presenter_slides_from_a_link_step_with_buttons_and_keys_and_never_touch_history(start):
    """A link to a slide opens on it; Previous / Next and the arrow keys step the slides in the browser
    (no history entry, the view's parameters untouched); the toggle leaves. test_presenter_slides.py
    checks every slide's layout at the two room sizes."""
    duo = start("/?present=1&sector=health,education,police,fire#slide=matrix-card")
    assert "present" in duo.find_element("#page-root").get_attribute("class")
    assert not duo.find_element(".sidebar").is_displayed()
    wait_until(lambda: slide(duo)["id"] == "matrix-card", "the linked slide")
    now = slide(duo)
    assert now["hash"] == "#slide=matrix-card" and now["number"] > 1
    assert duo.find_element("#matrix-card").is_displayed()
    assert not duo.find_element("#ai-card").is_displayed(), "one slide at a time"
    title = duo.driver.execute_script(
        "return parseFloat(getComputedStyle(document.querySelector('#matrix-card .card-title')).fontSize)"
    )
    assert title >= 36
    assert duo.find_element("#slide-filters").text == "Active filters: Sectors: Health, Education, Police, Fire"
    history, search, requests = now["history"], now["search"], now["requests"]

    # Next and Previous step, and keep focus; the address names the slide.
    duo.find_element("#slide-next").click()
    after = wait_for_slide(duo, now["number"] + 1)
    assert after["focus"] == "slide-next" and after["hash"].startswith("#slide=")
    duo.find_element("#slide-prev").click()
    wait_for_slide(duo, now["number"])
    # End and Home jump; at either end a step stays put.
    press(duo, Keys.END)
    assert wait_for_slide(duo, now["total"])["id"] == "barriers-card"
    press(duo, Keys.ARROW_RIGHT)
    press(duo, Keys.HOME)
    assert wait_for_slide(duo, 1)["id"] == "evidence_map-card"
    press(duo, Keys.ARROW_LEFT)
    # The arrow keys reach the quotes: one per slide, large, with its attribution.
    for _ in range(now["total"]):
        if slide(duo)["id"].startswith("quote-"):
            break
        number = slide(duo)["number"]
        press(duo, Keys.ARROW_RIGHT)
        wait_for_slide(duo, number + 1)
    quote = slide(duo)
    assert "quote 1 of 14" in quote["status"], quote
    size = duo.driver.execute_script(
        "return parseFloat(getComputedStyle(document.querySelector('.slide-current .quote-text')).fontSize)"
    )
    assert size >= 40
    assert duo.find_element(".slide-current .quote-attribution").is_displayed()
    press(duo, Keys.ARROW_RIGHT)
    assert "quote 2 of 14" in wait_for_slide(duo, quote["number"] + 1)["status"]
    now = slide(duo)
    assert (now["history"], now["search"]) == (history, search), "a step must not touch the view or history"
    assert now["requests"] == requests, "a step asks the server for nothing"

    # The toggle leaves presenter mode, and the slide's fragment with it.
    duo.find_element("#present-toggle").click()
    wait_idle(duo)
    assert "present" not in duo.find_element("#page-root").get_attribute("class")
    assert "present=1" not in duo.driver.current_url and "#slide=" not in duo.driver.current_url
    assert duo.find_element(".sidebar").is_displayed()


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
