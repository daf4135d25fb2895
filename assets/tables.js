/* Data tables, drawn in the page from what the server sends (components/cards.py `data_table`).
   A card's table pane holds one element, a scrollable region whose `data-table` attribute is the
   table as JSON: caption, columns, rows, row controls and which rows are about the highlighted
   sector. Dash's renderer spends time on every component in the page at every update; as Dash
   components, the published figures' table alone was half the page's. So the table is drawn here,
   each time the region is added or its attribute changes, before the browser paints.

   Every text is set as text (never as HTML). A row's button has the pattern id Dash would give it
   (focus.js puts focus back on it after a redraw by that id); pressing it writes that id to the
   row-pick store, which the URL/state callback reads and checks like anything else the page sends. */
(function () {
  var ATTRIBUTE = "data-table";
  var ROW_PICK = "row-pick";
  var presses = 0;

  function element(tag, text, attributes) {
    var node = document.createElement(tag);
    if (text !== null && text !== undefined) { node.textContent = String(text); }
    Object.keys(attributes || {}).forEach(function (name) { node.setAttribute(name, attributes[name]); });
    return node;
  }

  function control(action) {
    if (action.href !== undefined) {
      return element("a", action.label, { href: action.href, "aria-label": action.aria });
    }
    var button = element("button", action.label, { type: "button", id: action.id, "class": "btn btn-link btn-sm p-0" });
    button.dataset.pick = JSON.stringify(action.pick);
    return button;
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
      if (spec.actions[position]) { cell.appendChild(control(spec.actions[position])); }
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
    return node;
  }

  function draw(region) {
    var text = region.getAttribute(ATTRIBUTE);
    if (region.__drawn === text) { return; }
    var focused = region.contains(document.activeElement) ? document.activeElement.id : null;
    region.replaceChildren(table(JSON.parse(text)));
    region.__drawn = text;
    /* The same control, if it is still there, keeps focus across the redraw. */
    var again = focused && document.getElementById(focused);
    if (again && region.contains(again)) { again.focus(); }
  }

  function drawIn(node) {
    if (node.nodeType !== 1) { return; }
    if (node.hasAttribute(ATTRIBUTE)) { draw(node); return; }
    node.querySelectorAll("[" + ATTRIBUTE + "]").forEach(draw);
  }

  /* A table's region is added by the renderer into a card's table pane (or the page is drawn with
     one), and changed in place when the next answer brings another table. Plotly adds thousands of
     nodes a redraw, so only an added element that is or holds a region is looked into. */
  var observer = new MutationObserver(function (records) {
    records.forEach(function (record) {
      if (record.type === "attributes") { draw(record.target); return; }
      record.addedNodes.forEach(function (node) {
        if (node.nodeType === 1 && !(node instanceof SVGElement)) { drawIn(node); }
      });
    });
  });
  observer.observe(document.documentElement, { childList: true, subtree: true, attributes: true, attributeFilter: [ATTRIBUTE] });

  document.addEventListener("click", function (event) {
    var button = event.target && event.target.closest ? event.target.closest("button[data-pick]") : null;
    if (!button || !window.dash_clientside || !window.dash_clientside.set_props) { return; }
    presses += 1;
    /* A fresh value each press, so pressing the same button again is a change too. */
    window.dash_clientside.set_props(ROW_PICK, { data: Object.assign(JSON.parse(button.dataset.pick), { press: presses }) });
  });
})();
