"""The "all filtered data" zip and card CSVs, downloaded by headless Chromium."""

from __future__ import annotations

import csv
import io
import json
import re
import zipfile
from pathlib import Path

from dashboard.components import registry
from dashboard.settings import Settings
from tests.browser.conftest import checked_values, read_csv, wait_for_file, wait_idle

SURVEY_CARDS = tuple(card.key for card in registry.CARDS if card.survey_table)
VALUE_COLUMNS = ("estimate", "ci_lower_95", "ci_upper_95", "base_unweighted_n")
SHORTHAND = re.compile(r"^\[(c|x|z|u)\]$")
NUMBER = re.compile(r"^-?[0-9]+(\.[0-9]+)?$")


def _csv(archive: zipfile.ZipFile, name: str) -> list[dict]:
    data = archive.read(name)
    assert data.startswith(b"\xef\xbb\xbf"), f"{name} has no UTF-8 BOM"
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def _download_zip(duo) -> zipfile.ZipFile:
    duo.find_element("#all-download-btn").click()
    path = wait_for_file(duo.download_path, ".zip")
    return zipfile.ZipFile(io.BytesIO(Path(path).read_bytes()))


def test_all_data_zip_holds_the_filtered_view_and_its_permalink_reopens_it(start):
    duo = start("/?sector=health,education&size=250-999")
    archive = _download_zip(duo)
    names = set(archive.namelist())
    # Files of invented rows say so in their names too.
    synthetic = {card: f"{card}_SYNTHETIC_DATA.csv" for card in SURVEY_CARDS}
    assert {*synthetic.values(), "metadata.json", "README.txt"} <= names

    # The survey cards hold only the chosen sectors, marked synthetic, with numbers or shorthand.
    for card in SURVEY_CARDS:
        rows = _csv(archive, synthetic[card])
        assert rows, f"{synthetic[card]} is empty"
        assert {r["sector"] for r in rows} == {"health", "education"}, card
        assert all(r["data_status"] == "synthetic" for r in rows), card
        for r in rows:
            for column in VALUE_COLUMNS:
                assert NUMBER.match(r[column]) or SHORTHAND.match(r[column]), (card, column, r[column])

    meta = json.loads(archive.read("metadata.json"))
    permalink = meta["permalink"]
    assert "sector=health,education" in permalink and "size=250-999" in permalink
    assert permalink.startswith(duo.server_url)
    assert meta["filters"]["query"] == "?sector=health,education&size=250-999"
    assert meta["files"]["ai_SYNTHETIC_DATA"] == len(_csv(archive, synthetic["ai"]))
    assert meta["disclosure_control"]["threshold"] == 10
    assert {s["source_id"] for s in meta["sources"]} >= {"synthetic_org_survey", "synthetic_time_use_survey"}
    readme = archive.read("README.txt").decode("utf-8")
    assert f"Reopen this view: {permalink}" in readme

    # The permalink reopens the same view in a fresh page.
    duo.driver.get("about:blank")
    duo.driver.get(permalink)
    duo.wait_for_contains_text("#quotes-count", "quotes", timeout=20)
    wait_idle(duo)
    assert checked_values(duo, "sectors") == ["health", "education"]
    assert "Size: 250 to 999" in duo.find_element("#active-filters").text
    assert duo.get_logs() == []


def test_high_threshold_download_shows_shorthand_and_no_numbers(start):
    # Threshold 250: health (219 organisations in the shipped extract) is withheld; education
    # (1,045, of which 317 use AI and 482 automation) is not, even under the answer rule.
    duo = start("/?sector=health,education", settings=Settings(suppression_threshold=250))
    duo.find_element("#ai-download-btn").click()
    rows = read_csv(wait_for_file(duo.download_path, ".csv"))
    assert {r["sector"] for r in rows} == {"health", "education"}
    status = {r["sector"]: r["suppression_status"] for r in rows}
    assert status == {"health": "suppressed", "education": "ok"}
    for r in rows:
        values = [r[c] for c in VALUE_COLUMNS]
        if r["sector"] == "health":
            assert values == ["[c]"] * 4, r
            # Nothing else in a suppressed row carries a number either.
            assert not any(re.search(r"[0-9]", v) for k, v in r.items() if k != "source_id"), r
        else:
            assert all(NUMBER.match(v) for v in values), r
            assert int(r["base_unweighted_n"]) >= 250
