"""Whole-word, literal search: which codes a word finds through their keywords, and highlighting."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from dashboard.analysis import qualitative_search as qs

# --------------------------------------------------------------------------- keywords


def test_keyword_matches_says_which_codes_a_word_finds_beyond_their_labels(ex):
    labels = dict(zip(ex.codebook["code"], ex.codebook["label"], strict=True))
    assert qs.keyword_matches(labels, "Money") == [("barrier_cost", ["money"])]
    assert qs.keyword_matches(labels, "security") == [], "found by the label itself"
    assert qs.keyword_matches(labels, "") == []
    # "IT" is a keyword of old systems; a search is case-insensitive, so "it" finds the code too.
    assert ("barrier_legacy_systems", ["IT", "IT systems"]) in qs.keyword_matches(labels, "it")


# --------------------------------------------------------------------------- highlighting


def test_highlight_marks_every_match_case_insensitively():
    text = "Cost matters; the cost of COST."
    spans = qs.highlight_spans(text, "cost")
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
    assert qs.highlight_spans("Some text", "") == [("Some text", False)]
    assert qs.highlight_spans("Some text", "   ") == [("Some text", False)]
    assert qs.highlight_spans("Some text", "absent") == [("Some text", False)]
    assert qs.highlight_spans("", "x") == [("", False)]


def test_highlight_is_literal_and_strips_the_search():
    assert qs.highlight_spans("a.b acb", ".") == [("a", False), (".", True), ("b acb", False)]
    assert qs.highlight_spans("a budget", "  BUDGET ") == [("a ", False), ("budget", True)]


def test_highlight_marks_whole_words_only():
    text = "A certain training in AI, and AI's use, against AIs."
    assert [p for p, hit in qs.highlight_spans(text, "ai") if hit] == ["AI", "AI"]
    assert qs.highlight_spans("budget", "  BUD ") == [("budget", False)]
    # Apostrophes are matched whichever way they are written.
    assert qs.highlight_spans("managers’ roles", "managers'") == [("managers’", True), (" roles", False)]


@settings(max_examples=300, deadline=None)
@given(text=st.text(max_size=60), search=st.text(max_size=6))
def test_property_highlight_round_trips(text, search):
    spans = qs.highlight_spans(text, search)
    assert "".join(p for p, _ in spans) == text
    pattern = qs.search_pattern(search)
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
