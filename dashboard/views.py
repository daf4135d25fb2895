"""What each card shows for a view state: title, subtitle, chart, table and export rows.

One function per card, pure and testable without Dash. The chart, the HTML
table and the CSV download all come from the same estimate table, so they can
never disagree.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from dashboard.analysis import published, qualitative, survey
from dashboard.analysis.estimates import LOW_RELIABILITY, SHORTHAND, STATUS_OK
from dashboard.context import AppContext
from dashboard.data import vocab
from dashboard.figures import bars, matrices
from dashboard.figures.text import (
    count,
    estimate_text,
    published_value,
    release_text,
    status_note,
    value_label,
)
from dashboard.state import ViewState

SYNTHETIC_TAG = "SYNTHETIC DATA"
PRESENT_MATRIX_CODES = 12

ADMIN_MEASURES = {
    survey.NON_SECTOR_SHARE: "Non-sector-specific activities",
    survey.ADMIN_SHARE: "Admin: forms, records, email and meetings",
}
AI_MEASURES = {"ai_use": "Uses AI", "automation_use": "Uses automation"}


@dataclass(frozen=True)
class CardView:
    key: str
    title: str
    subtitle: str
    chart: bars.Chart | None
    table: pd.DataFrame
    caption: str
    export: pd.DataFrame
    synthetic: bool


def _source_note(ctx: AppContext, table_name: str) -> tuple[dict, bool]:
    source = ctx.extract.source_of(table_name)
    return source, ctx.extract.is_synthetic(table_name)


def _tag(synthetic: bool) -> str:
    return f" ({SYNTHETIC_TAG})" if synthetic else ""


def _estimate_table(table: pd.DataFrame, measures: dict[str, str], unit_label: str) -> pd.DataFrame:
    """Display rows: one per sector and measure, the CI written as 'value (lower to upper)'."""
    rows = []
    for r in table.to_dict("records"):
        ok = r["status"] == STATUS_OK
        rows.append(
            {
                "Sector": r["sector_label"],
                "Measure": measures.get(r["measure"], r["measure"]),
                f"Estimate, {unit_label} (95% CI)": estimate_text(r),
                "Base (unweighted n)": count(r["base_n"]) if ok else SHORTHAND[r["status"]],
                "Note": status_note(r),
                "_sector": r["sector"],
            }
        )
    columns = ["Sector", "Measure", f"Estimate, {unit_label} (95% CI)", "Base (unweighted n)", "Note", "_sector"]
    return pd.DataFrame(rows, columns=columns)


def _estimate_export(
    table: pd.DataFrame, measures: dict[str, str], source: dict, synthetic: bool, unit: str
) -> pd.DataFrame:
    """Tidy rows for CSV: numbers as numbers, shorthand where a number is withheld."""

    def num(value, status):
        if status != STATUS_OK:
            return SHORTHAND[status]
        return round(float(value) * 100, 1)

    return pd.DataFrame(
        {
            "sector": table["sector"],
            "sector_label": table["sector_label"],
            "measure": table["measure"],
            "measure_label": table["measure"].map(lambda m: measures.get(m, m)),
            "unit": unit,
            "estimate": [num(v, s) for v, s in zip(table["estimate"], table["status"], strict=True)],
            "ci_lower_95": [num(v, s) for v, s in zip(table["ci_low"], table["status"], strict=True)],
            "ci_upper_95": [num(v, s) for v, s in zip(table["ci_high"], table["status"], strict=True)],
            "base_unweighted_n": [
                int(b) if s == STATUS_OK else SHORTHAND[s]
                for b, s in zip(table["base_n"], table["status"], strict=True)
            ],
            "suppression_status": table["status"],
            "suppression_reason": table["suppression"],
            "quality_flag": [LOW_RELIABILITY if flag else "" for flag in table["low_reliability"]],
            "data_status": "synthetic" if synthetic else "survey",
            "source_id": source["source_id"],
        }
    )


def _survey_card(
    key: str,
    title: str,
    subtitle: str,
    chart: bars.Chart,
    table: pd.DataFrame,
    measures: dict[str, str],
    units: tuple[str, str],
    caption: str,
    source: dict,
    synthetic: bool,
) -> CardView:
    """A survey card: its table and CSV rows both come from the one estimate table."""
    display_unit, export_unit = units
    return CardView(
        key,
        title,
        subtitle,
        chart,
        _estimate_table(table, measures, display_unit),
        caption,
        _estimate_export(table, measures, source, synthetic, export_unit),
        synthetic,
    )


def _extremes(table: pd.DataFrame, measure: str):
    ok = table[(table["measure"] == measure) & (table["status"] == STATUS_OK)]
    if ok.empty:
        return None, None
    return ok.loc[ok["estimate"].idxmax()], ok.loc[ok["estimate"].idxmin()]


def _org_split(ctx: AppContext, state: ViewState) -> frozenset[str]:
    """Sectors to withhold because the region or size filter splits one of their blocks.

    The state layer never lets region and size be combined; should a state arrive with
    both anyway, every sector is withheld rather than risk the crossed cells.
    """
    if state.regions and state.size_bands:
        return frozenset(vocab.ORG_SURVEY_SECTORS)
    return ctx.org_protection.split_sectors({"region": state.regions, "size_band": state.size_bands})


def admin_view(ctx: AppContext, state: ViewState) -> CardView:
    tus = survey.filter_time_use(ctx.tus, state.sectors, state.frontline)
    split = ctx.tus_protection.split_sectors({"frontline": survey.frontline_selection(state.frontline)})
    table = survey.admin_share_by_sector(tus, list(state.sectors), ctx.threshold, split=split, low_neff=ctx.low_neff)
    source, synthetic = _source_note(ctx, "time_use_survey")
    top, low = _extremes(table, survey.NON_SECTOR_SHARE)
    if top is None:
        title = "Not enough responses to show time use for this selection" + _tag(synthetic)
    elif top["sector"] == low["sector"]:
        title = f"{top['sector_label']}: {value_label(top)} of the work day is non-sector-specific" + _tag(synthetic)
    else:
        title = (
            f"{top['sector_label']} workers spend the largest share of the day on non-sector-specific activities "
            f"({value_label(top)}); {low['sector_label']} the smallest ({value_label(low)})" + _tag(synthetic)
        )
    who = {"all": "all workers", "frontline": "frontline workers", "non_frontline": "non-frontline workers"}[
        state.frontline
    ]
    subtitle = (
        f"Weighted mean share of the diary work day, {who}; base {survey.shown_base(table):,} workers in the sectors "
        f"shown; bars show 95% confidence intervals. Source: {source['title']}. Non-sector-specific time is not the "
        "same as admin time (ONS); the admin share is this product's own grouping."
    )
    chart = bars.sector_bars(
        table,
        ADMIN_MEASURES,
        what="share of the work day by activity type",
        population=f"{who}{_tag(synthetic)}",
        present=state.present,
    )
    return _survey_card(
        "admin",
        title,
        subtitle,
        chart,
        table,
        ADMIN_MEASURES,
        ("% of work day", "percent of work day"),
        f"Share of the work day by sector{_tag(synthetic)}",
        source,
        synthetic,
    )


def ai_view(ctx: AppContext, state: ViewState) -> CardView:
    org = survey.filter_org(
        ctx.org, state.sectors, state.size_bands, state.regions, ["sector", "design_weight", *AI_MEASURES]
    )
    table = survey.ai_use_by_sector(
        org, list(state.sectors), ctx.threshold, split=_org_split(ctx, state), low_neff=ctx.low_neff
    )
    source, synthetic = _source_note(ctx, "org_survey")
    top, low = _extremes(table, "ai_use")
    if top is None:
        title = "Not enough responses to show AI use for this selection" + _tag(synthetic)
    elif top["sector"] == low["sector"]:
        title = f"{value_label(top)} of {top['sector_label'].lower()} organisations use AI" + _tag(synthetic)
    else:
        title = (
            f"{top['sector_label']} organisations are the most likely to use AI ({value_label(top)}); "
            f"{low['sector_label']} the least ({value_label(low)})" + _tag(synthetic)
        )
    subtitle = (
        f"Weighted % of organisations using AI and automation; base {survey.shown_base(table):,} organisations in "
        "the sectors shown; 95% confidence intervals. Police and fire are one group, as in PSMPS. "
        f"Source: {source['title']}."
    )
    chart = bars.sector_bars(
        table,
        AI_MEASURES,
        what="AI and automation use",
        population=f"organisations{_tag(synthetic)}",
        present=state.present,
    )
    return _survey_card(
        "ai",
        title,
        subtitle,
        chart,
        table,
        AI_MEASURES,
        ("% of organisations", "percent of organisations"),
        f"AI and automation use by sector{_tag(synthetic)}",
        source,
        synthetic,
    )


def barriers_view(ctx: AppContext, state: ViewState) -> CardView:
    org = survey.filter_org(
        ctx.org, state.sectors, state.size_bands, state.regions, ["sector", "design_weight", *vocab.BARRIER_CODES]
    )
    table = survey.barriers_by_sector(
        org, list(state.sectors), ctx.threshold, state.codes, split=_org_split(ctx, state), low_neff=ctx.low_neff
    )
    source, synthetic = _source_note(ctx, "org_survey")
    labels = {c: ctx.code_labels.get(c, c) for c in vocab.BARRIER_CODES}
    ok = table[table["status"] == STATUS_OK]
    if ok.empty:
        title = "Not enough responses to show barriers for this selection" + _tag(synthetic)
    else:
        top = ok.loc[ok["estimate"].idxmax()]
        title = (
            f"{labels[top['measure']]} is the most reported barrier: {value_label(top)} of "
            f"{top['sector_label'].lower()} organisations" + _tag(synthetic)
        )
    subtitle = (
        f"Weighted % of organisations reporting each barrier; base {survey.shown_base(table):,} organisations in the "
        f"sectors shown. Barriers use the same codes as the qualitative findings. Source: {source['title']}."
    )
    return _survey_card(
        "barriers",
        title,
        subtitle,
        matrices.barrier_grid(table, labels, present=state.present, data_note=_tag(synthetic)),
        table,
        labels,
        ("% of organisations", "percent of organisations"),
        f"Barriers reported by sector{_tag(synthetic)}",
        source,
        synthetic,
    )


def matrix_view(ctx: AppContext, state: ViewState) -> CardView:
    x = ctx.extract
    columns = qualitative.shown_columns(state.sectors, state.groups)
    table = qualitative.matrix(
        x.findings, x.quotes, x.codebook, x.participants, columns=columns, codes=state.codes, themes=state.themes
    )
    # Codes with nothing in any shown column are left out: a wall of empty rows hides the pattern.
    raised = table.groupby("code")[["findings", "quotes"]].transform("sum").sum(axis=1) > 0
    table = table[raised]
    # Most widely raised first, so the pattern reads from the top.
    order = table.groupby("code", sort=False)["groups_raised"].first().sort_values(ascending=False, kind="stable")
    if state.present:
        order = order.head(PRESENT_MATRIX_CODES)  # readable from the back of a room
    table = table.set_index("code").loc[order.index].reset_index()
    source = x.sources.set_index("source_id").loc["ons_managers_views_2024"]
    if table.empty:
        title = "No coded findings match these filters"
    else:
        per_code = table.groupby("code_label", sort=False)["groups_raised"].first()
        title = (
            f"{per_code.idxmax()} was raised in the most participant groups "
            f"({per_code.max()} of {int(table['groups_total'].max())})"
        )
    subtitle = (
        "Coded findings and verbatim quotes by participant group; counts are of findings and quotes, not people. "
        f"Source: {source['title']} (qualitative research, released {release_text(source['release_date'])}). "
        "In each cell F = coded findings, Q = verbatim quotes. Select a cell to see its quotes."
    )
    display = pd.DataFrame(
        {
            "Code": table["code_label"],
            "Participant group": table["column_label"],
            "Findings": table["findings"].astype(str),
            "Quotes": table["quotes"].astype(str),
            "Raised in (groups)": [
                f"{a} of {b}" for a, b in zip(table["groups_raised"], table["groups_total"], strict=True)
            ],
            "_sector": table["column"],
            "_code": table["code"],
        }
    )
    # The table lists the cells with something in them; the chart shows the empty ones as "–".
    display = display[(table["findings"] + table["quotes"]).to_numpy() > 0].reset_index(drop=True)
    export = table.rename(columns={"column": "participant_group_or_sector", "column_label": "participant_group_label"})
    export = export.assign(data_status="qualitative research", source_id="ons_managers_views_2024")
    return CardView(
        "matrix",
        title,
        subtitle,
        matrices.findings_matrix(table, present=state.present),
        display,
        "Coded findings and quotes by code and participant group",
        export,
        False,
    )


def published_view(ctx: AppContext, state: ViewState) -> CardView:
    x = ctx.extract
    table = published.filter_published(
        x.published_estimates, x.sources, sectors=state.sectors, source_ids=state.sources
    )
    n_sources = table["source_id"].nunique()
    title = f"{len(table)} published figures match this selection, from {n_sources} sources"
    subtitle = (
        "Figures exactly as published, with their source, status and caveats. All-public-sector and private-sector "
        "figures are kept as references. Secondary analyses are not ONS statistics."
    )
    display = pd.DataFrame(
        {
            "Figure": table["measure_label"],
            "Group": table["population"],
            "Value": [
                qualified(published_value(v, u), q)
                for v, u, q in zip(table["value"], table["unit"], table["qualifier"], strict=True)
            ],
            "Source": table["source_title"],
            "Status and date": [
                f"{st}; released {release_text(d)}" if d is not None else f"{st}; {release_text(d)}"
                for st, d in zip(table["status_label"], table["release_date"], strict=True)
            ],
            "Section": table["section"],
            "_url": table["url"],
            "_sector": table["sector"],
        }
    )
    export = table[
        [
            "estimate_id",
            "measure",
            "measure_label",
            "sector",
            "sector_label",
            "population",
            "value",
            "unit",
            "qualifier",
            "base",
            "section",
            "notes",
            "source_id",
            "source_title",
            "publisher",
            "release_date",
            "url",
            "status",
        ]
    ].assign(data_status=table["status"])
    return CardView(
        "published", title, subtitle, None, display, "Published figures for the selected sectors", export, False
    )


QUALIFIER_WORDS = {
    "exact": "",
    "approximate": "around ",
    "at_least": "at least ",
    "up_to": "up to ",
    "more_than": "more than ",
    "nearly": "nearly ",
}


def qualified(value: str, qualifier: str) -> str:
    """Keep the publisher's hedge with the number: 'around 85%' is not '85%'."""
    return QUALIFIER_WORDS.get(qualifier, "") + value


@dataclass(frozen=True)
class QuotesView:
    quotes: pd.DataFrame
    total: int
    participants: int
    withheld: bool
    message: str


def quotes_view(ctx: AppContext, state: ViewState) -> QuotesView:
    x = ctx.extract
    all_quotes = x.quotes
    people = qualitative.participants_behind(
        x.participants, sectors=state.sectors, methods=state.methods, groups=state.groups
    )
    matched = qualitative.filter_quotes(
        all_quotes,
        x.codebook,
        sectors=state.sectors,
        methods=state.methods,
        groups=state.groups,
        codes=state.codes,
        themes=state.themes,
        search=state.search,
    )
    if 0 < people < ctx.min_participants:
        return QuotesView(
            matched.iloc[0:0],
            len(all_quotes),
            people,
            True,
            f"This selection narrows the research sample to fewer than {ctx.min_participants} participants, so its "
            "quotes are not shown, to avoid singling anyone out. Widen the sector, method or group filters.",
        )
    return QuotesView(matched, len(all_quotes), people, False, f"Showing {len(matched)} of {len(all_quotes)} quotes")
