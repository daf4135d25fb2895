"""Analysis Function colours, one meaning each.

Dark blue is a value (every bar, whatever its sector: the axis names the sector, so a colour
per sector would only repeat it); orange is the sector a user highlighted, and nothing else,
on the page as in the charts (assets/app.css `--highlight`). Greys are text, grid and borders.
"""

from __future__ import annotations

DARK_BLUE = "#12436D"
TURQUOISE = "#28A197"
DARK_PINK = "#801650"
ORANGE = "#F46A25"
DARK_GREY = "#3D3D3D"
LIGHT_PURPLE = "#A285D1"
TEXT = "#0B0C0C"
GRID = "#D9D9D9"

#: Sequential scale (white to dark blue) for matrices; values are printed in each
#: cell, so colour is never the only way to read them.
#: The darkest step stays light enough for black text (contrast above 7:1 throughout).
SEQUENTIAL = ((0.0, "#FFFFFF"), (0.0001, "#EAF1F8"), (1.0, "#8FB0D1"))
