"""Shared by the figure tests: a hostile label and a check that no figure string carries markup."""

from __future__ import annotations

import numpy as np

#: A label as a hostile or careless extract might hold it: plotly would draw a live link in 60 px red text.
MARKUP = '<a href="https://x">x</a><span style="font-size:60px;color:red">big</span>'
ESCAPED = '&lt;a href="https://x"&gt;x&lt;/a&gt;&lt;span style="font-size:60px;color:red"&gt;big&lt;/span&gt;'


def figure_strings(value) -> list[str]:
    """Every string anywhere in a figure's JSON: trace data, hover text, axes, annotations."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in figure_strings(v)]
    if isinstance(value, list | tuple | np.ndarray):
        return [s for v in value for s in figure_strings(v)]
    return []


def assert_no_markup(fig) -> None:
    """No string plotly draws holds a tag, bar the line breaks the figure adds itself. The layout's
    `meta` is left out: plotly draws none of it (no figure templates it); it is data for
    assets/app.js and assets/drawn.js, which set what they show of it as text."""
    layout = {key: value for key, value in dict(fig.get("layout") or {}).items() if key != "meta"}
    tagged = [s for s in figure_strings({**fig, "layout": layout}) if "<" in s.replace("<br>", "")]
    assert tagged == []
