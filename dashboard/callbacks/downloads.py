"""Downloads: each card's CSV, the quotes CSV, and a zip of everything filtered with metadata."""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd
from dash import Dash, Input, Output, State, dcc, no_update

from dashboard import export, ids, views
from dashboard.callbacks.panels import card_view, findings_of, posted_view, stale
from dashboard.components.registry import CARDS, Card
from dashboard.context import AppContext, ContextGetter
from dashboard.state import ViewState, describe_filters, from_store, to_query

QUOTE_COLUMNS = ["quote_id", "text", "attribution", "sector", "method", "participant_group", "codes", "section"]
CAVEATS = [
    "Survey estimates (data_status=synthetic) come from SYNTHETIC data invented for demonstration; "
    "they are not ONS statistics.",
    "Qualitative findings cannot be quantified or applied to wider populations; counts are of findings and quotes.",
    "ONS's non-sector-specific time is not the same as admin time.",
]


def quotes_export(context: AppContext, state: ViewState) -> pd.DataFrame:
    view = views.quotes_view(context, state)
    frame = view.quotes[[*QUOTE_COLUMNS, "source_id"]].copy()
    frame["codes"] = frame["codes"].map("|".join)
    frame["data_status"] = "qualitative research"
    return frame


def findings_export(context: AppContext, state: ViewState) -> pd.DataFrame:
    """The evidence panel's CSV: its findings (paraphrase, the article's words, link), then its quotes."""
    view = findings_of(context, state)
    return view.export if view is not None else pd.DataFrame({"message": [views.UNAVAILABLE]})


def all_frames(context: AppContext, state: ViewState) -> dict[str, pd.DataFrame]:
    views_by_card = {card.key: card_view(context, card, state) for card in CARDS}
    frames = {views.file_name(key, view.synthetic): view.export for key, view in views_by_card.items()}
    frames["findings"] = findings_export(context, state)
    frames["quotes"] = quotes_export(context, state)
    return frames


def export_metadata(
    context: AppContext, state: ViewState, href: str | None, frames: dict[str, pd.DataFrame], view: str
) -> dict:
    x = context.extract
    used: set[str] = set()
    for frame in frames.values():
        if "source_id" in frame.columns:
            used |= set(frame["source_id"])
    sources = x.sources[x.sources["source_id"].isin(used)]
    base = (href or "").split("?")[0]
    columns = ["source_id", "title", "publisher", "release_date", "url", "status", "caveat"]
    return export.metadata(
        view=view,
        filters={"summary": describe_filters(state, dict(context.code_labels)) or ["none"], "query": to_query(state)},
        permalink=base + to_query(state),
        sources=[
            {**r, "release_date": str(r["release_date"]) if r["release_date"] else "not given"}
            for r in sources[columns].to_dict("records")
        ],
        tables={name: len(frame) for name, frame in frames.items()},
        threshold=context.threshold,
        min_participants=context.min_participants,
        low_neff=context.low_neff,
        caveats=CAVEATS,
    )


def data_updated_note() -> dict:
    """What a download sends when its view state is from an extract that has since been replaced."""
    return dcc.send_string(views.DATA_UPDATED + "\n", "data_updated.txt")


def register(app: Dash, current: ContextGetter) -> None:
    for card in CARDS:
        _register_card_download(app, current, card)

    _register_csv_download(app, current, ids.QUOTES_DOWNLOAD, ids.QUOTES_DOWNLOAD_BUTTON, quotes_export, "quotes")
    _register_csv_download(
        app, current, ids.FINDINGS_DOWNLOAD, ids.FINDINGS_DOWNLOAD_BUTTON, findings_export, "findings"
    )

    @app.callback(
        Output(ids.ALL_DOWNLOAD, "data"),
        Input(ids.ALL_DOWNLOAD_BUTTON, "n_clicks"),
        State(ids.STATE, "data"),
        State(ids.URL, "href"),
        prevent_initial_call=True,
    )
    def download_all(n, data, href):
        if not n:
            return no_update
        context = current()
        if stale(context, data):
            return data_updated_note()
        state = from_store(data, context.choices)
        frames = all_frames(context, state)
        meta = export_metadata(context, state, href, frames, view="all filtered data")
        return dcc.send_bytes(export.zip_bytes(frames, meta), f"sector_comparison_filtered_{export.file_stamp()}.zip")


def _register_csv_download(
    app: Dash,
    current: ContextGetter,
    output: str,
    button: str,
    frame_for: Callable[[AppContext, ViewState], pd.DataFrame],
    name: str,
) -> None:
    """A button that downloads one CSV built from the posted view state (the quotes, the evidence
    panel's findings); a state from an extract that has since been replaced gets a note instead."""

    @app.callback(
        Output(output, "data"), Input(button, "n_clicks"), State(ids.STATE, "data"), prevent_initial_call=True
    )
    def download(n, data):
        if not n:
            return no_update
        context = current()
        if stale(context, data):
            return data_updated_note()
        frame = frame_for(context, from_store(data, context.choices))
        return dcc.send_bytes(export.to_csv_bytes(frame), f"{name}_{export.file_stamp()}.csv")


def _register_card_download(app: Dash, current: ContextGetter, card: Card) -> None:
    cid = card.ids

    @app.callback(
        Output(cid.download, "data"),
        Input(cid.download_button, "n_clicks"),
        State(ids.STATE, "data"),
        prevent_initial_call=True,
    )
    def download(n, data):
        if not n:
            return no_update
        view = posted_view(current(), card, data)
        name = views.file_name(card.key, view.synthetic)
        return dcc.send_bytes(export.to_csv_bytes(view.export), f"{name}_{export.file_stamp()}.csv")
