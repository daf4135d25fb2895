"""A chart whose new figure is taller or shorter is drawn once, not laid out again by a resize that
changes nothing; a chart whose box really changes width is still redrawn to fit it.

dcc.Graph asks plotly to resize a chart whenever its box changes size, including when the box grew
only because the new figure is taller; plotly then lays the chart out again 100 ms later at the
size it already has (assets/app.js skips that call; docs/performance.md, issue 15's sixth step).
Each relayout emits `plotly_relayout`, so the page counts them per chart.
"""

from __future__ import annotations

import time

from dashboard import ids
from tests.browser.conftest import wait_idle

#: Count every chart's relayouts from now on.
COUNT_RELAYOUTS = """
window.__relayouts = {};
document.querySelectorAll('.js-plotly-plot').forEach(gd => {
  const graph = gd.closest('.dash-graph').id;
  window.__relayouts[graph] = 0;
  gd.on('plotly_relayout', () => { window.__relayouts[graph] += 1; });
});
"""
#: A chart's figure height (what the server asked for) and the size plotly drew it at.
SIZE = """
const gd = document.querySelector('#' + arguments[0] + ' .js-plotly-plot');
return {asked: gd.layout.height, width: gd._fullLayout.width, height: gd._fullLayout.height,
        box: gd.getBoundingClientRect().width};
"""
GRAPH = ids.CardIds.of("admin").graph


def _settled(duo) -> None:
    wait_idle(duo)
    time.sleep(0.6)  # past dcc.Graph's 50 ms and plotly's 100 ms resize timers


def test_a_taller_figure_is_not_laid_out_again_and_a_narrower_window_still_redraws(start):
    duo = start()
    before = duo.driver.execute_script(SIZE, GRAPH)
    duo.driver.execute_script(COUNT_RELAYOUTS)
    duo.driver.execute_script("document.querySelector('#sectors input').click()")
    _settled(duo)
    relayouts = duo.driver.execute_script("return window.__relayouts")
    assert relayouts and set(relayouts.values()) == {0}, relayouts
    after = duo.driver.execute_script(SIZE, GRAPH)
    # The case this guards: the new figure is shorter (one sector fewer), so the chart's box changed.
    assert after["height"] == after["asked"] < before["asked"], (before, after)

    window = duo.driver.get_window_size()
    duo.driver.set_window_size(window["width"] - 250, window["height"])
    _settled(duo)
    narrower = duo.driver.execute_script(SIZE, GRAPH)
    assert narrower["width"] != after["width"]  # the box changed width (a breakpoint may widen it)
    assert abs(narrower["width"] - narrower["box"]) <= 1, narrower
    assert duo.driver.execute_script("return window.__relayouts")[GRAPH] >= 1


#: Each grid's heatmap image: the graph it is in, its size in the page and the PNG's own size.
GRID_IMAGES = """
const done = arguments[arguments.length - 1];
const images = Array.from(document.querySelectorAll('.js-plotly-plot .hm image'));
Promise.all(images.map(image => new Promise(resolve => {
  const png = new Image();
  png.onload = () => resolve({graph: image.closest('.dash-graph').id, width: +image.getAttribute('width'),
                              pixels: png.naturalWidth, style: image.getAttribute('style') || ''});
  png.src = image.getAttribute('href') || image.getAttribute('xlink:href');
}))).then(done);
"""


def test_a_grid_is_painted_one_pixel_a_cell_and_shown_without_smoothing(start):
    """The lines between a grid's cells are a shape (figures/heatmap.py), so plotly paints a pixel a
    cell and scales it up unsmoothed, instead of a PNG the chart's size on every draw."""
    duo = start()
    drawn = {image["graph"]: image for image in duo.driver.execute_async_script(GRID_IMAGES)}
    assert {ids.CardIds.of("evidence_map").graph, ids.CardIds.of("matrix").graph} <= set(drawn)
    for graph, image in drawn.items():
        assert image["pixels"] < 20 < image["width"], f"{graph}: a {image['pixels']} px image for {image['width']} px"
        assert "pixelated" in image["style"], graph
