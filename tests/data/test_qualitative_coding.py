"""Pin the qualitative coding of the ONS managers' views article to the article itself.

Source: ONS/NatCen, "Public sector managers' views on management practices, Great
Britain: August to September 2024" (released 21 October 2024), copied verbatim to
data/source/texts/ons_managers_views_2024.txt.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from pathlib import Path

import pandas as pd
import pytest

SOURCE_DIR = Path(__file__).resolve().parents[2] / "data" / "source"
ARTICLE_PATH = SOURCE_DIR / "texts" / "ons_managers_views_2024.txt"
SOURCE_ID = "ons_managers_views_2024"
ARTICLE_SHA256 = "2120fc2dc9bd4c957d355385a1c98134d89f2cb9b119cac546b4908c1fdd628b"

SECTORS = ("central_government", "local_government", "health", "education", "police", "fire")
FINDING_SECTORS = SECTORS + ("all_sectors",)
GROUPS = ("current_manager", "former_civil_servant")
METHODS = ("interview", "focus_group")
THEMES = ("productivity", "management_practice", "innovation", "administration", "ai")
CATEGORIES = ("barrier", "ai_use", "admin_burden", "practice", "productivity_view", "benefit")
CATEGORY_PREFIX = {
    "barrier": "barrier_",
    "ai_use": "ai_",
    "admin_burden": "admin_",
    "practice": "practice_",
    "productivity_view": "productivity_",
    "benefit": "benefit_",
}
BARRIER_CODES = {
    "barrier_cost",
    "barrier_data_security",
    "barrier_trust_accuracy",
    "barrier_legacy_systems",
    "barrier_training_time",
    "barrier_resistance_to_change",
    "barrier_slow_decisions",
    "barrier_remote_leaders",
    "barrier_targets_pressure",
    "barrier_delegation_permissions",
    "barrier_vulnerable_groups",
    "barrier_no_consultation",
    "barrier_technical_expertise",
}
REQUIRED_OTHER_CODES = {
    "ai_formal_pilot",
    "ai_individual_use",
    "ai_unsure",
    "ai_cautious",
    "ai_no_use",
    "ai_automation_in_use",
    "ai_experimenting",
    "admin_overwhelmed",
    "admin_hard_to_reserve_time",
    "admin_manageable",
    "admin_email_prominent",
    "admin_limited_support",
}

HEADERS = {
    "participants.csv": [
        "sample_id",
        "source_id",
        "section",
        "sector",
        "participant_group",
        "method",
        "sessions",
        "participants",
    ],
    "codebook.csv": ["code", "label", "theme", "category", "definition"],
    "findings.csv": [
        "finding_id",
        "source_id",
        "section",
        "theme",
        "code",
        "sector",
        "participant_group",
        "paraphrase",
        "evidence",
    ],
    "quotes.csv": [
        "quote_id",
        "source_id",
        "section",
        "order",
        "text",
        "attribution",
        "sector",
        "method",
        "participant_group",
        "codes",
    ],
}

#: Attribution line -> (sector, method, participant group), and how many quotes carry it.
ATTRIBUTIONS = {
    "Health sector focus group": (("health", "focus_group", "current_manager"), 4),
    "Central government interview": (("central_government", "interview", "current_manager"), 4),
    "Former civil servant interview": (("", "interview", "former_civil_servant"), 3),
    "Fire service focus group": (("fire", "focus_group", "current_manager"), 3),
    "Health sector interview": (("health", "interview", "current_manager"), 2),
    "Education sector interview": (("education", "interview", "current_manager"), 2),
    "Education sector focus group": (("education", "focus_group", "current_manager"), 2),
    "Police service focus group": (("police", "focus_group", "current_manager"), 1),
}

#: Hand-checked against the article: (sector, code) pairs the text states.
MUST_EXIST = [
    ("health", "barrier_resistance_to_change"),  # s4 "particularly mentioned in the health sector"
    ("education", "barrier_slow_decisions"),  # s4 "managers in the education sector ... drawn-out decision making"
    ("education", "barrier_cost"),  # s4 "education, police and fire sectors reported lacking the necessary resource"
    ("police", "barrier_cost"),
    ("fire", "barrier_cost"),
    ("health", "barrier_data_security"),  # s6 "health, education, police and fire service sectors"
    ("education", "barrier_data_security"),
    ("police", "barrier_data_security"),
    ("fire", "barrier_data_security"),
    ("central_government", "ai_formal_pilot"),  # s6 "central and local government, and within academy trusts"
    ("local_government", "ai_formal_pilot"),
    ("education", "ai_formal_pilot"),
    ("health", "barrier_remote_leaders"),  # s4 "health, fire, and police service ... remoteness of senior managers"
    ("fire", "barrier_remote_leaders"),
    ("police", "barrier_remote_leaders"),
    ("education", "admin_overwhelmed"),  # s5 "schools, health, and the police service"
    ("health", "admin_overwhelmed"),
    ("police", "admin_overwhelmed"),
    ("central_government", "admin_manageable"),
    ("local_government", "admin_email_prominent"),
    ("health", "ai_unsure"),
    ("police", "ai_unsure"),
    ("health", "barrier_trust_accuracy"),
    ("health", "barrier_technical_expertise"),
    ("central_government", "ai_experimenting"),
    ("all_sectors", "ai_cautious"),  # s6 "Participants from across all sectors expressed reservations"
    # Statements the article attributes to no sector are coded, in the all-sector group of their own.
    ("all_sectors", "productivity_no_single_definition"),  # s3 "not a single definition"
    ("all_sectors", "productivity_quality_over_numbers"),  # s3 "advised against framing staff performance"
    ("all_sectors", "barrier_targets_pressure"),  # s4 "While many managers felt ... pressure to be productive"
    ("all_sectors", "barrier_delegation_permissions"),  # s5 "would like to delegate tasks"
    ("all_sectors", "ai_individual_use"),  # s6 "generalised AI tools, such as ChatGPT"
    ("all_sectors", "ai_no_use"),  # s6 "no current use of AI or automation"
    ("all_sectors", "barrier_data_security"),  # s6 "adherence to General Data Protection Regulation"
    ("all_sectors", "barrier_training_time"),  # s5 "difficult to find the time for staff training"
    ("all_sectors", "barrier_no_consultation"),  # s6 "consultation with frontline workers"
    ("health", "barrier_targets_pressure"),  # s4/s6 targets: the more public-facing sectors
    ("fire", "barrier_targets_pressure"),
]

#: Pairs the text does not support and that must therefore not be coded.
MUST_NOT_EXIST = [
    ("central_government", "barrier_resistance_to_change"),
    ("local_government", "barrier_resistance_to_change"),
    ("central_government", "barrier_slow_decisions"),
    ("local_government", "admin_overwhelmed"),
    ("central_government", "admin_overwhelmed"),
    ("fire", "admin_overwhelmed"),
    ("central_government", "barrier_cost"),
    ("central_government", "barrier_data_security"),
    ("local_government", "barrier_data_security"),
    ("health", "ai_formal_pilot"),
    ("police", "ai_formal_pilot"),
    ("central_government", "ai_cautious"),
    ("central_government", "barrier_remote_leaders"),
    ("education", "ai_unsure"),
    ("central_government", "admin_hard_to_reserve_time"),
    # Targets are pinned on the public-facing sectors; the all-sector pressure is not copied to government.
    ("central_government", "barrier_targets_pressure"),
    ("local_government", "barrier_targets_pressure"),
    # "Frontline workers" and "frontline duties" are roles in every sector, not the four sectors.
    ("education", "barrier_no_consultation"),
    ("fire", "barrier_no_consultation"),
    ("education", "barrier_training_time"),
    ("police", "barrier_training_time"),
    # The vulnerable-groups concern of section 6 names no sector; only the main point names the four.
    ("central_government", "barrier_vulnerable_groups"),
]

#: Distinct findings per article section and sub-heading, counted by hand from the article
#: (docs/coding.md has the table and what each finding is). Sections 2, 7, 8 and 10 hold none.
FINDINGS_PER_SECTION = {
    "1. Main points": 7,
    "3. Views on productivity": 4,
    "4. Management practices > Decision making and problem solving": 4,
    "4. Management practices > Approaches to innovation": 5,
    "4. Management practices > Lack of communication": 1,
    "4. Management practices > Resistance to change": 1,
    "4. Management practices > Slow decision making": 1,
    "4. Management practices > Lack of capacity and financial resource": 5,
    "5. Administration": 3,
    "5. Administration > Impact on productivity": 6,
    "5. Administration > Opportunities to automate administrative tasks": 5,
    "6. Artificial intelligence (AI) to improve productivity > Existing use and knowledge of AI": 18,
    "6. Artificial intelligence (AI) to improve productivity > Potential and future uses of AI": 3,
    "6. Artificial intelligence (AI) to improve productivity > Risks and barriers to using new technology and AI": 16,
}
FINDINGS_PER_TOP_SECTION = {"1": 7, "3": 4, "4": 17, "5": 14, "6": 37}

#: Words that carry the article's hedges and attributions ("some", "felt", "said" ...).
HEDGE_TRIGGERS = {"some", "felt", "said", "suggested", "suggestions", "reported", "perceived", "believed", "few"}
ATTRIBUTION_WORDS = HEDGE_TRIGGERS | {
    "described",
    "talked",
    "questioned",
    "recognised",
    "saw",
    "feeling",
    "concern",
    "concerned",
    "wanted",
    "opposed",
    "pointed",
    "discussed",
    "seen",
    "tended",
    "regard",
}
#: Certainty the article seldom has: allowed in a paraphrase only where its evidence has it too.
CERTAINTY = ("always", "never", "every manager", "all managers", "definitely", "clearly", "proved", "most managers")


def _read(name: str) -> pd.DataFrame:
    return pd.read_csv(SOURCE_DIR / name, dtype=str, keep_default_na=False)


@pytest.fixture(scope="module")
def article() -> str:
    return ARTICLE_PATH.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def participants() -> pd.DataFrame:
    return _read("participants.csv")


@pytest.fixture(scope="module")
def codebook() -> pd.DataFrame:
    return _read("codebook.csv")


@pytest.fixture(scope="module")
def findings() -> pd.DataFrame:
    return _read("findings.csv")


@pytest.fixture(scope="module")
def quotes() -> pd.DataFrame:
    return _read("quotes.csv")


def _quote_codes(quotes: pd.DataFrame) -> list[list[str]]:
    return [c.split("|") for c in quotes["codes"]]


# --------------------------------------------------------------------------- files


def test_article_copy_is_the_pinned_text():
    data = ARTICLE_PATH.read_bytes()
    assert hashlib.sha256(data).hexdigest() == ARTICLE_SHA256
    text = data.decode("utf-8")
    assert text.startswith("1. Main points")
    assert "Public sector managers' views on management practices, Great Britain: August to September 2024" in text


@pytest.mark.parametrize("name", sorted(HEADERS))
def test_csv_format(name):
    raw = (SOURCE_DIR / name).read_bytes()
    assert b"\r" not in raw, "use \\n line endings"
    assert not raw.startswith(b"\xef\xbb\xbf"), "no byte-order mark"
    raw.decode("utf-8")
    df = _read(name)
    assert list(df.columns) == HEADERS[name]
    assert (df["source_id"] == SOURCE_ID).all() if "source_id" in df else True


def test_source_id_is_registered():
    sources = _read("sources.csv")
    assert SOURCE_ID in set(sources["source_id"])


def _section_headings(article: str) -> set[str]:
    return {line for line in article.split("\n") if line.strip()}


@pytest.mark.parametrize("name", ["participants.csv", "findings.csv", "quotes.csv"])
def test_section_labels_are_article_headings(name, article):
    lines = _section_headings(article)
    for label in set(_read(name)["section"]):
        parts = label.split(" > ")
        assert re.match(r"^\d+\. ", parts[0]), label
        for part in parts:
            assert part in lines, f"{label!r}: {part!r} is not a heading in the article"


# --------------------------------------------------------------------------- participants


def test_participants_sample(participants):
    p = participants.assign(
        sessions=participants["sessions"].astype(int), participants=participants["participants"].astype(int)
    )
    assert len(p) == 9
    assert p["sample_id"].is_unique
    assert set(p["sector"]) <= set(SECTORS) | {""}
    assert set(p["participant_group"]) <= set(GROUPS)
    assert set(p["method"]) <= set(METHODS)

    cm_int = p[(p["participant_group"] == "current_manager") & (p["method"] == "interview")]
    assert cm_int["sessions"].sum() == 15
    assert cm_int["participants"].sum() == 16
    assert dict(zip(cm_int["sector"], zip(cm_int["sessions"], cm_int["participants"], strict=True), strict=True)) == {
        "central_government": (5, 6),
        "local_government": (1, 1),
        "health": (5, 5),
        "education": (4, 4),
    }

    fg = p[p["method"] == "focus_group"]
    assert (fg["participant_group"] == "current_manager").all()
    assert fg["sessions"].sum() == 4
    assert fg["participants"].sum() == 28
    assert dict(zip(fg["sector"], fg["participants"], strict=True)) == {
        "education": 7,
        "health": 8,
        "police": 7,
        "fire": 6,
    }

    fcs = p[p["participant_group"] == "former_civil_servant"]
    assert len(fcs) == 1
    row = fcs.iloc[0]
    assert (row["sector"], row["method"], row["sessions"], row["participants"]) == ("", "interview", 5, 5)

    assert p["participants"].sum() == 16 + 28 + 5


# --------------------------------------------------------------------------- codebook


def test_codebook(codebook):
    assert codebook["code"].is_unique
    assert 30 <= len(codebook) <= 40
    assert set(codebook["theme"]) <= set(THEMES)
    assert set(codebook["category"]) <= set(CATEGORIES)
    for _, row in codebook.iterrows():
        assert re.fullmatch(r"[a-z][a-z0-9]*(_[a-z0-9]+)+", row["code"]), row["code"]
        assert row["code"].startswith(CATEGORY_PREFIX[row["category"]]), row["code"]
        assert row["label"].strip() and row["definition"].strip(), row["code"]
        assert len(row["definition"].split()) >= 8, row["code"]
    barriers = set(codebook.loc[codebook["category"] == "barrier", "code"])
    assert barriers == BARRIER_CODES
    assert set(codebook["code"]) >= REQUIRED_OTHER_CODES


def test_every_code_used_exists_in_codebook(codebook, findings, quotes):
    known = set(codebook["code"])
    assert set(findings["code"]) <= known, set(findings["code"]) - known
    used = {c for codes in _quote_codes(quotes) for c in codes}
    assert used <= known, used - known


# --------------------------------------------------------------------------- quotes


def test_quote_count_and_ids(quotes):
    assert len(quotes) == 21
    assert list(quotes["quote_id"]) == [f"Q{i:02d}" for i in range(1, 22)]
    assert list(quotes["order"]) == [str(i) for i in range(1, 22)]


def test_quote_counts_per_attribution(quotes):
    assert Counter(quotes["attribution"]) == {a: n for a, (_, n) in ATTRIBUTIONS.items()}


def test_article_has_exactly_these_attributions(article):
    lines = article.split("\n")
    found = Counter(line for line in lines if line in ATTRIBUTIONS)
    assert found == {a: n for a, (_, n) in ATTRIBUTIONS.items()}


def test_quotes_are_verbatim_and_attributed_as_published(quotes, article):
    positions = []
    for _, q in quotes.iterrows():
        assert q["text"] in article, q["quote_id"]
        block = f"\n{q['text']}\n\n{q['attribution']}\n"
        assert article.count(block) == 1, f"{q['quote_id']} is not followed by its attribution line"
        positions.append(article.index(block))
    assert positions == sorted(positions), "quotes are not in article order"


def test_quote_fields_follow_attribution(quotes):
    for _, q in quotes.iterrows():
        (sector, method, group), _ = ATTRIBUTIONS[q["attribution"]]
        assert (q["sector"], q["method"], q["participant_group"]) == (sector, method, group), q["quote_id"]


def test_quote_codes(quotes):
    for qid, codes in zip(quotes["quote_id"], _quote_codes(quotes), strict=True):
        assert 1 <= len(codes) <= 3, qid
        assert len(set(codes)) == len(codes), qid


@pytest.mark.parametrize(
    ("quote_id", "code"),
    [
        ("Q07", "barrier_resistance_to_change"),
        ("Q09", "barrier_slow_decisions"),
        ("Q10", "barrier_cost"),
        ("Q13", "barrier_delegation_permissions"),
        ("Q14", "barrier_legacy_systems"),
        ("Q15", "barrier_training_time"),
        ("Q19", "barrier_trust_accuracy"),
        ("Q20", "barrier_vulnerable_groups"),
        ("Q01", "productivity_quality_over_numbers"),
        ("Q16", "barrier_technical_expertise"),
        ("Q11", "admin_overwhelmed"),
        ("Q12", "admin_overwhelmed"),
    ],
)
def test_quote_carries_expected_code(quotes, quote_id, code):
    codes = dict(zip(quotes["quote_id"], _quote_codes(quotes), strict=True))
    assert code in codes[quote_id]


# --------------------------------------------------------------------------- findings


def test_findings_vocabularies(findings):
    assert set(findings["theme"]) <= set(THEMES)
    assert set(findings["participant_group"]) <= set(GROUPS)
    assert set(findings["sector"]) <= set(FINDING_SECTORS) | {""}
    assert findings["finding_id"].str.fullmatch(r"F\d{2,3}").all()
    assert not findings.duplicated(["finding_id", "sector", "participant_group"]).any()


def test_finding_evidence_is_short_and_verbatim(findings, article):
    for _, f in findings.iterrows():
        assert f["evidence"] in article, f"{f['finding_id']}: evidence not found verbatim"
        assert 1 <= len(f["evidence"].split()) <= 25, f["finding_id"]


def test_findings_cite_the_body_not_the_back_matter(findings, article):
    back_matter = article.index("\n7. Glossary\n")
    for _, f in findings.iterrows():
        assert article.index(f["evidence"]) < back_matter, f["finding_id"]


def test_paraphrases_are_in_own_words(findings, article):
    words = re.findall(r"\w+", article.lower())
    ngrams = {tuple(words[i : i + 7]) for i in range(len(words) - 6)}
    for _, f in findings.drop_duplicates("finding_id").iterrows():
        p = f["paraphrase"]
        assert p.strip() and p not in article, f["finding_id"]
        pw = re.findall(r"\w+", p.lower())
        copied = [pw[i : i + 7] for i in range(len(pw) - 6) if tuple(pw[i : i + 7]) in ngrams]
        assert not copied, f"{f['finding_id']} copies the article: {copied[0]}"


def test_rows_of_a_finding_agree(findings):
    cols = ["section", "theme", "code", "paraphrase", "evidence"]
    per_finding = findings.groupby("finding_id")[cols].nunique()
    assert (per_finding == 1).all().all()


def test_former_civil_servants_have_no_sector(findings):
    fcs = findings[findings["participant_group"] == "former_civil_servant"]
    assert len(fcs) >= 1
    assert (fcs["sector"] == "").all()
    assert not fcs.duplicated(["finding_id", "participant_group"]).any()
    # Section 6: higher stakes / accountability over costs in the private sector.
    assert ((fcs["code"] == "barrier_cost") & fcs["evidence"].str.contains("Former civil servants")).any()


def test_current_manager_findings_have_a_sector(findings):
    cm = findings[findings["participant_group"] == "current_manager"]
    assert (cm["sector"].isin(FINDING_SECTORS)).all()


def test_no_finding_is_copied_to_every_sector(findings):
    for fid, rows in findings.groupby("finding_id"):
        assert not set(SECTORS) <= set(rows["sector"]), f"{fid} is copied to all six sectors; use all_sectors"


def test_all_sectors_rows_stand_alone(findings):
    for fid, rows in findings.groupby("finding_id"):
        if "all_sectors" in set(rows["sector"]):
            assert len(rows) == 1, f"{fid} mixes all_sectors with named sectors"


def test_all_sectors_findings_cover_several_codes(findings):
    codes = set(findings.loc[findings["sector"] == "all_sectors", "code"])
    assert len(codes) >= 3, codes


def test_frontline_findings_name_four_sectors(findings):
    """Where the evidence says 'more public-facing' or 'frontline sectors' (the article's section 2 names
    education, health, fire and police so), all four sectors are coded."""
    frontline = {"education", "health", "police", "fire"}
    for fid, rows in findings.groupby("finding_id"):
        ev = rows["evidence"].iloc[0]
        if re.search(r"more public[- ]facing|frontline sectors", ev):
            assert set(rows["sector"]) == frontline, fid


def test_frontline_roles_are_not_sectors(findings):
    """'Frontline workers' and 'frontline duties' are roles found in every sector: a statement about them
    that names no sector stays in the all-sector group, never copied to four sectors."""
    role = findings[
        findings["paraphrase"].str.contains(r"frontline (?:workers|duties)", regex=True)
        | findings["evidence"].str.contains(r"frontline (?:workers|duties)", regex=True)
    ]
    assert set(role["finding_id"]) >= {"F22", "F27"}
    assert set(role["sector"]) == {"all_sectors"}


@pytest.mark.parametrize(("sector", "code"), MUST_EXIST)
def test_finding_must_exist(findings, sector, code):
    hit = findings[(findings["sector"] == sector) & (findings["code"] == code)]
    assert len(hit) >= 1, f"missing finding ({sector}, {code})"


@pytest.mark.parametrize(("sector", "code"), MUST_NOT_EXIST)
def test_finding_must_not_exist(findings, sector, code):
    hit = findings[(findings["sector"] == sector) & (findings["code"] == code)]
    assert hit.empty, f"unsupported finding ({sector}, {code}): {list(hit['finding_id'])}"


def test_delegation_names_no_sector(findings, quotes):
    """The text names no sector for delegation problems: one all-sector finding, and the fire-service quote."""
    coded = findings[findings["code"] == "barrier_delegation_permissions"]
    assert list(coded["sector"]) == ["all_sectors"]
    carriers = quotes[quotes["codes"].str.split("|").map(lambda c: "barrier_delegation_permissions" in c)]
    assert list(carriers["attribution"]) == ["Fire service focus group"]


# --------------------------------------------------------------------------- the whole article, faithfully


def _normalised(text: str) -> str:
    return " ".join(text.split())


def test_every_evidence_snippet_is_in_the_article_after_whitespace_normalisation(findings, article):
    body = _normalised(article)
    missing = [
        fid for fid, ev in zip(findings["finding_id"], findings["evidence"], strict=True) if _normalised(ev) not in body
    ]
    assert not missing, f"evidence not in the article text: {sorted(set(missing))}"


def test_findings_per_section_are_pinned(findings):
    distinct = findings.drop_duplicates("finding_id")
    assert distinct["section"].value_counts().to_dict() == FINDINGS_PER_SECTION
    top = distinct["section"].str.extract(r"^(\d+)\.", expand=False).value_counts().to_dict()
    assert top == FINDINGS_PER_TOP_SECTION
    assert len(distinct) == sum(FINDINGS_PER_TOP_SECTION.values()) == 79


def test_evidence_sits_in_the_section_its_row_names(findings, article):
    """Each evidence snippet sits in the section its row names (and so after that section's heading)."""
    for fid, section, ev in zip(findings["finding_id"], findings["section"], findings["evidence"], strict=True):
        top = section.split(" > ")[0]
        start = article.index(f"\n{top}\n") if top != "1. Main points" else 0
        following = re.search(r"\n(\d+)\. [^\n]+\n", article[start + len(top) + 2 :])
        end = start + len(top) + 2 + following.start() if following else len(article)
        assert ev in article[start:end], f"{fid}: evidence is not in section {top!r}"


def test_every_code_is_used(codebook, findings, quotes):
    used = set(findings["code"]) | {c for codes in _quote_codes(quotes) for c in codes}
    assert set(codebook["code"]) == used, set(codebook["code"]) - used
    assert len(codebook) == 40


def test_paraphrases_keep_the_articles_hedges(findings):
    """If the evidence attributes or hedges ("some", "felt", "said" ...), so does the paraphrase; and a
    "some" in the evidence is kept as "some"."""
    for _, f in findings.drop_duplicates("finding_id").iterrows():
        ev = set(re.findall(r"\w+", f["evidence"].lower()))
        para = set(re.findall(r"\w+", f["paraphrase"].lower()))
        if ev & HEDGE_TRIGGERS:
            assert para & ATTRIBUTION_WORDS, f"{f['finding_id']} drops the hedge of: {f['evidence']!r}"
        if "some" in ev:
            assert "some" in para, f"{f['finding_id']} drops 'some'"


def test_paraphrases_add_no_certainty_or_numbers(findings, article):
    for _, f in findings.drop_duplicates("finding_id").iterrows():
        para = f["paraphrase"].lower().replace("’", "'")
        ev = f["evidence"].lower().replace("’", "'")
        for word in CERTAINTY:
            if re.search(rf"\b{word}\b", para):
                assert re.search(rf"\b{word}\b", ev), f"{f['finding_id']} adds {word!r}"
        top = f["section"].split(" > ")[0]
        section_text = article[article.index(top) :]
        for number in re.findall(r"\d+", para):
            assert re.search(rf"\b{number}\b", section_text), f"{f['finding_id']} adds the number {number}"


def test_the_admin_time_shares_keep_who_said_them(findings):
    """'Some said it took up 10% to 30% of their time, while others felt it was a much higher proportion'."""
    f19 = findings.loc[findings["finding_id"] == "F19", "paraphrase"].iloc[0]
    assert "some said" in f19 and "others felt" in f19 and "10% to 30%" in f19


@pytest.mark.parametrize(
    ("quote_id", "code"),
    [
        ("Q01", "barrier_targets_pressure"),  # about numbers over quality of care, not room to innovate
        ("Q16", "barrier_legacy_systems"),  # no satisfactory replacement, not systems that cannot talk
        ("Q11", "admin_hard_to_reserve_time"),  # admin is "a full-time job in itself": overwhelmed
        ("Q12", "admin_hard_to_reserve_time"),  # admin crowds out strategic thinking: overwhelmed
    ],
)
def test_quote_does_not_carry_a_doubtful_code(quotes, quote_id, code):
    codes = dict(zip(quotes["quote_id"], _quote_codes(quotes), strict=True))
    assert code not in codes[quote_id]
