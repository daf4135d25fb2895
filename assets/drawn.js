/* Parts of the page drawn here from what the server sends: data tables (components/cards.py
   `data_table`) and the quote list (components/quotes.py `quote_list`); and the clickable code
   names beside the findings matrix (below). Each is one element whose
   attribute holds it as JSON: a table's region its `data-table` (caption, columns, rows, row
   controls, which rows are about the highlighted sector), the quote list its `data-quotes` (each
   quote's text with the search's matches, attribution, source, code chips and select button).
   Dash's renderer spends time on every component in the page at every update; as Dash components,
   the published figures' table alone was half the page's and the quotes a fifth. So they are drawn
   here, each time such an element is added or its attribute changes, before the browser paints.

   Every text is set as text (never as HTML). A control has the pattern id Dash would give it
   (focus.js puts focus back on it after a redraw by that id); pressing it writes that id to the
   picked store, which the URL/state callback reads and checks like anything else the page sends. */
(function () {
  var PICKED = "picked";
  var presses = 0;

  function element(tag, text, attributes) {
    var node = document.createElement(tag);
    if (text !== null && text !== undefined) { node.textContent = String(text); }
    Object.keys(attributes || {}).forEach(function (name) { node.setAttribute(name, attributes[name]); });
    return node;
  }

  /* A button that writes its pick to the picked store when pressed (the click handler below). */
  function pickButton(label, id, pick, attributes) {
    var button = element("button", null, Object.assign({ type: "button", id: id }, attributes));
    if (Array.isArray(label)) { appendPieces(button, label); } else { button.textContent = String(label); }
    button.dataset.pick = JSON.stringify(pick);
    return button;
  }

  /* Text whose search matches are marked: a string is plain text, {mark: text} a match. */
  function appendPieces(node, pieces) {
    pieces.forEach(function (piece) {
      node.appendChild(typeof piece === "string" ? document.createTextNode(piece) : element("mark", piece.mark));
    });
    return node;
  }

  /* -- data tables ------------------------------------------------------------------------- */
  function rowControl(action) {
    if (action.href !== undefined) {
      return element("a", action.label, { href: action.href, "aria-label": action.aria });
    }
    return pickButton(action.label, action.id, action.pick, { "class": "btn btn-link btn-sm p-0" });
  }

  function row(spec, cells, position, lit) {
    var tr = element("tr", null, lit ? { "class": "row-highlighted" } : {});
    var header = element("th", cells[0], { scope: "row", "data-label": spec.columns[0] });
    if (lit) {
      header.appendChild(document.createTextNode(" "));
      header.appendChild(element("span", spec.mark, { "class": "row-mark" }));
    }
    tr.appendChild(header);
    for (var k = 1; k < cells.length; k++) {
      tr.appendChild(element("td", cells[k], { "data-label": spec.columns[k] }));
    }
    if (spec.actions) {
      var cell = element("td", null, { "class": "row-action" });
      if (spec.actions[position]) { cell.appendChild(rowControl(spec.actions[position])); }
      tr.appendChild(cell);
    }
    return tr;
  }

  function table(spec) {
    var node = element("table", null, { id: spec.id, "class": "table table-sm data-table data-table-stack" });
    node.appendChild(element("caption", spec.caption, { id: spec.captionId }));
    var head = element("tr");
    spec.columns.forEach(function (column) { head.appendChild(element("th", column, { scope: "col" })); });
    if (spec.actions) {
      var action = element("th", null, { scope: "col" });
      action.appendChild(element("span", "Action"));
      head.appendChild(action);
    }
    node.appendChild(element("thead")).appendChild(head);
    var lit = {};
    (spec.lit || []).forEach(function (position) { lit[position] = true; });
    var body = node.appendChild(element("tbody"));
    spec.rows.forEach(function (cells, position) { body.appendChild(row(spec, cells, position, !!lit[position])); });
    return [node];
  }

  /* -- the quote list ---------------------------------------------------------------------- */
  function toggle(control, attributes) {
    return pickButton(control.label, control.id, control.pick,
      Object.assign({ "aria-pressed": control.pressed ? "true" : "false" }, attributes));
  }

  function quote(spec, item) {
    var figure = element("figure", null, { id: item.id, "class": "quote" + (item.selected ? " quote-selected" : "") });
    var text = figure.appendChild(element("blockquote", null, { "class": "quote-text" }));
    appendPieces(text.appendChild(element("p")), item.text);
    var caption = figure.appendChild(element("figcaption"));
    caption.appendChild(element("span", item.attribution, { "class": "quote-attribution" }));
    caption.appendChild(element("span", " · ", { "aria-hidden": "true" }));
    caption.appendChild(element("a", item.source, { href: item.href, "class": "quote-source" }));
    caption.appendChild(element("span", item.section, { "class": "quote-section" }));
    var chips = figure.appendChild(element("div", null, { "class": "chips" }));
    chips.appendChild(element("span", spec.codesLabel, { "class": "visually-hidden" }));
    item.chips.forEach(function (chip) {
      chips.appendChild(toggle(chip, { "class": "code-chip" + (chip.pressed ? " code-chip-active" : ""), title: chip.title }));
    });
    figure.appendChild(toggle(item.select, { "class": "btn btn-link btn-sm quote-select" }));
    return figure;
  }

  function quotes(spec) {
    return spec.quotes.map(function (item) { return quote(spec, item); });
  }

  /* -- drawing ----------------------------------------------------------------------------- */
  var DRAWERS = { "data-table": table, "data-quotes": quotes };
  var ATTRIBUTES = Object.keys(DRAWERS);
  var SELECTOR = ATTRIBUTES.map(function (name) { return "[" + name + "]"; }).join(",");

  function draw(host) {
    var name = ATTRIBUTES.filter(function (candidate) { return host.hasAttribute(candidate); })[0];
    if (!name) { return; }
    var text = host.getAttribute(name);
    if (host.__drawn === text) { return; }
    var spec;
    try { spec = JSON.parse(text); } catch (error) { return; }  /* not ours to draw */
    var focused = host.contains(document.activeElement) ? document.activeElement.id : null;
    host.replaceChildren.apply(host, DRAWERS[name](spec));
    host.__drawn = text;
    /* The same control, if it is still there, keeps focus across the redraw. */
    var again = focused && document.getElementById(focused);
    if (again && host.contains(again)) { again.focus(); }
  }

  function drawIn(node) {
    if (node.matches(SELECTOR)) { draw(node); return; }
    node.querySelectorAll(SELECTOR).forEach(draw);
  }

  /* Such an element is added by the renderer (or the page is drawn with one), and changed in place
     when the next answer brings another. Plotly adds thousands of nodes a redraw, so only an added
     element that is or holds one is looked into. */
  var observer = new MutationObserver(function (records) {
    records.forEach(function (record) {
      if (record.type === "attributes") { draw(record.target); return; }
      record.addedNodes.forEach(function (node) {
        if (node.nodeType === 1 && !(node instanceof SVGElement)) { drawIn(node); }
      });
    });
  });
  observer.observe(document.documentElement, { childList: true, subtree: true, attributes: true, attributeFilter: ATTRIBUTES });

  /* -- a chart's axis names that pick ------------------------------------------------------
     A chart whose layout.meta has `name_picks` (the findings matrix: figures/matrices.py) lists, in
     its y axis's order, what a click on each of the axis's labels picks and what hovering it says.
     Plotly draws tick labels without pointer events (app.css gives the matrix's theirs); each
     label's datum holds its position on the axis. */
  var NAME_PICKS = "name_picks";

  function namePick(target) {
    var tick = target.closest ? target.closest(".yaxislayer-above .ytick") : null;
    var chart = tick && tick.closest(".js-plotly-plot");
    var picks = chart && chart.layout && chart.layout.meta && chart.layout.meta[NAME_PICKS];
    var position = tick && tick.__data__ ? tick.__data__.x : null;
    return picks && typeof position === "number" ? picks[position] || null : null;
  }

  document.addEventListener("mouseover", function (event) {
    var name = namePick(event.target);
    var text = name && event.target.closest(".ytick").querySelector("text");
    /* Said on hover as the label's tooltip, added on the first hover (plotly draws labels afresh). */
    if (!text || text.querySelector("title")) { return; }
    text.appendChild(document.createElementNS("http://www.w3.org/2000/svg", "title")).textContent = name.title;
  });

  function pick(value) {
    if (!window.dash_clientside || !window.dash_clientside.set_props) { return; }
    presses += 1;
    /* A fresh value each press, so pressing the same button again is a change too. */
    window.dash_clientside.set_props(PICKED, { data: Object.assign({}, value, { press: presses }) });
  }

  document.addEventListener("click", function (event) {
    var button = event.target && event.target.closest ? event.target.closest("button[data-pick]") : null;
    if (button) { pick(JSON.parse(button.dataset.pick)); return; }
    var name = event.target ? namePick(event.target) : null;
    if (name) { pick(name.pick); }
  });
})();
