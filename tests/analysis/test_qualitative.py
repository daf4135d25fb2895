"""The coded qualitative findings on the shipped extract: matrix, quote filters, highlighting.

Expected counts are read off data/source/findings.csv and quotes.csv by hand (docs/coding.md lists
every finding's id, section and code).
"""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dashboard.analysis import qualitative as ql
from dashboard.data import vocab

ALL_METHODS = list(vocab.METHODS)
ALL_GROUPS = list(vocab.PARTICIPANT_GROUPS)


@pytest.fixture(scope="module")
def ex(shipped_extract):
    return shipped_extract


@pytest.fixture(scope="module")
def full_matrix(ex):
    return ql.matrix(ex.findings, ex.quotes, ex.codebook, ex.participants, columns=list(ql.MATRIX_COLUMNS))


def cell(table: pd.DataFrame, code: str, column: str) -> pd.Series:
    hit = table[(table["code"] == code) & (table["column"] == column)]
    assert len(hit) == 1, f"{code}/{column}: {len(hit)} rows"
    return hit.iloc[0]


def quote_ids(frame: pd.DataFrame) -> list[str]:
    return frame["quote_id"].tolist()


def fq(ex, **kw) -> pd.DataFrame:
    args = {"sectors": vocab.SECTORS, "methods": ALL_METHODS, "groups": ALL_GROUPS}
    args.update(kw)
    return ql.filter_quotes(ex.quotes, ex.codebook, **args)


# --------------------------------------------------------------------------- columns and groups


def test_participant_groups_are_six_sectors_and_former_civil_servants(ex):
    assert ql.participant_groups(ex.participants) == [*vocab.SECTORS, ql.FORMER]


@pytest.mark.parametrize(
    ("sectors", "groups", "expected"),
    [
        # Former civil servants have no sector: shown only when no sector filter is active.
        (vocab.SECTORS, ALL_GROUPS, [*vocab.SECTORS, ql.ALL_SECTORS, ql.FORMER]),
        (["health"], ALL_GROUPS, ["health", ql.ALL_SECTORS]),
        (["fire", "central_government"], ["current_manager"], ["central_government", "fire", ql.ALL_SECTORS]),
        (["health"], [ql.FORMER], []),
        (vocab.SECTORS, [ql.FORMER], [ql.FORMER]),
        ([], ALL_GROUPS, [ql.ALL_SECTORS]),
        (vocab.SECTORS, [], []),
    ],
)
def test_shown_columns(sectors, groups, expected):
    assert ql.shown_columns(sectors, groups) == expected


def test_column_of():
    assert ql.column_of("health", "current_manager") == "health"
    assert ql.column_of(float("nan"), ql.FORMER) == ql.FORMER
    assert ql.column_of(None, ql.FORMER) == ql.FORMER
    assert ql.column_of("all_sectors", "current_manager") == ql.ALL_SECTORS


# --------------------------------------------------------------------------- matrix


def test_matrix_shape_and_labels(ex, full_matrix):
    n_codes = len(ex.codebook)
    assert len(full_matrix) == n_codes * len(ql.MATRIX_COLUMNS)
    assert full_matrix["code"].unique().tolist() == ex.codebook["code"].tolist()
    first = full_matrix[full_matrix["code"] == "barrier_cost"]
    assert first["column"].tolist() == list(ql.MATRIX_COLUMNS)
    assert first["column_label"].tolist() == [
        "Central government",
        "Local government",
        "Health",
        "Education",
        "Police",
        "Fire",
        "Not sector-specific",
        "Former civil servants",
    ]
    # Presence and what is behind it, never how many groups raised a code.
    assert list(full_matrix.columns) == ql.MATRIX_FIELDS
    assert not {"groups_raised", "groups_total"} & set(full_matrix.columns)
    assert cell(full_matrix, "barrier_cost", "health")["code_label"] == "Cost and finite budgets"
    assert cell(full_matrix, "barrier_cost", "health")["theme"] == "innovation"


def test_matrix_resistance_to_change(full_matrix):
    # Findings F10 and F36 (health), F75 (no sector named); quotes Q07 (health focus group) and
    # Q08 (former civil servant).
    health = cell(full_matrix, "barrier_resistance_to_change", "health")
    assert (health["findings"], health["quotes"]) == (2, 1)
    assert (health["finding_ids"], health["quote_ids"]) == ("F10 F36", "Q07")
    cg = cell(full_matrix, "barrier_resistance_to_change", "central_government")
    assert (cg["findings"], cg["quotes"], cg["finding_ids"]) == (0, 0, "")
    general = cell(full_matrix, "barrier_resistance_to_change", ql.ALL_SECTORS)
    assert (general["findings"], general["finding_ids"]) == (1, "F75")
    former = cell(full_matrix, "barrier_resistance_to_change", ql.FORMER)
    assert (former["findings"], former["quotes"]) == (0, 1)


def test_matrix_cost_counts_distinct_findings_per_column(full_matrix):
    # F12 (education, police, fire), F34 (education, health), F35 (health, police), F54 and F74 (no
    # sector named), F41 (former); quotes Q09 (education), Q10 (fire), Q18 (health), Q21 (former).
    expected = {
        "central_government": (0, 0),
        "local_government": (0, 0),
        "health": (2, 1),
        "education": (2, 1),
        "police": (2, 0),
        "fire": (1, 1),
        ql.ALL_SECTORS: (2, 0),
        ql.FORMER: (1, 1),
    }
    for column, counts in expected.items():
        c = cell(full_matrix, "barrier_cost", column)
        assert (c["findings"], c["quotes"]) == counts, column
    assert cell(full_matrix, "barrier_cost", "education")["finding_ids"] == "F12 F34"


def test_findings_about_no_sector_stay_in_their_own_column(ex, full_matrix):
    """A statement the article attributes to no sector is never copied into, or counted in, a sector."""
    general = set(ex.findings.loc[ex.findings["sector"] == ql.ALL_SECTORS, "finding_id"])
    assert len(general) >= 30
    in_sectors = full_matrix[full_matrix["column"].isin(vocab.SECTORS)]
    assert not general & {f for ids in in_sectors["finding_ids"] for f in ids.split()}
    # ai_cautious: F32 is about all sectors; F29, F40 and F45 name the four public-facing sectors.
    assert cell(full_matrix, "ai_cautious", ql.ALL_SECTORS)["finding_ids"] == "F32"
    assert cell(full_matrix, "ai_cautious", "central_government")["findings"] == 0
    assert cell(full_matrix, "ai_cautious", "health")["finding_ids"] == "F29 F40 F45"
    # The case: collaborative culture (F01, F51 about all sectors) is not raised in education or fire.
    for sector in ("education", "fire", "police"):
        c = cell(full_matrix, "practice_collaborative_culture", sector)
        assert (c["findings"], c["quotes"]) == (0, 0), sector
    assert cell(full_matrix, "practice_collaborative_culture", ql.ALL_SECTORS)["finding_ids"] == "F01 F51"


def test_targets_only_where_the_article_pins_them(full_matrix):
    """Targets: the more public-facing sectors (F13, F25) and policing (F14); the day-to-day pressure
    'across the sectors' (F02, F55) stays in its own column, so government is not credited."""
    for sector in ("central_government", "local_government"):
        c = cell(full_matrix, "barrier_targets_pressure", sector)
        assert (c["findings"], c["quotes"]) == (0, 0), sector
    assert cell(full_matrix, "barrier_targets_pressure", "police")["finding_ids"] == "F13 F14 F25"
    assert cell(full_matrix, "barrier_targets_pressure", ql.ALL_SECTORS)["finding_ids"] == "F02 F55"


def test_every_code_is_raised_somewhere_and_an_unused_code_nowhere(ex, full_matrix):
    raised = full_matrix.groupby("code")[["findings", "quotes"]].sum().sum(axis=1)
    assert (raised > 0).all(), list(raised[raised == 0].index)
    book = pd.concat([ex.codebook, ex.codebook.iloc[[0]].assign(code="made_up", label="Made up")])
    rows = ql.matrix(ex.findings, ex.quotes, book, ex.participants, columns=list(ql.MATRIX_COLUMNS), codes=["made_up"])
    assert len(rows) == len(ql.MATRIX_COLUMNS)
    assert rows[["findings", "quotes"]].to_numpy().sum() == 0


def test_cells_do_not_depend_on_columns_shown(ex, full_matrix):
    narrow = ql.matrix(ex.findings, ex.quotes, ex.codebook, ex.participants, columns=["police"])
    assert narrow["column"].unique().tolist() == ["police"]
    merged = narrow.merge(full_matrix[full_matrix["column"] == "police"], on=["code", "column"])
    assert len(merged) == len(ex.codebook)
    for field in ("findings", "quotes", "finding_ids", "quote_ids"):
        assert (merged[f"{field}_x"] == merged[f"{field}_y"]).all(), field


def test_matrix_code_and_theme_filters(ex):
    only = ql.matrix(
        ex.findings, ex.quotes, ex.codebook, ex.participants, columns=["health"], codes=["barrier_cost", "ai_unsure"]
    )
    # codebook order, not the order asked for
    assert only["code"].tolist() == ["barrier_cost", "ai_unsure"]
    themed = ql.matrix(
        ex.findings, ex.quotes, ex.codebook, ex.participants, columns=["health"], themes=["productivity"]
    )
    assert themed["code"].tolist() == [
        "practice_people_strategy",
        "productivity_no_single_definition",
        "productivity_quality_over_numbers",
    ]
    # Q01 is a health focus group quote coded productivity_quality_over_numbers
    assert cell(themed, "productivity_quality_over_numbers", "health")["quotes"] == 1
    both = ql.matrix(
        ex.findings,
        ex.quotes,
        ex.codebook,
        ex.participants,
        columns=["health"],
        themes=["productivity"],
        codes=["barrier_cost"],
    )
    assert both.empty
    assert list(both.columns) == list(themed.columns)


def test_matrix_does_not_modify_inputs(ex):
    quotes = ex.quotes
    findings = ex.findings
    q_before, f_before = quotes.copy(), findings.copy()
    ql.matrix(findings, quotes, ex.codebook, ex.participants, columns=list(ql.MATRIX_COLUMNS))
    pd.testing.assert_frame_equal(quotes, q_before)
    pd.testing.assert_frame_equal(findings, f_before)


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
        found = ql.filter_findings(ex.findings, ex.codebook, sectors=vocab.SECTORS, groups=groups, search=word)
        assert set(found["finding_id"]) == {"F39", "F78"}, word
        assert set(found["code"]) == {"barrier_data_security"}
    # Quotes are found through their codes' labels too: every quote coded "Cost and finite budgets".
    assert set(quote_ids(fq(ex, search="cost"))) == {"Q09", "Q10", "Q18", "Q21"}


def _found(ex, word: str) -> tuple[list[str], list[str]]:
    """(finding ids, quote ids) a search finds in every group."""
    groups = list(vocab.PARTICIPANT_GROUPS)
    found = ql.filter_findings(ex.findings, ex.codebook, sectors=vocab.SECTORS, groups=groups, search=word)
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


def test_keyword_matches_says_which_codes_a_word_finds_beyond_their_labels(ex):
    labels = dict(zip(ex.codebook["code"], ex.codebook["label"], strict=True))
    assert ql.keyword_matches(labels, "Money") == [("barrier_cost", ["money"])]
    assert ql.keyword_matches(labels, "security") == [], "found by the label itself"
    assert ql.keyword_matches(labels, "") == []
    # "IT" is a keyword of old systems; a search is case-insensitive, so "it" finds the code too.
    assert ("barrier_legacy_systems", ["IT", "IT systems"]) in ql.keyword_matches(labels, "it")


def test_filter_findings_follows_the_matrix_columns(ex):
    groups = list(vocab.PARTICIPANT_GROUPS)
    args = {"search": "GDPR"}
    # Education's managers: F39 names education; F78 is in the column of findings naming no sector.
    assert set(
        ql.filter_findings(ex.findings, ex.codebook, sectors=["education"], groups=groups, **args)["finding_id"]
    ) == {"F39", "F78"}
    assert ql.filter_findings(ex.findings, ex.codebook, sectors=vocab.SECTORS, groups=[ql.FORMER], **args).empty
    former = ql.filter_findings(ex.findings, ex.codebook, sectors=vocab.SECTORS, groups=[ql.FORMER])
    assert set(former["finding_id"]) == {"F41"}
    coded = ql.filter_findings(ex.findings, ex.codebook, sectors=vocab.SECTORS, groups=groups, codes=["ai_no_use"])
    assert set(coded["finding_id"]) == {"F69"}


def test_matrix_search_marks_only_matching_findings_and_quotes(ex):
    table = ql.matrix(
        ex.findings, ex.quotes, ex.codebook, ex.participants, columns=list(ql.MATRIX_COLUMNS), search="GDPR"
    )
    marked = table[(table["findings"] + table["quotes"]) > 0]
    assert set(marked["code"]) == {"barrier_data_security"}
    assert set(marked["column"]) == {"health", "education", "police", "fire", ql.ALL_SECTORS}
    nothing = ql.matrix(
        ex.findings, ex.quotes, ex.codebook, ex.participants, columns=list(ql.MATRIX_COLUMNS), search="c.st"
    )
    assert nothing[["findings", "quotes"]].to_numpy().sum() == 0


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


# --------------------------------------------------------------------------- participants


@pytest.mark.parametrize(
    ("sectors", "methods", "groups", "expected"),
    [
        # current managers: interviews 6+1+5+4 = 16, focus groups 7+8+7+6 = 28; former civil servants 5
        (vocab.SECTORS, ALL_METHODS, ALL_GROUPS, 49),
        (["local_government"], ["interview"], ALL_GROUPS, 1),
        (["local_government"], ["interview"], ["current_manager"], 1),
        (vocab.SECTORS, ["focus_group"], ALL_GROUPS, 28),
        (vocab.SECTORS, ["interview"], ["current_manager"], 16),
        ([], ALL_METHODS, ALL_GROUPS, 0),
        (vocab.SECTORS, ["interview"], [ql.FORMER], 5),
        (["health"], ALL_METHODS, ["current_manager"], 5 + 8),
        (vocab.SECTORS, ["focus_group"], [ql.FORMER], 0),
        (vocab.SECTORS, [], ALL_GROUPS, 0),
    ],
)
def test_participants_behind(ex, sectors, methods, groups, expected):
    assert ql.participants_behind(ex.participants, sectors=sectors, methods=methods, groups=groups) == expected


# --------------------------------------------------------------------------- highlighting


def test_highlight_marks_every_match_case_insensitively():
    text = "Cost matters; the cost of COST."
    spans = ql.highlight_spans(text, "cost")
    assert spans == [
        ("Cost", True),
        (" matters; the ", False),
        ("cost", True),
        (" of ", False),
        ("COST", True),
        (".", False),
    ]
    assert "".join(p for p, _ in spans) == text


def test_highlight_empty_or_missing_search():
    assert ql.highlight_spans("Some text", "") == [("Some text", False)]
    assert ql.highlight_spans("Some text", "   ") == [("Some text", False)]
    assert ql.highlight_spans("Some text", "absent") == [("Some text", False)]
    assert ql.highlight_spans("", "x") == [("", False)]


def test_highlight_is_literal_and_strips_the_search():
    assert ql.highlight_spans("a.b acb", ".") == [("a", False), (".", True), ("b acb", False)]
    assert ql.highlight_spans("a budget", "  BUDGET ") == [("a ", False), ("budget", True)]


def test_highlight_marks_whole_words_only():
    text = "A certain training in AI, and AI's use, against AIs."
    assert [p for p, hit in ql.highlight_spans(text, "ai") if hit] == ["AI", "AI"]
    assert ql.highlight_spans("budget", "  BUD ") == [("budget", False)]
    # Apostrophes are matched whichever way they are written.
    assert ql.highlight_spans("managers’ roles", "managers'") == [("managers’", True), (" roles", False)]


def test_highlight_agrees_with_filter_quotes(ex):
    hits = fq(ex, search="DIRECTOR")
    assert quote_ids(hits) == ["Q02"]
    for text in hits["text"]:
        spans = ql.highlight_spans(text, "director")
        assert any(hit for _, hit in spans)
        assert "".join(p for p, _ in spans) == text


@settings(max_examples=300, deadline=None)
@given(text=st.text(max_size=60), search=st.text(max_size=6))
def test_property_highlight_round_trips(text, search):
    spans = ql.highlight_spans(text, search)
    assert "".join(p for p, _ in spans) == text
    pattern = ql.search_pattern(search)
    position = 0
    for piece, hit in spans:
        if hit:
            assert pattern is not None and pattern.fullmatch(piece)
            # Whole words: a match starting or ending with a letter does not continue a word.
            if piece[:1].isalnum():
                assert position == 0 or not (text[position - 1].isalnum() or text[position - 1] == "_")
            end = position + len(piece)
            if piece[-1:].isalnum():
                assert end == len(text) or not (text[end].isalnum() or text[end] == "_")
        position += len(piece)
    if any(hit for _, hit in spans):
        assert all(p for p, _ in spans)


# --------------------------------------------------------------------------- the quote rule, per quote and column

MIN = ql.DEFAULT_MIN_PARTICIPANTS


def crafted(ex) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The shipped sample and quotes plus the attacker's cases.

    - Q22: a local government interview quote; that group is one person (the issue's attack).
    - a police interview group of 2 people, and Q23 from it;
    - Q24: a fire interview quote, a group the sample does not have at all.
    All three are coded ai_no_use, which nothing else raises, so any leak shows in its row.
    """
    participants = pd.concat(
        [
            ex.participants,
            pd.DataFrame(
                [
                    {
                        **ex.participants.iloc[0].to_dict(),
                        "sample_id": "police_interview",
                        "sector": "police",
                        "method": "interview",
                        "sessions": 2,
                        "participants": 2,
                    }
                ]
            ),
        ],
        ignore_index=True,
    )
    template = ex.quotes.iloc[0].to_dict()
    extra = [
        {**template, "quote_id": qid, "order": 21 + i, "sector": sector, "method": "interview", "codes": ("ai_no_use",)}
        for i, (qid, sector) in enumerate([("Q22", "local_government"), ("Q23", "police"), ("Q24", "fire")], start=1)
    ]
    quotes = pd.concat([ex.quotes, pd.DataFrame(extra)], ignore_index=True)
    return participants, quotes


def test_group_of_reads_every_spelling_of_no_sector_as_one():
    former = ("", "interview", ql.FORMER)
    for blank in (None, float("nan"), pd.NA, "", "  "):
        assert ql.group_of(blank, "interview", ql.FORMER) == former
    assert ql.group_of("health", "focus_group", "current_manager") == ("health", "focus_group", "current_manager")


def test_shipped_sample_groups_and_every_quote_group_is_large_enough(ex):
    assert ql.group_sizes(ex.participants) == {
        ("central_government", "interview", "current_manager"): 6,
        ("local_government", "interview", "current_manager"): 1,
        ("health", "interview", "current_manager"): 5,
        ("education", "interview", "current_manager"): 4,
        ("education", "focus_group", "current_manager"): 7,
        ("health", "focus_group", "current_manager"): 8,
        ("police", "focus_group", "current_manager"): 7,
        ("fire", "focus_group", "current_manager"): 6,
        ("", "interview", ql.FORMER): 5,
    }
    # No shipped quote comes from the one-person local government group; the smallest is
    # education interviews (4 people: Q09, Q16).
    sizes = ql.quote_group_sizes(ex.quotes, ex.participants)
    assert min(sizes) == 4
    assert len(ql.showable_quotes(ex.quotes, ex.participants, MIN)) == 21
    assert quote_ids(ql.showable_quotes(ex.quotes, ex.participants, 5)) == [
        q for q in quote_ids(ex.quotes) if q not in ("Q09", "Q16")
    ]


def test_showable_quotes_drops_small_and_unmatched_groups(ex):
    participants, quotes = crafted(ex)
    assert ql.quote_group_sizes(quotes, participants)[-3:] == [1, 2, 0]
    assert quote_ids(ql.showable_quotes(quotes, participants, MIN)) == quote_ids(ex.quotes)
    assert quote_ids(ql.showable_quotes(quotes, participants, 2))[-1] == "Q23"
    # A quote no participant stands behind is never shown, even at a minimum of 1.
    assert "Q24" not in quote_ids(ql.showable_quotes(quotes, participants, 1))


@pytest.mark.parametrize(
    ("minimum", "expected"),
    [(1, []), (2, ["local_government"]), (3, ["local_government"]), (6, ["local_government", ql.FORMER])],
)
def test_withheld_columns_depend_on_the_sample_only(ex, minimum, expected):
    # Column sizes: central government 6, local government 1, health 5+8, education 4+7,
    # police 7, fire 6, former civil servants 5; the all-sector column is never withheld.
    assert ql.withheld_columns(ex.participants, minimum) == expected


def test_matrix_never_shows_a_small_column(ex, full_matrix):
    ruled = ql.matrix(
        ex.findings, ex.quotes, ex.codebook, ex.participants, columns=list(ql.MATRIX_COLUMNS), min_participants=MIN
    )
    assert "local_government" not in set(ruled["column"])
    assert ruled["column"].unique().tolist() == [c for c in ql.MATRIX_COLUMNS if c != "local_government"]
    assert not {"groups_raised", "groups_total"} & set(ruled.columns)
    # ai_experimenting: F30, F33 and F44 name central and local government; Q17 is central government.
    assert cell(full_matrix, "ai_experimenting", "local_government")["finding_ids"] == "F30 F33 F44"
    assert cell(ruled, "ai_experimenting", "central_government")["quote_ids"] == "Q17"
    # Asking for the withheld column alone gives nothing, not an empty column.
    assert ql.matrix(
        ex.findings, ex.quotes, ex.codebook, ex.participants, columns=["local_government"], min_participants=MIN
    ).empty


def test_matrix_cells_never_count_withheld_quotes(ex):
    participants, quotes = crafted(ex)
    kwargs = {"columns": list(ql.MATRIX_COLUMNS), "min_participants": MIN}
    ruled = ql.matrix(ex.findings, quotes, ex.codebook, participants, **kwargs)
    no_use = ruled[ruled["code"] == "ai_no_use"]
    # Q23 is in the police column (9 people, shown) but from a group of 2: not counted anywhere.
    # (ai_no_use's only finding, F69, names no sector.)
    assert no_use["quotes"].sum() == 0
    assert no_use.loc[no_use["column"] != ql.ALL_SECTORS, "findings"].sum() == 0
    assert (
        ruled["quotes"].sum()
        == ql.matrix(ex.findings, ex.quotes, ex.codebook, ex.participants, **kwargs)["quotes"].sum()
    )
    # With the rule at 2 the police interview group is big enough, and its quote counts.
    at_two = ql.matrix(ex.findings, quotes, ex.codebook, participants, columns=["police"], min_participants=2)
    assert cell(at_two, "ai_no_use", "police")["quotes"] == 1
    assert cell(at_two, "ai_no_use", "police")["quote_ids"] == "Q23"
    # A higher minimum drops education interview quotes Q09 and Q16 from the education column.
    at_five = ql.matrix(ex.findings, ex.quotes, ex.codebook, ex.participants, columns=["education"], min_participants=5)
    assert cell(at_five, "barrier_cost", "education")["quotes"] == 0
    assert cell(at_five, "barrier_cost", "education")["findings"] == 2
    assert cell(at_five, "barrier_cost", "education")["quote_ids"] == ""


# --------------------------------------------------------------------------- the evidence panel's findings


def test_distinct_findings_names_every_group_a_finding_is_attributed_to(ex):
    labels = dict(zip(ex.codebook["code"], ex.codebook["label"], strict=True))
    health = ex.findings[(ex.findings["finding_id"] == "F39") & (ex.findings["sector"] == "health")]
    [row] = ql.distinct_findings(health, ex.findings, labels).to_dict("records")
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
    out = ql.distinct_findings(f15, shown, labels)
    assert out["columns"].tolist() == [("central_government",)]
    # One row per finding, in the article's order, however many rows (sectors) each has.
    many = ql.distinct_findings(shown[shown["code"] == "barrier_cost"], shown, labels)
    assert many["finding_id"].tolist() == ["F54", "F12", "F74", "F34", "F35", "F41"]
    assert many.set_index("finding_id").loc["F41", "columns"] == ("former_civil_servant",)
    assert many.set_index("finding_id").loc["F54", "column_labels"] == ("Not sector-specific",)


def test_section_link_goes_to_the_articles_heading_and_names_the_words():
    url = "https://www.ons.gov.uk/article"
    section = (
        "6. Artificial intelligence (AI) to improve productivity > Risks and barriers to using new technology and AI"
    )
    assert ql.section_anchor(section) == "artificial-intelligence-ai-to-improve-productivity"
    assert ql.section_anchor("1. Main points") == "main-points"
    assert ql.section_link(url, section) == url + "#artificial-intelligence-ai-to-improve-productivity"
    # Short evidence is named whole; "-", "," and "&" are encoded, as a text fragment needs.
    assert ql.section_link(url + "#old", "5. Administration", "public-facing, paper & ink") == (
        url + "#administration:~:text=public%2Dfacing%2C%20paper%20%26%20ink"
    )
    # A long passage by its first and last six words.
    words = " ".join(f"w{i}" for i in range(20))
    assert ql.section_link(url, "1. Main points", words) == (
        url + "#main-points:~:text=w0%20w1%20w2%20w3%20w4%20w5,w14%20w15%20w16%20w17%20w18%20w19"
    )
