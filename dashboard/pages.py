"""Static pages served by Flask beside the Dash app: accessibility statement, data dictionary, methods.

They are plain server-rendered HTML (every value escaped), so they work without
JavaScript and print cleanly.
"""

from __future__ import annotations

import re
from html import escape
from pathlib import Path

from flask import Response
from markdown_it import MarkdownIt

from dashboard import export
from dashboard.data.dictionary import dictionary

_SHELL = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title} - Public sector management, admin burden and AI</title>
<link rel="stylesheet" href="/assets/00-bootstrap.min.css">
<link rel="stylesheet" href="/assets/app.css">
</head>
<body>
<a class="skip-link" href="#main">Skip to main content</a>
<header class="site-header"><div class="container-xl">
<p><a href="/">Back to the dashboard</a></p>
<h1>{title}</h1>
</div></header>
<main id="main" class="container-xl static-page" tabindex="-1">
{body}
</main>
</body>
</html>"""

ACCESSIBILITY_BODY = """
<p>This statement applies to the public sector management, admin burden and AI sector comparison dashboard.
We want as many people as possible to be able to use it. The target is the Web Content Accessibility
Guidelines (WCAG) version 2.2 at level AA, which UK public sector websites must meet.</p>

<h2>What you can do</h2>
<ul>
<li>Use every filter, chart selection and download with a keyboard alone. Each chart has a Table view whose
rows carry a button that does what clicking the chart does.</li>
<li>Read every chart as text: each has a written description generated from its data, used as its
accessible description, and a real HTML table with a caption and header cells.</li>
<li>Hear changes: a live region announces the number of sectors and quotes shown after each change.</li>
<li>Use it on a phone, in a narrow window or zoomed in. Below 1200 pixels wide (a 1280-pixel screen zoomed to
110% or more) the page is one column and the filters fold behind a Show filters button; the page does not
scroll sideways at 320 pixels wide, which is 400% zoom on a 1280-pixel screen. At 640 pixels wide or less
(a phone, or a 1280-pixel screen at 200% zoom) every table shows each row as a block of labelled values, and
the evidence map, the findings matrix and the barrier grid are shown as those tables in place of their charts,
with a line saying so. The published figures by topic chart keeps its width and scrolls sideways in its own
box, which you can also scroll with the arrow keys once it has focus; it says so and has a Table view with the
same information.</li>
<li>Present to a room: presenter mode shows one card, finding or quote per slide, fitted to 1280 by 720
and 1920 by 1080 screens, with the active filters and the data status on every slide.</li>
<li>Print a view: the print style drops the controls and keeps the charts, tables and caveats.</li>
</ul>

<h2>How accessible this service is</h2>
<p>Colours come from the Government Analysis Function accessible palette, and colour is never the only way a
value is shown: every bar and matrix cell is also labelled with its value, and suppressed cells say so in text.
All filters are native, labelled checkboxes and radio buttons grouped with a legend. An automated axe-core
scan runs against the default view, a filtered view, every table view and presenter mode on every change,
and must report zero violations for the change to land. The same scan runs at four screen sizes: a 390 by 844
phone, a 320 by 640 screen, a 1280 by 800 screen at 200% zoom (640 by 400 pixels) and a 1440 by 900 desktop.
At each of those, and at 400% zoom (320 by 200 pixels), a layout check confirms that the page does not
scroll sideways, that no two pieces of text overlap, that nothing runs past the right edge of the screen,
that no label inside a chart overlaps another or is cut off, and, below desktop width, that the filters open
and close from their button, with focus moving to the panel's first control and back to the button.</p>

<h3>Known limitations</h3>
<ul>
<li>Charts are drawn by plotly as SVG images. Screen readers get each chart's description and table, not the
individual bars; sighted keyboard users select sectors through the table buttons rather than the chart.</li>
<li>Hover labels on charts need a pointer; the same values are in the table view.</li>
<li>On a phone the evidence map, the findings matrix and the barrier grid are shown as tables, so the
pattern a grid shows at a glance is read row by row there. The findings matrix's table is long (one block per
code and participant group with findings); its search and code filters narrow it.</li>
<li>Automated testing finds only some accessibility problems. The service has not yet been audited by
people who use assistive technology; that audit is planned before a public release.</li>
</ul>

<h2>Reporting a problem</h2>
<p>If you find a problem not listed here, or need the information in another format, open an issue on the
dashboard's code repository, or contact the team that runs this copy of the dashboard. Say which page you were
on (its address), what you were trying to do, and which browser, device and assistive technology you were
using. We aim to reply within 5 working days.</p>
<p>If you are not happy with our response, contact the
<a href="https://www.equalityadvisoryservice.com/">Equality Advisory and Support Service (EASS)</a>.
The Equality and Human Rights Commission enforces the Public Sector Bodies (Websites and Mobile Applications)
(No. 2) Accessibility Regulations 2018.</p>

<h2>Preparation of this statement</h2>
<p>This statement was prepared on 30 November 2026 and last reviewed on 1 December 2026, from automated
testing (axe-core 4.14, WCAG 2.2 A and AA rules) at the screen sizes above, an automated layout check at each
of them, and manual keyboard testing.</p>
"""


def _page(title: str, body: str) -> Response:
    return Response(_SHELL.format(title=escape(title), body=body), mimetype="text/html")


def accessibility_page() -> Response:
    return _page("Accessibility statement", ACCESSIBILITY_BODY)


def dictionary_page() -> Response:
    frame = dictionary()
    parts = [
        "<p>Every column of every table the dashboard loads: its meaning, type, unit and allowed values. "
        '<a href="/data-dictionary.csv">Download the data dictionary (CSV)</a>. The full contract, with how tables '
        "join, is in docs/data-contract.md in the repository.</p>"
    ]
    for table, rows in frame.groupby("table", sort=False):
        parts.append(f'<h2 id="{escape(table)}">{escape(table)}</h2>')
        parts.append('<div class="table-responsive"><table class="table table-sm data-table">')
        parts.append(f"<caption>Columns of {escape(table)}</caption><thead><tr>")
        for header in ("Column", "Type", "Unit", "Required", "Allowed values or range", "Joins to", "Meaning"):
            parts.append(f'<th scope="col">{header}</th>')
        parts.append("</tr></thead><tbody>")
        for r in rows.itertuples():
            allowed = r.allowed_values or r.range
            parts.append(
                f'<tr><th scope="row"><code>{escape(r.column)}</code></th><td>{escape(r.type)}</td>'
                f"<td>{escape(r.unit)}</td><td>{escape(r.required)}</td><td>{escape(allowed)}</td>"
                f"<td>{escape(r.references)}</td><td>{escape(r.description)}</td></tr>"
            )
        parts.append("</tbody></table></div>")
    parts.append('<h2 id="downloads">Downloaded survey CSVs</h2>')
    parts.append(
        "<p>The time-use, AI and barrier cards' CSV downloads (and the same files in the zip) have these "
        "columns, in this order. Value cells hold a number or Analysis Function shorthand: [c] suppressed, "
        "[x] not available, [z] not applicable; [u] (low reliability) is in <code>quality_flag</code>, beside a "
        "number that is kept.</p>"
    )
    parts.append('<div class="table-responsive"><table class="table table-sm data-table">')
    parts.append('<caption>Columns of a survey card\'s CSV</caption><thead><tr><th scope="col">Column</th>')
    parts.append('<th scope="col">Meaning</th></tr></thead><tbody>')
    for column, meaning in export.SURVEY_COLUMNS.items():
        parts.append(f'<tr><th scope="row"><code>{escape(column)}</code></th><td>{escape(meaning)}</td></tr>')
    parts.append("</tbody></table></div>")
    return _page("Data dictionary", "\n".join(parts))


def dictionary_csv() -> Response:
    return Response(
        export.to_csv_bytes(dictionary()),
        mimetype="text/csv",
        headers={"Content-Disposition": "attachment; filename=data_dictionary.csv"},
    )


#: The methods every About pane links to, kept as Markdown beside the code it describes.
METHODS_FILE = Path(__file__).resolve().parents[1] / "docs" / "methods.md"


def _slug(text: str) -> str:
    """A heading's anchor, as GitHub makes it: lower case, punctuation dropped, spaces to hyphens."""
    return re.sub(r"\s", "-", re.sub(r"[^\w\s-]", "", text.strip().lower()))


def methods_html(markdown: str) -> str:
    """The methods as HTML: CommonMark with tables, raw HTML in the source escaped, not passed through,
    and an id on every heading so the About panes can link to a section."""
    parser = MarkdownIt("commonmark", {"html": False}).enable("table")
    tokens = parser.parse(markdown)
    for opening, inline in zip(tokens, tokens[1:], strict=False):
        if opening.type == "heading_open":
            opening.attrSet("id", _slug(inline.content))
    html = parser.renderer.render(tokens, parser.options, {})
    # The page has its own h1; the file's first heading becomes its lead heading.
    return html.replace("<table>", '<div class="table-responsive"><table class="table table-sm data-table">').replace(
        "</table>", "</table></div>"
    )


def methods_page() -> Response:
    try:
        text = METHODS_FILE.read_text(encoding="utf-8")
    except OSError:
        return _page("Methods", "<p>The methods document is not installed with this copy of the dashboard.</p>")
    return _page("Methods", methods_html(text))


def register(server) -> None:
    server.add_url_rule("/accessibility", "accessibility", accessibility_page)
    server.add_url_rule("/data-dictionary", "data_dictionary", dictionary_page)
    server.add_url_rule("/data-dictionary.csv", "data_dictionary_csv", dictionary_csv)
    server.add_url_rule("/methods", "methods", methods_page)
