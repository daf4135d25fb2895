"""Data tables as the page draws them (assets/drawn.js, from components/cards.py `data_table`):
every row and cell the server sent, with the structure a screen reader and a narrow screen need,
redrawn in place when the view changes."""

from __future__ import annotations

import json

from dashboard import ids
from dashboard.components.cards import HIGHLIGHTED, TABLE_ATTRIBUTE
from tests.browser.conftest import wait_idle

#: The table in `region` as the page shows it, and what the server sent for it.
READ = """
const region = document.querySelector(arguments[0]);
const table = region.querySelector('table');
const link = a => a && [a.getAttribute('href'), a.getAttribute('aria-label')];
const cells = tr => Array.from(tr.children).map(c => ({
  tag: c.tagName, text: c.textContent, scope: c.getAttribute('scope'), label: c.getAttribute('data-label'),
  cls: c.className, link: link(c.querySelector('a')), button: (c.querySelector('button') || {}).id || null}));
return {
  spec: region.getAttribute(arguments[1]), id: table.id, cls: table.className,
  caption: [table.caption.id, table.caption.textContent], labelledby: region.getAttribute('aria-labelledby'),
  head: cells(table.tHead.rows[0]),
  rows: Array.from(table.tBodies[0].rows).map(tr => ({cls: tr.className, cells: cells(tr)})),
};
"""


PUBLISHED, AI = ids.CardIds.of("published"), ids.CardIds.of("ai")


def _read(duo, card: ids.CardIds) -> tuple[dict, dict]:
    shown = duo.driver.execute_script(READ, f"#{card.table_pane} [{TABLE_ATTRIBUTE}]", TABLE_ATTRIBUTE)
    return shown, json.loads(shown["spec"])


def _text(value) -> str:
    return "" if value is None else str(value)


def test_the_published_table_shows_every_row_and_cell_it_was_sent_with_its_headers(start):
    duo = start()
    shown, spec = _read(duo, PUBLISHED)
    assert shown["id"] == PUBLISHED.table and "data-table-stack" in shown["cls"]
    assert shown["caption"] == [spec["captionId"], spec["caption"]] and shown["labelledby"] == spec["captionId"]
    headers = [(c, "col") for c in spec["columns"]] + [("Action", "col")]
    assert [(h["text"], h["scope"]) for h in shown["head"]] == headers
    assert len(shown["rows"]) == len(spec["rows"]) == 40
    for row, cells, action in zip(shown["rows"], spec["rows"], spec["actions"], strict=True):
        header, *data, control = row["cells"]
        assert (header["tag"], header["scope"]) == ("TH", "row")
        # Every value as sent, each cell labelled with its column for the narrow screen's stacked rows.
        assert [c["text"] for c in [header, *data]] == [_text(v) for v in cells]
        assert [c["label"] for c in [header, *data]] == spec["columns"]
        assert control["cls"] == "row-action" and control["label"] is None
        assert control["link"] == [action["href"], action["aria"]]
        assert row["cls"] == ""


def test_a_highlighted_sectors_rows_are_outlined_and_say_so_and_lose_it_when_it_is_cleared(start):
    duo = start("/?highlight=health")
    shown, spec = _read(duo, PUBLISHED)
    lit = [i for i, row in enumerate(shown["rows"]) if row["cls"] == "row-highlighted"]
    assert lit == spec["lit"] and lit
    for i, row in enumerate(shown["rows"]):
        # Not colour alone: the row header ends in the word.
        assert row["cells"][0]["text"].endswith(f" {HIGHLIGHTED}") is (i in lit)
    # Clearing the highlight sends the same table without its flags: redrawn in place, none outlined.
    duo.find_element(f"#{ids.HIGHLIGHT_CLEAR}").click()
    wait_idle(duo)
    after, spec = _read(duo, PUBLISHED)
    assert "lit" not in spec and len(after["rows"]) == len(spec["rows"]) == len(shown["rows"])
    assert not any(row["cls"] for row in after["rows"])
    assert not any(row["cells"][0]["text"].endswith(HIGHLIGHTED) for row in after["rows"])


def test_a_survey_tables_show_only_button_filters_to_its_sector(start):
    duo = start("/?view=ai-table")
    shown, spec = _read(duo, AI)
    first = spec["actions"][0]
    assert shown["rows"][0]["cells"][-1]["button"] == first["id"] and json.loads(first["id"]) == first["pick"]
    duo.find_element(f"#{AI.table} button[id='{first['id']}']").click()
    wait_idle(duo)
    assert f"sector={first['pick']['sector']}" in duo.driver.current_url
    after, spec = _read(duo, AI)
    assert {r["cells"][0]["text"] for r in after["rows"]} == {_text(row[0]) for row in spec["rows"]}
