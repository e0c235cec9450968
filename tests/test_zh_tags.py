"""qa.text: jieba.posseg's tags for names, places and long nouns without its 40 MB table; jieba's dictionary loaded fast.

The answerer reads a tag only through kept_tag() (names of two characters or more, nouns of
three or more); for those the tagger must agree with jieba.posseg word for word, on the real
paper and on every question of the set.
"""

from __future__ import annotations

import subprocess
import sys

import jieba.posseg as pseg
import pytest

from eval.questions import load_questions
from qa.text import ZhTagger, kept_tag, specific_terms, zh_tags
from tests.conftest import project_dir


def _as_read(pairs) -> list[tuple[str, str]]:
    """What the answerer sees of a tagging: each word, with its tag where kept_tag() keeps it."""
    return [(word, tag if kept_tag(word, tag) else "x") for word, tag in pairs]


@pytest.mark.parametrize("text, expected", [
    ("中国向柬埔寨派遣医疗队", [("中国", "ns"), ("向", "x"), ("柬埔寨", "ns"), ("派遣", "x"), ("医疗队", "n")]),
    ("2015年至2019年，中国派出了多少名援外医疗队员？",
     [("2015", "x"), ("年", "x"), ("至", "x"), ("2019", "x"), ("年", "x"), ("，", "x"), ("中国", "ns"),
      ("派出", "x"), ("了", "x"), ("多少", "x"), ("名", "x"), ("援外", "x"), ("医疗", "x"), ("队员", "x"), ("？", "x")]),
    ("", []),
    ("Padma bridge 大桥", [("Padma", "x"), (" ", "x"), ("bridge", "x"), (" ", "x"), ("大桥", "ns")]),
])
def test_worked_examples(text, expected):
    assert _as_read(zh_tags(text)) == expected


def test_same_as_jieba_posseg_on_the_whole_paper_and_every_question(pipeline):
    texts = []
    for p in pipeline.store.paragraphs.values():
        texts.append(p.text)
        texts += [p.text[a:b] for a, b in p.sentences]  # and sentence pairs: the answerer quotes both
        texts += [p.text[a:c] for (a, _), (_, c) in zip(p.sentences, p.sentences[1:], strict=False)]
    texts += [t for q in load_questions() for t in (*q.history, q.question)]
    texts += ["  \r\n\t ", "3.5%的贷款 a-b_c #1 C++", "🙂中国援助了吗？！", "ＡＢＣ１２３", "\u200b中\u200b国", "乌兹别克斯坦塔什干"]
    tagger = ZhTagger()
    ours = {t: _as_read(tagger.tags(t)) for t in texts}
    differ = [t for t in texts if ours[t] != _as_read(pseg.lcut(t))]
    kept = sum(tag != "x" for read in ours.values() for _, tag in read)
    assert len(texts) > 2000 and kept > 2000  # the comparison saw many names and nouns
    assert differ == []


def test_a_question_never_loads_jieba_posseg_or_pypinyin(built_store):
    """Chinese questions (names, places) and an English one citing a pinyin name discrepancy."""
    code = ("import sys; from qa import answer\n"
            "for q in ['柬埔寨的水稻种植有什么变化？', '中国在哪些国家建设了医院？',\n"
            "          'After Typhoon Haiyan, how many temporary classrooms did China put up in the Philippines?']:\n"
            "    answer(q)\n"
            "print(sorted(m for m in sys.modules if m.startswith(('jieba.posseg', 'pypinyin'))))")
    done = subprocess.run([sys.executable, "-c", code], cwd=project_dir(), capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip().splitlines()[-1] == "[]"


def test_specific_terms_of_a_chinese_question():
    assert specific_terms("中国在柬埔寨修建了多少公里道路？", "zh") == ["柬埔寨"]


def test_the_prepared_dictionary_loads_as_jieba_itself_loads_it(tmp_path):
    import jieba

    from qa.text import _load_prepared

    own = jieba.Tokenizer()
    own.tmp_dir = str(tmp_path)
    own.initialize()  # builds the dictionary from its word list and writes tmp_path/jieba.cache
    fast = jieba.Tokenizer()
    fast.tmp_dir = str(tmp_path)
    _load_prepared(fast)
    assert fast.initialized and (fast.total, fast.FREQ) == (own.total, own.FREQ)
    assert fast.lcut_for_search("中国向柬埔寨派遣医疗队") == own.lcut_for_search("中国向柬埔寨派遣医疗队")
    nothing = jieba.Tokenizer()
    nothing.tmp_dir = str(tmp_path / "empty")
    _load_prepared(nothing)
    assert not nothing.initialized  # nothing prepared there: jieba builds it on first use, as before


def test_the_tag_table_is_kept_and_read_back_only_while_it_is_current(tmp_path):
    from qa.text import TAGS_FILE, kept_tags

    made = kept_tags(tmp_path)  # nothing kept yet: read from jieba's dictionary, then kept
    kept = tmp_path / TAGS_FILE
    assert kept.is_file() and len(made) > 100_000 and made["柬埔寨"] == "ns"
    key = kept.read_text("utf-8").split("\n")[0]
    assert kept_tags(tmp_path) == made
    kept.write_text(f"{key}\nnz\t柬埔寨 老挝", "utf-8")  # the current key: what is kept is what is read
    assert kept_tags(tmp_path) == {"柬埔寨": "nz", "老挝": "nz"}
    kept.write_text(f"{key.replace('dict', 'other')}\nnz\t柬埔寨", "utf-8")  # another dictionary's: stale
    assert kept_tags(tmp_path) == made and kept.read_text("utf-8").split("\n")[0] == key
    kept.write_bytes(b"\xff\xfe half a file")  # unreadable: made again
    assert kept_tags(tmp_path) == made
    blocked = tmp_path / "a-file"
    blocked.write_text("where the directory should be")  # nothing can be kept there: still the table
    assert kept_tags(blocked) == made
    assert ZhTagger(tmp_path).tags("中国向柬埔寨派遣医疗队") == ZhTagger(tmp_path / "fresh").tags("中国向柬埔寨派遣医疗队")
