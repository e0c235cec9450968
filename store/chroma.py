"""Opens Chroma, embedded on disk or a server, and nothing else.

Chroma never embeds here: every collection is created with ``embedding_function=None``
and every write and query passes vectors we computed (Chroma's default embedder would
try to download a model).
"""

from __future__ import annotations

from urllib.parse import urlparse

import chromadb
from chromadb.config import Settings as ChromaSettings

from store import caches
from store.errors import StoreUnavailable
from store.settings import Settings

PARAGRAPHS = "paragraphs"
SENTENCES = "sentences"


def open_client(settings: Settings) -> chromadb.api.ClientAPI:
    """The process's one client for this store: opened on first use, then reused until close()."""
    return caches.CLIENTS.get((settings.location,), lambda: _connect(settings))


def close(settings: Settings) -> None:
    """Close this store's client (public chromadb API: the shared system stops at refcount 0), so the
    next open_client() reads the files as they are now; with every other cache of this store."""
    caches.forget(settings.location)


def _connect(settings: Settings) -> chromadb.api.ClientAPI:
    """An embedded PersistentClient at settings.store_dir, or an HttpClient when chroma_url is set."""
    chroma_settings = ChromaSettings(anonymized_telemetry=False)
    if settings.chroma_url:
        url = urlparse(settings.chroma_url if "://" in settings.chroma_url else f"http://{settings.chroma_url}")
        try:
            client = chromadb.HttpClient(
                host=url.hostname or "localhost",
                port=url.port or (443 if url.scheme == "https" else 8000),
                ssl=url.scheme == "https",
                settings=chroma_settings,
            )
            client.heartbeat()
        except Exception as err:  # connection refused, DNS, TLS: all mean "not reachable"
            raise StoreUnavailable(
                f"The Chroma server at {settings.chroma_url} is not reachable: is `chroma run` up?"
            ) from err
        return client
    settings.store_dir.mkdir(parents=True, exist_ok=True)
    try:
        return chromadb.PersistentClient(path=str(settings.store_dir), settings=chroma_settings)
    except Exception:
        # subtle: a system that failed to start on damaged files stays registered under its path, and
        # every later client for that path would reuse it; clear_system_cache() (public) forgets it.
        # Clients already open keep working: they hold their own server object.
        from chromadb.api.client import SharedSystemClient

        SharedSystemClient.clear_system_cache()
        raise


def collection_name(settings: Settings, kind: str, building: bool = False) -> str:
    return f"{settings.collection}_{kind}" + ("_building" if building else "")


def create_collection(client: chromadb.api.ClientAPI, name: str, metadata: dict, size: int):
    """A cosine collection whose search is exact for up to `size` records.

    subtle: an HNSW search keeps its best ef_search candidates; with ef_search at least the number
    of records it walks the whole graph, so it returns the true nearest neighbours. Chroma's
    default (100) returned approximate lists that differed between processes: a collection under
    its sync threshold is rebuilt from the log in each process, not always into the same graph,
    and the fitted scorer (eval.tune --check) then saw different candidates now and then.
    """
    return client.create_collection(
        name, embedding_function=None, metadata=metadata,
        configuration={"hnsw": {"space": "cosine", "ef_search": exact_ef(size)}},
    )


def exact_ef(size: int) -> int:
    """The ef_search that makes a search over `size` records exhaustive (never below Chroma's 100)."""
    return max(100, size)


def is_exact(collection, size: int) -> bool:
    """Whether a search of this collection, holding `size` records, is exhaustive (see create_collection)."""
    # configuration_json, not configuration: the parsed form warns about our embedding_function=None
    hnsw = (collection.configuration_json or {}).get("hnsw") or {}
    return int(hnsw.get("ef_search") or 0) >= size


def get_collection(client: chromadb.api.ClientAPI, name: str):
    return client.get_collection(name, embedding_function=None)


def drop_collection(client: chromadb.api.ClientAPI, name: str) -> None:
    if name in {c.name for c in client.list_collections()}:
        client.delete_collection(name)
