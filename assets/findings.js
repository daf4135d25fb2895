/* The evidence panel after the findings matrix (dashboard/components/findings.py): after a click
   opens it (a matrix cell, a code's name, a code chip or a matrix table row), focus moves to its
   heading. Kept in a file, like app.js, so a strict Content-Security-Policy allows it. */
window.dash_clientside = Object.assign({}, window.dash_clientside, {
  findings: {
    /* Called each time the panel is drawn. `focus` is the sync callback's token for the last click
       that opened the panel; `focused` the last token focus was moved for. Returns the token moved for. */
    focusPanel: function (body, focus, focused) {
      var none = window.dash_clientside.no_update;
      var token = focus && focus.token;
      if (!token || token === focused) { return none; }
      var heading = document.getElementById("findings-title");
      if (!heading) { return none; }
      heading.focus({ preventScroll: true });
      heading.scrollIntoView({ block: "start" });
      /* The panels above redraw for the same click (the matrix shrinks to the chosen code), which
         moves the heading: keep it in view for a moment, while it still has focus. */
      var cards = heading.closest(".cards") || document.body;
      if (window.ResizeObserver) {
        var observer = new ResizeObserver(function () {
          if (document.activeElement === heading) { heading.scrollIntoView({ block: "start" }); }
        });
        observer.observe(cards);
        window.setTimeout(function () { observer.disconnect(); }, 3000);
      }
      return token;
    }
  }
});

/* "Back to the matrix" is a link to the matrix's heading, which takes focus when followed. Followed
   here without adding "#matrix-title" to the address (the address holds the view, for links). */
document.addEventListener("click", function (event) {
  var link = event.target && event.target.closest && event.target.closest("#findings-back");
  var heading = link && document.getElementById(link.getAttribute("href").slice(1));
  if (!heading) { return; }
  event.preventDefault();
  heading.focus({ preventScroll: true });
  heading.scrollIntoView({ block: "start" });
});
