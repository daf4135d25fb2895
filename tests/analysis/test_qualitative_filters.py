"""The findings and quotes a view lists on the shipped extract: quote filters, search, the evidence panel's findings.

Expected ids are read off data/source/findings.csv and quotes.csv by hand (docs/coding.md lists
every finding's id, section and code).
"""

from __future__ import annotations

import pandas as pd
import pytest

from dashboard.analysis import qualitative as ql
from dashboard.analysis import qualitative_filters as qf
from dashboard.analysis import qualitative_search as qs
from dashboard.data import vocab

ALL_METHODS = list(vocab.METHODS)
ALL_GROUPS = list(vocab.PARTICIPANT_GROUPS)


def quote_ids(frame: pd.DataFrame) -> list[str]:
    return frame["quote_id"].tolist()


def fq(ex, **kw) -> pd.DataFrame:
    args = {"sectors": vocab.SECTORS, "methods": ALL_METHODS, "groups": ALL_GROUPS}
    args.update(kw)
    return qf.filter_quotes(ex.quotes, ex.codebook, **args)


# --------------------------------------------------------------------------- quotes


def test_all_quotes_in_article_order(ex):
    out = fq(ex)
    assert quote_ids(out) == [f"Q{i:02d}" for i in range(1, 22)]
    assert out["order"].is_monotonic_increasing


def test_search_is_case_insensitive(ex):
    assert quote_ids(fq(ex, search="NURSES")) == ["Q18"]
    assert quote_ids(fq(ex, search="  nurses ")) == ["Q18"]
    assert quote_ids(fq(ex, search="NuRsEs")) == ["Q18"]


def test_search_is_whole_word(ex):
    # "AI" is in Q17, Q18 and Q19; it is also inside "certain", "training" and "against", which it must not find.
    assert quote_ids(fq(ex, search="AI")) == ["Q17", "Q18", "Q19"]
    assert "certain" in ex.quotes.set_index("quote_id").loc["Q13", "text"]
    assert quote_ids(fq(ex, search="director")) == ["Q02"]  # not Q17's "directors"
    assert fq(ex, search="direct").empty and fq(ex, search="budg").empty
    # Several words are one phrase; any run of spaces matches any whitespace.
    assert quote_ids(fq(ex, search="finite   budget")) == ["Q10"]


def test_search_finds_a_code_through_its_label(ex):
    """'security' and 'GDPR' are in no quote or paraphrase, but in the label 'Data security and GDPR risk'."""
    groups = list(vocab.PARTICIPANT_GROUPS)
    for word in ("security", "GDPR", "gdpr", "data protection"):
        found = qf.filter_findings(ex.findings, ex.codebook, sectors=vocab.SECTORS, groups=groups, search=word)
        assert set(found["finding_id"]) == {"F39", "F78"}, word
        assert set(found["code"]) == {"barrier_data_security"}
    # Quotes are found through their codes' labels too: every quote coded "Cost and finite budgets".
    assert set(quote_ids(fq(ex, search="cost"))) == {"Q09", "Q10", "Q18", "Q21"}


def _found(ex, word: str) -> tuple[list[str], list[str]]:
    """(finding ids, quote ids) a search finds in every group."""
    groups = list(vocab.PARTICIPANT_GROUPS)
    found = qf.filter_findings(ex.findings, ex.codebook, sectors=vocab.SECTORS, groups=groups, search=word)
    return sorted(set(found["finding_id"])), quote_ids(fq(ex, search=word))


@pytest.mark.parametrize(
    ("words", "findings", "quotes"),
    [
        # Data security and GDPR risk: neither "privacy" nor "hacking" is in its label or its texts.
        (("privacy", "PRIVACY", "hacking", "Confidentiality"), ["F39", "F78"], []),
        # Cost and finite budgets: findings about cost, and every quote coded with it.
        (("money", "Funding", "affordable"), ["F12", "F34", "F35", "F41", "F54", "F74"], ["Q09", "Q10", "Q18", "Q21"]),
        # Old systems that do not integrate.
        (("outdated", "legacy", "old systems", "interoperability"), ["F61"], ["Q14"]),
        (("ChatGPT", "genai"), ["F63"], []),
    ],
)
def test_a_codes_everyday_word_finds_its_findings_and_quotes(ex, words, findings, quotes):
    for word in words:
        assert _found(ex, word) == (findings, quotes), word


def test_everyday_words_are_whole_words_and_name_real_codes(ex):
    assert _found(ex, "fund") == ([], []), "a keyword is matched whole: 'fund' is not 'funding' or 'funds'"
    assert _found(ex, "budgeting") == ([], [])
    codes = set(ex.codebook["code"])
    assert set(vocab.CODE_KEYWORDS) <= codes
    for code, words in vocab.CODE_KEYWORDS.items():
        assert words and all(w.strip() == w and w for w in words), code
        assert len({w.lower() for w in words}) == len(words), f"{code} lists a word twice"
    # Every barrier code has everyday words: a barrier is what a reader is most likely to search by.
    assert set(vocab.BARRIER_CODES) <= set(vocab.CODE_KEYWORDS)


def test_filter_findings_follows_the_matrix_columns(ex):
    groups = list(vocab.PARTICIPANT_GROUPS)
    args = {"search": "GDPR"}
    # Education's managers: F39 names education; F78 is in the column of findings naming no sector.
    assert set(
        qf.filter_findings(ex.findings, ex.codebook, sectors=["education"], groups=groups, **args)["finding_id"]
    ) == {"F39", "F78"}
    assert qf.filter_findings(ex.findings, ex.codebook, sectors=vocab.SECTORS, groups=[ql.FORMER], **args).empty
    former = qf.filter_findings(ex.findings, ex.codebook, sectors=vocab.SECTORS, groups=[ql.FORMER])
    assert set(former["finding_id"]) == {"F41"}
    coded = qf.filter_findings(ex.findings, ex.codebook, sectors=vocab.SECTORS, groups=groups, codes=["ai_no_use"])
    assert set(coded["finding_id"]) == {"F69"}


def test_search_is_literal_not_a_regex(ex):
    assert fq(ex, search="c.st").empty
    # characters that would be regex syntax match themselves (an unbalanced "(" would not even compile)
    assert quote_ids(fq(ex, search="(")) == ["Q16"]
    assert quote_ids(fq(ex, search="?")) == ["Q13", "Q18", "Q19"]
    assert fq(ex, search="*").empty
    # bracketed editorial insertions are found literally
    hits = fq(ex, search="[my HR manager]")
    assert quote_ids(hits) == ["Q02"]


def test_quote_code_and_theme_filters(ex):
    assert quote_ids(fq(ex, codes=["barrier_cost"])) == ["Q09", "Q10", "Q18", "Q21"]
    assert quote_ids(fq(ex, codes=["barrier_cost"], groups=["current_manager"])) == ["Q09", "Q10", "Q18"]
    assert quote_ids(fq(ex, themes=["productivity"])) == ["Q01", "Q02"]
    assert fq(ex, codes=["ai_no_use"]).empty


def test_former_civil_servants_only_when_their_group_is_selected_and_no_sector_filter(ex):
    former = ["Q05", "Q08", "Q21"]
    assert set(former) <= set(quote_ids(fq(ex)))
    assert not set(former) & set(quote_ids(fq(ex, groups=["current_manager"])))
    assert quote_ids(fq(ex, groups=[ql.FORMER])) == former
    # Narrowing to sectors means "these sectors", which former civil servants are not.
    assert not set(former) & set(quote_ids(fq(ex, sectors=["central_government"])))
    assert fq(ex, sectors=[]).empty
    assert fq(ex, groups=[]).empty


def test_quote_sector_and_method_filters(ex):
    assert quote_ids(fq(ex, sectors=["fire"], groups=["current_manager"])) == ["Q10", "Q13", "Q14"]
    interviews = fq(ex, methods=["interview"], groups=["current_manager"])
    assert set(interviews["method"]) == {"interview"}
    assert quote_ids(interviews) == ["Q02", "Q03", "Q04", "Q06", "Q09", "Q15", "Q16", "Q17"]
    assert fq(ex, methods=[]).empty


def test_highlight_agrees_with_filter_quotes(ex):
    hits = fq(ex, search="DIRECTOR")
    assert quote_ids(hits) == ["Q02"]
    for text in hits["text"]:
        spans = qs.highlight_spans(text, "director")
        assert any(hit for _, hit in spans)
        assert "".join(p for p, _ in spans) == text


# --------------------------------------------------------------------------- the evidence panel's findings


def test_distinct_findings_names_every_group_a_finding_is_attributed_to(ex):
    labels = dict(zip(ex.codebook["code"], ex.codebook["label"], strict=True))
    health = ex.findings[(ex.findings["finding_id"] == "F39") & (ex.findings["sector"] == "health")]
    [row] = qf.distinct_findings(health, ex.findings, labels).to_dict("records")
    assert row["columns"] == ("health", "education", "police", "fire"), "all four, though only health was chosen"
    assert row["column_labels"] == ("Health", "Education", "Police", "Fire")
    assert row["code_label"] == "Data security and GDPR risk"
    assert row["paraphrase"].startswith("Concern about data protection and breaches was held most strongly")
    assert row["evidence"] == (
        "This concern was held most strongly within the health, education, police and fire service sectors"
    )
    assert row["section"].startswith("6. Artificial intelligence (AI) to improve productivity > Risks and barriers")


def test_distinct_findings_never_name_a_withheld_column(ex):
    """Local government has one participant: with the minimum of 3 its column is withheld, and a finding
    about central and local government names central government only."""
    labels = dict(zip(ex.codebook["code"], ex.codebook["label"], strict=True))
    shown = ql.shown_findings(ex.findings, ex.participants, 3)
    f15 = shown[shown["finding_id"] == "F15"]
    assert set(ex.findings.loc[ex.findings["finding_id"] == "F15", "sector"]) == {
        "central_government",
        "local_government",
    }
    out = qf.distinct_findings(f15, shown, labels)
    assert out["columns"].tolist() == [("central_government",)]
    # One row per finding, in the article's order, however many rows (sectors) each has.
    many = qf.distinct_findings(shown[shown["code"] == "barrier_cost"], shown, labels)
    assert many["finding_id"].tolist() == ["F54", "F12", "F74", "F34", "F35", "F41"]
    assert many.set_index("finding_id").loc["F41", "columns"] == ("former_civil_servant",)
    assert many.set_index("finding_id").loc["F54", "column_labels"] == ("Not sector-specific",)
