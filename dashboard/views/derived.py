"""Work a view needs that depends on the extract alone, done once per context, not per request.

Why: a redraw builds every card, and several cards rebuilt the same state-independent frames on
every request (the published figures joined to their sources and labelled, every figure's display
strings, the sources by id, the findings' texts by id). That was a large share of a cold redraw.

This is not the view cache (`AppContext.memo`, which the `DASHBOARD_VIEW_CACHE` setting can turn
off): nothing kept here depends on a view state, so keeping it cannot serve one user's view to
another, and turning the view cache off still computes every view afresh from it. What is kept
belongs to one context object: a reload builds a new context, which starts with nothing kept,
and what an old context kept is dropped when that context is freed. Under pandas copy-on-write a
caller that writes to a kept frame writes to its own copy, so a kept value never changes.
"""

from __future__ import annotations

import threading
import weakref
from collections.abc import Callable, Mapping
from types import MappingProxyType
from typing import Any, TypeVar

from dashboard.context import AppContext

T = TypeVar("T")

_lock = threading.Lock()
#: Per live context (by id; dropped by a finalizer when the context is freed, so an id is never
#: reused while its entry is here): name -> value.
_kept: dict[int, dict[str, Any]] = {}


def once(ctx: AppContext, name: str, compute: Callable[[], T]) -> T:
    """`compute()` the first time a context asks for `name`, its kept value after that.

    `name` must say everything the value depends on besides the context (it is never a view state).
    Two threads asking at once may both compute it; the first to finish is kept and both get it."""
    key = id(ctx)
    with _lock:
        kept = _kept.get(key)
        if kept is None:
            kept = _kept[key] = {}
            weakref.finalize(ctx, _kept.pop, key, None)
        elif name in kept:
            return kept[name]
    value = compute()  # outside the lock: a slow first computation holds up no other name
    with _lock:
        return kept.setdefault(name, value)


def source_column(ctx: AppContext, column: str) -> Mapping[str, Any]:
    """Each source's `column` ("title", "url") by source id: a quote or finding names its source."""
    sources = ctx.extract.sources
    return once(
        ctx,
        f"sources.{column}",
        lambda: MappingProxyType(dict(zip(sources["source_id"], sources[column], strict=True))),
    )


def quote_records(ctx: AppContext) -> Mapping[str, dict[str, Any]]:
    """Each quote any view may show (`AppContext.quotes`) as a plain row, by quote id: a quote list
    is drawn from these (a view's quotes are rows of that table), not from its frame."""
    quotes = ctx.quotes
    return once(
        ctx,
        "quotes.records",
        lambda: MappingProxyType(dict(zip(quotes["quote_id"], quotes.to_dict("records"), strict=True))),
    )
