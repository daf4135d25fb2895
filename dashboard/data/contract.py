"""The extract contract: every table, column, type, allowed value and key.

The contract is data, not prose, so that the validator, the build step, the
data dictionary and `docs/data-contract.md` all read the same definition and
cannot drift apart. It runs past 250 lines because it is one table of tables: each
`Table` (with the rules that only it has) is a screen long, and the contract is read whole.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import pyarrow as pa

from dashboard.data import vocab

#: Bumped when a change to the contract would break an older extract.
#: 2: survey tables carry record_key. 3: published figures carry reporter, topic, unit_of_count and
#: kind; a finding may be all_sectors (names no sector).
CONTRACT_VERSION = "3"

#: Parquet key-value metadata keys the product writes and reads.
META_TABLE = b"dashboard.table"
META_CONTRACT = b"dashboard.contract_version"
META_SYNTHETIC = b"dashboard.synthetic"
META_SOURCE = b"dashboard.source_id"
META_GENERATOR = b"dashboard.generator"

ARROW_TYPES: dict[str, pa.DataType] = {
    "string": pa.string(),
    "int": pa.int64(),
    "float": pa.float64(),
    "bool": pa.bool_(),
    "date": pa.date32(),
    "list<string>": pa.list_(pa.string()),
}


@dataclass(frozen=True)
class Column:
    """One column: its Arrow type, whether it may be empty, and what it may hold."""

    name: str
    type: str
    description: str
    unit: str = ""
    nullable: bool = False
    allowed: tuple[str, ...] | None = None
    minimum: float | None = None
    maximum: float | None = None
    #: True where the minimum itself is not allowed (weights must be positive).
    min_exclusive: bool = False
    #: (table, column) this column must match a value of.
    references: tuple[str, str] | None = None
    #: A survey weight: besides `minimum`, it must be finite and not absurd (validate.check_weights).
    weight: bool = False
    #: A web address shown as a link: it must be an absolute http(s) URL (validate.check_web_addresses).
    web_address: bool = False

    @property
    def arrow_type(self) -> pa.DataType:
        return ARROW_TYPES[self.type]


@dataclass(frozen=True)
class Table:
    """One extract table, stored as `<name>.parquet`."""

    name: str
    description: str
    columns: tuple[Column, ...]
    key: tuple[str, ...]
    #: Survey tables carry respondent rows; their source row lives in metadata.
    survey: bool = False
    #: Extra whole-table rules: each returns (row index, column, message) problems.
    rules: tuple[Callable, ...] = field(default=(), compare=False)

    @property
    def file_name(self) -> str:
        return f"{self.name}.parquet"

    def column(self, name: str) -> Column:
        return next(c for c in self.columns if c.name == name)

    @property
    def schema(self) -> pa.Schema:
        return pa.schema([pa.field(c.name, c.arrow_type, nullable=c.nullable) for c in self.columns])


def _s(name: str, description: str, **kw) -> Column:
    return Column(name, "string", description, **kw)


_SOURCE_REF = ("sources", "source_id")
_CODE_REF = ("codebook", "code")

SOURCES = Table(
    "sources",
    "One row per publication or extract that anything on screen comes from.",
    (
        _s("source_id", "Stable identifier, snake_case."),
        _s("title", "Title as published."),
        _s("publisher", "Who published it."),
        Column(
            "release_date",
            "date",
            "Release date of this version; empty where the stored copy does not give one.",
            nullable=True,
        ),
        _s("url", "Address of the published page.", web_address=True),
        _s("licence", "Licence the material is used under."),
        _s("status", "Statistical status.", allowed=tuple(vocab.SOURCE_STATUSES)),
        _s("caveat", "Caveat shown beside anything drawn from this source."),
    ),
    key=("source_id",),
)


def _rule_sector_only_for_current_managers(df) -> list[tuple[int, str, str]]:
    """Former civil servants are a participant group, not a sector: their rows have none,
    and every current manager's row has one."""
    empty = df["sector"].isna() | (df["sector"].astype("string").str.strip() == "")
    former = df["participant_group"] == "former_civil_servant"
    bad = df.index[empty != former]
    return [(int(i), "sector", "sector must be empty exactly for former civil servants") for i in bad[:5]]


def _rule_no_barriers_consistent(df) -> list[tuple[int, str, str]]:
    barrier_any = df[list(vocab.BARRIER_CODES)].any(axis=1)
    bad = df.index[df["no_barriers"] == barrier_any]
    return [(int(i), "no_barriers", "no_barriers must be true exactly when no barrier flag is set") for i in bad[:5]]


def _rule_shares_sum_to_one(df) -> list[tuple[int, str, str]]:
    total = df[list(vocab.ACTIVITY_GROUPS)].sum(axis=1)
    bad = df.index[(total - 1.0).abs() > 1e-6]
    return [(int(i), "share_*", f"activity shares sum to {total[i]:.4f}, not 1") for i in bad[:5]]


PARTICIPANTS = Table(
    "participants",
    "The qualitative sample (article section 8): one row per sector, method and participant group.",
    (
        _s("sample_id", "Stable identifier of the sample group."),
        _s("source_id", "Source of the sample description.", references=_SOURCE_REF),
        _s("section", "Article section."),
        _s("sector", "Sector; empty for former civil servants.", nullable=True, allowed=vocab.SECTORS),
        _s("participant_group", "Current manager or former civil servant.", allowed=tuple(vocab.PARTICIPANT_GROUPS)),
        _s("method", "Interview or focus group.", allowed=tuple(vocab.METHODS)),
        Column("sessions", "int", "Interviews or focus groups held.", unit="count", minimum=1),
        Column("participants", "int", "People taking part.", unit="count", minimum=1),
    ),
    key=("sample_id",),
    rules=(_rule_sector_only_for_current_managers,),
)

CODEBOOK = Table(
    "codebook",
    "Codes applied to findings and quotes, with definitions a second coder can apply.",
    (
        _s("code", "Code identifier; barrier codes are also survey flag columns."),
        _s("label", "Short label for screens."),
        _s("theme", "Theme the code belongs to.", allowed=tuple(vocab.THEMES)),
        _s("category", "Kind of code.", allowed=tuple(vocab.CODE_CATEGORIES)),
        _s("definition", "When to apply the code."),
    ),
    key=("code",),
)

#: The rows of one finding are one statement: they differ only in the sector (or group) it is attributed to.
_FINDING_STATEMENT = ("section", "theme", "code", "paraphrase", "evidence")


def _rule_one_statement_per_finding(df) -> list[tuple[int, str, str]]:
    """Every row of a finding carries the same statement, so counting distinct findings counts statements."""
    problems = []
    for column in _FINDING_STATEMENT:
        varies = df.groupby("finding_id")[column].transform("nunique") > 1
        problems += [(int(i), column, f"rows of one finding must share its {column}") for i in df.index[varies][:5]]
    return problems


def _rule_all_sectors_stands_alone(df) -> list[tuple[int, str, str]]:
    """A finding the text attributes to no sector is one all_sectors row, never also copied into sectors."""
    general = df["sector"] == vocab.ALL_SECTORS
    general_ids = set(df.loc[general, "finding_id"])
    bad = df.index[df["finding_id"].isin(general_ids) & ~general]
    return [(int(i), "sector", "a finding with an all_sectors row may have no other row") for i in bad[:5]]


FINDINGS = Table(
    "findings",
    "Coded qualitative findings: one row per finding and sector (or participant group); a finding that names "
    "no sector has a single all_sectors row.",
    (
        _s("finding_id", "Identifier shared by the rows of one finding."),
        _s("source_id", "Source of the finding.", references=_SOURCE_REF),
        _s("section", "Article section and sub-heading."),
        _s("theme", "Theme.", allowed=tuple(vocab.THEMES)),
        _s("code", "Code from the codebook.", references=_CODE_REF),
        _s(
            "sector",
            "Sector the text attributes the finding to; all_sectors where the text names no sector (managers "
            "generally, some managers, or every sector at once): a group of its own, never counted as any "
            "sector; empty for former civil servants.",
            nullable=True,
            allowed=vocab.FINDING_SECTORS,
        ),
        _s("participant_group", "Participant group.", allowed=tuple(vocab.PARTICIPANT_GROUPS)),
        _s("paraphrase", "The finding in the coders' own words."),
        _s("evidence", "Short verbatim phrase from the article that supports the coding."),
    ),
    key=("finding_id", "sector", "participant_group"),
    rules=(_rule_sector_only_for_current_managers, _rule_one_statement_per_finding, _rule_all_sectors_stands_alone),
)

QUOTES = Table(
    "quotes",
    "Verbatim participant quotes with their published attribution.",
    (
        _s("quote_id", "Stable identifier."),
        _s("source_id", "Source of the quote.", references=_SOURCE_REF),
        _s("section", "Article section and sub-heading."),
        Column("order", "int", "Position in the article.", minimum=1),
        _s("text", "The quote, verbatim."),
        _s("attribution", "Attribution line exactly as published."),
        _s("sector", "Sector; empty for former civil servants.", nullable=True, allowed=vocab.SECTORS),
        _s("method", "Interview or focus group.", allowed=tuple(vocab.METHODS)),
        _s("participant_group", "Participant group.", allowed=tuple(vocab.PARTICIPANT_GROUPS)),
        Column("codes", "list<string>", "Codes the quote expresses.", references=_CODE_REF),
    ),
    key=("quote_id",),
    rules=(_rule_sector_only_for_current_managers,),
)

PUBLISHED_ESTIMATES = Table(
    "published_estimates",
    "Every sector-level or headline figure published by ONS (or secondary analysis of ONS data) "
    "that could be sourced, and the figures from other UK publishers verified against a stored copy of "
    "their page (docs/research/external_figures_verification.md), exactly as published.",
    (
        _s("estimate_id", "Stable identifier."),
        _s("source_id", "Source of the figure.", references=_SOURCE_REF),
        _s(
            "reporter",
            "Who reported the figure, where it was read on a page other than the publisher's own (a news "
            "report, a copy or a catalogue record); empty where it was read on the publisher's own page.",
            nullable=True,
        ),
        _s("measure", "Measure identifier."),
        _s("measure_label", "Measure in the publisher's own words."),
        _s("topic", "Evidence-map topic the figure is filed under.", allowed=tuple(vocab.TOPICS)),
        _s("sector", "Sector or published group.", allowed=vocab.PUBLISHED_SECTORS),
        _s("population", "The group in the publisher's own words."),
        Column("value", "float", "The figure exactly as published."),
        _s("unit", "Unit of the value.", allowed=tuple(vocab.UNITS)),
        _s(
            "unit_of_count",
            "What the figure counts: figures with different units of count never share an axis.",
            allowed=tuple(vocab.UNITS_OF_COUNT),
        ),
        _s("qualifier", "Wording around the figure (around, at least, up to ...).", allowed=vocab.QUALIFIERS),
        _s("base", "Who the figure is about, as stated."),
        _s("section", "Section of the release."),
        _s(
            "kind",
            "How the figure was produced (official statistics, a sample survey, a survey of members, a census of "
            "bodies, a trial ...), said beside it.",
            allowed=tuple(vocab.FIGURE_KINDS),
        ),
        _s(
            "notes",
            "Caveats and labels the publisher attaches; for figures from other publishers also the verified unit "
            "and qualifier wording that the vocabularies above cannot hold.",
            nullable=True,
        ),
        _s("evidence", "Verbatim snippet containing the figure, character for character as on the page."),
    ),
    key=("estimate_id",),
)


#: Both surveys' record key: the same column, so the cell key method reads them alike.
RECORD_KEY = Column(
    "record_key",
    "int",
    "Record key for cell key perturbation: a whole number 0 to 255 drawn once per respondent and kept "
    "from one release to the next, so the same respondents always get the same noise (docs/methods.md).",
    minimum=0,
    maximum=255,
)

ORG_SURVEY = Table(
    "org_survey",
    "Organisation-level management practices survey (PSMPS-shaped): one row per responding organisation.",
    (
        _s("org_id", "Respondent identifier."),
        RECORD_KEY,
        _s("sector", "Part of the public sector (PSMPS groups police and fire).", allowed=vocab.ORG_SURVEY_SECTORS),
        _s("size_band", "Employment size band.", allowed=vocab.SIZE_BANDS),
        _s("region", "ITL1 region or nation.", allowed=vocab.REGIONS),
        Column(
            "design_weight",
            "float",
            "Design weight: organisations each respondent represents.",
            minimum=0.0,
            min_exclusive=True,
            weight=True,
        ),
        Column(
            "management_score", "float", "Management practice score.", unit="score 0 to 1", minimum=0.0, maximum=1.0
        ),
        Column("ai_use", "bool", "Organisation uses artificial intelligence."),
        Column("automation_use", "bool", "Organisation uses automation to deliver work differently."),
        Column("no_barriers", "bool", "Reported no barriers to improving how it is managed."),
        *(
            Column(code, "bool", f"Reported barrier: {code.removeprefix('barrier_').replace('_', ' ')}.")
            for code in vocab.BARRIER_CODES
        ),
    ),
    key=("org_id",),
    survey=True,
    rules=(_rule_no_barriers_consistent,),
)

TIME_USE_SURVEY = Table(
    "time_use_survey",
    "Worker-level public sector time use survey (diary-shaped): one row per worker's diary day.",
    (
        _s("worker_id", "Respondent identifier."),
        RECORD_KEY,
        _s("sector", "Sector the worker works in.", allowed=vocab.SECTORS),
        Column("frontline", "bool", "Works with the public directly (ONS 'frontline')."),
        Column("weight", "float", "Survey weight.", minimum=0.0, min_exclusive=True, weight=True),
        *(
            Column(
                name,
                "float",
                f"Share of the diary work day: {label}.",
                unit="proportion 0 to 1",
                minimum=0.0,
                maximum=1.0,
            )
            for name, label in vocab.ACTIVITY_GROUPS.items()
        ),
    ),
    key=("worker_id",),
    survey=True,
    rules=(_rule_shares_sum_to_one,),
)

TABLES: tuple[Table, ...] = (
    SOURCES,
    PARTICIPANTS,
    CODEBOOK,
    FINDINGS,
    QUOTES,
    PUBLISHED_ESTIMATES,
    ORG_SURVEY,
    TIME_USE_SURVEY,
)
TABLES_BY_NAME = {t.name: t for t in TABLES}
