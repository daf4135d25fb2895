"""The contract document is generated from the contract and kept in step with it."""

from __future__ import annotations

from dashboard.data import contract
from dashboard.data.dictionary import DOC_PATH, contract_markdown, dictionary


def test_committed_contract_doc_is_current():
    assert DOC_PATH.read_text(encoding="utf-8") == contract_markdown(), "run `python -m dashboard.data docs`"


def test_dictionary_lists_every_column_once():
    frame = dictionary()
    expected = sum(len(t.columns) for t in contract.TABLES)
    assert len(frame) == expected
    assert not frame.duplicated(["table", "column"]).any()
    weight = frame[(frame["table"] == "org_survey") & (frame["column"] == "design_weight")].iloc[0]
    assert weight["range"] == "> 0" and weight["required"] == "yes"
