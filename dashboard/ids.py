"""Every DOM id the page uses, defined once.

The layout, the callbacks, assets/app.js and the browser tests all name the same
elements; an id spelt in two places drifts. Static ids are constants here; a card's
ids come from `CardIds.of(key)`; ids of repeated controls (a row's button, a quote's
chip) are pattern-matching dicts made by the functions at the bottom, whose `type`
values are constants too, so a callback can match on them with `ALL`.

This module imports nothing from the package, so any layer may use it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

# -- page ---------------------------------------------------------------------------------
PAGE_ROOT = "page-root"
URL = "url"
STATE = "state"
#: Whether the screen is narrow (640 CSS px or less, as assets/app.css): set in the browser, so the
#: panels callback builds a grid's table in its Chart view only for a screen that shows it there.
NARROW = "narrow-screen"
#: The store a button drawn in the page (a table row's; a quote's code chip or select button) writes
#: its pattern id to when pressed (assets/drawn.js).
PICKED = "picked"
MAIN = "main"
ANNOUNCER = "announcer"
URL_NOTE = "url-note"

# -- highlight bar (shown while a chart click highlights a sector) --------------------------
HIGHLIGHT_BAR = "highlight-bar"
HIGHLIGHT_TEXT = "highlight-text"
HIGHLIGHT_SHOW_ONLY = "highlight-show-only"
HIGHLIGHT_CLEAR = "highlight-clear"

# -- toolbar ------------------------------------------------------------------------------
PERMALINK = "permalink"
COPY_LINK = "copy-link"
COPY_STATUS = "copy-status"
PRESENT_TOGGLE = "present-toggle"
ALL_DOWNLOAD = "all-download"
ALL_DOWNLOAD_BUTTON = "all-download-btn"

# -- filter panel -------------------------------------------------------------------------
FILTERS = "filters"
ACTIVE_FILTERS = "active-filters"
RESET_ALL = "reset-all"
CODES_DETAILS = "codes-details"
# The filter controls, one per view-state field (dashboard.state.FIELDS names each field's control).
SECTOR_FILTER = "sectors"
THEME_FILTER = "themes"
METHOD_FILTER = "methods"
GROUP_FILTER = "groups"
SIZE_FILTER = "size-bands"
REGION_FILTER = "regions"
FRONTLINE_FILTER = "frontline"
SOURCE_FILTER = "sources"
SHORTCUT_ALL = "shortcut-all"
SHORTCUT_FRONTLINE = "shortcut-frontline"
SHORTCUT_CENTRAL_LOCAL = "shortcut-central-local"
#: Below the desktop breakpoint (assets/app.css) the panel's controls fold behind this button;
#: assets/app.js opens and closes it in the browser (aria-expanded says which), no server round trip.
FILTERS_TOGGLE = "filters-toggle"
FILTERS_PANEL = "filters-panel"
#: "Hide filters" at the foot of the open panel: closes it and returns focus to FILTERS_TOGGLE.
FILTERS_CLOSE = "filters-close"
#: Words assets/app.js adds (in a hidden element of its own) to the name of a chart that scrolls
#: sideways in its box on a narrow screen: the region is "<card title> chart, scrolls sideways".
CHART_SCROLL_NOTE = "chart-scroll-note"

# -- quote panel --------------------------------------------------------------------------
QUOTES_CARD = "quotes-card"
QUOTES_TITLE = "quotes-title"
QUOTES_COUNT = "quotes-count"
QUOTES_LIST = "quotes-list"
QUOTE_SEARCH = "quote-search"
QUOTES_DOWNLOAD = "quotes-download"
QUOTES_DOWNLOAD_BUTTON = "quotes-download-btn"

# -- evidence panel (the findings behind the matrix, after the matrix card) ------------------
FINDINGS_CARD = "findings-card"
#: The panel's heading (tabIndex -1): focus moves here after a matrix cell, code or row button opens it.
FINDINGS_TITLE = "findings-title"
FINDINGS_SUMMARY = "findings-summary"
FINDINGS_BODY = "findings-body"
#: "Back to the matrix": a link to the matrix card's heading, which takes focus.
FINDINGS_BACK = "findings-back"
FINDINGS_DOWNLOAD = "findings-download"
FINDINGS_DOWNLOAD_BUTTON = "findings-download-btn"
#: A new token each time a click opens the panel (written by the sync callback), and the last token
#: the browser moved focus for (assets/findings.js).
FINDINGS_FOCUS = "findings-focus"
FINDINGS_FOCUSED = "findings-focused"

# -- topic switch (above the topic panel) -------------------------------------------------
#: The group of topic buttons; the sync callback redraws it (and focuses it after a map click).
TOPIC_SWITCH = "topic-switch"
TOPIC_SWITCH_LABEL = "topic-switch-label"

# -- presenter slides (assets/app.js builds the slides and steps them; nothing server-side) -------
#: The bar on every slide: Previous / Next, "Slide 3 of 12", the slide's data status and the filters.
SLIDE_BAR = "slide-bar"
SLIDE_PREV = "slide-prev"
SLIDE_NEXT = "slide-next"
SLIDE_STATUS = "slide-status"
SLIDE_DATA = "slide-data"
#: A copy of the sidebar's active-filters line (the sidebar is hidden in presenter mode).
SLIDE_FILTERS = "slide-filters"


# -- cards --------------------------------------------------------------------------------
#: Every card's key, in page order. The registry (components/registry.py) defines each card and is
#: checked against this list; the view state needs the keys below the layer the registry lives in,
#: to validate which card shows its Table or About view (`state.FIELDS["views"]`).
CARD_KEYS = ("evidence_map", "topic_figures", "matrix", "published", "admin", "ai", "barriers")
#: A card's Chart / Table / About choices, in the order the radio buttons show them.
CARD_VIEWS = ("chart", "table", "about")


def view_token(key: str, view: str) -> str:
    """How the URL names one card's non-default view: `ai-table`, `matrix-about`."""
    return f"{key}-{view}"


@dataclass(frozen=True)
class CardIds:
    """The ids inside one card, all derived from its key."""

    key: str

    @classmethod
    def of(cls, key: str) -> CardIds:
        return cls(key)

    @property
    def card(self) -> str:
        return f"{self.key}-card"

    @property
    def title(self) -> str:
        return f"{self.key}-title"

    @property
    def subtitle(self) -> str:
        return f"{self.key}-subtitle"

    @property
    def view(self) -> str:
        """The Chart / Table / About radio group."""
        return f"{self.key}-view"

    @property
    def chart_pane(self) -> str:
        return f"{self.key}-chart-pane"

    @property
    def table_pane(self) -> str:
        return f"{self.key}-table-pane"

    @property
    def about_pane(self) -> str:
        return f"{self.key}-about-pane"

    @property
    def graph(self) -> str:
        return f"{self.key}-graph"

    @property
    def description(self) -> str:
        return f"{self.key}-desc"

    @property
    def table(self) -> str:
        return f"{self.key}-table"

    @property
    def download(self) -> str:
        return f"{self.key}-download"

    @property
    def download_button(self) -> str:
        return f"{self.key}-download-btn"


def caption_of(table_id: str) -> str:
    """The id of a data table's <caption>, which names the table's scroll region."""
    return f"{table_id}-caption"


def quote_anchor(quote_id: str) -> str:
    """The id of a rendered quote (a link target)."""
    return f"quote-{quote_id}"


# -- pattern-matching ids -----------------------------------------------------------------
#: A code checklist, one per code category.
CODES = "codes"
#: A code chip on a quote: toggles that code (drawn by assets/drawn.js, so the id of a pick, not an input).
CODE_CHIP = "code-chip"
#: A quote's "select" control (drawn by assets/drawn.js too).
QUOTE_SELECT = "quote-select"
#: A table row's "Show only <sector>" button.
PICK_SECTOR = "pick-sector"
#: A matrix table row's "Show findings" button.
PICK_CELL = "pick-cell"
#: A code's name beside the findings matrix (assets/drawn.js makes the chart's axis labels pick).
PICK_CODE = "pick-code"
#: An evidence map row's "Open evidence" button: one sector and one topic.
PICK_EVIDENCE = "pick-evidence"
#: A topic switch button above the topic panel.
PICK_TOPIC = "pick-topic"


def dom_id(pattern: dict[str, str]) -> str:
    """A pattern id as the page writes it in the DOM: its JSON with sorted keys and no spaces, as
    Dash's renderer does, so a control drawn by assets/drawn.js has the id Dash would give it."""
    return json.dumps(pattern, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def codes_checklist(category: str) -> dict[str, str]:
    return {"type": CODES, "category": category}


def codes_label(category: str) -> str:
    return f"codes-{category}-label"


def code_chip(code: str, quote_id: str) -> dict[str, str]:
    return {"type": CODE_CHIP, "code": code, "quote": quote_id}


def quote_select(quote_id: str) -> dict[str, str]:
    return {"type": QUOTE_SELECT, "quote": quote_id}


def pick_sector(sector: str, card: str) -> dict[str, str]:
    return {"type": PICK_SECTOR, "sector": sector, "card": card}


def pick_cell(column: str, code: str) -> dict[str, str]:
    return {"type": PICK_CELL, "column": column, "code": code}


def pick_code(code: str) -> dict[str, str]:
    return {"type": PICK_CODE, "code": code}


def pick_evidence(sector: str, topic: str) -> dict[str, str]:
    return {"type": PICK_EVIDENCE, "sector": sector, "topic": topic}


def pick_topic(topic: str) -> dict[str, str]:
    return {"type": PICK_TOPIC, "topic": topic}
