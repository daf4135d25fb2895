"""Presenter mode as slides, at the two sizes a room's screen has: 1280 x 720 and 1920 x 1080.

One page load; at each size in turn, every slide, stepped with the right arrow key: the slide lies
inside the window and the page does not scroll; no two pieces of visible text overlap, nothing
covers text (a chart drawn over its own description was issue 14's first finding) and no text is
cut off by a box too small for it; a step adds no history entry; the bar says what is filtered and
what the data are. Then an axe-core scan of a chart slide and a quote slide at that size.
"""

from __future__ import annotations

import time

from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.keys import Keys

from tests.browser.conftest import wait_idle
from tests.browser.test_accessibility import scan

SIZES = [(1280, 720), (1920, 1080)]
FILTERED = "/?sector=central_government,local_government,health,education,police"

#: Every problem with the current slide's layout, in words; [] if none. Text is measured per text node
#: (a Range's line boxes), so a parent and the bold words inside it are not an "overlap"; text inside
#: plotly's SVG is plotly's to place and is left out, but the chart's box may cover no other text.
LAYOUT_PROBLEMS = r"""
const vw = window.innerWidth, vh = window.innerHeight, slop = 1;
const problems = [];
const page = document.scrollingElement;
if (page.scrollHeight > vh + slop) problems.push(`the page scrolls: scrollHeight ${page.scrollHeight} > ${vh}`);
if (page.scrollWidth > vw + slop) problems.push(`the page scrolls sideways: scrollWidth ${page.scrollWidth} > ${vw}`);
const inside = (r, box) => r.left >= box.left - slop && r.top >= box.top - slop
  && r.right <= box.right + slop && r.bottom <= box.bottom + slop;
const screen = {left: 0, top: 0, right: vw, bottom: vh};
const name = el => el.id ? `#${el.id}` : `${el.tagName.toLowerCase()}.${[...el.classList].join('.')}`;
const slide = document.querySelector('.slide-current');
const host = document.querySelector('.slide-host');
if (!slide || !host) return ['no current slide'];
for (const el of [slide, host, document.querySelector('.slide-bar')]) {
  const r = el.getBoundingClientRect();
  if (!r.width || !r.height) problems.push(`${name(el)} has no size`);
  if (!inside(r, screen)) problems.push(`${name(el)} is not inside the window: ${JSON.stringify(r)}`);
}
const clipped = el => {
  const boxes = [];
  for (let a = el.parentElement; a && a !== document.documentElement; a = a.parentElement) {
    const s = getComputedStyle(a);
    if (s.overflowX !== 'visible' || s.overflowY !== 'visible') boxes.push(a);
  }
  return boxes;
};
const texts = [];
const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
for (let node = walker.nextNode(); node; node = walker.nextNode()) {
  const el = node.parentElement;
  // The skip link waits off screen until it has focus.
  if (!node.textContent.trim() || !el) continue;
  if (el.closest('svg, .visually-hidden, script, style, .skip-link:not(:focus)')) continue;
  if (!el.checkVisibility({visibilityProperty: true, opacityProperty: true})) continue;
  const range = document.createRange();
  range.selectNodeContents(node);
  const rects = [...range.getClientRects()].filter(r => r.width > 1 && r.height > 1);
  if (!rects.length) continue;
  const label = `${name(el)} "${node.textContent.trim().slice(0, 40)}"`;
  for (const r of rects) {
    if (!inside(r, screen)) { problems.push(`text outside the window: ${label}`); break; }
  }
  for (const box of clipped(el)) {
    const b = box.getBoundingClientRect();
    if (rects.some(r => !inside(r, b))) { problems.push(`text cut off by ${name(box)}: ${label}`); break; }
  }
  for (const r of rects) {
    const hit = document.elementFromPoint((r.left + r.right) / 2, (r.top + r.bottom) / 2);
    if (hit && hit !== el && !el.contains(hit) && !hit.contains(el)) {
      problems.push(`text covered by ${name(hit)}: ${label}`);
      break;
    }
  }
  texts.push({node, label, rects});
}
for (let i = 0; i < texts.length; i += 1) {
  for (let j = i + 1; j < texts.length; j += 1) {
    const hit = texts[i].rects.some(a => texts[j].rects.some(b =>
      Math.min(a.right, b.right) - Math.max(a.left, b.left) > 2
      && Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top) > 2));
    if (hit) problems.push(`text overlaps text: ${texts[i].label} and ${texts[j].label}`);
  }
}
const graph = slide.querySelector('.dash-graph');
if (graph && graph.checkVisibility({visibilityProperty: true})) {
  const g = graph.getBoundingClientRect();
  const svg = graph.querySelector('.main-svg');
  if (!svg) problems.push('the chart is not drawn');
  else if (!inside(svg.getBoundingClientRect(), g)) {
    const s = svg.getBoundingClientRect();
    problems.push(`the chart (${s.width} x ${s.height}) is bigger than its box (${g.width} x ${g.height})`);
  }
  // A chart fills its slide, unless it has a few rows (figures/bars.py fit_slide).
  if (g.height < 200 && !graph.classList.contains('slide-chart-fixed')) {
    problems.push(`the chart is only ${Math.round(g.height)} px tall`);
  }
  for (const t of texts) {
    if (graph.contains(t.node)) continue;
    if (t.rects.some(r => Math.min(r.right, g.right) - Math.max(r.left, g.left) > 2
        && Math.min(r.bottom, g.bottom) - Math.max(r.top, g.top) > 2)) {
      problems.push(`the chart's box covers text: ${t.label}`);
    }
  }
}
return problems;
"""

#: What the bar says, and what it should say, for the current slide.
BAR = """
const text = selector => (document.querySelector(selector) || {}).textContent || '';
const host = document.querySelector('.slide-host');
return {
  status: text('.slide-status'),
  data: text('.slide-data'),
  filters: text('.slide-filters'),
  sidebar: text('#active-filters'),
  synthetic: !!(host && host.querySelector('.badge-synthetic')),
  slide: document.querySelector('.slide-current') && document.querySelector('.slide-current').id,
  quote: !!document.querySelector('figure.quote.slide-current'),
  quotes: document.querySelectorAll('.quotes-list > figure.quote').length,
  cards: [...document.querySelectorAll('.cards section.card-panel')]
    .filter(c => !c.querySelector('.quotes-list')).map(c => c.id),
  history: history.length,
  hash: location.hash,
};
"""


def set_viewport(driver, width: int, height: int) -> None:
    """Make the window's viewport (innerWidth x innerHeight) exactly this size: the window itself
    is bigger by its frame, which depends on the browser, so measure it and make up the difference."""
    driver.set_window_size(width, height)
    for _ in range(3):
        inner = driver.execute_script("return [window.innerWidth, window.innerHeight]")
        if inner == [width, height]:
            return
        outer = driver.get_window_size()
        driver.set_window_size(outer["width"] + width - inner[0], outer["height"] + height - inner[1])
    inner = driver.execute_script("return [window.innerWidth, window.innerHeight]")
    assert inner == [width, height], f"could not make the viewport {width} x {height}: it is {inner}"


def bar(duo) -> dict:
    return duo.driver.execute_script(BAR)


def wait_for_status(duo, words: str, timeout: float = 10.0) -> dict:
    deadline = time.time() + timeout
    while True:
        now = bar(duo)
        if now["status"].startswith(words):
            return now
        if time.time() > deadline:
            raise AssertionError(f"the slide status never said {words!r}: it says {now['status']!r}")
        time.sleep(0.05)


def press(duo, key) -> None:
    ActionChains(duo.driver).send_keys(key).perform()


def slide_count(status: str) -> int:
    """'Slide 3 of 24: ...' -> 24."""
    return int(status.split(" of ")[1].split(":")[0].split()[0])


def step_through_every_slide(duo, width: int, height: int) -> None:
    """From slide 1, every slide in turn with the right arrow key, checking each (see the module's
    docstring); axe scans the first slide and the first quote slide."""
    size = f"{width}x{height}"
    set_viewport(duo.driver, width, height)
    press(duo, Keys.HOME)
    first = wait_for_status(duo, "Slide 1 of")
    wait_idle(duo)
    report = scan(duo, f"presenter, first slide, {size}")
    assert not report, report
    total = slide_count(first["status"])
    history = bar(duo)["history"]
    seen, quotes = [], 0
    for number in range(1, total + 1):
        now = wait_for_status(duo, f"Slide {number} of {total}")
        problems = duo.driver.execute_script(LAYOUT_PROBLEMS)
        assert not problems, f"slide {number} ({now['slide']}) at {size}:\n" + "\n".join(problems)
        assert now["history"] == history, f"stepping to slide {number} added a history entry"
        assert now["hash"] == f"#slide={seen_id(now)}", now["hash"]
        assert now["filters"] and now["filters"] == now["sidebar"], now
        assert now["data"].startswith("Synthetic data" if now["synthetic"] else "Real sources"), now
        seen.append(now["slide"])
        quotes += now["quote"]
        if now["quote"] and quotes == 1:
            report = scan(duo, f"presenter, first quote slide, {size}")
            assert not report, report
        if number < total:
            press(duo, Keys.ARROW_RIGHT)
    # Every card has a slide (two when its description needs one of its own), in page order, and
    # every quote has one.
    assert quotes and quotes == now["quotes"], f"{quotes} quote slides for {now['quotes']} quotes"
    assert [s for s in dict.fromkeys(seen) if not s.startswith("quote-")] == now["cards"], seen
    # At the end the right arrow stays put; the left arrow steps back; neither adds a history entry.
    press(duo, Keys.ARROW_RIGHT)
    assert wait_for_status(duo, f"Slide {total} of {total}")["history"] == history
    press(duo, Keys.ARROW_LEFT)
    assert wait_for_status(duo, f"Slide {total - 1} of {total}")["history"] == history


def test_every_slide_fits_1280x720_and_1920x1080_steps_without_history_and_says_filters_and_data(start):
    # One page load for both sizes: presenter mode is entered with the page's button, on a filtered view
    # that keeps nearly everything on screen (only fire is left out), so the bar has filters to repeat.
    duo = start(FILTERED)
    set_viewport(duo.driver, *SIZES[0])
    duo.find_element("#present-toggle").click()
    wait_for_status(duo, "Slide 1 of")
    assert not duo.find_element(".sidebar").is_displayed()
    for width, height in SIZES:
        step_through_every_slide(duo, width, height)
    assert "Active filters" in bar(duo)["filters"]
    # Escape leaves presenter mode and the slide's fragment with it.
    press(duo, Keys.ESCAPE)
    deadline = time.time() + 10
    while "present" in (duo.find_element("#page-root").get_attribute("class") or ""):
        assert time.time() < deadline, "Escape did not leave presenter mode"
        time.sleep(0.1)
    wait_idle(duo)
    assert "present=1" not in duo.driver.current_url and "#slide=" not in duo.driver.current_url
    assert duo.find_element(".sidebar").is_displayed()


def seen_id(now: dict) -> str:
    """The fragment a slide writes: its card's or quote's id, with '-words' on a card's words slide."""
    return now["slide"] + ("-words" if " · the chart in words" in now["status"] else "")
