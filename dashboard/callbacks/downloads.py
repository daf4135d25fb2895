"""Downloads: each card's CSV, the quotes CSV, and a zip of everything filtered with metadata."""

from __future__ import annotations

from dash import Input, Output, State, dcc, no_update

from dashboard import export, views
from dashboard.callbacks.panels import CHART_CARDS
from dashboard.context import AppContext
from dashboard.reload import ContextSource
from dashboard.state import ViewState, describe_filters, from_store, to_query

CARD_VIEWS = {**CHART_CARDS, "published": views.published_view}


def quotes_export(context: AppContext, state: ViewState):
    view = views.quotes_view(context, state)
    frame = view.quotes[
        ["quote_id", "text", "attribution", "sector", "method", "participant_group", "codes", "section", "source_id"]
    ].copy()
    frame["codes"] = frame["codes"].map("|".join)
    frame["data_status"] = "qualitative research"
    return frame


def all_frames(context: AppContext, state: ViewState) -> dict:
    frames = {key: fn(context, state).export for key, fn in CARD_VIEWS.items()}
    frames["quotes"] = quotes_export(context, state)
    return frames


def export_metadata(context: AppContext, state: ViewState, href: str, frames: dict, view: str) -> dict:
    x = context.extract
    used = set()
    for frame in frames.values():
        if "source_id" in frame.columns:
            used |= set(frame["source_id"])
    sources = x.sources[x.sources["source_id"].isin(used)]
    base = (href or "").split("?")[0]
    return export.metadata(
        view=view,
        filters={"summary": describe_filters(state, dict(context.code_labels)) or ["none"], "query": to_query(state)},
        permalink=base + to_query(state),
        sources=[
            {**r, "release_date": str(r["release_date"]) if r["release_date"] else "not given"}
            for r in sources[["source_id", "title", "publisher", "release_date", "url", "status", "caveat"]].to_dict(
                "records"
            )
        ],
        tables={name: len(frame) for name, frame in frames.items()},
        threshold=context.threshold,
        min_participants=context.min_participants,
        low_neff=context.low_neff,
        caveats=[
            "Survey estimates (data_status=synthetic) come from SYNTHETIC data invented for demonstration; "
            "they are not ONS statistics.",
            "Qualitative findings cannot be quantified or applied to wider populations; "
            "counts are of findings and quotes.",
            "ONS's non-sector-specific time is not the same as admin time.",
        ],
    )


def register(app, source: ContextSource) -> None:
    for key, view_fn in CARD_VIEWS.items():
        _register_card_download(app, source, key, view_fn)

    @app.callback(
        Output("quotes-download", "data"),
        Input("quotes-download-btn", "n_clicks"),
        State("state", "data"),
        prevent_initial_call=True,
    )
    def download_quotes(n, data):
        if not n:
            return no_update
        frame = quotes_export(source.current(), from_store(data))
        return dcc.send_bytes(export.to_csv_bytes(frame), f"quotes_{export.file_stamp()}.csv")

    @app.callback(
        Output("all-download", "data"),
        Input("all-download-btn", "n_clicks"),
        State("state", "data"),
        State("url", "href"),
        prevent_initial_call=True,
    )
    def download_all(n, data, href):
        if not n:
            return no_update
        context = source.current()
        state = from_store(data)
        frames = all_frames(context, state)
        meta = export_metadata(context, state, href, frames, view="all filtered data")
        return dcc.send_bytes(export.zip_bytes(frames, meta), f"sector_comparison_filtered_{export.file_stamp()}.zip")


def _register_card_download(app, source: ContextSource, key: str, view_fn) -> None:
    @app.callback(
        Output(f"{key}-download", "data"),
        Input(f"{key}-download-btn", "n_clicks"),
        State("state", "data"),
        prevent_initial_call=True,
    )
    def download(n, data):
        if not n:
            return no_update
        frame = view_fn(source.current(), from_store(data)).export
        return dcc.send_bytes(export.to_csv_bytes(frame), f"{key}_{export.file_stamp()}.csv")
