"""The evidence map (sector x topic: what real sources hold) and the topic panel (the published
figures on one topic for the selected sectors). Real evidence only: no survey estimate is used."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

import pandas as pd

from dashboard.analysis import evidence
from dashboard.context import AppContext
from dashboard.data import vocab
from dashboard.figures import evidence_map, topic_panels
from dashboard.figures.text import published_value
from dashboard.ids import PICK_EVIDENCE
from dashboard.state import ViewState
from dashboard.views import derived
from dashboard.views import evidence_wording as words
from dashboard.views.model import LINK, CardView, RowAction
from dashboard.views.wording import qualified

MAP_KEY = "evidence_map"
TOPIC_KEY = "topic_figures"
#: What the CSV of the map says it is drawn from.
MAP_STATUS = "published figures and qualitative research"

TOPIC_EXPORT_COLUMNS = [
    "estimate_id",
    "topic",
    "unit_of_count",
    "kind",
    "measure",
    "measure_label",
    "sector",
    "sector_label",
    "group_type",
    "population",
    "value",
    "unit",
    "qualifier",
    "base",
    "section",
    "notes",
    "reporter",
    "source_id",
    "source_title",
    "publisher",
    "release_date",
    "url",
    "status",
]


def value_texts(frame: pd.DataFrame) -> list[str]:
    """Each figure's value exactly as published, with its qualifier ('around 85%')."""
    return [
        qualified(published_value(v, u), q)
        for v, u, q in zip(frame["value"], frame["unit"], frame["qualifier"], strict=True)
    ]


def _source_of(row) -> str:
    return words.publisher_year(row["publisher"], row["year"], row.get("reporter"))


def _figures(ctx: AppContext) -> pd.DataFrame:
    """Every published figure joined to its source (`evidence.with_sources`): once per context."""
    x = ctx.extract
    return derived.once(ctx, "evidence.with_sources", lambda: evidence.with_sources(x.published_estimates, x.sources))


@dataclass(frozen=True)
class _MapParts:
    """What the evidence map shows for one published-sources filter: everything but which cells the
    topic panel shows (`shown`) and the chart drawn from them."""

    cells: pd.DataFrame
    #: The chart's cells (`evidence_grid`'s records): `cells` labelled, with `shown` still to be set.
    grid: list[dict]
    #: Each cell's sector and topic, in the grid's order.
    sectors: tuple[str, ...]
    topics: tuple[str, ...]
    display: pd.DataFrame
    export: pd.DataFrame
    actions: tuple[RowAction, ...]
    title: str


def _map_parts(ctx: AppContext, sources: tuple[str, ...]) -> _MapParts:
    cells, figures = evidence.joined_evidence_map(
        _figures(ctx), ctx.findings, ctx.quotes, ctx.codebook, source_ids=sources
    )
    sector_label = cells["sector"].map(vocab.sector_label)
    strongest: list[str] = []
    export_rows = []
    for cell in cells.to_dict("records"):
        figure = figures.loc[cell["strongest_id"]] if isinstance(cell["strongest_id"], str) else None
        if figure is None:
            strongest.append("—")
        else:
            value = qualified(published_value(figure["value"], figure["unit"]), figure["qualifier"])
            strongest.append(
                words.strongest_text(
                    value, figure["measure_label"], figure["population"], _source_of(figure), figure["kind"]
                )
            )
        export_rows.append(
            {
                "sector": cell["sector"],
                "sector_label": vocab.sector_label(cell["sector"]),
                "topic": cell["topic"],
                "topic_label": words.topic_label(cell["topic"]),
                "published_figures": cell["figures"],
                "published_figures_about_sector_itself": cell["own_figures"],
                "publishers": cell["publishers"],
                "strongest_estimate_id": cell["strongest_id"] or "",
                "strongest_measure_label": "" if figure is None else figure["measure_label"],
                "strongest_population": "" if figure is None else figure["population"],
                "strongest_value": None if figure is None else figure["value"],
                "strongest_unit": "" if figure is None else figure["unit"],
                "strongest_qualifier": "" if figure is None else figure["qualifier"],
                "strongest_kind": "" if figure is None else figure["kind"],
                "strongest_publisher": "" if figure is None else figure["publisher"],
                "strongest_release_date": None if figure is None else figure["release_date"],
                "source_id": "" if figure is None else figure["source_id"],
                "raised_in_findings_for_sector": cell["raised_for_sector"],
                "raised_in_findings_about_all_sectors": cell["raised_for_all"],
                "quotes": cell["quotes"],
                "data_status": MAP_STATUS,
            }
        )
    found = [
        words.findings_text(label, a, b)
        for label, a, b in zip(sector_label, cells["raised_for_sector"], cells["raised_for_all"], strict=True)
    ]
    topic_label = cells["topic"].map(words.topic_label)
    display = pd.DataFrame(
        {
            "Sector": sector_label,
            "Topic": topic_label,
            "Published figures": [
                words.figures_text(f, o, p, label)
                for f, o, p, label in zip(
                    cells["figures"], cells["own_figures"], cells["publishers"], sector_label, strict=True
                )
            ],
            "Strongest figure (how it was produced)": strongest,
            "Coded findings (presence only)": found,
            "Quotes": cells["quotes"].map(words.quotes_text),
        }
    )
    actions = tuple(
        RowAction(PICK_EVIDENCE, words.open_label(label, topic), (("sector", sector), ("topic", topic)))
        for label, sector, topic in zip(sector_label, cells["sector"], cells["topic"], strict=True)
    )
    raised = cells["raised_for_sector"] | cells["raised_for_all"]
    detail = [
        f"{figures_}; strongest: {best}. {finding}; {words.quotes_text(q).lower()}."
        for figures_, best, finding, q in zip(
            display["Published figures"], strongest, found, cells["quotes"], strict=True
        )
    ]
    title = words.map_title(
        len(cells),
        int((cells["own_figures"] > 0).sum()),
        int((cells["figures"] > 0).sum()),
        int(raised.sum()),
        int((cells["quotes"] > 0).sum()),
    )
    grid = cells.assign(sector_label=sector_label, topic_label=topic_label, raised=raised, shown=False, detail=detail)
    return _MapParts(
        cells,
        evidence_map.grid_records(grid),
        tuple(cells["sector"]),
        tuple(cells["topic"]),
        display,
        pd.DataFrame(export_rows),
        actions,
        title,
    )


def map_view(ctx: AppContext, state: ViewState) -> CardView:
    # The map's cells depend on the published-sources filter alone: the unfiltered map (nearly every
    # view) is worked out once per context; a sources filter is worked out afresh.
    parts = derived.once(ctx, "evidence.map", lambda: _map_parts(ctx, ())) if not state.sources else None
    parts = parts or _map_parts(ctx, state.sources)
    chosen = set(state.sectors)
    shown = [s in chosen and t == state.topic for s, t in zip(parts.sectors, parts.topics, strict=True)]
    grid = [{**cell, "shown": flag} for cell, flag in zip(parts.grid, shown, strict=True)]
    return CardView(
        key=MAP_KEY,
        title=parts.title,
        subtitle=words.map_subtitle(len(state.sources)),
        chart=evidence_map.evidence_grid(grid, present=state.present),
        table_rows=parts.display,
        caption=words.MAP_CAPTION,
        export_rows=parts.export,
        synthetic=False,
        actions=parts.actions,
    )


@dataclass(frozen=True)
class _TopicRows:
    """Every published figure as the topic panel shows it (the rows of `TopicFigures.labelled`, in
    that order): none of it depends on the view state, so it is worked out once per context and a
    view takes the rows of the figures it picks."""

    #: Row of each figure by estimate id.
    position: dict[str, int]
    #: Each figure as the topic panel's chart reads it (`topic_panels.panel_records`).
    panels: tuple[dict, ...]
    display: pd.DataFrame
    export: pd.DataFrame
    actions: tuple[RowAction, ...]
    #: Per row: whether the figure is about a sector or group of sectors (not a role group), and its publisher.
    own: tuple[bool, ...]
    publishers: tuple[object, ...]

    @classmethod
    def of(cls, labelled: pd.DataFrame) -> _TopicRows:
        table = _with_value_text(labelled)
        return cls(
            position={e: i for i, e in enumerate(table["estimate_id"])},
            panels=tuple(topic_panels.panel_records(table)),
            display=_topic_display(table),
            export=_topic_export(table),
            actions=_topic_actions(table),
            own=tuple(s not in vocab.ROLE_GROUPS for s in table["sector"]),
            publishers=tuple(table["publisher"]),
        )


def _with_value_text(table: pd.DataFrame) -> pd.DataFrame:
    return table.assign(value_text=value_texts(table))


def _topic_display(table: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "Figure": table["measure_label"],
            "Population": table["population"],
            "Value": table["value_text"],
            "What it counts": table["unit_of_count"].map(lambda u: vocab.UNITS_OF_COUNT.get(u, u)),
            "How it was produced": table["kind"].map(words.kind_label),
            "Publisher (year)": [
                words.publisher_year(p, y, r)
                for p, y, r in zip(table["publisher"], table["year"], table["reporter"], strict=True)
            ],
        }
    ).reset_index(drop=True)


def _topic_export(table: pd.DataFrame) -> pd.DataFrame:
    return table[TOPIC_EXPORT_COLUMNS].assign(data_status=table["status"])


def _topic_actions(table: pd.DataFrame) -> tuple[RowAction, ...]:
    return tuple(
        RowAction(LINK, "Open source", (("href", url),), aria_label=f"Open source: {title}")
        for url, title in zip(table["url"], table["source_title"], strict=True)
    )


@dataclass(frozen=True)
class _Picked:
    """The figures a topic panel shows (with their `value_text`), their table view, CSV and row actions,
    and how many of them are about sectors (not role groups) and from how many publishers."""

    #: The figures as the chart reads them: their `panel_records`, or the empty frame of no figure.
    panels: list[dict] | pd.DataFrame
    #: The table's rows, or what makes them when the table is shown (`CardView.table`).
    display: pd.DataFrame | Callable[[], pd.DataFrame]
    #: The CSV rows, or what makes them when a download asks (`CardView.export`).
    export: pd.DataFrame | Callable[[], pd.DataFrame]
    actions: tuple[RowAction, ...]
    own: int
    own_publishers: int


def _topic_rows(ctx: AppContext) -> _TopicRows:
    return derived.once(ctx, "evidence.topic_rows", lambda: _TopicRows.of(_topic_figures(ctx).labelled))


def _picked(ctx: AppContext, topics: evidence.TopicFigures, positions: list[int], state: ViewState) -> _Picked:
    """`_Picked` of the figures `TopicFigures.pick_positions` picked: their rows taken from those worked
    out once per context (`_TopicRows`); or, for no figure, built from the empty pick, so that the empty
    columns have the types pandas gives them."""
    if not positions:
        table = _with_value_text(topics.pick(topic=state.topic, sectors=state.sectors, source_ids=state.sources))
        return _Picked(table, _topic_display(table), _topic_export(table), (), 0, 0)
    rows = _topic_rows(ctx)
    at = [rows.position[e] for e in topics.estimate_ids(positions)]
    own = [i for i in at if rows.own[i]]
    return _Picked(
        panels=[rows.panels[i] for i in at],
        display=partial(_rows_at, rows.display, at),
        export=partial(_rows_at, rows.export, at),
        actions=tuple(rows.actions[i] for i in at),
        own=len(own),
        own_publishers=len({rows.publishers[i] for i in own if isinstance(rows.publishers[i], str)}),
    )


def _rows_at(frame: pd.DataFrame, at: list[int]) -> pd.DataFrame:
    return frame.iloc[at].reset_index(drop=True)


def _topic_figures(ctx: AppContext) -> evidence.TopicFigures:
    return derived.once(ctx, "evidence.topic_figures", lambda: evidence.TopicFigures.of(_figures(ctx)))


def topic_view(ctx: AppContext, state: ViewState) -> CardView:
    topics = _topic_figures(ctx)
    positions = topics.pick_positions(topic=state.topic, sectors=state.sectors, source_ids=state.sources)
    shown = _picked(ctx, topics, positions, state)
    figures = len(shown.panels)
    # Role groups' figures (frontline and non-frontline workers, in every sector) are said apart: the map
    # credits them to no sector.
    title = words.topic_title(state.topic, shown.own, shown.own_publishers, state.sectors, roles=figures - shown.own)
    if state.present and figures > topic_panels.PRESENT_FIGURES:
        # Presenter mode draws the first few figures: the slide says so.
        title += f". Showing the first {topic_panels.PRESENT_FIGURES} of {figures} on this slide"
    return CardView(
        key=TOPIC_KEY,
        title=title,
        subtitle=words.topic_subtitle(len(state.sources)),
        chart=topic_panels.figure_panels(
            shown.panels, topic_label=words.topic_words(state.topic), present=state.present
        ),
        table_rows=shown.display,
        caption=words.TOPIC_CAPTION,
        export_rows=shown.export,
        synthetic=False,
        actions=shown.actions,
    )
