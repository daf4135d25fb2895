"""The methods page every About pane links to: docs/methods.md, rendered, with a link target per heading."""

from __future__ import annotations

import re

import pytest

from dashboard.app import create_app
from dashboard.components import about
from dashboard.pages import METHODS_FILE, methods_html
from dashboard.settings import Settings


@pytest.fixture(scope="module")
def client(shipped_extract):
    return create_app(Settings(), extract=shipped_extract).server.test_client()


def test_the_methods_page_serves_docs_methods_with_an_id_per_heading(client):
    page = client.get("/methods")
    assert page.status_code == 200 and page.mimetype == "text/html"
    body = page.get_data(as_text=True)
    assert '<h2 id="survey-estimates">Survey estimates</h2>' in body
    assert '<h3 id="wilson-score-interval-with-n_eff-in-place-of-n">' in body


def test_every_about_link_to_the_methods_lands_on_a_heading():
    ids = set(re.findall(r'<h[1-6] id="([^"]+)"', methods_html(METHODS_FILE.read_text(encoding="utf-8"))))
    links = ["survey-estimates", "disclosure-control-survey-estimates", "qualitative-findings-presence-not-prevalence"]
    assert set(links) <= ids, set(links) - ids
    assert about.method_link("survey-estimates", "x").href == "/methods#survey-estimates"


def test_raw_html_in_the_markdown_is_escaped_not_passed_through():
    out = methods_html("# T\n\n<script>alert(1)</script>\n\n| a | b |\n|---|---|\n| 1 | 2 |\n")
    assert "<script>" not in out and "&lt;script&gt;" in out
    assert '<table class="table table-sm data-table">' in out
