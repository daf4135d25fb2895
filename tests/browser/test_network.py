"""The page talks only to its own server: no CDN, analytics, web fonts or other third-party request.

Requests are read from the page itself, because the shared conftest does not turn on Chrome's
performance log: the Resource Timing and Navigation Timing entries (which Chrome also records for
requests that fail, as every off-host request does on an offline machine), plus a small hook,
installed before any page script runs, that records every fetch, XMLHttpRequest, WebSocket,
EventSource and beacon the page attempts (Resource Timing misses requests that fail at DNS).
The DOM, every stylesheet and every font face are checked too, so a remote reference that has
not fired yet (an unmatched CSS rule, an unused font) is still caught.
"""

from __future__ import annotations

import time
from urllib.parse import urlparse

import pytest

from tests.browser.conftest import wait_for_file, wait_idle

LOCAL_HOSTS = {"localhost", "127.0.0.1"}

# Runs at document start on every navigation (Page.addScriptToEvaluateOnNewDocument).
RECORDER = """
(() => {
  const log = (window.__requestLog = []);
  const record = (kind, target) => {
    let url = target && typeof target === 'object' && 'url' in target ? target.url : String(target);
    try { url = new URL(url, location.href).href; } catch (error) { /* keep it as given */ }
    log.push({kind, url});
  };
  // Keep every resource timing entry: the default buffer holds only 250.
  performance.setResourceTimingBufferSize(100000);
  window.__timingBufferFull = false;
  performance.addEventListener('resourcetimingbufferfull', () => { window.__timingBufferFull = true; });

  const fetch = window.fetch;
  window.fetch = function (input, init) { record('fetch', input); return fetch.apply(this, arguments); };
  const open = XMLHttpRequest.prototype.open;
  XMLHttpRequest.prototype.open = function (method, url) { record('xhr', url); return open.apply(this, arguments); };
  if (window.WebSocket) {
    const Native = window.WebSocket;
    window.WebSocket = class extends Native { constructor(url, p) { record('websocket', url); super(url, p); } };
  }
  if (window.EventSource) {
    const Native = window.EventSource;
    window.EventSource = class extends Native { constructor(url, o) { record('eventsource', url); super(url, o); } };
  }
  if (navigator.sendBeacon) {
    const beacon = navigator.sendBeacon.bind(navigator);
    navigator.sendBeacon = (url, data) => { record('beacon', url); return beacon(url, data); };
  }
})();
"""

REQUESTS = """
const timed = performance.getEntriesByType('navigation').concat(performance.getEntriesByType('resource'));
return {
  timed: timed.map(e => ({kind: e.initiatorType || e.entryType, url: e.name})),
  attempted: window.__requestLog || null,
  bufferFull: !!window.__timingBufferFull,
};
"""

# Every element that makes the browser fetch something by itself (<a href> is a link, not a request).
DOM_REFERENCES = """
const refs = [];
const add = (el, url) => { if (url) refs.push({tag: el.tagName.toLowerCase(), url: String(url)}); };
document.querySelectorAll('link[href]').forEach(el => add(el, el.href));
document.querySelectorAll('script[src]').forEach(el => add(el, el.src));
document.querySelectorAll('img[src], iframe[src], embed[src], source[src], track[src], audio[src], video[src]')
  .forEach(el => add(el, el.src));
document.querySelectorAll('video[poster]').forEach(el => add(el, el.poster));
document.querySelectorAll('object[data]').forEach(el => add(el, el.data));
document.querySelectorAll('img[srcset], source[srcset]').forEach(el =>
  el.srcset.split(',').map(s => s.trim().split(/\\s+/)[0]).filter(Boolean)
    .forEach(u => add(el, new URL(u, document.baseURI).href)));
document.querySelectorAll('image, use, feImage').forEach(el => {
  const href = el.getAttribute('href') || el.getAttribute('xlink:href');
  if (href && !href.startsWith('#')) add(el, new URL(href, document.baseURI).href);
});
return refs;
"""

# Every url() in every stylesheet (following @import and nested rules), and every @font-face.
STYLESHEETS = """
const urls = [], faces = [], unreadable = [];
const urlsIn = (text, base) => Array.from(text.matchAll(/url\\(\\s*(['"]?)(.*?)\\1\\s*\\)/g))
  .map(m => { try { return new URL(m[2], base).href; } catch (error) { return m[2]; } });
const walk = (sheet, seen) => {
  if (!sheet || seen.has(sheet)) return;
  seen.add(sheet);
  const where = sheet.href || 'inline <style>';
  const base = sheet.href || document.baseURI;
  if (sheet.href) urls.push({where: 'stylesheet', url: sheet.href});
  let rules;
  try { rules = sheet.cssRules; } catch (error) { unreadable.push(where); return; }
  const visit = list => Array.from(list || []).forEach(rule => {
    if (rule instanceof CSSImportRule) {
      urls.push({where, url: new URL(rule.href, base).href});
      walk(rule.styleSheet, seen);
    }
    if (rule instanceof CSSFontFaceRule) {
      faces.push({where, family: rule.style.getPropertyValue('font-family').replace(/^['"]|['"]$/g, ''),
                  src: rule.style.getPropertyValue('src'), urls: urlsIn(rule.style.getPropertyValue('src'), base)});
    }
    urlsIn(rule.cssText, base).forEach(url => urls.push({where, url}));
    if (rule.cssRules) visit(rule.cssRules);
  });
  visit(rules);
};
const seen = new Set();
Array.from(document.styleSheets).forEach(s => walk(s, seen));
(document.adoptedStyleSheets || []).forEach(s => walk(s, seen));
return {urls, faces, unreadable};
"""

FONTS = """
const done = arguments[arguments.length - 1];
const unquote = name => name.replace(/^['"]|['"]$/g, '');
document.fonts.ready.then(() =>
  done(Array.from(document.fonts).map(f => ({family: unquote(f.family), status: f.status}))));
"""


def app_port(duo) -> int:
    return urlparse(duo.server_url).port


def off_host(urls, port: int) -> list[str]:
    """The URLs that would leave the machine: anything but data:, or http(s) to this server."""
    bad = []
    for url in urls:
        parsed = urlparse(url)
        if parsed.scheme == "data":
            continue
        if parsed.scheme == "blob":  # blob:http://host:port/uuid belongs to the origin that made it
            parsed = urlparse(url[len("blob:") :])
        if parsed.scheme in ("http", "https") and parsed.hostname in LOCAL_HOSTS and parsed.port == port:
            continue
        bad.append(url)
    return sorted(set(bad))


def _open(dash_duo, start, path: str):
    """Put the request recorder in place, start the app, then open a dashboard or static page.

    The recorder is installed before the app's first page load, so opening "/" takes one load;
    it starts afresh on every navigation, so only the requests of the page opened last are seen.
    """
    dash_duo.driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": RECORDER})
    if path.startswith("/?") or path == "/":
        duo = start(path)
    else:
        duo = start()
        duo.driver.get(duo.server_url + path)
        duo.wait_for_element("main h1, header h1", timeout=10)
    assert duo.driver.execute_script("return Array.isArray(window.__requestLog)"), "request recorder not installed"
    return duo


def recorded_requests(duo) -> tuple[list[dict], list[dict]]:
    result = duo.driver.execute_script(REQUESTS)
    assert not result["bufferFull"], "the resource timing buffer overflowed: some requests were not recorded"
    assert result["attempted"] is not None, "the request recorder was lost (did the page navigate?)"
    return result["timed"], result["attempted"]


def assert_all_local(duo, entries: list[dict], what: str) -> None:
    bad = off_host([e["url"] for e in entries], app_port(duo))
    detail = "\n".join(f"  {e['kind']:>12}  {e['url']}" for e in entries if e["url"] in bad)
    assert not bad, f"{len(bad)} off-host {what} (app is {duo.server_url}):\n{detail}"


# --- Every request, through a real session -------------------------------------------------------


def test_every_request_of_a_session_stays_on_the_app_host(dash_duo, start):
    duo = _open(dash_duo, start, "/")

    # A filter change, a card download and the full zip download.
    duo.find_element("#shortcut-central-local").click()
    duo.wait_for_text_to_equal("#quotes-count", "Showing 4 of 21 quotes", timeout=10)
    wait_idle(duo)
    duo.find_element("#ai-download-btn").click()
    wait_for_file(duo.download_path, ".csv")
    duo.find_element("#all-download-btn").click()
    wait_for_file(duo.download_path, ".zip")
    wait_idle(duo)
    time.sleep(0.5)  # let any late request (a beacon, a lazy chunk) be recorded

    timed, attempted = recorded_requests(duo)
    # The recorder must be seeing the traffic it is meant to judge, or a pass means nothing.
    paths = {urlparse(e["url"]).path for e in timed + attempted}
    for expected in ("/", "/_dash-layout", "/_dash-dependencies", "/_dash-update-component"):
        assert expected in paths, f"{expected} was not recorded; recorded: {sorted(paths)}"
    assert any(e["kind"] == "fetch" for e in attempted), "no fetch was recorded"
    assert any(e["kind"] == "navigation" for e in timed), "no navigation entry was recorded"

    assert_all_local(duo, timed, "requests (resource and navigation timing)")
    assert_all_local(duo, attempted, "requests attempted by script")
    assert duo.get_logs() == []


# --- What each page references --------------------------------------------------------------------

PAGES = ["/", "/?present=1", "/accessibility", "/data-dictionary"]


@pytest.mark.parametrize("path", PAGES)
def test_page_requests_and_references_only_its_own_host(dash_duo, start, path):
    """One load of each page, then read-only checks of what it fetched, its DOM, its CSS and its fonts."""
    duo = _open(dash_duo, start, path)
    port = app_port(duo)

    # What loading the page requested (read first, before anything else runs in the page).
    timed, attempted = recorded_requests(duo)
    assert timed, "no requests were recorded"
    assert_all_local(duo, timed, f"requests loading {path}")
    assert_all_local(duo, attempted, f"requests attempted by script on {path}")

    # Links and scripts in the DOM.
    refs = duo.driver.execute_script(DOM_REFERENCES)
    assert any(r["tag"] == "link" for r in refs), "no <link> found: is the page styled?"
    if path != "/accessibility" and path != "/data-dictionary":
        assert any(r["tag"] == "script" for r in refs), "no <script src> found"
    assert_all_local(duo, [{"kind": r["tag"], "url": r["url"]} for r in refs], f"DOM references on {path}")

    # Stylesheets reference nothing off host; a stylesheet the page cannot read is a cross-origin one.
    sheets = duo.driver.execute_script(STYLESHEETS)
    assert not sheets["unreadable"], f"cross-origin stylesheets: {sheets['unreadable']}"
    assert_all_local(duo, [{"kind": e["where"][-40:], "url": e["url"]} for e in sheets["urls"]], "CSS url()s")

    # Fonts are local or system fonts.
    remote_faces = [f for f in sheets["faces"] if off_host(f["urls"], port)]
    assert not remote_faces, "@font-face rules with a remote src:\n" + "\n".join(
        f"  {f['family']}: {f['src']} (in {f['where']})" for f in remote_faces
    )
    duo.driver.set_script_timeout(30)
    faces = duo.driver.execute_async_script(FONTS)
    declared = {f["family"] for f in sheets["faces"]}
    # A FontFace with no @font-face rule was added by script, from a source this test cannot see.
    undeclared = [f for f in faces if f["family"] not in declared]
    assert not undeclared, f"font faces added by script, source unknown: {undeclared}"
    failed = [f for f in faces if f["status"] == "error"]
    assert not failed, f"font faces that failed to load: {failed}"


# --- The checks above can fail -------------------------------------------------------------------


def test_the_checks_catch_off_host_references(dash_duo, start):
    """Plant one off-host reference of each kind; every check above must see it (192.0.2.0/24 is TEST-NET)."""
    duo = _open(dash_duo, start, "/")
    duo.driver.execute_script(
        """
        const img = document.createElement('img'); img.src = 'http://192.0.2.1/pixel.png'; document.body.append(img);
        const link = document.createElement('link'); link.rel = 'stylesheet'; link.href = 'http://192.0.2.2/x.css';
        document.head.append(link);
        const style = document.createElement('style');
        style.textContent = "@font-face { font-family: Planted; src: url(http://192.0.2.3/planted.woff2); }";
        document.head.append(style);
        fetch('http://192.0.2.4/api').catch(() => {});
        """
    )
    port = app_port(duo)
    deadline = time.time() + 10
    while True:
        timed, attempted = recorded_requests(duo)
        seen = off_host([e["url"] for e in timed + attempted], port)
        if {"http://192.0.2.1/pixel.png", "http://192.0.2.4/api"} <= set(seen) or time.time() > deadline:
            break
        time.sleep(0.2)
    assert "http://192.0.2.1/pixel.png" in seen
    assert "http://192.0.2.4/api" in off_host([e["url"] for e in attempted], port)
    dom = off_host([r["url"] for r in duo.driver.execute_script(DOM_REFERENCES)], port)
    assert {"http://192.0.2.1/pixel.png", "http://192.0.2.2/x.css"} <= set(dom)
    sheets = duo.driver.execute_script(STYLESHEETS)
    assert "http://192.0.2.3/planted.woff2" in off_host([u["url"] for u in sheets["urls"]], port)
    assert [f["family"] for f in sheets["faces"] if off_host(f["urls"], port)] == ["Planted"]
