"""The evidence panel after the findings matrix, in headless Chromium: the policy official's question
"which sectors report data security as a barrier, and what did they say?" answered in three clicks,
focus moving to the panel and back, the keyboard route, a link reopening it and its CSV."""

from __future__ import annotations

from urllib.parse import parse_qs, urlparse

from selenium.webdriver.common.actions.action_builder import ActionBuilder
from selenium.webdriver.common.keys import Keys

from tests.browser.conftest import checked_values, read_csv, wait_for_file, wait_idle

F39_PARAPHRASE = (
    "Concern about data protection and breaches was held most strongly in health, education, police and fire, "
    "where the risk to the public's data was seen as greater."
)
F39_EVIDENCE = "This concern was held most strongly within the health, education, police and fire service sectors"
F78_EVIDENCE = (
    "Managers were concerned over adherence to General Data Protection Regulation and the increased risk of "
    "cyber-attacks or data breaches"
)
SECTION_6 = "Read it in the article, section 6, “Risks and barriers to using new technology and AI”"
NO_QUOTE = "No verbatim quote in the article is coded with this in the groups shown."


def query(duo) -> dict:
    return parse_qs(urlparse(duo.driver.current_url).query)


def focused(duo) -> str:
    return duo.driver.execute_script("return document.activeElement && document.activeElement.id")


def in_view(duo, element_id: str) -> bool:
    return duo.driver.execute_script(
        "const r = document.getElementById(arguments[0]).getBoundingClientRect();"
        "return r.top >= 0 && r.bottom <= window.innerHeight;",
        element_id,
    )


def findings(duo) -> list[dict]:
    """Each finding the panel lists, as a reader sees it."""
    return duo.driver.execute_script(
        """
        return Array.from(document.querySelectorAll('#findings-body .finding')).map(li => ({
            meta: li.querySelector('.finding-meta').innerText,
            paraphrase: li.querySelector('.finding-paraphrase').innerText,
            evidence: li.querySelector('.finding-evidence').innerText,
            link: li.querySelector('.finding-link a').innerText,
            href: li.querySelector('.finding-link a').getAttribute('href'),
        }));
        """
    )


def click_at(duo, x: float, y: float) -> None:
    """Hover, then click, at a point in the viewport (plotly reports a click on what it hovers)."""
    actions = ActionBuilder(duo.driver)
    actions.pointer_action.move_to_location(int(x), int(y)).pause(0.4).click()
    actions.perform()


def click_code_name(duo, code: str) -> None:
    """Click a code's name on the matrix's y axis, where a user would: the middle of its label, which
    must be the topmost thing there (no layer of plotly's over it)."""
    x, y, hover = duo.driver.execute_script(
        """
        const gd = document.querySelector('#matrix-graph .js-plotly-plot');
        const label = [...gd.querySelectorAll('.yaxislayer-above .ytick')][gd.data[0].y.indexOf(arguments[0])];
        label.scrollIntoView({block: 'center'});
        const r = label.querySelector('text').getBoundingClientRect();
        const [x, y] = [r.left + r.width / 2, r.top + r.height / 2];
        const top = document.elementFromPoint(x, y);
        return [x, y, !!top && !!top.closest('.ytick') && top.closest('.ytick') === label];
        """,
        code,
    )
    assert hover, "the code's name is what is under the pointer there"
    actions = ActionBuilder(duo.driver)
    actions.pointer_action.move_to_location(int(x), int(y)).pause(0.2)
    actions.perform()
    tooltip = duo.driver.execute_script(
        "return document.elementFromPoint(arguments[0], arguments[1]).closest('text')"
        ".querySelector('title').textContent",
        x,
        y,
    )
    assert tooltip.startswith("Select to read the findings coded “"), tooltip
    click_at(duo, x, y)


def click_matrix_cell(duo, column: str, code: str) -> None:
    x, y = duo.driver.execute_script(
        """
        const gd = document.querySelector('#matrix-graph .js-plotly-plot');
        const xa = gd._fullLayout.xaxis, ya = gd._fullLayout.yaxis;
        const xi = gd.data[0].x.indexOf(arguments[0]), yi = gd.data[0].y.indexOf(arguments[1]);
        gd.scrollIntoView({block: 'center'});
        const rect = gd.querySelector('.nsewdrag').getBoundingClientRect();
        return [rect.left + xa.c2p(xi), rect.top + ya.c2p(yi)];
        """,
        column,
        code,
    )
    click_at(duo, x, y)


def wait_for_panel(duo, title: str) -> None:
    duo.wait_for_text_to_equal("#findings-title", title, timeout=10)
    wait_idle(duo)


def test_which_sectors_report_data_security_and_what_they_said_in_three_clicks(start):
    duo = start()
    assert duo.find_element("#findings-title").text == "The findings behind the matrix"

    # Click 1: the code's name beside the matrix opens its findings in every group.
    click_code_name(duo, "barrier_data_security")
    wait_for_panel(duo, "Data security and GDPR risk: 2 coded findings, no quotes")
    assert query(duo)["code"] == ["barrier_data_security"] and "sector" not in query(duo)
    assert focused(duo) == "findings-title" and in_view(duo, "findings-title")
    shown = findings(duo)
    # Which sectors: the finding the article attributes to sectors comes first and names them.
    assert shown[0]["meta"].startswith("Attributed in the article to Health, Education, Police and Fire")
    assert shown[0]["paraphrase"] == F39_PARAPHRASE
    assert shown[0]["evidence"] == F39_EVIDENCE
    assert shown[0]["link"] == SECTION_6
    assert shown[0]["href"].startswith(
        "https://www.ons.gov.uk/economy/economicoutputandproductivity/publicservicesproductivity/articles/"
        "publicsectormanagersviewsonmanagementpracticesgreatbritain/augusttoseptember2024"
        "#artificial-intelligence-ai-to-improve-productivity:~:text="
    )
    assert shown[1]["meta"].startswith("Not sector-specific") and shown[1]["evidence"] == F78_EVIDENCE
    assert duo.find_element("#findings-body").text.endswith("Quotes (0)\n" + NO_QUOTE)
    # The matrix shows the same: marks for the four sectors and the general column, none elsewhere.
    rows = duo.driver.execute_script(
        "const gd = document.querySelector('#matrix-graph .js-plotly-plot');"
        "return [gd.data[0].y, gd.data[0].x, gd.data[0].text];"
    )
    assert rows[0] == ["barrier_data_security"]
    marked = [column for column, mark in zip(rows[1], rows[2][0], strict=True) if mark != "–"]
    assert marked == ["health", "education", "police", "fire", "all_sectors"]

    # Click 2: back to the matrix; focus returns to its heading.
    duo.find_element("#findings-back").click()
    assert focused(duo) == "matrix-title" and in_view(duo, "matrix-title")
    assert "#" not in duo.driver.current_url, "the address still holds only the view"

    # Click 3: one sector's cell: the panel narrows to Health, which the same finding names.
    click_matrix_cell(duo, "health", "barrier_data_security")
    wait_for_panel(duo, "Data security and GDPR risk: 2 coded findings, no quotes")
    duo.wait_for_contains_text("#findings-summary", "for Health and statements not specific to a sector", timeout=10)
    assert query(duo)["sector"] == ["health"] and checked_values(duo, "sectors") == ["health"]
    assert focused(duo) == "findings-title" and in_view(duo, "findings-title")
    assert [f["paraphrase"] for f in findings(duo)][0] == F39_PARAPHRASE
    assert duo.get_logs() == []


def test_the_keyboard_route_opens_a_cell_with_quotes_and_a_link_reopens_it(start):
    duo = start()
    duo.find_element("#matrix-view input[value='table']").click()
    button = duo.wait_for_element("#matrix-table button[id*='fire'][id*='barrier_cost']", timeout=10)
    assert button.text == "Show findings: Cost and finite budgets, Fire"
    button.send_keys(Keys.ENTER)
    wait_for_panel(duo, "Cost and finite budgets: 3 coded findings, 1 quote")
    assert focused(duo) == "findings-title"
    assert [f["meta"].split(" · ")[0] for f in findings(duo)] == [
        "Attributed in the article to Education, Police and Fire",
        "Not sector-specific: the article states it about managers generally, without naming a sector",
        "Not sector-specific: the article states it about managers generally, without naming a sector",
    ]
    quote = duo.find_element("#findings-body .finding-quote .quote-text").text
    assert quote.startswith("Well, yes, cost is a concern")
    caption = duo.find_element("#findings-body .finding-quote-caption").text
    assert caption.startswith("Fire service focus group") and caption.endswith("Coded: Cost and finite budgets")
    # Keyboard users come back the same way.
    duo.find_element("#findings-back").send_keys(Keys.ENTER)
    assert focused(duo) == "matrix-title"

    # The panel's own CSV: the findings with the article's words, then the quote.
    duo.find_element("#findings-download-btn").click()
    rows = read_csv(wait_for_file(duo.download_path, ".csv"))
    assert [(r["kind"], r["id"]) for r in rows] == [
        ("finding", "F12"),
        ("finding", "F54"),
        ("finding", "F74"),
        ("quote", "Q10"),
    ]
    assert rows[0]["evidence"] and rows[0]["text"] == findings(duo)[0]["paraphrase"]
    assert rows[3]["text"].startswith("Well, yes, cost is a concern")

    # A link reopens the same panel (without taking focus: nothing was clicked).
    link = duo.driver.current_url
    duo.driver.get(link)
    duo.wait_for_contains_text("#quotes-count", "quotes", timeout=20)
    wait_for_panel(duo, "Cost and finite budgets: 3 coded findings, 1 quote")
    assert focused(duo) != "findings-title"
    assert duo.find_element("#findings-body .finding-quote .quote-text").text == quote


def test_a_code_chip_on_a_quote_opens_its_findings_and_a_search_lists_findings_then_quotes(start):
    duo = start()
    duo.find_element("#quote-Q14 .code-chip").click()
    wait_for_panel(duo, "Old systems that do not integrate: 1 coded finding, 1 quote")
    assert focused(duo) == "findings-title"
    assert query(duo)["code"] == ["barrier_legacy_systems"]
    # An everyday word finds the code: "outdated" is in no text, label or quote of it.
    duo.find_element("#quote-Q14 .code-chip").click()  # off again
    wait_for_panel(duo, "The findings behind the matrix")
    box = duo.find_element("#quote-search")
    box.send_keys("outdated")
    box.send_keys(Keys.ENTER)
    wait_for_panel(duo, "Matching “outdated”: 1 coded finding, 1 quote")
    assert "is an everyday word for “Old systems that do not integrate”" in duo.find_element("#findings-summary").text
    body = duo.find_element("#findings-body").text
    assert body.index("Coded findings (1)") < body.index("Quotes (1)")
    assert duo.find_element("#findings-body .finding-quote .quote-text").text.startswith(
        "I would probably describe us as being 20 to 30 years behind the curve."
    )
