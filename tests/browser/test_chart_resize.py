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
