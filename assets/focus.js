/* Focus after an action: never dropped on <body>.
   A table row's button, a code chip or a quote's select control changes the view, and Dash then
   redraws the table or quote list the control was in, so the focused element is removed and the
   browser puts focus on <body>: a keyboard user is thrown back to the top of the page.
   These controls have pattern-matching ids (JSON text, starting with "{"), which are the same
   after a redraw when the control is still there. So: after such a click, wait until Dash has
   finished, and if focus was lost, put it back on the same control; if that control is gone (a
   "Show only" row that no longer exists), on the heading of the card it was in. Where the action
   moved focus on purpose (the findings panel, the topic switch), focus is not lost and this does
   nothing. */
(function () {
  var pending = null;
  /* Long enough for a slow round trip on a loaded server; a redraw after this is not ours. */
  var LIMIT_MS = 20000;

  function busy() { return !!document.querySelector("[data-dash-is-loading]"); }
  function lost() { return !document.activeElement || document.activeElement === document.body; }

  function restore() {
    var control = document.getElementById(pending.id);
    var target = control;
    if (!target && pending.section) {
      var section = document.getElementById(pending.section);
      target = section && section.querySelector("h2");
      if (target && !target.hasAttribute("tabindex")) { target.setAttribute("tabindex", "-1"); }
    }
    if (target) { target.focus(); }
  }

  function watch() {
    if (!pending) { return; }
    if (Date.now() > pending.until) { pending = null; return; }
    /* Focus went somewhere on purpose (a panel's heading took it): leave it there. */
    if (!lost() && document.activeElement !== pending.element) { pending = null; return; }
    /* Wait until Dash has redrawn what held the control (it is no longer in the page) and is idle. */
    if (!document.body.contains(pending.element) && !busy()) {
      if (lost()) { restore(); }
      pending = null;
      return;
    }
    window.setTimeout(watch, 100);
  }

  document.addEventListener("click", function (event) {
    var control = event.target && event.target.closest ? event.target.closest("button, a") : null;
    if (!control || !control.id || control.id.charAt(0) !== "{") { return; }
    var section = control.closest("section[id]");
    pending = { id: control.id, element: control, section: section ? section.id : null, until: Date.now() + LIMIT_MS };
    window.setTimeout(watch, 100);
  }, true);
})();
