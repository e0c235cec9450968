"""Load test of the running chat app: many concurrent sessions asking over loopback through its API.

Unlike bench.py, which times answer() in-process, this goes through Gradio's HTTP API
and queue, so a latency here includes the queue wait behind other sessions. Each session
is its own keep-alive HTTP connection and asks like the chat does: English and Chinese
questions from the question set, and follow-ups that pass the session's earlier answered
questions. It only ever talks to 127.0.0.1 and stops at a global deadline.

Each question is Gradio's documented two-step call (`POST /gradio_api/call/ask` -> event
id; `GET /gradio_api/call/ask/<id>` -> server-sent events until `complete`), the same
queue gradio_client joins, with the session's own session hash as gradio_client and the
browser send one. gradio_client itself was dropped here: its job threads and 50 ms polling
cost 87 ms of CPU per question on the same 2 cores, more than the app.

    python -m eval.load --sessions 50 --questions-per-session 4 --json
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import socket
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from urllib.parse import urlparse

from eval.metrics import percentile
from eval.questions import Question, load_questions
from store.settings import PROJECT_DIR, Settings

LOOPBACK = {"127.0.0.1", "localhost", "::1"}
PROBE = "What is South-South cooperation?"
BUILDING_MARK = "still being built"  # a substring of ui.app.BUILDING, which this module does not import
QUIET = {"GRADIO_ANALYTICS_ENABLED": "False", "HF_HUB_DISABLE_TELEMETRY": "1", "HF_HUB_OFFLINE": "1"}


class LoadError(RuntimeError):
    """The app could not be started or reached; the message says why."""


@dataclass
class Outcome:
    """What one question got: its latency, and the kind of failure if any."""

    session: int
    question: str
    latency_ms: float
    error: str = ""  # "" | exception text | "error reply" | "timeout"
    message: bool = False  # the app replied with a polite message (e.g. "empty question"), not an answer


@dataclass
class LoadResult:
    url: str
    sessions: int
    planned: int  # questions the sessions meant to ask
    asked: int
    answered: int
    errors: int
    messages: int
    skipped: int  # not asked: the deadline came first
    wall_s: float  # from the first question to the last reply
    throughput_qps: float
    p50_ms: float
    p95_ms: float
    max_ms: float
    connect_p50_ms: float  # opening a session (fetches the app's config, as a browser does)
    machine: dict
    startup_s: float | None = None  # app started here: spawn -> its first answer (a first start on an empty store)
    # CPU per question asked, over the load (machine-independent where wall-clock figures are not:
    # another program's work on the same cores lowers throughput but not these)
    app_cpu_ms_per_q: float | None = None  # the app's process; None when it was not started here
    client_cpu_ms_per_q: float | None = None  # this load generator's process
    error_samples: list[str] = field(default_factory=list)

    def table(self) -> str:
        return "\n".join([
            f"{self.sessions} sessions, {self.asked}/{self.planned} questions asked in {self.wall_s:.1f} s "
            f"against {self.url}",
            f"throughput      {self.throughput_qps:.1f} questions/s",
            f"latency p50/p95 {self.p50_ms:.0f} / {self.p95_ms:.0f} ms (max {self.max_ms:.0f} ms)",
            f"errors          {self.errors}  (messages {self.messages}, skipped {self.skipped})",
            f"connect p50     {self.connect_p50_ms:.0f} ms",
            *([f"app start       {self.startup_s:.1f} s to its first answer"] if self.startup_s is not None else []),
            *([f"CPU / question  app {self.app_cpu_ms_per_q:.1f} ms, load generator {self.client_cpu_ms_per_q:.1f} ms"]
              if self.app_cpu_ms_per_q is not None else []),
            *[f"  e.g. {e}" for e in self.error_samples],
        ])


def _p(values: list[float], q: float) -> float:
    """eval.metrics.percentile, 0.0 for no values (a JSON report keeps its numbers numeric)."""
    return percentile(values, q) or 0.0


def plan(questions: list[Question], sessions: int, per_session: int, seed: int = 0) -> list[list[tuple[str, str]]]:
    """Per session, the questions it asks in order, as (lang, question); languages alternate.

    A conversation item from the set becomes its earlier questions followed by the
    follow-up, so the follow-up is asked with real history. Example (per_session=3):
    [("en", "How many …?"), ("zh", "柬埔寨…？"), ("en", "And in Africa?")]
    """
    pools: dict[str, list[tuple[str, ...]]] = {"en": [], "zh": []}  # lang -> turns of one item
    for q in questions:
        pools[q.edition].append((*q.history, q.question))  # Traditional and French items join their edition
    rng = random.Random(seed)
    out = []
    for s in range(sessions):
        turns: list[tuple[str, str]] = []
        lang = ("en", "zh")[s % 2]
        while len(turns) < per_session:
            room = per_session - len(turns)
            item = rng.choice([t for t in pools[lang] if len(t) <= room] or [t[-1:] for t in pools[lang]])
            turns += [(lang, text) for text in item]
            lang = "zh" if lang == "en" else "en"
        out.append(turns)
    return out


def check_loopback(url: str) -> str:
    host = urlparse(url).hostname
    if host not in LOOPBACK:
        raise LoadError(f"--url must point at 127.0.0.1 (this test never leaves the machine), got {url!r}")
    return url


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def serve(settings: Settings, timeout_s: float = 300.0, started: list[float] | None = None,
          pids: list[int] | None = None) -> Iterator[str]:
    """`python -m ui` on a free 127.0.0.1 port; yields its URL once it answers, stops it afterwards.

    started: receives the seconds from spawn to the first answer; pids: the app's process id.
    """
    port = free_port()
    url = f"http://127.0.0.1:{port}/"
    env = {**os.environ, **QUIET, "WPQA_STORE_DIR": str(settings.store_dir)}
    with tempfile.TemporaryFile("w+") as log:  # subtle: a PIPE nobody reads would stall a chatty app
        spawned = time.monotonic()
        proc = subprocess.Popen([sys.executable, "-m", "ui", "--host", "127.0.0.1", "--port", str(port)],
                                cwd=PROJECT_DIR, env=env, stdout=log, stderr=subprocess.STDOUT, text=True)
        try:
            _wait_until_answering(url, proc, log, spawned + timeout_s)
            if started is not None:
                started.append(round(time.monotonic() - spawned, 2))
            if pids is not None:
                pids.append(proc.pid)
            yield url
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()


def _wait_until_answering(url: str, proc: subprocess.Popen, log, deadline: float) -> None:
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            log.seek(0)
            raise LoadError(f"the app exited early (code {proc.returncode}):\n{log.read()[-2000:]}")
        try:
            with ApiSession(url) as session:
                if BUILDING_MARK not in session.ask(PROBE, [], timeout_s=60):
                    return
        except Exception:  # not listening yet
            pass
        time.sleep(0.2)
    raise LoadError(f"the app at {url} did not start answering within the time allowed")


class ApiSession:
    """One chat session's connection to the app's /ask API.  Example: ApiSession(url).ask("Why?", [])

    Like a browser tab (and gradio_client), a session sends one session hash with each of its
    questions, so Gradio keeps one session state for it rather than making one per question. Plain
    http.client on one keep-alive connection: httpx cost 10 ms of CPU per question on the cores the
    app needs, http.client about a third of that (python -m eval.load, README "Speed and memory").
    """

    def __init__(self, url: str):
        parsed = urlparse(url)
        self._conn = http.client.HTTPConnection(parsed.hostname, parsed.port or 80, timeout=30.0)
        self._root = parsed.path.rstrip("/") + "/"
        self.session_hash = uuid.uuid4().hex[:12]

    def __enter__(self) -> ApiSession:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        self._conn.close()

    def open_page(self) -> None:
        """What a browser does first: fetch the app's config."""
        self._request("GET", "config", timeout_s=30.0).read()

    def ask(self, question: str, history: list[str], timeout_s: float) -> str:
        """The reply's HTML; raises on an HTTP error, an `error` event, or no reply within timeout_s."""
        body = json.dumps({"data": [question, history], "session_hash": self.session_hash})
        joined = json.loads(self._request("POST", "gradio_api/call/ask", timeout_s, body).read())
        stream = self._request("GET", f"gradio_api/call/ask/{joined['event_id']}", timeout_s)
        event, reply = "", None
        for raw in stream:  # server-sent events; the stream ends after `complete`
            line = raw.decode("utf-8").rstrip("\r\n")
            if line.startswith("event:"):
                event = line[6:].strip()
            elif line.startswith("data:") and event in ("complete", "error") and reply is None:
                data = json.loads(line[5:])
                if event == "error":
                    raise LoadError(f"the app reported an error: {str(data)[:200]}")
                reply = data[0]
        if reply is None:
            raise LoadError("the reply stream ended without a result")
        return reply

    def _request(self, method: str, path: str, timeout_s: float, body: str | None = None):
        """The response, status checked; read it to the end before the next request (keep-alive)."""
        self._conn.timeout = timeout_s
        if self._conn.sock is not None:
            self._conn.sock.settimeout(timeout_s)
        headers = {"Content-Type": "application/json"} if body is not None else {}
        try:
            self._conn.request(method, self._root + path, body=body, headers=headers)
            response = self._conn.getresponse()
        except (http.client.HTTPException, ConnectionError):
            self._conn.close()  # subtle: a connection the server dropped is reopened by the next request
            raise
        if response.status != 200:
            response.read()
            raise LoadError(f"HTTP {response.status} from {method} {path}")
        return response


def run_session(url: str, index: int, turns: list[tuple[str, str]], start: threading.Barrier,
                deadline: float, outcomes: list[Outcome], connects: list[float]) -> None:
    """One chat session: connect, wait for the others, then ask each turn with the earlier answered ones."""
    began = time.perf_counter()
    client = ApiSession(url)
    try:
        client.open_page()
    except Exception as err:
        client.close()
        outcomes.append(Outcome(index, "(connect)", 0.0, error=f"connect: {type(err).__name__}: {err}"))
        with suppress(threading.BrokenBarrierError):
            start.wait(timeout=_connect_wait(deadline))  # subtle: the other sessions still go ahead
        return
    connects.append((time.perf_counter() - began) * 1000)
    try:
        start.wait(timeout=_connect_wait(deadline))
        history: list[str] = []  # the session's earlier answered questions, oldest first
        for _, question in turns:
            if time.monotonic() >= deadline:
                return
            outcome = _ask(client, index, question, history, deadline)
            outcomes.append(outcome)
            if not outcome.error and not outcome.message:
                history.append(question)
    except threading.BrokenBarrierError:
        return
    finally:
        client.close()


def _connect_wait(deadline: float) -> float:
    return max(1.0, min(120.0, deadline - time.monotonic()))


def _ask(client: ApiSession, index: int, question: str, history: list[str], deadline: float) -> Outcome:
    began = time.perf_counter()
    try:
        reply = client.ask(question, list(history), timeout_s=max(0.1, deadline - time.monotonic()))
    except TimeoutError:
        client.close()
        return Outcome(index, question, (time.perf_counter() - began) * 1000, error="timeout")
    except Exception as err:
        client.close()  # subtle: a reply read halfway leaves the connection unusable; the next ask reconnects
        return Outcome(index, question, (time.perf_counter() - began) * 1000,
                       error=f"{type(err).__name__}: {str(err)[:200]}")
    latency = (time.perf_counter() - began) * 1000
    if "wpqa-error" in reply or BUILDING_MARK in reply or 'class="wpqa-answer' not in reply:
        return Outcome(index, question, latency, error=f"error reply: {reply[:200]}")
    return Outcome(index, question, latency, message="wpqa-message" in reply)


def load(url: str, plans: list[list[tuple[str, str]]], deadline_s: float) -> LoadResult:
    """Run every session's plan at once (one thread each) until done or the deadline."""
    deadline = time.monotonic() + deadline_s
    client_cpu = sum(os.times()[:2])  # user + system seconds of this process
    outcomes: list[Outcome] = []  # list.append is atomic: threads share it without a lock
    connects: list[float] = []
    # subtle: the clock starts when the last session has connected, so throughput counts questions only
    started: list[float] = []
    start = threading.Barrier(len(plans), action=lambda: started.append(time.perf_counter()))
    threads = [threading.Thread(target=run_session, args=(url, i, turns, start, deadline, outcomes, connects),
                                name=f"session-{i}", daemon=True) for i, turns in enumerate(plans)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=max(0.0, deadline - time.monotonic()) + 30)
    wall = time.perf_counter() - (started[0] if started else time.perf_counter())
    done = [o for o in outcomes if o.question != "(connect)"]
    ok = [o.latency_ms for o in done if not o.error]
    errors = [o for o in outcomes if o.error]
    planned = sum(len(p) for p in plans)
    client_cpu = sum(os.times()[:2]) - client_cpu
    return LoadResult(
        url=url, sessions=len(plans), planned=planned, asked=len(done), answered=len(ok) - sum(o.message for o in done),
        errors=len(errors), messages=sum(o.message for o in done), skipped=planned - len(done),
        wall_s=round(wall, 2), throughput_qps=round(len(ok) / wall, 2) if wall > 0 else 0.0,
        p50_ms=round(_p(ok, 50), 1), p95_ms=round(_p(ok, 95), 1),
        max_ms=round(max(ok, default=0.0), 1), connect_p50_ms=round(_p(connects, 50), 1),
        machine=_machine(), error_samples=[o.error for o in errors[:3]],
        client_cpu_ms_per_q=round(client_cpu * 1000 / len(done), 1) if done else None,
    )


def cpu_seconds(pid: int) -> float | None:
    """User + system CPU seconds of a running process, from /proc; None where there is none."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as f:
            fields = f.read().rsplit(b")", 1)[1].split()  # subtle: the name in parentheses may hold spaces
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, IndexError, ValueError):
        return None


def _machine() -> dict:
    return {"cores": os.cpu_count(), "load_avg": [round(x, 2) for x in os.getloadavg()],
            "python": sys.version.split()[0], "timestamp": datetime.now(UTC).isoformat(timespec="seconds")}


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m eval.load", description="Load-test the chat app's /ask API over loopback.",
        epilog="Example: python -m eval.load --sessions 50 --questions-per-session 4 --json")
    parser.add_argument("--sessions", type=int, default=50, help="concurrent sessions (default 50)")
    parser.add_argument("--questions-per-session", type=int, default=4, metavar="N", help="default 4")
    parser.add_argument("--url", help="a running app on 127.0.0.1 (default: start one on a free port)")
    parser.add_argument("--deadline", type=float, default=300.0, metavar="S",
                        help="stop asking after S seconds of load (default 300)")
    parser.add_argument("--seed", type=int, default=0, help="which questions each session asks (default 0)")
    parser.add_argument("--json", dest="as_json", action="store_true", help="print one JSON object")
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    for name in ("sessions", "questions_per_session"):
        if not 1 <= getattr(args, name) <= 500:
            parser.error(f"--{name.replace('_', '-')} must be between 1 and 500, got {getattr(args, name)}")
    plans = plan(load_questions(), args.sessions, args.questions_per_session, args.seed)
    try:
        if args.url:
            result = load(check_loopback(args.url), plans, args.deadline)
        else:
            started: list[float] = []
            pids: list[int] = []
            with serve(Settings.from_env(), started=started, pids=pids) as url:
                before = cpu_seconds(pids[0])
                result = load(url, plans, args.deadline)
                after = cpu_seconds(pids[0])
            result.startup_s = started[0]
            if before is not None and after is not None and result.asked:
                result.app_cpu_ms_per_q = round((after - before) * 1000 / result.asked, 1)
    except LoadError as err:
        print(f"error: {err}", file=sys.stderr)
        return 1
    print(json.dumps(asdict(result), ensure_ascii=False) if args.as_json else result.table())
    return 0 if result.errors == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
