"""Security headers, request limits, and refusing malformed requests before Dash sees them.

The Content-Security-Policy allows nothing from another origin. Dash's one
inline bootstrap script is allowed by its hash (Dash computes it); plotly sets
inline styles on chart elements, so styles need 'unsafe-inline'.

Everything the browser sends is untrusted. The values inside a callback request (the state
store, click data, pattern-matching ids) are checked by the app's own rules (`state.from_store`,
`transitions`), which serve the nearest valid view. The request's envelope, though, is read by
Dash itself, which trusts it: a body that is not a JSON object, that names no callback, or whose
inputs do not match the callback's made Dash raise KeyError, TypeError or RecursionError, and the
client got a 500. `malformed_callback` checks the envelope against the callback's own
definition first, so such a request gets 400 and Dash only ever sees the shapes a page sends.
Error handlers make sure that whatever still goes wrong is logged here and never sent back.
"""

from __future__ import annotations

import functools
import json
import logging
from collections.abc import Mapping
from typing import Any

from dash.exceptions import DependencyException
from flask import Response, request
from werkzeug.exceptions import HTTPException, NotFound

log = logging.getLogger(__name__)

#: Callback requests are a few KB; anything far larger is refused before parsing.
MAX_REQUEST_BYTES = 1_000_000
#: The deepest nesting a page's callback request has is about ten (a click's point inside the
#: inputs list); JSON nested deeper than this is refused before anything walks it.
MAX_JSON_DEPTH = 32
#: The values a pattern-matching id declares for its wildcard keys (the other keys must be equal).
WILDCARDS = (["ALL"], ["MATCH"], ["ALLSMALLER"])


def content_security_policy(script_hashes: list[str]) -> str:
    directives = {
        "default-src": ["'self'"],
        "script-src": ["'self'", *script_hashes],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:", "blob:"],
        "font-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
    return "; ".join(f"{name} {' '.join(values)}" for name, values in directives.items())


# -- the callback envelope -------------------------------------------------------------------


def json_depth(value: Any) -> int:
    """How deeply `value` nests lists and objects (a scalar is 0). Iterative, so any depth is safe;
    only containers are stacked (a request body is mostly scalars: ids, properties and values)."""
    if not isinstance(value, dict | list | Mapping):
        return 0
    deepest = 0
    stack: list[tuple[Any, int]] = [(value, 0)]
    while stack:
        item, depth = stack.pop()
        children = item.values() if isinstance(item, Mapping) else item
        depth += 1
        if depth > deepest:
            deepest = depth
            if deepest > MAX_JSON_DEPTH:
                return deepest  # deep enough to refuse; no need to walk the rest
        stack.extend((child, depth) for child in children if isinstance(child, dict | list | Mapping))
    return deepest


@functools.lru_cache(maxsize=4096)
def _declared_id(raw: str) -> str | dict:
    """A declared component id: a plain id, or a pattern-matching id written as JSON (parsed once:
    the app declares a few hundred; read-only, as every caller only compares with it)."""
    return json.loads(raw) if raw.startswith("{") else raw


def _prop(name: object) -> object:
    """A property name without Dash's `@hash` suffix for duplicate outputs."""
    return name.split("@", 1)[0] if isinstance(name, str) else name


def _declared_outputs(output: str) -> list[dict] | dict:
    """The outputs a callback key names: `id.prop`, or `..a.p...b.q..` for several."""
    parts = output[2:-2].split("...") if output.startswith("..") else [output]
    declared = []
    for part in parts:
        raw_id, prop = part.rsplit(".", 1)
        declared.append({"id": raw_id, "property": prop})
    return declared if output.startswith("..") else declared[0]


def _matches(entry: object, declared: Mapping[str, str]) -> bool:
    """Whether one request entry ({id, property[, value]}, or a list of them for a pattern)
    is what the page sends for a declared input, state or output."""
    want = _declared_id(declared["id"])
    prop = _prop(declared["property"])
    if not isinstance(want, dict):
        return isinstance(entry, Mapping) and entry.get("id") == want and _prop(entry.get("property")) == prop
    many = any(want[k] in (["ALL"], ["ALLSMALLER"]) for k in want)
    items = entry if many else [entry]
    if not isinstance(items, list):
        return False
    for item in items:
        if not (isinstance(item, Mapping) and _prop(item.get("property")) == prop):
            return False
        got = item.get("id")
        if not (isinstance(got, Mapping) and set(got) == set(want)):
            return False
        for key, pattern in want.items():
            value = got[key]
            if pattern in WILDCARDS:
                if not isinstance(value, str | int | float | bool):
                    return False
            elif value != pattern:
                return False
    return True


def _all_match(entries: object, declared: list) -> bool:
    """Whether a request's list of entries is, one for one, what the page sends for `declared`."""
    return (
        isinstance(entries, list)
        and len(entries) == len(declared)
        and all(_matches(e, d) for e, d in zip(entries, declared, strict=True))
    )


def _inputs_named(entries: list) -> list[tuple[object, object]]:
    """Each input of a request as (id, property)."""
    return [
        (item["id"], _prop(item["property"]))
        for entry in entries
        for item in (entry if isinstance(entry, list) else [entry])
    ]


def _names_an_input(prop_id: object, inputs: list[tuple[object, object]]) -> bool:
    """Whether a changedPropIds entry (`id.prop`, a pattern id written as JSON) is one of the
    request's inputs. Compared as parsed ids, not as text: the browser's JSON.stringify and
    Python's json.dumps write the same id differently (non-ASCII characters, 1 and 1.0)."""
    if not isinstance(prop_id, str) or "." not in prop_id:
        return False
    raw_id, prop = prop_id.rsplit(".", 1)
    component: object = raw_id
    if raw_id.startswith("{"):
        try:
            component = json.loads(raw_id)
        except ValueError:
            return False
    return (component, prop) in inputs


def malformed_callback(body: object, callbacks: Mapping[str, Mapping[str, Any]]) -> str | None:
    """Why a callback request is not one the page could send, or None if it is well formed.

    `callbacks` is the app's `callback_map`. Checks the shape only: values are the callbacks'
    business, and they serve odd values as the nearest valid view.
    """
    if not isinstance(body, Mapping):
        return "the body is not a JSON object"
    if json_depth(body) > MAX_JSON_DEPTH:
        return f"the body nests deeper than {MAX_JSON_DEPTH} levels"
    output = body.get("output")
    spec = callbacks.get(output) if isinstance(output, str) else None
    if not isinstance(output, str) or spec is None or not callable(spec.get("callback")):
        return "it names no server callback"
    inputs = body.get("inputs")
    if not isinstance(inputs, list) or not _all_match(inputs, spec.get("inputs", [])):
        return "its inputs do not match the callback's"
    declared_state = spec.get("state", [])
    if not _all_match(body.get("state", [] if not declared_state else None), declared_state):
        return "its state does not match the callback's"
    if not spec.get("no_output"):
        declared = _declared_outputs(output)
        outputs = body.get("outputs")
        if not (_matches(outputs, declared) if isinstance(declared, dict) else _all_match(outputs, declared)):
            return "its outputs do not match the callback's"
    changed = body.get("changedPropIds")
    named = _inputs_named(inputs)
    # Dash parses these ids (ctx.triggered_id); each must be one of the request's own inputs.
    if not isinstance(changed, list) or not all(_names_an_input(p, named) for p in changed):
        return "its changedPropIds are not properties of its inputs"
    return None


def _plain(status: int, message: str) -> Response:
    return Response(message, status=status, mimetype="text/plain")


def install(app) -> None:
    server = app.server
    server.config["MAX_CONTENT_LENGTH"] = MAX_REQUEST_BYTES
    policy = content_security_policy(app.csp_hashes())
    update_path = app.config.routes_pathname_prefix + "_dash-update-component"

    @server.before_request
    def refuse_malformed_callbacks():
        """Check a callback request's envelope before Dash reads it (Dash reuses the parsed body)."""
        if request.method != "POST" or request.path != update_path:
            return None
        try:
            body = request.get_json()  # raises 400 or 415 for a body that is not JSON
        except RecursionError:
            return _plain(400, "Bad request: the body nests too deeply.")
        problem = malformed_callback(body, app.callback_map)
        if problem is not None:
            log.info("Refused a malformed callback request from %s: %s", request.remote_addr, problem)
            return _plain(400, f"Bad request: {problem}.")
        return None

    @server.errorhandler(DependencyException)
    def unknown_component_file(error):
        """Dash raises this for a /_dash-component-suites/ path it does not serve: a 404, not a 500."""
        return _plain(404, NotFound.description)

    @server.errorhandler(Exception)
    def unexpected_error(error):
        """Anything else: logged here with its traceback; the client learns only that it failed.
        HTTP errors (400, 404, 413, ...) and Dash's own (PreventUpdate's 204) keep their answers."""
        if isinstance(error, HTTPException):
            return error
        log.error("Unexpected error answering %s %s", request.method, request.path, exc_info=error)
        return _plain(500, "Internal server error: the request could not be answered.")

    @server.after_request
    def add_headers(response):
        response.headers["Content-Security-Policy"] = policy
        response.headers["Referrer-Policy"] = "no-referrer"
        response.headers["X-Frame-Options"] = "DENY"
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=(), interest-cohort=()"
        response.headers["Cross-Origin-Opener-Policy"] = "same-origin"
        return response
