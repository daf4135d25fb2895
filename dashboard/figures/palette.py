"""Analysis Function colours: one fixed colour per sector in every chart.

The categorical palette is the Government Analysis Function's accessible
six-colour set, assigned in sector order. PSMPS's combined "police and fire"
group never appears beside police, so it shares police's colour.
"""

from __future__ import annotations

from types import MappingProxyType

DARK_BLUE = "#12436D"
TURQUOISE = "#28A197"
DARK_PINK = "#801650"
ORANGE = "#F46A25"
DARK_GREY = "#3D3D3D"
LIGHT_PURPLE = "#A285D1"
TEXT = "#0B0C0C"
GRID = "#D9D9D9"

SECTOR_COLOURS = MappingProxyType(
    {
        "central_government": DARK_BLUE,
        "local_government": TURQUOISE,
        "health": DARK_PINK,
        "education": ORANGE,
        "police": DARK_GREY,
        "fire": LIGHT_PURPLE,
        "police_and_fire": DARK_GREY,
    }
)

#: Sequential scale (white to dark blue) for matrices; values are printed in each
#: cell, so colour is never the only way to read them.
#: The darkest step stays light enough for black text (contrast above 7:1 throughout).
SEQUENTIAL = ((0.0, "#FFFFFF"), (0.0001, "#EAF1F8"), (1.0, "#8FB0D1"))
