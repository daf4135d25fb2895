"""The evidence panel after the findings matrix (views/findings.py, components/findings.py): what it
shows for a view state, its CSV and the matrix CSV's finding text, without a browser."""

from __future__ import annotations

import pytest
from dash import html

from dashboard import transitions
from dashboard.callbacks.downloads import all_frames, findings_export
from dashboard.components.findings import panel_body
from dashboard.context import build_context
from dashboard.data import vocab
from dashboard.settings import Settings
from dashboard.state import DEFAULT, ViewState
from dashboard.views import findings as panel
from dashboard.views import matrix_view
from tests.components.tree import tag

ARTICLE = (
    "https://www.ons.gov.uk/economy/economicoutputandproductivity/publicservicesproductivity/articles/"
    "publicsectormanagersviewsonmanagementpracticesgreatbritain/augusttoseptember2024"
)
F39_EVIDENCE = "This concern was held most strongly within the health, education, police and fire service sectors"


@pytest.fixture(scope="module")
def ctx(shipped_extract):
    return build_context(shipped_extract, Settings())


def texts(component) -> list[str]:
    """Every string in a Dash component tree, in order (what React renders as text)."""
    if isinstance(component, str):
        return [component]
    if isinstance(component, list | tuple):
        return [t for child in component for t in texts(child)]
    children = getattr(component, "children", None)
    return texts(children) if children is not None else []


def test_with_nothing_selected_the_panel_says_how_to_open_it(ctx):
    view = panel.findings_view(ctx, DEFAULT)
    assert not view.open and view.title == "The findings behind the matrix"
    assert view.summary.startswith("Select a cell of the matrix, a code's name beside it, a code on a quote")
    assert view.findings == () and view.quotes.empty
    assert view.export.empty and list(view.export.columns) == panel.EXPORT_COLUMNS
    assert panel_body(view, "", ctx.code_labels) == []
    # Themes alone do not open it: a theme is many codes, not a question.
    assert not panel.findings_view(ctx, ViewState(themes=("ai",))).open


def test_a_matrix_cell_opens_its_findings_with_the_articles_words_and_a_link(ctx):
    """Health x Data security: the cell's own finding (attributed to four sectors), then the one the
    article states about managers generally; no quote is coded with it."""
    state = transitions.pick_matrix_cell(DEFAULT, "health", "barrier_data_security")
    view = panel.findings_view(ctx, state)
    assert view.open and view.title == "Data security and GDPR risk: 2 coded findings, no quotes"
    assert "for Health and statements not specific to a sector" in view.summary
    assert [f.finding_id for f in view.findings] == ["F39", "F78"]
    f39, f78 = view.findings
    assert f39.attributed == "Attributed in the article to Health, Education, Police and Fire"
    assert f39.paraphrase == (
        "Concern about data protection and breaches was held most strongly in health, education, police and "
        "fire, where the risk to the public's data was seen as greater."
    )
    assert f39.evidence == F39_EVIDENCE
    assert f39.link.startswith(ARTICLE + "#artificial-intelligence-ai-to-improve-productivity:~:text=This%20concern")
    assert f39.link_label == "Read it in the article, section 6, “Risks and barriers to using new technology and AI”"
    assert f78.attributed.startswith("Not sector-specific")
    assert f78.evidence.startswith("Managers were concerned over adherence to General Data Protection Regulation")
    assert view.findings_heading == "Coded findings (2)" and view.quotes_heading == "Quotes (0)"
    assert view.quotes.empty
    assert view.quotes_message == "No verbatim quote in the article is coded with this in the groups shown."
    # The same state from a link gives the same panel: it is the view state's, nothing else's.
    again = panel.findings_view(ctx, ViewState(**{**state.__dict__}))
    assert (again.title, again.findings, again.quotes_message) == (view.title, view.findings, view.quotes_message)


def test_a_code_name_opens_the_codes_findings_in_every_group(ctx):
    view = panel.findings_view(ctx, transitions.pick_code(DEFAULT, "barrier_data_security"))
    assert [f.finding_id for f in view.findings] == ["F39", "F78"]
    who = "for every sector in the matrix, statements not specific to a sector and former civil servants"
    assert who in view.summary


def test_the_findings_come_before_the_quotes_and_both_go_in_the_csv(ctx):
    state = transitions.pick_matrix_cell(DEFAULT, "fire", "barrier_cost")
    view = panel.findings_view(ctx, state)
    assert view.title == "Cost and finite budgets: 3 coded findings, 1 quote"
    assert [f.finding_id for f in view.findings] == ["F12", "F54", "F74"], "fire's own finding first"
    assert view.findings[0].attributed == "Attributed in the article to Education, Police and Fire"
    assert view.quotes["quote_id"].tolist() == ["Q10"]
    csv = findings_export(ctx, state)
    assert csv["kind"].tolist() == ["finding", "finding", "finding", "quote"]
    assert csv["id"].tolist() == ["F12", "F54", "F74", "Q10"]
    first, quote = csv.iloc[0], csv.iloc[3]
    assert first["text"] == view.findings[0].paraphrase and first["evidence"] == view.findings[0].evidence
    assert first["attributed_to"] == "Attributed in the article to Education, Police and Fire"
    assert first["link"].startswith(ARTICLE + "#management-practices:~:text=")
    assert quote["text"].startswith("Well, yes, cost is a concern")
    assert quote["attributed_to"] == "Fire service focus group" and quote["evidence"] == ""
    assert quote["code_labels"] == "Cost and finite budgets"
    assert set(csv["data_status"]) == {"qualitative research"}
    # The zip of everything carries it too.
    assert all_frames(ctx, state)["findings"].equals(csv)


def test_the_panel_body_lists_findings_then_quotes_as_plain_text(ctx):
    state = transitions.pick_matrix_cell(DEFAULT, "fire", "barrier_cost")
    view = panel.findings_view(ctx, state)
    body = panel_body(view, "", ctx.code_labels)
    words = texts(body)
    assert words[0] == "Coded findings (3)"
    assert words.index("Quotes (1)") > words.index(view.findings[-1].paraphrase)
    assert F39_EVIDENCE not in words and view.findings[0].evidence in words
    assert any(w.startswith("Well, yes, cost is a concern") for w in words)
    links = [c for c in body[1].children[0].children if isinstance(c, html.P) and isinstance(c.children, html.A)]
    assert links[0].children.href == view.findings[0].link


def test_a_search_shows_findings_then_quotes_and_says_when_it_found_a_codes_everyday_word(ctx):
    view = panel.findings_view(ctx, ViewState(search="money"))
    assert view.title == "Matching “money”: 6 coded findings, 4 quotes"
    assert view.summary.endswith(
        "“money” is an everyday word for “Cost and finite budgets”, so what is coded with it is included."
    )
    assert {f.finding_id for f in view.findings} == {"F12", "F34", "F35", "F41", "F54", "F74"}
    assert view.quotes["quote_id"].tolist() == ["Q09", "Q10", "Q18", "Q21"]
    # Matches are marked in the paraphrase and the article's words, never turned into markup.
    marked = panel.findings_view(ctx, ViewState(search="breaches"))
    body = panel_body(marked, "breaches", ctx.code_labels)
    marks = [m for m in _walk(body) if tag(m) == "Mark"]
    assert len(marks) >= 2 and {m.children for m in marks} == {"breaches"}
    assert "is an everyday word" not in panel.findings_view(ctx, ViewState(search="GDPR")).summary, "in the label"


def _walk(component):
    if isinstance(component, list | tuple):
        for child in component:
            yield from _walk(child)
        return
    yield component
    children = getattr(component, "children", None)
    if children is not None and not isinstance(children, str):
        yield from _walk(children)


def test_the_panel_never_names_a_withheld_column_and_keeps_the_quote_rule(ctx):
    """Local government has one participant (fewer than 3): its column is withheld, so no finding is
    attributed to it here, and a selection of fewer than 3 people shows no quotes."""
    for code in ctx.extract.codebook["code"]:
        view = panel.findings_view(ctx, ViewState(codes=(code,)))
        assert not any("Local government" in f.attributed for f in view.findings), code
        assert not view.export["attributed_to"].str.contains("Local government").any(), code
    f15 = panel.findings_view(ctx, ViewState(codes=("admin_email_prominent",)))
    assert [f.attributed for f in f15.findings if f.finding_id == "F15"] == [
        "Attributed in the article to Central government"
    ]
    few = ViewState(
        sectors=("local_government",), methods=("interview",), groups=("current_manager",), codes=("barrier_cost",)
    )
    view = panel.findings_view(ctx, few)
    assert view.quotes.empty and view.quotes_heading == "Quotes (withheld)"
    assert "fewer than 3 participants" in view.quotes_message and "quotes withheld" in view.title
    assert not (view.export["kind"] == "quote").any()


def test_the_matrix_csv_carries_each_cells_finding_text_and_evidence(ctx):
    export = matrix_view(ctx, ViewState(codes=("barrier_data_security",))).export
    cells = export.set_index("participant_group_or_sector")
    health = cells.loc["health"]
    assert health["finding_ids"] == "F39"
    assert health["finding_text"].startswith("F39: Concern about data protection and breaches")
    assert health["finding_evidence"] == f"F39: {F39_EVIDENCE}"
    assert cells.loc["all_sectors", "finding_evidence"].startswith("F78: Managers were concerned over adherence")
    assert cells.loc["central_government", "finding_text"] == "" and cells.loc["central_government", "findings"] == 0
    several = matrix_view(ctx, ViewState(codes=("barrier_cost",))).export.set_index("participant_group_or_sector")
    assert several.loc["all_sectors", "finding_ids"] == "F54 F74"
    assert several.loc["all_sectors", "finding_text"].count(" | F74: ") == 1


def test_role_groups_and_sectors_vocabularies_do_not_overlap():
    assert not set(vocab.ROLE_GROUPS) & set(vocab.SECTORS)
    assert all(vocab.SECTOR_LABELS[g].endswith("(role group)") for g in vocab.ROLE_GROUPS)
