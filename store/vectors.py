"""Passage vectors cached by what determines them: the model and the exact text.

Unlike build.py, which decides *whether* to build, this decides *what must be embedded*:
only texts whose (model, text) key no cache holds. Two caches are read, one is written:

    store/vectors/<model>.npz   shipped in the repository (about 2 MB), so a fresh clone
                                embeds nothing; regenerate: python -m store.vectors --ship
    <store dir>/vectors.npz     this machine's, written after every build that embedded

The key is sha256(model, text), a finer fingerprint than the store's (model + source sha +
parser version): an edited paragraph re-embeds only itself, a new model everything, and
a parser change that leaves a text as it was re-embeds nothing (same text, same vector).
"""

from __future__ import annotations

import argparse
import hashlib
import os
import sys
import tempfile
import zipfile
from collections.abc import Callable
from pathlib import Path

import numpy as np

from store.embed import DIM, MODEL_NAME, E5Embedding

SHIPPED_DIR = Path(__file__).resolve().parent / "vectors"
LOCAL_NAME = "vectors.npz"
BATCH = 32  # texts per embedding call: large enough for both threads, small enough for a moving percentage


def key(text: str, model: str | None = None) -> str:
    """Example: key("Send volunteers.") -> 'c0f1…' (40 hex digits); model defaults to MODEL_NAME."""
    return hashlib.sha256(f"{model or MODEL_NAME}\x00passage\x00{text}".encode()).hexdigest()[:40]


def shipped_path(model: str | None = None) -> Path:
    return SHIPPED_DIR / f"{(model or MODEL_NAME).replace('/', '--')}.npz"


def read(path: Path) -> dict[str, np.ndarray]:
    """key -> vector; {} for a missing or unreadable file (a cache is never worth an error)."""
    try:
        with np.load(path) as data:
            keys, vectors = data["keys"], data["vectors"]
    except (OSError, EOFError, KeyError, ValueError, zipfile.BadZipFile):
        return {}
    if vectors.ndim != 2 or vectors.shape[1] != DIM or len(keys) != len(vectors):
        return {}
    return dict(zip(keys.tolist(), vectors.astype(np.float32), strict=True))


def write(path: Path, known: dict[str, np.ndarray]) -> None:
    """Atomically: a build killed while writing leaves the old file or none, never half of one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    keys = sorted(known)
    fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp.npz")
    os.close(fd)
    try:
        np.savez(tmp, keys=np.array(keys), vectors=np.vstack([known[k] for k in keys]).astype(np.float32))
        os.chmod(tmp, 0o644)  # subtle: mkstemp makes it private; a shipped or shared cache is for everyone
        os.replace(tmp, path)
    finally:
        Path(tmp).unlink(missing_ok=True)


def passage_vectors(texts: list[str], local: Path | None,
                    on_progress: Callable[[int, int], None] | None = None) -> tuple[np.ndarray, int]:
    """(one vector per text, how many texts were embedded now). Each distinct text is embedded once.

    on_progress(done, total) counts distinct texts that had to be embedded.
    """
    known = read(shipped_path())
    if local is not None:
        known |= read(local)
    keys = [key(t) for t in texts]
    missing = list(dict.fromkeys(t for t, k in zip(texts, keys, strict=True) if k not in known))
    if missing:
        embedder = E5Embedding()
        for start in range(0, len(missing), BATCH):
            chunk = missing[start:start + BATCH]
            known.update(zip((key(t) for t in chunk), embedder.passages(chunk), strict=True))
            if on_progress is not None:
                on_progress(start + len(chunk), len(missing))
        if local is not None:
            write(local, {k: known[k] for k in set(keys)})  # subtle: only this corpus, so it cannot grow forever
    if not texts:
        return np.zeros((0, DIM), dtype=np.float32), 0
    return np.vstack([known[k] for k in keys]), len(missing)


def ship(local: Path | None = None) -> Path:
    """Write the shipped cache for the current paper and model (embedding only what no cache,
    this machine's included, holds); older shipped files are removed."""
    from store.corpus import load_corpus

    paragraphs = load_corpus().all()
    texts = [p.text for p in paragraphs] + [p.text[a:b] for p in paragraphs for a, b in p.sentences]
    vectors, _ = passage_vectors(texts, local=local)
    target = shipped_path()
    for old in SHIPPED_DIR.glob("*.npz"):
        if old != target:
            old.unlink()
    write(target, dict(zip((key(t) for t in texts), vectors, strict=True)))
    return target


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m store.vectors",
                                     description="Write the vectors shipped with the repository.")
    parser.add_argument("--ship", action="store_true", help=f"(re)write {SHIPPED_DIR}/<model>.npz")
    args = parser.parse_args(argv)
    if not args.ship:
        parser.print_help()
        return 2
    from store.settings import Settings

    path = ship(Settings.from_env().store_dir / LOCAL_NAME)
    print(f"wrote {path} ({path.stat().st_size / 1e6:.1f} MB, {len(read(path))} vectors)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
