"""The sector x code matrix on the shipped extract: presence of findings and quotes per code and column.

Expected counts are read off data/source/findings.csv and quotes.csv by hand (docs/coding.md lists
every finding's id, section and code).
"""

from __future__ import annotations

import pandas as pd
import pytest

from dashboard.analysis import qualitative as ql
from dashboard.analysis import qualitative_matrix as qm
from dashboard.data import vocab


@pytest.fixture(scope="module")
def full_matrix(ex):
    return qm.matrix(ex.findings, ex.quotes, ex.codebook, ex.participants, columns=list(ql.MATRIX_COLUMNS))


def cell(table: pd.DataFrame, code: str, column: str) -> pd.Series:
    hit = table[(table["code"] == code) & (table["column"] == column)]
    assert len(hit) == 1, f"{code}/{column}: {len(hit)} rows"
    return hit.iloc[0]


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
    assert list(full_matrix.columns) == qm.MATRIX_FIELDS
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
    rows = qm.matrix(ex.findings, ex.quotes, book, ex.participants, columns=list(ql.MATRIX_COLUMNS), codes=["made_up"])
    assert len(rows) == len(ql.MATRIX_COLUMNS)
    assert rows[["findings", "quotes"]].to_numpy().sum() == 0


def test_cells_do_not_depend_on_columns_shown(ex, full_matrix):
    narrow = qm.matrix(ex.findings, ex.quotes, ex.codebook, ex.participants, columns=["police"])
    assert narrow["column"].unique().tolist() == ["police"]
    merged = narrow.merge(full_matrix[full_matrix["column"] == "police"], on=["code", "column"])
    assert len(merged) == len(ex.codebook)
    for field in ("findings", "quotes", "finding_ids", "quote_ids"):
        assert (merged[f"{field}_x"] == merged[f"{field}_y"]).all(), field


def test_matrix_code_and_theme_filters(ex):
    only = qm.matrix(
        ex.findings, ex.quotes, ex.codebook, ex.participants, columns=["health"], codes=["barrier_cost", "ai_unsure"]
    )
    # codebook order, not the order asked for
    assert only["code"].tolist() == ["barrier_cost", "ai_unsure"]
    themed = qm.matrix(
        ex.findings, ex.quotes, ex.codebook, ex.participants, columns=["health"], themes=["productivity"]
    )
    assert themed["code"].tolist() == [
        "practice_people_strategy",
        "productivity_no_single_definition",
        "productivity_quality_over_numbers",
    ]
    # Q01 is a health focus group quote coded productivity_quality_over_numbers
    assert cell(themed, "productivity_quality_over_numbers", "health")["quotes"] == 1
    both = qm.matrix(
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
    qm.matrix(findings, quotes, ex.codebook, ex.participants, columns=list(ql.MATRIX_COLUMNS))
    pd.testing.assert_frame_equal(quotes, q_before)
    pd.testing.assert_frame_equal(findings, f_before)


def test_matrix_search_marks_only_matching_findings_and_quotes(ex):
    table = qm.matrix(
        ex.findings, ex.quotes, ex.codebook, ex.participants, columns=list(ql.MATRIX_COLUMNS), search="GDPR"
    )
    marked = table[(table["findings"] + table["quotes"]) > 0]
    assert set(marked["code"]) == {"barrier_data_security"}
    assert set(marked["column"]) == {"health", "education", "police", "fire", ql.ALL_SECTORS}
    nothing = qm.matrix(
        ex.findings, ex.quotes, ex.codebook, ex.participants, columns=list(ql.MATRIX_COLUMNS), search="c.st"
    )
    assert nothing[["findings", "quotes"]].to_numpy().sum() == 0


# --------------------------------------------------------------------------- the quote rule in the matrix

MIN = ql.DEFAULT_MIN_PARTICIPANTS


def test_matrix_never_shows_a_small_column(ex, full_matrix):
    ruled = qm.matrix(
        ex.findings, ex.quotes, ex.codebook, ex.participants, columns=list(ql.MATRIX_COLUMNS), min_participants=MIN
    )
    assert "local_government" not in set(ruled["column"])
    assert ruled["column"].unique().tolist() == [c for c in ql.MATRIX_COLUMNS if c != "local_government"]
    assert not {"groups_raised", "groups_total"} & set(ruled.columns)
    # ai_experimenting: F30, F33 and F44 name central and local government; Q17 is central government.
    assert cell(full_matrix, "ai_experimenting", "local_government")["finding_ids"] == "F30 F33 F44"
    assert cell(ruled, "ai_experimenting", "central_government")["quote_ids"] == "Q17"
    # Asking for the withheld column alone gives nothing, not an empty column.
    assert qm.matrix(
        ex.findings, ex.quotes, ex.codebook, ex.participants, columns=["local_government"], min_participants=MIN
    ).empty


def test_matrix_cells_never_count_withheld_quotes(ex, crafted):
    participants, quotes = crafted
    kwargs = {"columns": list(ql.MATRIX_COLUMNS), "min_participants": MIN}
    ruled = qm.matrix(ex.findings, quotes, ex.codebook, participants, **kwargs)
    no_use = ruled[ruled["code"] == "ai_no_use"]
    # Q23 is in the police column (9 people, shown) but from a group of 2: not counted anywhere.
    # (ai_no_use's only finding, F69, names no sector.)
    assert no_use["quotes"].sum() == 0
    assert no_use.loc[no_use["column"] != ql.ALL_SECTORS, "findings"].sum() == 0
    assert (
        ruled["quotes"].sum()
        == qm.matrix(ex.findings, ex.quotes, ex.codebook, ex.participants, **kwargs)["quotes"].sum()
    )
    # With the rule at 2 the police interview group is big enough, and its quote counts.
    at_two = qm.matrix(ex.findings, quotes, ex.codebook, participants, columns=["police"], min_participants=2)
    assert cell(at_two, "ai_no_use", "police")["quotes"] == 1
    assert cell(at_two, "ai_no_use", "police")["quote_ids"] == "Q23"
    # A higher minimum drops education interview quotes Q09 and Q16 from the education column.
    at_five = qm.matrix(ex.findings, ex.quotes, ex.codebook, ex.participants, columns=["education"], min_participants=5)
    assert cell(at_five, "barrier_cost", "education")["quotes"] == 0
    assert cell(at_five, "barrier_cost", "education")["findings"] == 2
    assert cell(at_five, "barrier_cost", "education")["quote_ids"] == ""
