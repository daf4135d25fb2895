"""The page at every screen size its users have: phones, a narrow window, 200% and 400% zoom, a desktop.

One page load per size, every check on it (issue 14):

- the filter panel: below the desktop breakpoint (1200 CSS px, assets/app.css) its controls fold
  behind "Show filters", a button with aria-expanded and aria-controls that opens in the browser
  (no server round trip); opening moves focus to the panel's first control, closing ("Hide filters",
  or Escape inside the panel) returns it to the button; nothing is sticky or fixed over the content.
  At desktop width the panel sits in its own column and the button is not shown;
- an axe-core scan with zero violations (tests/browser/test_accessibility.py's helper), with the
  panel open so that its controls are scanned too;
- a layout check in the page (LAYOUT below): no sideways scrolling (the document is no wider than
  the window, WCAG 1.4.10), no two visible pieces of text overlap, nothing runs past the right edge
  of the viewport, and every box that scrolls sideways on its own (a wide table, a grid chart) is a
  named, focusable region; and inside every drawn chart no two labels overlap or leave the chart;
- the grids (GRIDS below): at 640 CSS px and less (the phones, 200% and 400% zoom) each grid card
  (the evidence map, the findings matrix, the barrier grid) in its Chart view shows its table, with
  rows, in place of its chart and a line saying so, and every table on the page stacks its rows
  rather than scroll sideways; wider, the Chart view shows the chart and not the table. A desktop
  window narrowed after loading gets the grids' tables too (they are built only for a narrow screen).

How the sizes are made: Chrome DevTools' Emulation.setDeviceMetricsOverride, before the page
loads. Browser zoom at 200% on a 1280 x 800 window is a 640 x 400 CSS px viewport with a
devicePixelRatio of 2, which is exactly what the override with deviceScaleFactor 2 gives (a
640 x 400 window would lay out the same CSS pixels at a ratio of 1, and a real window's size
includes the browser's own frame). Phones are emulated as mobile (the viewport meta tag applies and
scrollbars overlay the page); zoomed desktops are not (a classic scrollbar takes its width).
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from selenium.webdriver.common.keys import Keys

from dashboard import ids
from dashboard.components.registry import CARDS
from tests.browser.test_accessibility import scan
from tests.browser.test_keyboard_and_presenter import press, wait_until


@dataclass(frozen=True)
class Size:
    name: str
    width: int
    height: int
    scale: float = 1
    mobile: bool = False

    @property
    def desktop(self) -> bool:
        return self.width >= 1200

    @property
    def narrow(self) -> bool:
        """At most 640 CSS px (assets/app.css): grids are shown as tables, table rows stack."""
        return self.width <= 640


SIZES = [
    Size("phone-390x844", 390, 844, mobile=True),
    Size("narrow-320x640", 320, 640, mobile=True),
    Size("zoom200-1280x800", 640, 400, scale=2),
    Size("desktop-1440x900", 1440, 900),
]
#: 1280 x 800 at 400% zoom is 320 x 200 CSS px: the same width as the 320 px phone (less a classic
#: scrollbar), so the same page is re-measured at it after the 320 px checks, without a second load
#: or a second axe scan (the document is the same; only the layout differs).
ALSO = {"narrow-320x640": Size("zoom400-1280x800", 320, 200, scale=4)}

#: The layout check, run in the page. Text is checked line box by line box (a Range over each text
#: node), so a paragraph and the link inside it never count as overlapping. Left out: text inside a
#: chart's SVG (CHART_TEXT checks that), anything not rendered, visually hidden text (the live
#: region), and anything inside a box that scrolls sideways on its own (a wide table or grid
#: chart, which WCAG 1.4.10 allows for content that needs two dimensions).
LAYOUT = r"""
const root = document.documentElement;
const edge = root.clientWidth;
const TOL = 1;
const styleOf = new Map();
const style = el => { if (!styleOf.has(el)) styleOf.set(el, getComputedStyle(el)); return styleOf.get(el); };
const name = el => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') +
  (typeof el.className === 'string' && el.className ? '.' + el.className.trim().split(/\s+/).join('.') : '');
// The nearest ancestor that clips or scrolls sideways, if it holds more than it shows.
const scroller = el => {
  for (let p = el.parentElement; p && p !== document.body && p !== root; p = p.parentElement) {
    if (style(p).overflowX !== 'visible' && p.scrollWidth > p.clientWidth + TOL) return p;
  }
  return null;
};
// Visually hidden: inside a box of at most 1 px that hides its overflow (the .visually-hidden pattern).
const tucked = el => {
  for (let p = el; p && p !== root; p = p.parentElement) {
    const s = style(p);
    if (s.overflow !== 'visible' && (p.clientWidth <= 1 || p.clientHeight <= 1)) return true;
    if (s.clip && s.clip !== 'auto') return true;
  }
  return false;
};
const shown = el => el.checkVisibility({checkOpacity: true, checkVisibilityCSS: true}) && !tucked(el);

// (a) no sideways scrolling
const out = {scrollWidth: root.scrollWidth, innerWidth: window.innerWidth, clientWidth: edge, overlaps: [], beyond: [],
             stuck: [], regions: [], unnamedRegions: [], cutCaptions: []};

// (b) no two visible text line boxes overlap
const boxes = [];
const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
for (let node = walker.nextNode(); node; node = walker.nextNode()) {
  const el = node.parentElement;
  if (!node.textContent.trim() || !el || el.closest('svg, script, style, noscript, template')) continue;
  if (!shown(el) || scroller(el)) continue;
  const range = document.createRange();
  range.selectNodeContents(node);
  const label = name(el) + ' "' + node.textContent.trim().slice(0, 40) + '"';
  for (const r of range.getClientRects()) {
    if (r.width > TOL && r.height > TOL) boxes.push({r, node, label});
  }
}
boxes.sort((a, b) => a.r.top - b.r.top);
for (let i = 0; i < boxes.length; i++) {
  const a = boxes[i].r;
  for (let j = i + 1; j < boxes.length && boxes[j].r.top < a.bottom - TOL; j++) {
    const b = boxes[j].r;
    if (boxes[i].node === boxes[j].node) continue;
    const w = Math.min(a.right, b.right) - Math.max(a.left, b.left);
    const h = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
    if (w > TOL && h > TOL) out.overlaps.push(boxes[i].label + ' overlaps ' + boxes[j].label);
  }
}
out.textBoxes = boxes.length;

// (c) nothing past the right edge; nothing sticky or fixed over the page; sideways scrollers are regions
for (const el of document.body.querySelectorAll('*')) {
  if (el.closest('svg') && el.tagName.toLowerCase() !== 'svg') continue;
  if (!shown(el)) continue;
  const r = el.getBoundingClientRect();
  if (r.width <= TOL || r.height <= TOL) continue;
  const inside = scroller(el);
  if (!inside && r.right > edge + TOL) out.beyond.push(name(el) + ' right=' + Math.round(r.right));
  const s = style(el);
  if (!inside && (s.position === 'sticky' || s.position === 'fixed')) out.stuck.push(name(el) + ' ' + s.position);
  if (s.overflowX !== 'visible' && el.scrollWidth > el.clientWidth + TOL && !inside) {
    const named = el.getAttribute('aria-labelledby') || el.getAttribute('aria-label');
    const region = name(el) + (el.getAttribute('role') ? '[role=' + el.getAttribute('role') + ']' : '');
    out.regions.push(region);
    if (el.tabIndex < 0 || !named) out.unnamedRegions.push(region + ' tabindex=' + el.getAttribute('tabindex'));
    // A scrolling table's caption (the region's name) is read in full without scrolling.
    const frame = el.getBoundingClientRect();
    for (const caption of el.querySelectorAll('caption')) {
      const c = caption.getBoundingClientRect();
      if (c.left < frame.left - TOL || c.right > frame.left + el.clientWidth + TOL) out.cutCaptions.push(region);
    }
  }
}
return out;
"""

#: Inside every drawn chart: no two visible labels (SVG text) overlap, and none runs out of the chart.
#: Plotly draws the findings matrix's code names twice, the second copy transparent (a click
#: target), so text with no fill is left out.
CHART_TEXT = r"""
const out = {};
for (const graph of document.querySelectorAll('.dash-graph')) {
  if (!graph.checkVisibility()) continue;
  const plot = graph.querySelector('.js-plotly-plot');
  if (!plot || !plot.querySelector('.main-svg')) continue;
  const frame = plot.getBoundingClientRect();
  const texts = Array.from(plot.querySelectorAll('svg text'))
    .filter(t => t.textContent.trim() && t.checkVisibility({checkOpacity: true}))
    .filter(t => getComputedStyle(t).fillOpacity !== '0')
    .map(t => ({label: t.textContent.trim().slice(0, 40), r: t.getBoundingClientRect()}))
    .filter(t => t.r.width > 0 && t.r.height > 0);
  const problems = [];
  for (let i = 0; i < texts.length; i++) {
    const a = texts[i].r;
    const out_of_chart = a.left < frame.left - 1 || a.right > frame.right + 1;
    if (out_of_chart) problems.push('"' + texts[i].label + '" leaves the chart');
    for (let j = i + 1; j < texts.length; j++) {
      const b = texts[j].r;
      const w = Math.min(a.right, b.right) - Math.max(a.left, b.left);
      const h = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
      if (w > 1 && h > 1) problems.push('"' + texts[i].label + '" overlaps "' + texts[j].label + '"');
    }
  }
  out[graph.id] = {width: Math.round(frame.width), labels: texts.length, problems: problems.slice(0, 5)};
}
return out;
"""

#: The new viewport is in force and every drawn chart is as wide as its box again (plotly redraws on a resize).
CHARTS_FIT = """
return window.innerHeight === arguments[0] &&
  Array.from(document.querySelectorAll('.js-plotly-plot')).filter(p => p.checkVisibility())
    .every(p => Math.abs(p.querySelector('.main-svg').getBoundingClientRect().width - p.clientWidth) < 2);
"""

#: The panel's first control, as the toggle script finds it.
FIRST_CONTROL = """
const panel = document.getElementById(arguments[0]);
return Array.from(panel.querySelectorAll('input, button, select, textarea, summary, a[href], [tabindex]'))
  .find(el => el.offsetParent !== null && el.tabIndex >= 0 && !el.disabled);
"""


#: The grid cards: on a narrow screen their table stands in for their chart.
GRID_KEYS = ["evidence_map", "matrix", "barriers"]

#: What each grid card shows, and which tables scroll sideways in their own box.
GRIDS = r"""
const out = {cards: {}};
for (const key of arguments[0]) {
  const card = document.getElementById(key + '-card');
  const pane = document.getElementById(key + '-table-pane');
  const table = pane.querySelector('table');
  const checked = card.querySelector('.view-input:checked');
  out.cards[key] = {
    view: checked ? checked.value : null,
    chart: card.querySelector('.chart-figure').checkVisibility(),
    note: card.querySelector('.grid-narrow-note').checkVisibility(),
    table: pane.checkVisibility() && !!table && table.checkVisibility(),
    rows: table ? table.tBodies[0].rows.length : 0,
    caption: table && table.caption ? table.caption.textContent : '',
  };
}
out.wideTables = Array.from(document.querySelectorAll('.table-responsive'))
  .filter(box => box.checkVisibility() && box.scrollWidth > box.clientWidth + 1)
  .map(box => box.parentElement.id + ' ' + box.scrollWidth + '>' + box.clientWidth);
return out;
"""


def check_grids(duo, size: Size) -> None:
    """Each grid card's Chart view: narrow, its table (with rows, its caption naming the card's
    subject) and the line saying so, not its chart; wider, its chart only. No table scrolls sideways."""
    result = duo.driver.execute_script(GRIDS, GRID_KEYS)
    for key, shown in result["cards"].items():
        where = f"{size.name}: {key}"
        assert shown["view"] == "chart", f"{where}: the card should be on its Chart view, not {shown['view']!r}"
        if size.narrow:
            assert shown["table"] and shown["note"] and not shown["chart"], f"{where}: the table stands in: {shown}"
            assert shown["rows"] > 0 and shown["caption"], f"{where}: the stand-in table is empty: {shown}"
        else:
            assert shown["chart"] and not shown["table"] and not shown["note"], f"{where}: chart only: {shown}"
    if size.narrow:
        assert not result["wideTables"], f"{size.name}: tables should stack, not scroll: {result['wideTables']}"


def emulate(driver, size: Size) -> None:
    driver.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride",
        {"width": size.width, "height": size.height, "deviceScaleFactor": size.scale, "mobile": size.mobile},
    )


def check_layout(duo, size: Size, when: str) -> dict:
    result = duo.driver.execute_script(LAYOUT)
    where = f"{size.name} ({when})"
    assert result["innerWidth"] == size.width, f"{where}: the emulated viewport is {result['innerWidth']} px wide"
    assert result["scrollWidth"] <= result["innerWidth"], (
        f"{where}: the page scrolls sideways: scrollWidth {result['scrollWidth']} > innerWidth {result['innerWidth']}"
    )
    assert not result["overlaps"], f"{where}: text overlaps text:\n" + "\n".join(result["overlaps"][:10])
    assert not result["beyond"], f"{where}: past the right edge ({result['clientWidth']} px):\n" + "\n".join(
        result["beyond"][:10]
    )
    assert not result["unnamedRegions"], f"{where}: a box scrolls sideways but is not a named, focusable region:\n" + (
        "\n".join(result["unnamedRegions"])
    )
    assert not result["cutCaptions"], f"{where}: a scrolling table's caption is cut off: {result['cutCaptions']}"
    assert result["textBoxes"] > 200, f"{where}: only {result['textBoxes']} text boxes: did the page draw?"
    if not size.desktop:
        assert not result["stuck"], f"{where}: sticky or fixed over the content: {result['stuck']}"
    return result


def expanded(duo) -> str | None:
    return duo.find_element(f"#{ids.FILTERS_TOGGLE}").get_attribute("aria-expanded")


def active_id(duo) -> str:
    return duo.driver.execute_script("return document.activeElement && document.activeElement.id")


def check_filters_toggle_opens(duo, size: Size) -> None:
    """Below the breakpoint: collapsed at first, opens in the browser with focus on its first control."""
    toggle = duo.find_element(f"#{ids.FILTERS_TOGGLE}")
    panel = duo.find_element(f"#{ids.FILTERS_PANEL}")
    position = duo.driver.execute_script("return getComputedStyle(document.querySelector('.sidebar')).position")
    if size.desktop:
        assert not toggle.is_displayed(), "no Show filters button beside a panel that is always shown"
        assert panel.is_displayed()
        assert position == "sticky", "at desktop width the panel stays in view in its own column"
        return
    assert position == "static", f"{size.name}: the filter panel must scroll with the page, not stick over it"
    assert toggle.is_displayed() and toggle.tag_name == "button" and toggle.get_attribute("type") == "button"
    assert toggle.text == "Show filters"
    assert expanded(duo) == "false" and toggle.get_attribute("aria-controls") == ids.FILTERS_PANEL
    assert not panel.is_displayed(), "the controls start folded away"
    assert duo.find_element(f"#{ids.ACTIVE_FILTERS}").is_displayed(), "what is applied stays in view"
    requests = duo.driver.execute_script("return performance.getEntriesByType('resource').length")
    duo.driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", toggle)
    toggle.click()
    wait_until(lambda: expanded(duo) == "true", "the toggle says the panel is open")
    assert panel.is_displayed() and toggle.text == "Hide filters"
    first = duo.driver.execute_script(FIRST_CONTROL, ids.FILTERS_PANEL)
    assert first is not None and active_id(duo) == first.get_attribute("id") == ids.RESET_ALL, (
        f"focus should move to the panel's first control, not {active_id(duo)!r}"
    )
    assert duo.driver.execute_script("return performance.getEntriesByType('resource').length") == requests, (
        "opening the panel asked the server for something"
    )


def check_filters_toggle_closes(duo, size: Size) -> None:
    """'Hide filters' at the foot of the panel, and Escape inside it, close it and focus the toggle."""
    if size.desktop:
        return
    close = duo.find_element(f"#{ids.FILTERS_CLOSE}")
    duo.driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", close)
    close.click()
    wait_until(lambda: expanded(duo) == "false", "Hide filters closes the panel")
    assert not duo.find_element(f"#{ids.FILTERS_PANEL}").is_displayed()
    assert active_id(duo) == ids.FILTERS_TOGGLE, f"focus should return to the toggle, not {active_id(duo)!r}"
    # By keyboard: Enter opens, Escape inside the panel closes.
    press(duo, Keys.ENTER)
    wait_until(lambda: expanded(duo) == "true", "Enter on the toggle opens the panel")
    assert active_id(duo) == ids.RESET_ALL
    press(duo, Keys.ESCAPE)
    wait_until(lambda: expanded(duo) == "false", "Escape inside the panel closes it")
    assert active_id(duo) == ids.FILTERS_TOGGLE


@pytest.mark.parametrize("size", SIZES, ids=[s.name for s in SIZES])
def test_every_screen_size_reflows_passes_axe_and_keeps_text_apart(dash_duo, start, size):
    emulate(dash_duo.driver, size)
    duo = start("/")

    check_filters_toggle_opens(duo, size)
    report = scan(duo, size.name)  # settles the page (charts drawn, fonts loaded) first
    assert not report, report

    check_layout(duo, size, "filters open" if not size.desktop else "default")
    check_grids(duo, size)
    charts = duo.driver.execute_script(CHART_TEXT)
    # Six charts wide; narrow, the three grids' tables stand in for theirs.
    drawn = {f"{card.key}-graph" for card in CARDS if card.has_chart and not (size.narrow and card.grid)}
    assert set(charts) == drawn, f"{size.name}: {sorted(charts)} drew, not {sorted(drawn)}"
    crowded = {key: chart for key, chart in charts.items() if chart["problems"]}
    assert not crowded, f"{size.name}: chart labels collide or are cut off: {crowded}"

    check_filters_toggle_closes(duo, size)
    if not size.desktop:
        check_layout(duo, size, "filters closed")

    also = ALSO.get(size.name)
    if also is not None:
        emulate(duo.driver, also)
        wait_until(lambda: duo.driver.execute_script(CHARTS_FIT, also.height), f"the charts redraw at {also.name}")
        check_layout(duo, also, "filters closed")
        check_grids(duo, also)
        charts = duo.driver.execute_script(CHART_TEXT)
        crowded = {key: chart for key, chart in charts.items() if chart["problems"]}
        assert not crowded, f"{also.name}: chart labels collide or are cut off: {crowded}"

    if size.desktop:
        # A window narrowed past the breakpoint after the page loaded: the grids' tables arrive (they
        # were not built for a wide screen), without a reload.
        narrowed = Size("narrowed-600x800", 600, 800)
        emulate(duo.driver, narrowed)

        def tables_shown() -> bool:
            grids = duo.driver.execute_script(GRIDS, GRID_KEYS)["cards"].values()
            return all(g["table"] and not g["chart"] for g in grids)

        wait_until(tables_shown, "the grids' tables are drawn once the window is narrow")
        check_grids(duo, narrowed)
