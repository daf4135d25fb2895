"""Search over the coded findings and quotes: literal, case-insensitive, whole-word.

`search_pattern` compiles what the reader typed: "AI" finds "AI" and "AI's" but not
"certain" or "training". The matchers look at a quote's text, a finding's paraphrase and
verbatim evidence, and the labels and everyday keywords (`vocab.CODE_KEYWORDS`) of the codes
either carries, so a search for "security" or "GDPR" finds what is coded "Data security and
GDPR risk", and "money" or "budget" what is coded "Cost and finite budgets", whatever words
the text itself uses. `highlight_spans` marks the same matches in a text, without any HTML.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from functools import lru_cache

from dashboard.data import vocab

#: Apostrophes a search and a text may spell differently ("managers'" and the article's "managers’").
_APOSTROPHES = "'’‘"
#: The longest search the pattern is built for (the search box allows 100 characters).
MAX_SEARCH = 200


@lru_cache(maxsize=256)
def search_pattern(search: str) -> re.Pattern[str] | None:
    """The compiled search: literal, case-insensitive, whole-word; None for an empty search.

    Every character stands for itself (so "c.st" finds nothing and "(" finds a bracket). A run of
    spaces matches any run of whitespace, and any apostrophe matches any other. Where the search
    starts or ends with a letter or digit, the text must not continue the word there: "AI" finds
    "AI" and "AI's" but not "certain", "training" or "AIs"; "budget" does not find "budgets".
    """
    needle = " ".join(search.split())[:MAX_SEARCH]
    if not needle:
        return None
    parts = []
    for ch in needle:
        if ch == " ":
            parts.append(r"\s+")
        elif ch in _APOSTROPHES:
            parts.append(f"[{_APOSTROPHES}]")
        else:
            parts.append(re.escape(ch))
    body = "".join(parts)
    if re.match(r"\w", needle[0]):
        body = r"(?<!\w)" + body
    if re.match(r"\w", needle[-1]):
        body += r"(?!\w)"
    return re.compile(body, re.IGNORECASE)


def text_matches(text: object, pattern: re.Pattern[str]) -> bool:
    return isinstance(text, str) and pattern.search(text) is not None


def keyword_hits(code: str, pattern: re.Pattern[str]) -> list[str]:
    """The code's everyday keywords (`vocab.CODE_KEYWORDS`) the search finds, whole word."""
    return [word for word in vocab.CODE_KEYWORDS.get(code, ()) if text_matches(word, pattern)]


def matching_codes(labels: Mapping[str, str], pattern: re.Pattern[str]) -> frozenset[str]:
    """Codes the search finds by their label or one of their keywords: what they carry matches."""
    return frozenset(
        code
        for code in {*labels, *vocab.CODE_KEYWORDS}
        if text_matches(labels.get(code, ""), pattern) or keyword_hits(code, pattern)
    )


def keyword_matches(labels: Mapping[str, str], search: str) -> list[tuple[str, list[str]]]:
    """(code, keywords found) for each code a search finds through its keywords but not its label,
    in `labels` order: what a screen says so that a result with no highlighted word is explained."""
    pattern = search_pattern(search)
    if pattern is None:
        return []
    return [
        (code, hits)
        for code in labels
        if (hits := keyword_hits(code, pattern)) and not text_matches(labels[code], pattern)
    ]


def quote_matches(text: object, codes: Iterable[str], pattern: re.Pattern[str], codes_hit: frozenset[str]) -> bool:
    """A quote: the search is in its text, or in the label or a keyword of one of its codes
    (`codes_hit`: the search's `matching_codes`, worked out once for all the rows it is matched to)."""
    return text_matches(text, pattern) or any(c in codes_hit for c in codes)


def finding_matches(
    paraphrase: object, evidence: object, code: str, pattern: re.Pattern[str], codes_hit: frozenset[str]
) -> bool:
    """A finding row: the search is in its paraphrase or verbatim evidence, or in its code's label or
    one of its code's keywords (`codes_hit`, as for `quote_matches`)."""
    return code in codes_hit or text_matches(paraphrase, pattern) or text_matches(evidence, pattern)


def highlight_spans(text: str, search: str) -> list[tuple[str, bool]]:
    """Split text into (piece, is_match) so whole-word matches can be marked without any HTML."""
    pattern = search_pattern(search)
    if pattern is None or not text:
        return [(text, False)]
    pieces, start = [], 0
    for hit in pattern.finditer(text):
        if hit.start() == hit.end():
            continue
        if hit.start() > start:
            pieces.append((text[start : hit.start()], False))
        pieces.append((hit.group(0), True))
        start = hit.end()
    if start < len(text):
        pieces.append((text[start:], False))
    return pieces or [(text, False)]
