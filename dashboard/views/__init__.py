"""What each card shows for a view state: title, subtitle, chart, table, row actions and CSV rows.

Pure functions of (context, view state), testable without Dash. `model` holds the
shapes handed to the page, `wording` every sentence, and one module per kind of card
builds them.
"""

from dashboard.views.evidence import map_view, topic_view
from dashboard.views.model import CardView, QuotesView, RowAction, Unavailable, unavailable
from dashboard.views.published import published_view
from dashboard.views.qualitative import matrix_view, quotes_view
from dashboard.views.survey import admin_view, ai_view, barriers_view
from dashboard.views.wording import DATA_UPDATED, SYNTHETIC_TAG, UNAVAILABLE, file_name, highlight_words, qualified

__all__ = [
    "DATA_UPDATED",
    "SYNTHETIC_TAG",
    "UNAVAILABLE",
    "CardView",
    "QuotesView",
    "RowAction",
    "Unavailable",
    "admin_view",
    "ai_view",
    "barriers_view",
    "file_name",
    "highlight_words",
    "map_view",
    "matrix_view",
    "published_view",
    "qualified",
    "quotes_view",
    "topic_view",
    "unavailable",
]
