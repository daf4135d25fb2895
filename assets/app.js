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
    },
    /* Presenter mode on or off, from the state store the server wrote (its flag is validated there):
       the page root's class (the slides below watch it) and the toggle's label and pressed state. */
    presenter: function (data) {
      var on = !!data && data.present === true;
      return [on ? "present" : "", on ? "Leave presenter mode" : "Presenter mode", on ? "true" : "false"];
    },
    /* Presenter mode: the slide bar repeats the sidebar's active-filters line (the sidebar is hidden). */
    slideFilters: function (line) {
      return typeof line === "string" ? line : "";
    },
    /* Whether the screen is narrow (assets/app.css's 640 px breakpoint), on page load: a narrow
       screen shows each grid's table in place of its chart, so the server builds it only then. */
    narrowScreen: function () {
      return window.matchMedia(NARROW_QUERY).matches;
    }
  }
});

/* The same, when the window (or the zoom) crosses the breakpoint later. */
var NARROW_QUERY = "(max-width: 640px)";
window.matchMedia(NARROW_QUERY).addEventListener("change", function (event) {
  if (window.dash_clientside && window.dash_clientside.set_props) {
    window.dash_clientside.set_props("narrow-screen", {data: event.matches});
  }
});

/* Presenter mode as slides (class "present" on #page-root).
   One slide fills the screen at a time: each card in page order (title, chart, description; a card
   whose description does not fit under its chart gets a second slide with the description in
   words), one per finding or quote in the evidence panel, and one per quote in the quote list (an
   empty panel or list is one slide that says so). Everything here is in the browser: a step never asks the
   server for anything and never adds a history entry (the slide is kept in the address's
   #slide=... fragment with history.replaceState, and restored from it on load).
   The slide is drawn on a 1920 x 1080 stage scaled to the window, so that a chart's text (plotly
   sizes it in pixels) is the same share of the screen at 1280 x 720 as at 1920 x 1080.
   Keys: Left / Right (and Page Up / Page Down) step, Home / End jump, Escape leaves. */
(function () {
  var STAGE_W = 1920;
  var STAGE_H = 1080;
  var CURRENT = "slide-current";
  var HOST = "slide-host";
  var WORDS = "slide-words";
  var SPLIT = "slide-split";
  var slides = [];
  var index = 0;
  var wanted = null; /* a slide named by the address, until it has been drawn */
  var active = false;
  var queued = false;

  function pageRoot() { return document.getElementById("page-root"); }
  function presenting() { var r = pageRoot(); return !!r && r.classList.contains("present"); }
  function one(selector) { return document.querySelector(selector); }

  function hashSlide() {
    var match = /^#slide=([A-Za-z0-9_-]+)$/.exec(window.location.hash);
    return match ? match[1] : null;
  }
  function writeHash(id) {
    var base = window.location.pathname + window.location.search;
    var url = base + (id ? "#slide=" + id : "");
    if (url === base + window.location.hash) { return; }
    window.history.replaceState(window.history.state, "", url);
    /* Tell dcc.Location the address changed (the event its own links send), or it keeps the old
       address as its href and writes it back over the next change of view. Only its hash and href
       change, which no callback listens to, so nothing is sent to the server. */
    window.dispatchEvent(new CustomEvent("_dashprivate_pushstate"));
  }

  /* Scale the stage to the window: one side exactly 1920 or 1080 stage pixels, the other at least.
     A window taller than it is wide (a phone) gets a stage 1100 pixels wide and as tall as it needs,
     rather than a 1920-wide one shrunk to a fifth. */
  function fit() {
    var style = document.documentElement.style;
    var wide = window.innerWidth >= window.innerHeight;
    var scale = wide ? Math.min(window.innerWidth / STAGE_W, window.innerHeight / STAGE_H) : window.innerWidth / 1100;
    style.setProperty("--slide-scale", String(scale));
    style.setProperty("--stage-w", window.innerWidth / scale + "px");
    style.setProperty("--stage-h", window.innerHeight / scale + "px");
  }
  function unfit() {
    var style = document.documentElement.style;
    ["--slide-scale", "--stage-w", "--stage-h"].forEach(function (name) { style.removeProperty(name); });
  }

  /* A card's description is longer than the room beside its chart (every card is laid out, hidden,
     at full size, so this can be measured for any slide). */
  function overflows(card) {
    var text = card.querySelector(".chart-description");
    return !!text && text.textContent.trim() !== "" && text.scrollHeight > text.clientHeight + 1;
  }

  function setClass(element, name, on) {
    if (element.classList.contains(name) !== on) { element.classList.toggle(name, on); }
  }

  /* A chart of a few sectors or codes says in its layout.meta how tall its rows need to be
     (figures/bars.py fit_slide): its box takes that height, and its description follows it. Any
     other chart fills its slide. */
  function chartHeights() {
    document.querySelectorAll("#main .cards .dash-graph").forEach(function (graph) {
      var plot = graph.querySelector(".js-plotly-plot");
      var meta = plot && plot.layout && plot.layout.meta;
      var height = meta && typeof meta.slide_height === "number" ? meta.slide_height + "px" : "";
      if (graph.style.getPropertyValue("--slide-chart-height") !== height) {
        if (height) { graph.style.setProperty("--slide-chart-height", height); }
        else { graph.style.removeProperty("--slide-chart-height"); }
      }
      setClass(graph, "slide-chart-fixed", height !== "");
    });
  }
  function unsetChartHeights() {
    document.querySelectorAll(".slide-chart-fixed").forEach(function (graph) {
      graph.classList.remove("slide-chart-fixed");
      graph.style.removeProperty("--slide-chart-height");
    });
  }

  function collect() {
    var list = [];
    chartHeights();
    document.querySelectorAll("#main .cards section.card-panel").forEach(function (card) {
      var host = card.parentElement.classList.contains("cards") ? card : card.parentElement;
      var quotes = card.querySelector(".quotes-pane");
      if (quotes) {
        var items = quotes.querySelectorAll(".quotes-list > figure.quote");
        items.forEach(function (quote, n) {
          list.push({ el: quote, host: host, id: quote.id, kind: "quote", n: n + 1, of: items.length });
        });
        if (!items.length) { list.push({ el: card, host: host, id: card.id, kind: "card" }); }
        return;
      }
      /* The evidence panel after the matrix lists findings and quotes: one slide each, like the quotes. */
      var entries = card.querySelectorAll(".findings-body li");
      if (entries.length) {
        entries.forEach(function (entry, k) {
          var siblings = entry.parentElement.children;
          list.push({
            el: entry, host: host, kind: "item", id: card.id + "-" + (k + 1),
            n: Array.prototype.indexOf.call(siblings, entry) + 1, of: siblings.length,
            noun: entry.classList.contains("quote") ? "quote" : "finding"
          });
        });
        return;
      }
      /* On its words slide the description has the whole room: keep the decision made beside the chart. */
      var split = card.classList.contains(WORDS) ? card.classList.contains(SPLIT) : overflows(card);
      setClass(card, SPLIT, split);
      list.push({ el: card, host: host, id: card.id, kind: "card" });
      if (split) { list.push({ el: card, host: host, id: card.id + "-words", kind: "words" }); }
    });
    return list;
  }

  function titleOf(slide) {
    var card = slide.host.querySelector("section.card-panel") || slide.host;
    var heading = card.querySelector(".card-title");
    var title = heading ? heading.textContent.trim() : "";
    return title;
  }

  function dataStatus(slide) {
    if (slide.host.querySelector(".badge-synthetic")) {
      return ["Synthetic data", "invented survey responses, not evidence", true];
    }
    return ["Real sources", "no synthetic data on this slide", false];
  }

  /* Show slides[index]: classes on the slide and its host, the bar's words, the address. Touches
     only what changed, so redrawing the same slide changes nothing in the page. */
  function draw() {
    var slide = slides[index];
    document.querySelectorAll("." + CURRENT + ", ." + HOST).forEach(function (element) {
      if (!slide || (element !== slide.el && element !== slide.host)) {
        element.classList.remove(CURRENT, HOST, WORDS);
      }
    });
    if (!slide) {
      [".slide-status", ".slide-data"].forEach(function (selector) {
        var element = one(selector);
        if (element && element.textContent) { element.textContent = ""; element.removeAttribute("data-words"); }
      });
      return;
    }
    setClass(slide.el, CURRENT, true);
    setClass(slide.host, HOST, true);
    setClass(slide.el, WORDS, slide.kind === "words");
    var status = one(".slide-status");
    if (status) {
      var words = "Slide " + (index + 1) + " of " + slides.length;
      if (slide.kind === "quote") { words += " · quote " + slide.n + " of " + slide.of; }
      if (slide.kind === "item") { words += " · " + slide.noun + " " + slide.n + " of " + slide.of; }
      if (slide.kind === "words") { words += " · the chart in words"; }
      var spoken = ": " + titleOf(slide);
      if (status.getAttribute("data-words") !== words + spoken) {
        status.setAttribute("data-words", words + spoken);
        status.textContent = words;
        var hidden = document.createElement("span");
        hidden.className = "visually-hidden";
        hidden.textContent = spoken;
        status.appendChild(hidden);
      }
    }
    var data = one(".slide-data");
    if (data) {
      var said = dataStatus(slide);
      var text = said[0] + ": " + said[1];
      if (data.textContent !== text) {
        data.textContent = "";
        var strong = document.createElement("strong");
        strong.textContent = said[0];
        data.appendChild(strong);
        data.appendChild(document.createTextNode(": " + said[1]));
      }
      setClass(data, "slide-data-synthetic", said[2]);
    }
    var prev = one(".slide-bar .slide-prev");
    var next = one(".slide-bar .slide-next");
    if (prev) { prev.setAttribute("aria-disabled", String(index === 0)); }
    if (next) { next.setAttribute("aria-disabled", String(index === slides.length - 1)); }
    writeHash(slide.id);
  }

  function go(to) {
    if (!slides.length) { return; }
    var was = slides[index] && slides[index].host;
    index = Math.max(0, Math.min(slides.length - 1, to));
    wanted = null;
    draw();
    /* Focus left inside a slide that is now hidden would be lost: move it to the new slide. */
    var focused = document.activeElement;
    if (was && focused && was.contains(focused) && !slides[index].host.contains(focused)) {
      var target = slides[index].el;
      if (!target.hasAttribute("tabindex")) { target.setAttribute("tabindex", "-1"); }
      target.focus({ preventScroll: true });
    }
  }

  /* Rebuild the list (cards and quotes are redrawn by Dash), keeping the slide on screen. */
  function refresh() {
    var current = slides[index] && slides[index].id;
    slides = collect();
    var find = function (id) {
      for (var i = 0; i < slides.length; i += 1) { if (slides[i].id === id) { return i; } }
      return -1;
    };
    var at = wanted !== null ? find(wanted) : -1;
    if (at >= 0) { wanted = null; } else { at = current ? find(current) : -1; }
    index = at >= 0 ? at : Math.max(0, Math.min(index, slides.length - 1));
    draw();
  }

  function enter() {
    active = true;
    wanted = hashSlide();
    index = 0;
    slides = [];
    fit();
    refresh();
  }

  function leave() {
    active = false;
    slides = [];
    draw();
    document.querySelectorAll("." + SPLIT).forEach(function (element) { element.classList.remove(SPLIT); });
    unsetChartHeights();
    unfit();
    writeHash(null);
  }

  var charts = false; /* only plotly redrew: only the chart heights may need a look */
  function check() {
    var only = charts && !queued;
    charts = false;
    if (only) { if (active) { chartHeights(); } return; }
    queued = false;
    var on = presenting();
    if (on && !active) { enter(); } else if (!on && active) { leave(); } else if (on) { refresh(); }
  }
  function queue() {
    if (!queued) { queued = true; window.requestAnimationFrame(check); }
  }
  function queueCharts() {
    if (!queued && !charts) { charts = true; window.requestAnimationFrame(check); }
  }

  /* Dash draws the page after this file loads, and redraws cards and quotes when they change:
     watch the page, but not plotly's own drawing inside a chart (it redraws on every hover). */
  new MutationObserver(function (records) {
    var plotted = false;
    for (var i = 0; i < records.length; i += 1) {
      var node = records[i].target;
      var element = node.nodeType === 1 ? node : node.parentElement;
      if (!element || !element.closest(".js-plotly-plot, .slide-bar")) { queue(); return; }
      plotted = plotted || !!element.closest(".js-plotly-plot");
    }
    if (plotted && active) { queueCharts(); }
  }).observe(document.documentElement, {
    subtree: true, childList: true, characterData: true, attributes: true, attributeFilter: ["class"]
  });
  window.addEventListener("resize", function () { if (active) { fit(); queue(); } });
  /* An address typed or linked with another #slide= goes to that slide. */
  window.addEventListener("hashchange", function () {
    var id = hashSlide();
    if (active && id) { wanted = id; refresh(); }
  });

  document.addEventListener("click", function (event) {
    if (!active || !event.target.closest) { return; }
    if (event.target.closest(".slide-bar .slide-prev")) { go(index - 1); }
    if (event.target.closest(".slide-bar .slide-next")) { go(index + 1); }
  });

  document.addEventListener("keydown", function (event) {
    if (!active || event.defaultPrevented || event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) {
      return;
    }
    var target = event.target;
    var tag = (target && target.tagName) || "";
    if (tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT" || (target && target.isContentEditable)) { return; }
    var steps = { ArrowRight: 1, PageDown: 1, ArrowLeft: -1, PageUp: -1 };
    if (event.key in steps) {
      event.preventDefault();
      go(index + steps[event.key]);
    } else if (event.key === "Home" || event.key === "End") {
      event.preventDefault();
      go(event.key === "Home" ? 0 : slides.length - 1);
    } else if (event.key === "Escape") {
      var toggle = one(".present-toggle");
      if (toggle) { event.preventDefault(); toggle.click(); }
    }
  });
})();

/* ---- Screen sizes (issue 14): the filters toggle and scrolling charts -------------------------
   Owner: responsive layout (assets/app.css "Screen sizes"); nothing here runs in presenter mode.
   Below the desktop breakpoint the filter panel's controls fold behind #filters-toggle. The
   button's aria-expanded is the only state: the stylesheet hides the panel and picks the button's
   label from it, so a click needs no server round trip and no text is rewritten under React.
   Opening moves focus to the panel's first control; closing (the toggle, "Hide filters" at the
   foot of the panel, or Escape inside it) returns focus to the toggle. */
(function () {
  var TOGGLE = "filters-toggle";
  var PANEL = "filters-panel";
  var CLOSE = "filters-close";
  var FOCUSABLE = "input:not([disabled]), button:not([disabled]), select, textarea, summary, a[href], [tabindex]:not([tabindex='-1'])";

  function visible(el) { return !!el && el.offsetParent !== null; }

  function setOpen(open) {
    var toggle = document.getElementById(TOGGLE);
    var panel = document.getElementById(PANEL);
    if (!toggle || !panel) { return; }
    toggle.setAttribute("aria-expanded", open ? "true" : "false");
    if (open) {
      var first = Array.prototype.find.call(panel.querySelectorAll(FOCUSABLE), visible);
      if (first) { first.focus(); }
    } else {
      toggle.focus();
    }
  }

  document.addEventListener("click", function (event) {
    var button = event.target && event.target.closest && event.target.closest("#" + TOGGLE + ", #" + CLOSE);
    if (!button) { return; }
    var toggle = document.getElementById(TOGGLE);
    setOpen(button.id === TOGGLE && toggle.getAttribute("aria-expanded") !== "true");
  });

  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") { return; }
    var toggle = document.getElementById(TOGGLE);
    var panel = document.getElementById(PANEL);
    if (!visible(toggle) || toggle.getAttribute("aria-expanded") !== "true") { return; }
    if (!panel || !panel.contains(document.activeElement)) { return; }
    event.preventDefault();
    setOpen(false);
  });

  /* A grid chart keeps a minimum width (app.css) and scrolls sideways in its own box on a narrow
     screen. While it does, the box is a focusable region named by the card's title and "chart, scrolls
     sideways" (#chart-scroll-note, a hidden element this adds to the page), so a keyboard
     can scroll it too (WCAG 2.1.1); when it fits, it is a plain box again (no extra tab stop). */
  var NOTE = "chart-scroll-note";
  function note() {
    if (!document.getElementById(NOTE) && document.body) {
      var span = document.createElement("span");
      span.id = NOTE;
      span.hidden = true;
      span.textContent = "chart, scrolls sideways";
      document.body.appendChild(span);
    }
    return NOTE;
  }
  function markScrollers() {
    var boxes = document.querySelectorAll(".chart-figure > .dash-graph");
    Array.prototype.forEach.call(boxes, function (box) {
      var scrolls = box.offsetParent !== null && box.scrollWidth > box.clientWidth + 1;
      if (scrolls && box.getAttribute("role") !== "region") {
        var figure = box.parentElement;
        box.setAttribute("role", "region");
        box.setAttribute("tabindex", "0");
        /* The card's title and a note of our own: a name no other landmark on the page has. */
        box.setAttribute("aria-labelledby", ((figure.getAttribute("aria-labelledby") || "") + " " + note()).trim());
      } else if (!scrolls && box.getAttribute("role") === "region") {
        box.removeAttribute("role");
        box.removeAttribute("tabindex");
        box.removeAttribute("aria-labelledby");
      }
    });
  }
  var queued = false;
  function queue() {
    if (queued) { return; }
    queued = true;
    window.requestAnimationFrame(function () { queued = false; markScrollers(); });
  }
  window.addEventListener("resize", queue);
  new MutationObserver(queue).observe(document.documentElement, { childList: true, subtree: true });
})();

/* dcc.Graph asks plotly to resize a chart (Plotly.Plots.resize) whenever the chart's box changes
   size, including when it changed only because a new figure of another height was just drawn into
   it (a sector change does that to the findings matrix and both survey charts). Plotly then waits
   100 ms and lays the chart out again at the size it already has: 150 to 200 ms more before a
   change is finished (docs/performance.md, issue 15's sixth step). Skip the call when the chart's
   box is already the size plotly last drew it at; a real change of width (a window resize, a phone
   turned, the filters folding) or of a slide's room still redraws it. Patched once every script
   has run (the plotly bundle loads after this file), before the renderer draws any chart. */
document.addEventListener("DOMContentLoaded", function () {
  var plots = window.Plotly && window.Plotly.Plots;
  if (!plots || plots.resize.skipsSameSize) { return; }
  var resize = plots.resize;
  var drawnAtSize = function (gd) {
    var full = gd && gd._fullLayout;
    if (!full || !gd.isConnected) { return false; }
    var box = window.getComputedStyle(gd);
    return Math.abs(parseFloat(box.width) - full.width) <= 1 && Math.abs(parseFloat(box.height) - full.height) <= 1;
  };
  plots.resize = function (gd) {
    return drawnAtSize(gd) ? Promise.resolve(gd) : resize.apply(this, arguments);
  };
  plots.resize.skipsSameSize = true;
});
