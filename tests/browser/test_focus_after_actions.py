"""After a control that Dash redraws, focus comes back to it (assets/focus.js), never to <body>."""

from __future__ import annotations

import json
import time

from selenium.webdriver.common.keys import Keys

from tests.browser.conftest import wait_idle

ACTIVE_ID = "return document.activeElement ? document.activeElement.id : null"


def _press(duo, element) -> None:
    element.send_keys(Keys.ENTER)
    time.sleep(0.4)
    wait_idle(duo)
    time.sleep(0.4)  # focus.js checks every 100 ms once Dash is idle


def test_a_table_rows_show_only_button_keeps_focus_after_the_table_is_redrawn(start):
    duo = start("/?view=ai-table")
    button = duo.wait_for_element("#ai-table button", timeout=10)
    button_id = button.get_attribute("id")
    assert json.loads(button_id)["sector"] == "central_government"
    _press(duo, button)
    assert "sector=central_government" in duo.driver.current_url
    # The table was redrawn with one sector's rows; focus is on that row's button again, not on <body>.
    assert duo.driver.execute_script(ACTIVE_ID) == button_id


def test_a_code_chip_moves_focus_to_what_changed_never_to_body(start):
    duo = start()
    chip = duo.find_element("#quotes-list .code-chip")
    chip_id = chip.get_attribute("id")
    _press(duo, chip)
    assert "code=" in duo.driver.current_url
    # The chip opens the findings behind its code, whose heading takes focus; failing that, the chip.
    assert duo.driver.execute_script(ACTIVE_ID) in ("findings-title", chip_id)
    assert not duo.driver.execute_script("return document.activeElement === document.body")
