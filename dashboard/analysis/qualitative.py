"""The coded qualitative findings: the sector x code matrix, search, quote filtering and the quote rule.

The source warns its findings cannot be quantified, so nothing here is a
percentage of people, and nothing says how widely a code was raised. The matrix
says, for each code and group (a sector's current managers, findings the article
attributes to no sector, or the former civil servants), whether findings or
quotes raise it, and which ones: presence, not prevalence. A finding the article
attributes to no sector ("some managers felt ...", "managers from across the
sectors ...") stays in its own column and is never copied into, or counted as
raised in, any sector.

Search is literal, case-insensitive and whole-word (`search_pattern`): "AI" finds
"AI" and "AI's" but not "certain" or "training". It looks at a quote's text, a
finding's paraphrase and verbatim evidence, and the labels and everyday keywords
(`vocab.CODE_KEYWORDS`) of the codes either carries, so a search for "security" or
"GDPR" finds what is coded "Data security and GDPR risk", and "money" or "budget"
what is coded "Cost and finite budgets", whatever words the text itself uses.

The quote rule protects the people behind each quote, not just the selection: a
quote whose own group (sector, method, participant group, as in the participants
table) has fewer than the minimum participants is never shown, and neither is a
matrix column with fewer. A rule on the selection alone can be differenced away
("all sectors" minus "all but one" isolates a one-person group); a rule on each
quote cannot, because every quote that any view shows already stands for a group
of at least the minimum (`showable_quotes`). See docs/methods.md.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping
from functools import lru_cache
from urllib.parse import quote

import numpy as np
import pandas as pd

from dashboard.data import vocab

#: Matrix columns: the six sectors, findings attributed to no sector, former civil servants.
ALL_SECTORS = vocab.ALL_SECTORS
FORMER = "former_civil_servant"
MATRIX_COLUMNS = (*vocab.SECTORS, ALL_SECTORS, FORMER)
COLUMN_LABELS = {
    **{s: vocab.SECTOR_LABELS[s] for s in vocab.SECTORS},
    ALL_SECTORS: "Not sector-specific",
    FORMER: "Former civil servants",
}
#: What the column of findings attributed to no sector holds, for subtitles and descriptions.
ALL_SECTORS_MEANING = (
    "findings the article states about managers in general, or about every sector at once, without naming a "
    "sector; they are never counted as raised in any sector"
)
#: Default: a quote from a group of fewer participants than this is never shown, nor is a
#: matrix column of fewer, nor the quotes of a selection narrowing the sample to fewer.
DEFAULT_MIN_PARTICIPANTS = 3

#: A quote's or participant row's own group: (sector, method, participant group). Former civil
#: servants have no sector (an empty cell, read as NaN or None); their sector is "" here.
GroupKey = tuple[str, str, str]


def column_of(sector: object, participant_group: str) -> str:
    """Which matrix column a finding or quote belongs to."""
    if participant_group == FORMER:
        return FORMER
    return str(sector)


def participant_groups(participants: pd.DataFrame) -> list[str]:
    """Groups in the sample, in matrix order: each sector's managers and former civil servants."""
    present = {column_of(r.sector, r.participant_group) for r in participants.itertuples()}
    return [c for c in MATRIX_COLUMNS if c in present]


def group_of(sector: object, method: object, participant_group: object) -> GroupKey:
    """The (sector, method, participant group) a quote or a participant row belongs to.

    Former civil servants' empty sector arrives as NaN, None or a blank string depending on
    how the table was read; all of them are "" here, so a quote and its sample row match.
    """
    blank = sector is None or (not isinstance(sector, str) and bool(pd.isna(sector)))
    return ("" if blank else str(sector).strip(), str(method), str(participant_group))


def group_sizes(participants: pd.DataFrame) -> dict[GroupKey, int]:
    """People in each (sector, method, participant group); rows of one group are added up."""
    p = participants
    sizes: Counter[GroupKey] = Counter()
    for s, m, g, n in zip(p["sector"], p["method"], p["participant_group"], p["participants"], strict=True):
        sizes[group_of(s, m, g)] += int(n)
    return dict(sizes)


def quote_group_sizes(quotes: pd.DataFrame, participants: pd.DataFrame) -> list[int]:
    """For each quote, in order, the people in its own group; 0 if it matches no sample row."""
    sizes = group_sizes(participants)
    return [
        sizes.get(group_of(s, m, g), 0)
        for s, m, g in zip(quotes["sector"], quotes["method"], quotes["participant_group"], strict=True)
    ]


def showable_quotes(quotes: pd.DataFrame, participants: pd.DataFrame, min_participants: int) -> pd.DataFrame:
    """The quotes any view may ever show: those whose own group has at least `min_participants`.

    This is the rule that survives differencing. A quote from a smaller group (or from a
    group the sample does not have) is dropped before any filter runs, so no pair of
    selections, however chosen, can tell it apart from the rest. Every count of quotes the
    product shows ("Showing X of Y", matrix cells, filter options) starts from this pool.
    """
    keep = np.array([n >= min_participants for n in quote_group_sizes(quotes, participants)], dtype=bool)
    return quotes[keep]


def column_sizes(participants: pd.DataFrame) -> dict[str, int]:
    """People behind each matrix column: a sector's current managers (every method), or the
    former civil servants. The all-sector column is statements, not people, so is not here."""
    p = participants
    sizes: Counter[str] = Counter()
    for s, g, n in zip(p["sector"], p["participant_group"], p["participants"], strict=True):
        sizes[column_of(s, g)] += int(n)
    return dict(sizes)


def withheld_columns(participants: pd.DataFrame, min_participants: int) -> list[str]:
    """Matrix columns, in matrix order, with fewer than `min_participants` people behind them.

    Such a column would attribute its findings and quotes to a person or two, so it is
    never shown as its own column, and its findings are shown nowhere else. Withholding
    rather than merging it into a neighbour keeps every column a fixed set of people: a
    merged column that split again when a filter dropped one of its members could be
    differenced. The decision depends on the sample only, never on the filters.
    """
    sizes = column_sizes(participants)
    return [c for c in MATRIX_COLUMNS if c != ALL_SECTORS and sizes.get(c, 0) < min_participants]


def shown_findings(findings: pd.DataFrame, participants: pd.DataFrame, min_participants: int) -> pd.DataFrame:
    """The findings any view may show: those not attributed to a withheld matrix column."""
    withheld = set(withheld_columns(participants, min_participants))
    columns = [column_of(s, g) for s, g in zip(findings["sector"], findings["participant_group"], strict=True)]
    return findings[[c not in withheld for c in columns]]


def include_former(sectors: Iterable[str], groups: Iterable[str]) -> bool:
    """Former civil servants have no sector, so a sector filter cannot select them.

    They are shown when their group is selected and no sector filter is active;
    narrowing to some sectors means "show me these sectors", which they are not.
    """
    return FORMER in set(groups) and set(sectors) >= set(vocab.SECTORS)


def shown_columns(sectors: Iterable[str], groups: Iterable[str]) -> list[str]:
    """Matrix columns for the current filters: selected sectors, always the all-sector column,
    and former civil servants when `include_former` says so."""
    sectors, groups = set(sectors), set(groups)
    columns = [s for s in vocab.SECTORS if s in sectors and "current_manager" in groups]
    if "current_manager" in groups:
        columns.append(ALL_SECTORS)
    if include_former(sectors, groups):
        columns.append(FORMER)
    return columns


MATRIX_FIELDS = [
    "code",
    "code_label",
    "theme",
    "column",
    "column_label",
    "findings",
    "quotes",
    "finding_ids",
    "quote_ids",
]


def matrix(
    findings: pd.DataFrame,
    quotes: pd.DataFrame,
    codebook: pd.DataFrame,
    participants: pd.DataFrame,
    *,
    columns: list[str],
    codes: Iterable[str] = (),
    themes: Iterable[str] = (),
    search: str = "",
    min_participants: int = 1,
) -> pd.DataFrame:
    """Long table: one row per code (codebook order) and matrix column, with the distinct findings
    and quotes behind the cell (`findings`, `quotes`; their ids, space-separated, in `finding_ids`
    and `quote_ids`).

    A cell says whether a code was raised for that column, and by what: nothing here counts how
    many columns raised a code, or ranks codes, because the article's findings cannot be
    quantified. A finding in the all-sector column is in that column only. With `search`, only
    findings and quotes that match it (`finding_matches`, `quote_matches`) are counted.

    The quote rule at `min_participants` (the app passes DASHBOARD_MIN_PARTICIPANTS) is
    applied here, so no caller can forget it: columns in `withheld_columns` are dropped
    from `columns`, and only `showable_quotes` are counted. The default of 1 withholds only
    what no participant stands behind.
    """
    withheld = set(withheld_columns(participants, min_participants))
    columns = [c for c in columns if c not in withheld]
    quotes = showable_quotes(quotes, participants, min_participants)
    book = codebook.set_index("code")
    labels = book["label"].to_dict()
    chosen = _chosen_codes(codebook, codes, themes)
    f = findings[findings["code"].isin(chosen)]
    pattern = search_pattern(search)
    if pattern is not None:
        f = f[finding_matches(f, labels, pattern)]
        quotes = quotes[quote_matches(quotes, labels, pattern)]
    f = f.assign(column=[column_of(s, g) for s, g in zip(f["sector"], f["participant_group"], strict=True)])
    q = quotes.explode("codes").rename(columns={"codes": "code"})
    q = q[q["code"].isin(chosen)]
    q = q.assign(column=[column_of(s, g) for s, g in zip(q["sector"], q["participant_group"], strict=True)])

    # Plain dicts from here on: per-cell pandas lookups cost more than the whole matrix.
    finding_ids = {k: sorted(set(v)) for k, v in f.groupby(["code", "column"])["finding_id"]}
    quote_ids = {k: sorted(set(v)) for k, v in q.groupby(["code", "column"])["quote_id"]}
    themes_of = book["theme"].to_dict()
    rows = []
    for code in chosen:
        for column in columns:
            fids = finding_ids.get((code, column), [])
            qids = quote_ids.get((code, column), [])
            rows.append(
                {
                    "code": code,
                    "code_label": labels[code],
                    "theme": themes_of[code],
                    "column": column,
                    "column_label": COLUMN_LABELS[column],
                    "findings": len(fids),
                    "quotes": len(qids),
                    "finding_ids": " ".join(fids),
                    "quote_ids": " ".join(qids),
                }
            )
    return pd.DataFrame(rows, columns=MATRIX_FIELDS)


def _chosen_codes(codebook: pd.DataFrame, codes: Iterable[str], themes: Iterable[str]) -> list[str]:
    codes, themes = set(codes), set(themes)
    book = codebook
    if themes:
        book = book[book["theme"].isin(themes)]
    if codes:
        book = book[book["code"].isin(codes)]
    return book["code"].tolist()


def filter_quotes(
    quotes: pd.DataFrame,
    codebook: pd.DataFrame,
    *,
    sectors: Iterable[str],
    methods: Iterable[str],
    groups: Iterable[str],
    codes: Iterable[str] = (),
    themes: Iterable[str] = (),
    search: str = "",
) -> pd.DataFrame:
    """Quotes matching every filter; search is literal, case-insensitive and whole-word, over the
    quote's text and the labels of its codes (`quote_matches`).

    Filters only: pass `showable_quotes` as `quotes` so the quote rule holds (views do).
    """
    sectors, groups = set(sectors), set(groups)
    in_group = quotes["participant_group"].isin(groups)
    former = quotes["participant_group"] == FORMER
    sector_ok = (quotes["sector"].isin(sectors) & ~former) | (former & include_former(sectors, groups))
    mask = in_group & sector_ok & quotes["method"].isin(list(methods))
    chosen = set(_chosen_codes(codebook, codes, themes)) if (codes or themes) else None
    if chosen is not None:
        mask &= quotes["codes"].map(lambda cs: bool(chosen & set(cs)))
    pattern = search_pattern(search)
    if pattern is not None:
        mask &= quote_matches(quotes, _labels(codebook), pattern)
    return quotes[mask].sort_values("order").reset_index(drop=True)


def filter_findings(
    findings: pd.DataFrame,
    codebook: pd.DataFrame,
    *,
    sectors: Iterable[str],
    groups: Iterable[str],
    codes: Iterable[str] = (),
    themes: Iterable[str] = (),
    search: str = "",
) -> pd.DataFrame:
    """Finding rows in the matrix columns the filters show (`shown_columns`), of the chosen codes,
    matching the search (`finding_matches`). Count `finding_id`s, not rows: one finding has a row
    per sector it names.

    Pass `AppContext.findings` (findings of withheld columns already dropped). Findings carry no
    research method, so the method filter does not narrow them.
    """
    shown = set(shown_columns(sectors, groups))
    columns = [column_of(s, g) for s, g in zip(findings["sector"], findings["participant_group"], strict=True)]
    mask = pd.Series([c in shown for c in columns], index=findings.index, dtype=bool)
    if codes or themes:
        mask &= findings["code"].isin(_chosen_codes(codebook, codes, themes))
    pattern = search_pattern(search)
    if pattern is not None:
        mask &= finding_matches(findings, _labels(codebook), pattern)
    return findings[mask]


def _labels(codebook: pd.DataFrame) -> dict[str, str]:
    return dict(zip(codebook["code"], codebook["label"], strict=True))


#: One row per distinct finding, for the evidence panel and its CSV (`distinct_findings`).
FINDING_FIELDS = [
    "finding_id",
    "section",
    "code",
    "code_label",
    "paraphrase",
    "evidence",
    "source_id",
    "columns",
    "column_labels",
]


def distinct_findings(rows: pd.DataFrame, every: pd.DataFrame, labels: Mapping[str, str]) -> pd.DataFrame:
    """One row per distinct finding among `rows` (finding rows: one per group the finding names), in
    the article's order (the order of `every`), with every matrix column the article attributes it to
    (`columns`, in matrix order, and their `column_labels`), not only those the filters show.

    Pass the findings any view may show as `every` (`AppContext.findings`): a withheld column is then
    never named, and neither is a finding only a withheld column holds.
    """
    wanted = set(rows["finding_id"])
    columns: dict[str, set[str]] = {}
    for fid, sector, group in zip(every["finding_id"], every["sector"], every["participant_group"], strict=True):
        if fid in wanted:
            columns.setdefault(fid, set()).add(column_of(sector, group))
    first = every[every["finding_id"].isin(wanted)].drop_duplicates("finding_id")
    out = []
    for r in first.itertuples(index=False):
        ordered = [c for c in MATRIX_COLUMNS if c in columns[r.finding_id]]
        out.append(
            {
                "finding_id": r.finding_id,
                "section": r.section,
                "code": r.code,
                "code_label": labels.get(r.code, r.code),
                "paraphrase": r.paraphrase,
                "evidence": r.evidence,
                "source_id": r.source_id,
                "columns": tuple(ordered),
                "column_labels": tuple(COLUMN_LABELS[c] for c in ordered),
            }
        )
    return pd.DataFrame(out, columns=FINDING_FIELDS)


def section_anchor(section: str) -> str:
    """The id ONS gives an article's top-level heading, from a finding's section:
    "6. Artificial intelligence (AI) to improve productivity > Risks ..." gives
    "artificial-intelligence-ai-to-improve-productivity" (its number and sub-heading dropped,
    lower case, every run of other characters a hyphen)."""
    top = re.sub(r"^\s*\d+\.\s*", "", section.split(">")[0])
    return re.sub(r"[^a-z0-9]+", "-", top.lower()).strip("-")


#: The longest passage a link names in full; a longer one is named by its first and last words.
TEXT_FRAGMENT_WORDS = 12


def section_link(url: str, section: str, evidence: str = "") -> str:
    """A link to the finding's section of the article; with `evidence` (verbatim words from that
    section), also a text fragment (`#section:~:text=...`) with which browsers that support it
    scroll to the words themselves; others go to the section."""
    link = f"{url.split('#')[0]}#{section_anchor(section)}"
    words = evidence.split()
    if not words:
        return link

    def encoded(part: list[str]) -> str:
        # A text directive's own syntax uses "-", "," and "&": each is percent-encoded in the text.
        return quote(" ".join(part), safe="").replace("-", "%2D")

    # A long passage (a quote) is named by its first and last words: "text=start,end".
    if len(words) > TEXT_FRAGMENT_WORDS:
        half = TEXT_FRAGMENT_WORDS // 2
        return f"{link}:~:text={encoded(words[:half])},{encoded(words[-half:])}"
    return f"{link}:~:text={encoded(words)}"


# -- search ---------------------------------------------------------------------------------------

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


def quote_matches(quotes: pd.DataFrame, labels: Mapping[str, str], pattern: re.Pattern[str]) -> pd.Series:
    """Per quote: the search is in its text, or in the label or a keyword of one of its codes."""
    codes_hit = matching_codes(labels, pattern)
    hits = [
        text_matches(text, pattern) or any(c in codes_hit for c in codes)
        for text, codes in zip(quotes["text"], quotes["codes"], strict=True)
    ]
    return pd.Series(hits, index=quotes.index, dtype=bool)


def finding_matches(findings: pd.DataFrame, labels: Mapping[str, str], pattern: re.Pattern[str]) -> pd.Series:
    """Per finding row: the search is in its paraphrase or verbatim evidence, or in its code's label
    or one of its code's keywords."""
    codes_hit = matching_codes(labels, pattern)
    hits = [
        c in codes_hit or text_matches(p, pattern) or text_matches(e, pattern)
        for p, e, c in zip(findings["paraphrase"], findings["evidence"], findings["code"], strict=True)
    ]
    return pd.Series(hits, index=findings.index, dtype=bool)


def participants_behind(
    participants: pd.DataFrame, *, sectors: Iterable[str], methods: Iterable[str], groups: Iterable[str]
) -> int:
    """How many people the qualitative filters narrow the sample to.

    The selection-level rule: a selection of 1 to min-1 people shows no quotes. With
    `showable_quotes` it cannot be differenced: a quote a selection S shows and a
    selection T (same codes and search) does not is from a group in S's sample and not
    T's (had T's sample held it, T would hold at least the minimum and show it), so the
    people S has and T lacks number at least the minimum. What withholding does reveal,
    that a selection holds fewer than the minimum, is the sample table (article section 8).
    """
    sectors, groups = set(sectors), set(groups)
    p = participants
    mask = p["participant_group"].isin(groups) & p["method"].isin(list(methods))
    former = p["participant_group"] == FORMER
    mask &= (p["sector"].isin(sectors) & ~former) | (former & include_former(sectors, groups))
    return int(p.loc[mask, "participants"].sum())


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
