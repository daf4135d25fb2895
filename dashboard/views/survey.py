"""The three survey cards (time use, AI use, barriers), each a `SurveySpec` fed to one builder.

A spec says what differs between cards: which survey table, how to estimate, what the
measures are called, the words, and the chart. The builder does what they share: the
synthetic mark, the display table, the CSV rows and the row actions, all from one
estimate table.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import pandas as pd

from dashboard.analysis import survey
from dashboard.analysis.estimates import LOW_RELIABILITY, SHORTHAND, STATUS_OK, Columns, as_rows
from dashboard.analysis.rows import Rows, records
from dashboard.context import AppContext
from dashboard.data import vocab
from dashboard.figures import bars, marks, matrices
from dashboard.figures.base import Chart
from dashboard.figures.text import count, estimate_text, status_note
from dashboard.state import ViewState
from dashboard.views import derived, wording
from dashboard.views.model import PICK_SECTOR, CardView, RowAction

ADMIN_MEASURES = {
    survey.NON_SECTOR_SHARE: "Non-sector-specific activities",
    survey.ADMIN_SHARE: "Admin: forms, records, email and meetings",
}
AI_MEASURES = {"ai_use": "Uses AI", "automation_use": "Uses automation"}


@dataclass(frozen=True)
class Drawn:
    """What a spec works out for one view: the words and the chart."""

    title: str | None  # None: nothing to show for this selection
    subtitle: str
    chart: Chart


@dataclass(frozen=True, kw_only=True)
class SurveySpec:
    key: str
    #: The extract table the card draws on: decides its source row and synthetic mark.
    table_name: str
    #: For "Not enough responses to show <subject> for this selection".
    subject: str
    #: The estimate column's unit on screen, and in the CSV's `unit` column.
    display_unit: str
    export_unit: str
    caption: str
    #: The estimate table by column (analysis/estimates.py `Columns`).
    estimate: Callable[[AppContext, ViewState], Columns]
    measures: Callable[[AppContext], dict[str, str]]
    #: Reads the estimate table's rows (analysis/rows.py says why rows).
    draw: Callable[[Rows, dict[str, str], ViewState, dict, str], Drawn]


def build(spec: SurveySpec, ctx: AppContext, state: ViewState) -> CardView:
    rows = as_rows(spec.estimate(ctx, state))
    # The source row is the same for every view: read once per context (a copy each time, so no
    # view can change another's).
    source = dict(derived.once(ctx, f"survey.source.{spec.table_name}", lambda: ctx.extract.source_of(spec.table_name)))
    synthetic = ctx.extract.is_synthetic(spec.table_name)
    tag = wording.tag(synthetic)
    measures = spec.measures(ctx)
    drawn = spec.draw(rows, measures, state, source, tag)
    chart = drawn.chart
    if synthetic and chart is not None:
        # Inside the figure itself, so its PNG and any screen-share of it carry the mark too.
        chart = Chart(marks.mark_synthetic(chart.figure, present=state.present), chart.description)
    return CardView(
        key=spec.key,
        title=wording.lead(synthetic) + (drawn.title or wording.not_enough(spec.subject)),
        subtitle=drawn.subtitle,
        chart=chart,
        table_rows=lambda: estimate_table(rows, measures, spec.display_unit),
        caption=spec.caption + tag,
        export_rows=lambda: estimate_export(rows, measures, source, synthetic, spec.export_unit),
        synthetic=synthetic,
        actions=sector_actions([r["sector"] for r in rows], spec.key),
    )


def sector_actions(sectors: Sequence[str], card: str) -> tuple[RowAction | None, ...]:
    """A "Show only" button on each sector's first row (a sector has a row per measure)."""
    seen: set[str] = set()
    out: list[RowAction | None] = []
    for sector in sectors:
        if sector in seen:
            out.append(None)
            continue
        seen.add(sector)
        label = vocab.sector_label(sector)
        out.append(RowAction(PICK_SECTOR, f"Show only {label}", (("sector", sector), ("card", card))))
    return tuple(out)


def estimate_table(table: pd.DataFrame | Rows, measures: dict[str, str], unit_label: str) -> pd.DataFrame:
    """Display rows: one per sector and measure, the CI written as 'value (lower to upper)'."""
    estimate = f"Estimate, {unit_label} (95% CI)"
    rows = records(table)
    # Built by column: a frame from lists costs less than one from a dict per row.
    return pd.DataFrame(
        {
            "Sector": [r["sector_label"] for r in rows],
            "Measure": [measures.get(r["measure"], r["measure"]) for r in rows],
            estimate: [estimate_text(r) for r in rows],
            "Base (unweighted n)": [
                count(r["base_n"]) if r["status"] == STATUS_OK else SHORTHAND[r["status"]] for r in rows
            ],
            "Note": [status_note(r) for r in rows],
        },
        columns=["Sector", "Measure", estimate, "Base (unweighted n)", "Note"],
    )


def estimate_export(
    table: pd.DataFrame | Rows, measures: dict[str, str], source: dict, synthetic: bool, unit: str
) -> pd.DataFrame:
    """Tidy rows for CSV: numbers as numbers, shorthand where a number is withheld."""
    rows = records(table)

    def num(column: str) -> list[object]:
        return [round(float(r[column]) * 100, 1) if r["status"] == STATUS_OK else SHORTHAND[r["status"]] for r in rows]

    return pd.DataFrame(
        {
            "sector": [r["sector"] for r in rows],
            "sector_label": [r["sector_label"] for r in rows],
            "measure": [r["measure"] for r in rows],
            "measure_label": [measures.get(r["measure"], r["measure"]) for r in rows],
            "unit": unit,
            "estimate": num("estimate"),
            "ci_lower_95": num("ci_low"),
            "ci_upper_95": num("ci_high"),
            "base_unweighted_n": [
                int(r["base_n"]) if r["status"] == STATUS_OK else SHORTHAND[r["status"]] for r in rows
            ],
            "suppression_status": [r["status"] for r in rows],
            "quality_flag": [LOW_RELIABILITY if r["low_reliability"] else "" for r in rows],
            "data_status": "synthetic" if synthetic else "survey",
            "source_id": source["source_id"],
        }
    )


# -- the three specs ----------------------------------------------------------------------


def _admin_estimate(ctx: AppContext, state: ViewState) -> Columns:
    split = survey.time_use_withheld(ctx.tus_protection, state.frontline)
    return survey.admin_share_columns(
        ctx.tus_cells,
        list(state.sectors),
        ctx.threshold,
        frontline=state.frontline,
        split=split,
        low_neff=ctx.low_neff,
        ptable=ctx.ptable,
    )


def _admin_draw(table: Rows, measures: dict, state: ViewState, source: dict, tag: str) -> Drawn:
    who = wording.WORKERS[state.frontline]
    return Drawn(
        title=wording.admin_title(table, survey.NON_SECTOR_SHARE),
        subtitle=wording.admin_subtitle(who, survey.shown_base(table), source["title"]),
        chart=bars.sector_bars(
            table,
            measures,
            what="share of the work day by activity type",
            population=f"{who}{tag}",
            present=state.present,
        ),
    )


def _org_estimate(estimate: Callable[..., Columns], with_codes: bool = False):
    def run(ctx: AppContext, state: ViewState) -> Columns:
        split = survey.org_withheld(ctx.org_protection, state.regions, state.size_bands)
        extra = (state.codes,) if with_codes else ()
        return estimate(
            ctx.org_cells,
            list(state.sectors),
            ctx.threshold,
            *extra,
            regions=state.regions,
            size_bands=state.size_bands,
            split=split,
            low_neff=ctx.low_neff,
            ptable=ctx.ptable,
        )

    return run


def _ai_draw(table: Rows, measures: dict, state: ViewState, source: dict, tag: str) -> Drawn:
    return Drawn(
        title=wording.ai_title(table, "ai_use"),
        subtitle=wording.ai_subtitle(survey.shown_base(table), source["title"]),
        chart=bars.sector_bars(
            table, measures, what="AI and automation use", population=f"organisations{tag}", present=state.present
        ),
    )


def _barriers_draw(table: Rows, measures: dict, state: ViewState, source: dict, tag: str) -> Drawn:
    return Drawn(
        title=wording.barriers_title(table, measures),
        subtitle=wording.barriers_subtitle(survey.shown_base(table), source["title"], synthetic=bool(tag)),
        chart=matrices.barrier_grid(table, measures, present=state.present, data_note=tag),
    )


ADMIN = SurveySpec(
    key="admin",
    table_name="time_use_survey",
    subject="time use",
    display_unit="% of work day",
    export_unit="percent of work day",
    caption="Share of the work day by sector",
    estimate=_admin_estimate,
    measures=lambda ctx: ADMIN_MEASURES,
    draw=_admin_draw,
)
AI = SurveySpec(
    key="ai",
    table_name="org_survey",
    subject="AI use",
    display_unit="% of organisations",
    export_unit="percent of organisations",
    caption="AI and automation use by sector",
    estimate=_org_estimate(survey.ai_use_columns),
    measures=lambda ctx: AI_MEASURES,
    draw=_ai_draw,
)
BARRIERS = SurveySpec(
    key="barriers",
    table_name="org_survey",
    subject="barriers",
    display_unit="% of organisations",
    export_unit="percent of organisations",
    caption="Barriers reported by sector",
    estimate=_org_estimate(survey.barriers_columns, with_codes=True),
    measures=lambda ctx: {c: ctx.code_labels.get(c, c) for c in vocab.BARRIER_CODES},
    draw=_barriers_draw,
)


def admin_view(ctx: AppContext, state: ViewState) -> CardView:
    return build(ADMIN, ctx, state)


def ai_view(ctx: AppContext, state: ViewState) -> CardView:
    return build(AI, ctx, state)


def barriers_view(ctx: AppContext, state: ViewState) -> CardView:
    return build(BARRIERS, ctx, state)
