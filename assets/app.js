/* Client-side callbacks: kept in a file (not inline strings) so a strict
   Content-Security-Policy without 'unsafe-eval' still allows them. */
window.dash_clientside = Object.assign({}, window.dash_clientside, {
  dashboard: {
    /* Show one of a card's Chart / Table / About panes. */
    switchView: function (view) {
      return [view !== "chart", view !== "table", view !== "about"];
    },
    /* Copy the current address; fall back to selecting the visible link text. */
    copyLink: function (n) {
      if (!n) { return window.dash_clientside.no_update; }
      var href = window.location.href;
      var input = document.getElementById("permalink");
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(href).catch(function () {
          if (input) { input.select(); document.execCommand("copy"); }
        });
      } else if (input) {
        input.select();
        document.execCommand("copy");
      }
      return ["Link copied to clipboard.", href];
    },
    /* Keep the visible permalink field in step with the address bar. */
    permalink: function (search) {
      return window.location.origin + window.location.pathname + (search || "");
    }
  }
});

/* Presenter mode: the arrow keys step the quote spotlight (not while typing). */
document.addEventListener("keydown", function (event) {
  var root = document.getElementById("page-root");
  if (!root || !root.classList.contains("present")) { return; }
  var tag = (event.target && event.target.tagName) || "";
  if (tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT") { return; }
  var target = event.key === "ArrowRight" ? "quote-next" : event.key === "ArrowLeft" ? "quote-prev" : null;
  if (!target) { return; }
  var button = document.getElementById(target);
  if (button) { event.preventDefault(); button.click(); }
});
