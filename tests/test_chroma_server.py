"""Server mode: a real `chroma run` subprocess, built into, queried, stopped."""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path

import pytest

from qa import QAError, answer
from store import chroma
from store.build import ensure_store, stale_reason
from store.chroma import open_client
from store.errors import StoreUnavailable

pytestmark = pytest.mark.server


def _chroma_bin() -> str:
    found = shutil.which("chroma") or str(Path(sys.executable).with_name("chroma"))
    if not Path(found).exists():
        pytest.skip("the chroma CLI is not installed")
    return found


def start_server(path: Path, port: int) -> subprocess.Popen:
    proc = subprocess.Popen([_chroma_bin(), "run", "--path", str(path), "--port", str(port), "--host", "127.0.0.1"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.time() + 60
    while time.time() < deadline:
        try:
            import chromadb

            chromadb.HttpClient(host="127.0.0.1", port=port).heartbeat()
            return proc
        except Exception:
            time.sleep(0.3)
    proc.kill()
    raise RuntimeError("chroma server did not start")


def stop_server(proc: subprocess.Popen) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        proc.kill()


@pytest.fixture
def server(tmp_path, port):
    proc = start_server(tmp_path / "server-data", port)
    yield f"http://127.0.0.1:{port}"
    stop_server(proc)


def test_build_into_server_and_answer(built_store, server):
    settings = replace(built_store, chroma_url=server)
    report = ensure_store(settings, progress=False)
    assert report.built and report.paragraphs == 284 and report.location == server
    assert stale_reason(settings) is None
    served = chroma.get_collection(chroma.open_client(settings), chroma.collection_name(settings, chroma.PARAGRAPHS))
    assert chroma.is_exact(served, 284)  # the server keeps the configuration that makes its search exact
    result = answer("How many medical team members did China send from 2015 to 2019?", settings=settings)
    assert any("3,588" in c.quote for c in result.citations)


def test_server_stopped_mid_session_then_back(built_store, tmp_path, port):
    data = tmp_path / "server-data"
    url = f"http://127.0.0.1:{port}"
    settings = replace(built_store, chroma_url=url, collection="wpqa_restart")
    proc = start_server(data, port)
    try:
        ensure_store(settings, progress=False)
        assert answer("How many medical team members did China send from 2015 to 2019?", settings=settings).citations
    finally:
        stop_server(proc)
    with pytest.raises(QAError) as err:
        answer("What is South-South cooperation?", settings=settings)
    assert url in str(err.value)
    proc = start_server(data, port)
    try:
        assert answer("What is South-South cooperation?", settings=settings).citations
    finally:
        stop_server(proc)


def test_unreachable_server_names_the_url(built_store, port):
    url = f"http://127.0.0.1:{port}"
    with pytest.raises(StoreUnavailable, match=url):
        open_client(replace(built_store, chroma_url=url))
    with pytest.raises(QAError, match=url):
        answer("What is South-South cooperation?", settings=replace(built_store, chroma_url=url))
