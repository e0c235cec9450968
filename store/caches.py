"""Everything the process keeps between questions, in one place, and the one way to drop it.

Each cache is a small thread-safe LRU keyed by a tuple whose first item is the store's
location (or "" for what does not depend on a store, such as the embedding engine).
`forget(location)` drops every entry of that store in every cache, closing its Chroma
client, so the next question opens (and heals) everything afresh.

    CLIENTS    location -> the one open Chroma client (closed when dropped)
    STORES     (location, collection) -> store.load.Store
    PIPELINES  (location, …settings) -> qa.answer.Pipeline
    ANSWERS    (location, …settings, normalised question, history) -> qa.types.Answer
    DERIVED    (location, store, name) -> data computed once from an open store
    ENGINES    ("", kind, threads) -> the embedding engine and its query worker (never forgotten)
    QUERIES    ("", threads, text) -> a query's vector: a follow-up compares itself with the question
               before it, which was embedded one turn earlier (never forgotten; read-only arrays)
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any


class Cache:
    """A named LRU. Example: STORES.get(("/tmp/s", "wpqa"), lambda: open_store(...))"""

    def __init__(self, name: str, size: int, on_drop: Callable[[Any], None] | None = None):
        self.name, self.size, self._on_drop = name, size, on_drop
        self._items: OrderedDict[tuple, Any] = OrderedDict()
        self._lock = threading.RLock()  # held for dict operations only
        self._making = threading.RLock()  # held while a value is made: one maker at a time, peeks never wait

    def peek(self, key: tuple) -> Any | None:
        with self._lock:
            value = self._items.get(key)
            if value is not None:
                self._items.move_to_end(key)
            return value

    def get(self, key: tuple, make: Callable[[], Any]) -> Any:
        """The cached value, or make() stored under key (made once, even when asked for at once)."""
        value = self.peek(key)
        if value is not None:
            return value
        with self._making:
            value = self.peek(key)
            if value is None:
                value = make()
                self.put(key, value)
            return value

    def put(self, key: tuple, value: Any) -> None:
        with self._lock:
            self._items[key] = value
            self._items.move_to_end(key)
            while len(self._items) > self.size:
                self._drop(next(iter(self._items)))

    def drop_where(self, keep: Callable[[tuple], bool]) -> int:
        """Drop every entry whose key keep() rejects; returns how many went."""
        with self._lock:
            gone = [k for k in self._items if not keep(k)]
            for key in gone:
                self._drop(key)
            return len(gone)

    def clear(self) -> None:
        self.drop_where(lambda key: False)

    def __len__(self) -> int:
        return len(self._items)

    def _drop(self, key: Hashable) -> None:
        value = self._items.pop(key)
        if self._on_drop is not None:
            self._on_drop(value)


def _close_client(client: Any) -> None:
    close = getattr(client, "close", None)  # chromadb >= 1.1: releases the shared system at refcount 0
    if close is not None:
        close()


CLIENTS = Cache("chroma clients", 16, on_drop=_close_client)
STORES = Cache("stores", 8)
PIPELINES = Cache("pipelines", 16)
ANSWERS = Cache("answers", 4096)
DERIVED = Cache("derived from a store", 64)
ENGINES = Cache("embedding engines", 8)  # not in ALL: the model does not depend on a store
# not in ALL either; about 12 MB when full. Large enough for every text a refit embeds (eval.tune reads the
# dev questions in both of its passes: at 1024 the LRU dropped each before its second use, and the refit took
# 129 s instead of 86 s under `make test`)
QUERIES = Cache("query vectors", 8192)
ALL = (ANSWERS, PIPELINES, DERIVED, STORES, CLIENTS)  # dropped in this order: users before what they use


def forget(location: str) -> None:
    """Drop everything opened for the store at location (a path or a Chroma URL)."""
    for cache in ALL:
        cache.drop_where(lambda key: key[0] != location)


def clear() -> None:
    """Drop everything (tests that swap the source texts)."""
    for cache in ALL:
        cache.clear()
