"""Question text: cleaning, language, word segmentation and the terms that must match.

Shared by BM25 (which needs Chinese segmented: its default pattern treats a run of
Hanzi as one token) and by sentence scoring and abstention (which need to know which
words of a question are specific: names, years, amounts).
"""

from __future__ import annotations

import importlib.util
import json
import logging
import marshal
import re
import sys
import tempfile
import threading
import unicodedata
from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path

import jieba
import Stemmer

jieba.setLogLevel(logging.WARNING)
log = logging.getLogger(__name__)

_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_KANA = re.compile(r"[\u3040-\u30ff]")
_OTHER_SCRIPT = re.compile(r"[\u0590-\u08ff\u0400-\u04ff\u0e00-\u0e7f\uac00-\ud7af\u0900-\u097f]")
_LATIN_WORD = re.compile(r"[A-Za-z]+(?:['’][A-Za-z]+)?")
_NUMBER = re.compile(r"\d[\d,]*(?:\.\d+)?")
_EN_WORD = re.compile(r"[A-Za-z0-9]+")

EN_STOP = frozenset(
    ["a", "an", "the", "of", "in", "on", "at", "to", "for", "from", "by", "with", "and", "or", "but", "is", "are", "was", "were", "be", "been", "being", "do", "does", "did", "has", "have", "had", "how", "what", "which", "who", "whom", "whose", "when", "where", "why", "whether", "this", "that", "these", "those", "it", "its", "they", "them", "their", "there", "here", "as", "about", "into", "over", "under", "than", "then", "so", "such", "not", "no", "can", "could", "should", "would", "will", "shall", "may", "might", "must", "also", "more", "most", "many", "much", "any", "some", "each", "per", "i", "me", "my", "we", "our", "you", "your", "he", "she", "his", "her", "tell", "say", "says", "said", "paper", "white", "whitepaper", "according", "document", "please", "give", "list", "explain", "describe", "show", "china", "china's", "chinese"]
)
# Question words that say what kind of answer is wanted, not what it is about.
ZH_STOP = frozenset(
    ["的", "了", "和", "与", "及", "在", "是", "有", "哪些", "哪个", "什么", "怎么", "怎样", "如何", "多少", "几", "为什么", "为何", "吗", "呢", "吧", "啊", "请", "问", "中国", "白皮书", "提到", "提及", "关于", "方面", "哪", "些", "个", "年", "对", "向", "为", "把", "被", "等", "中", "上", "下", "这", "那", "其", "该", "他们", "它们", "我们", "你", "我", "了解", "介绍", "说", "根据", "按照", "主要", "情况", "一下", "以及", "还", "也", "都", "又", "或", "并", "从", "到", "给", "共", "一共", "总共", "截至", "截止",
     "哪里", "哪儿", "何处",  # where: a question word, as 哪个
     "大洲"]  # a kind asked for ("在哪几个大洲？"): the paper names the continents, never the word
)


_FULL_WIDTH_ALNUM = {c: c - 0xFEE0 for c in [*range(0xFF10, 0xFF1A), *range(0xFF21, 0xFF3B), *range(0xFF41, 0xFF5B)]}


_BIDI = re.compile("[\u202a-\u202e\u2066-\u2069]")


def clean_question(text: str) -> str:
    """Control characters and invalid surrogates out, invisible format characters (zero-width
    spaces, direction marks) dropped, full-width letters and digits made plain (Chinese punctuation
    is left alone), white space folded.

    Example: "How\\x00 many\\n\\tteams?" -> "How many teams?"
    """
    text = text.encode("utf-8", "replace").decode("utf-8") if _has_surrogates(text) else text
    text = _BIDI.sub(" ", text)  # subtle: direction marks may be all that separates the words
    text = "".join(ch for ch in text if unicodedata.category(ch) != "Cf").translate(_FULL_WIDTH_ALNUM)
    kept = [ch if unicodedata.category(ch)[0] != "C" else " " for ch in text]
    return re.sub(r"\s+", " ", "".join(kept)).strip()


def _has_surrogates(text: str) -> bool:
    return any("\ud800" <= ch <= "\udfff" for ch in text)


def detect_lang(text: str) -> str:
    """ "zh" when Han characters dominate, "en" for Latin script, "other" for anything else."""
    han = len(_HAN.findall(text))
    latin = sum(len(w) for w in _LATIN_WORD.findall(text))
    if _KANA.search(text) or (_OTHER_SCRIPT.findall(text) and len(_OTHER_SCRIPT.findall(text)) > han + latin):
        return "other"
    if han and han * 3 >= latin:
        return "zh"
    return "en" if latin or han or _NUMBER.search(text) else "other"


@lru_cache(maxsize=1)
def _stemmer() -> Stemmer.Stemmer:
    return Stemmer.Stemmer("english")


@lru_cache(maxsize=65536)  # a pure function of its word: about 900 calls per question, mostly repeats
def stem(word: str) -> str:
    return _stemmer().stemWord(word.lower())


def lemmas(stemmed: str) -> tuple[str, ...]:
    """A stemmed English word's dictionary forms other than itself, of any part of speech ("went" -> go;
    "poorer" -> poor; "done" -> do): the irregular forms a stemmer leaves as they are. From qa/lemmas.json,
    which `python -m eval.lemmas` reads out of lemminflect's tables (no model, no download); () for a word
    whose lemmas add nothing to its stem."""
    return _lemma_table().get(stemmed.lower(), ())


LEMMAS_PATH = Path(__file__).with_name("lemmas.json")


@lru_cache(maxsize=1)  # a file that ships with the code: read once
def _lemma_table() -> dict[str, tuple[str, ...]]:
    return {form: tuple(found) for form, found in json.loads(LEMMAS_PATH.read_text("utf-8"))["forms"].items()}


def cache_dictionary_in(directory: Path) -> None:
    """Keep jieba's prepared dictionary in directory (the store's), which lasts, rather than in the
    system's temp dir, which a reboot empties: building it from the word list takes seconds, loading
    it about one. A prepared one already in the temp dir is used while the store dir has none."""
    if jieba.dt.initialized or jieba.dt.tmp_dir is not None:
        return
    if (directory / "jieba.cache").is_file() or not (Path(tempfile.gettempdir()) / "jieba.cache").is_file():
        directory.mkdir(parents=True, exist_ok=True)
        jieba.dt.tmp_dir = str(directory)
    _load_prepared(jieba.dt)


def _load_prepared(dt: jieba.Tokenizer) -> None:
    """Load jieba's prepared dictionary as jieba.Tokenizer.initialize() would, only faster: jieba
    reads it with marshal.load(file), which reads the file a few bytes at a time (0.6 s of every
    start); marshal.loads() of the file read in one piece gives the same objects in 0.26 s. Where
    there is nothing prepared (or another dictionary is set) jieba initializes itself, as before."""
    if dt.dictionary != jieba.DEFAULT_DICT or dt.cache_file:
        return
    with dt.lock:
        if dt.initialized:
            return
        try:
            freq, total = marshal.loads((Path(dt.tmp_dir or tempfile.gettempdir()) / "jieba.cache").read_bytes())
        except (OSError, ValueError, EOFError, TypeError):
            return  # jieba builds it on first use, as it would have
        dt.FREQ, dt.total = freq, total
        dt.initialized = True


def segment(text: str) -> list[str]:
    """Words for BM25 and overlap: jieba for Han runs (search mode), plain words otherwise.

    Example: "中国派遣医疗队" -> ["中国", "派遣", "医疗", "医疗队"]
    """
    out: list[str] = []
    for token in jieba.cut_for_search(text):
        token = token.strip()
        if token and (token.isalnum() or _HAN.search(token)):
            out.append(token.lower())
    return out


def content_terms(text: str, lang: str) -> list[str]:
    """The words of a question that carry its topic, stemmed (en) or segmented (zh)."""
    if lang == "zh":
        words = [w for w in jieba.lcut(text) if w.strip() and (w.isalnum() or _HAN.search(w))]
        return [w for w in words if w not in ZH_STOP and not (len(w) == 1 and _HAN.match(w))]
    words = _EN_WORD.findall(text)
    return [stem(w) for w in words if w.lower() not in EN_STOP and len(w) > 1]


def sentence_terms(text: str, lang: str) -> frozenset[str]:
    """The words of a stored sentence or paragraph (the same few thousand texts every question)."""
    return _sentence_terms(text, lang)


@lru_cache(maxsize=8192)  # a pure function of its text: a memo, not state (store.caches holds state)
def _sentence_terms(text: str, lang: str) -> frozenset[str]:
    if lang == "zh":
        return frozenset(jieba.lcut_for_search(text))
    return frozenset(stem(w) for w in _EN_WORD.findall(text))


def numbers_in(text: str) -> set[str]:
    """Digits of every number, commas dropped. Example: "3,588 and 2019" -> {"3588", "2019"}"""
    return {m.group(0).replace(",", "").rstrip(".") for m in _NUMBER.finditer(text)}


_CAPITALISED = re.compile(r"(?<![.!?]\s)(?<!^)\b([A-Z][a-zA-Z\-'’]+(?:\s+[A-Z][a-zA-Z\-'’]+)*)")
_COMMON_CAPS = frozenset(
    """I What Which Who Whom Whose When Where Why How Does Do Did Is Are Was Were Can Could Should Would Will
    The A An In On And Or But According China China's Chinese Beijing White Paper Whitepaper New Era Tell
    List Give Explain Name Describe Please Has Have Had If""".split()
)
ZH_NAME_FLAGS = {"nr", "ns", "nt", "nz", "nrt"}
# a number glued to letters is part of a name ("COVID-19", "G20", "5G", "CO2"), but not a year after a
# hyphen ("end-2019", "mid-2020") nor an ordinal ("the 27th session")
_GLUED = re.compile(r"[A-Za-z]+(?:\d+|-(?!(?:19|20)\d\d\b)\d+)|\d+(?!st\b|nd\b|rd\b|th\b)[A-Za-z]+\b")
_ZH_NOUN_FLAGS = {"n", "nz", "nt", "nr", "ns"}


# jieba's dictionary holds question words glued to a noun ("哪些项目", "哪一年", "多少钱"); not 几 (几内亚
# is Guinea)
_ZH_ASKING = re.compile(r"^(?:哪|多少|什么|怎么|怎样|多[长久大高远宽深重])")


# a name the question sets aside, to say which it means: "What has China done for Guinea? I mean Guinea
# itself, not Guinea-Bissau or Papua New Guinea", "中国为刚果（金）做了什么？不是刚果（布）"
_EN_NAME = r"(?:the\s+)?[A-Z][\w'’\-]*(?:\s+(?:and\s+|of\s+(?:the\s+)?)?[A-Z][\w'’\-]*){0,4}"
_SET_ASIDE = (
    re.compile(rf"(?:(?<=[,;(—–])|(?<=[,;(—–]\s))\s*(?:but\s+|and\s+)?(?:not|rather than|other than|excluding|as opposed to)(?:\s+(?:in|for|to|of|about))?"
               rf"\s+{_EN_NAME}(?:(?:\s*,\s*(?:or\s+|nor\s+)?|\s+(?:or|nor)\s+){_EN_NAME}){{0,5}}"),
    re.compile(r"(?:(?<=[，,；;（(？?。])|^)(?:而|但|也|更)?(?:不是|并非|而非|不包括|不含)[^，,。？?！!；;]{1,30}"),
)


def set_aside(text: str, lang: str) -> str:
    """text without the places it names only to set them aside (see _SET_ASIDE): those are not asked about,
    and their words would draw the passages on them."""
    from store.discrepancies import territory_names  # babel's names load at the first set-aside

    def drop(m: re.Match[str]) -> str:
        return "" if territory_names(m.group(0), lang) else m.group(0)

    return _SET_ASIDE[lang == "zh"].sub(drop, text)


def figures_in(text: str) -> set[str]:
    """The numbers a text states as figures, not those that are part of a name. Example: "US$2 billion to
    fight COVID-19" -> {"2"}"""
    return numbers_in(_GLUED.sub(" ", text))


def specific_terms(question: str, lang: str) -> list[str]:
    """Names, years and amounts in a question: if the paper never mentions one, it cannot answer.

    Example: "What did China build in Venezuela in 2022?" -> ["2022", "Venezuela"]
    """
    terms = sorted(figures_in(question), key=lambda t: (-len(t), t))  # longest first, then in order: a stable message
    if lang == "zh":
        for word, flag in zh_tags(question):
            if _ZH_ASKING.match(word):  # jieba's one word "哪些项目" asks for projects: it names none
                continue
            name = flag in ZH_NAME_FLAGS and len(word) >= 2
            long_noun = flag in _ZH_NOUN_FLAGS and len(word) >= 3  # 艾滋病, 结核病: specific by length
            if (name or long_noun) and word not in ZH_STOP:
                terms.append(word)
        from store.discrepancies import territory_names  # babel's names load on the first Chinese question

        terms += [n for n in territory_names(question, "zh") if not any(n in t for t in terms)]
        return terms
    letters = [ch for ch in question if ch.isalpha()]
    if letters and sum(ch.isupper() for ch in letters) > len(letters) / 2:
        return terms  # SHOUTED QUESTIONS: capitals say nothing about names
    for m in _CAPITALISED.finditer(question):
        # subtle: a possessive ends one name ("Sri Lanka's Hambantota" is two)
        for name in re.split(r"['’]s\b", m.group(1)):
            words = [w.strip("'’-") for w in name.split() if w.strip("'’-") not in _COMMON_CAPS]
            if any(words):
                terms.append(" ".join(w for w in words if w))
    return terms


# Part-of-speech tags without jieba.posseg's table. Importing jieba.posseg reads every word of jieba's
# dictionary with its tag (349,045 words: 40 MB held, 0.25 s); this package reads only names (nr, ns,
# nt, nz, nrt) of two characters or more and nouns (n) of three or more. ZhTagger runs jieba.posseg's
# own steps (jieba 0.42.1, POSTokenizer.cut with its HMM: the same word graph, the same hidden Markov
# model for words the dictionary lacks) with a table of just those words (176k, 24 MB).
# tests/test_zh_tags.py checks it against jieba.posseg on every sentence of the paper and every
# question of the set.
_POS_HAN = re.compile("([\u4E00-\u9FD5]+)")  # jieba.posseg's re_han_detail, and so on below
_POS_SKIP = re.compile(r"([\.0-9]+|[a-zA-Z0-9]+)")
_POS_BLOCK = re.compile(r"([\u4E00-\u9FD5a-zA-Z0-9+#&\._]+)")
_POS_SPACE = re.compile(r"(\r\n|\s)")
_POS_ENG = re.compile("[a-zA-Z0-9]+")
_POS_NUM = re.compile(r"[\.0-9]+")


def kept_tag(word: str, tag: str) -> bool:
    """Whether the answerer reads this tag of this word (else ZhTagger says "x")."""
    return (tag in ZH_NAME_FLAGS and len(word) >= 2) or (tag in _ZH_NOUN_FLAGS and len(word) >= 3)


class ZhTagger:
    """jieba.posseg.lcut for the tags kept_tag() keeps; any other dictionary word is tagged "x".

    Example: ZhTagger().tags("中国向柬埔寨派遣医疗队")
    -> [("中国", "ns"), ("向", "x"), ("柬埔寨", "ns"), ("派遣", "x"), ("医疗队", "n")]
    """

    def __init__(self, directory: Path | None = None):
        """directory: where the table is kept between processes (default: jieba's, the store's)."""
        root = Path(jieba.__file__).parent / "posseg"
        # subtle: loaded as files, not as jieba.posseg.*: importing the package would build its table
        self._viterbi = _module(root / "viterbi.py").viterbi
        self._hmm = tuple(_module(root / f"{name}.py").P
                          for name in ("char_state_tab", "prob_start", "prob_trans", "prob_emit"))
        self._table = kept_tags(Path(directory or jieba.dt.tmp_dir or tempfile.gettempdir()))

    def tags(self, text: str) -> list[tuple[str, str]]:
        return list(self._cut(text))

    def _tag(self, word: str) -> str:
        return self._table.get(word, "x")

    def _cut(self, text: str) -> Iterator[tuple[str, str]]:  # POSTokenizer.__cut_internal(HMM=True)
        for block in _POS_BLOCK.split(text):
            if _POS_BLOCK.match(block):
                yield from self._graph(block)
                continue
            for x in _POS_SPACE.split(block):
                if _POS_SPACE.match(x):
                    yield x, "x"
                    continue
                for ch in x:
                    if _POS_NUM.match(ch):
                        yield ch, "m"
                    elif _POS_ENG.match(x):  # subtle: x, not ch, as in jieba
                        yield ch, "eng"
                    else:
                        yield ch, "x"

    def _graph(self, sentence: str) -> Iterator[tuple[str, str]]:  # __cut_DAG
        dag = jieba.dt.get_DAG(sentence)
        route: dict[int, tuple[float, int]] = {}
        jieba.dt.calc(sentence, dag, route)
        x, buf = 0, ""
        while x < len(sentence):
            y = route[x][1] + 1
            if y - x == 1:
                buf += sentence[x:y]
            else:
                if buf:
                    yield from self._run(buf)
                    buf = ""
                yield sentence[x:y], self._tag(sentence[x:y])
            x = y
        if buf:
            yield from self._run(buf)

    def _run(self, buf: str) -> Iterator[tuple[str, str]]:  # single characters in a row, in __cut_DAG
        if len(buf) == 1:
            yield buf, self._tag(buf)
        elif not jieba.dt.FREQ.get(buf):
            yield from self._detail(buf)
        else:
            for ch in buf:
                yield ch, self._tag(ch)

    def _detail(self, text: str) -> Iterator[tuple[str, str]]:  # __cut_detail
        for block in _POS_HAN.split(text):
            if _POS_HAN.match(block):
                yield from self._unknown(block)
                continue
            for x in _POS_SKIP.split(block):
                if x:
                    yield x, "m" if _POS_NUM.match(x) else "eng" if _POS_ENG.match(x) else "x"

    def _unknown(self, sentence: str) -> Iterator[tuple[str, str]]:  # __cut: words the HMM finds
        _, states = self._viterbi(sentence, *self._hmm)
        begin, after = 0, 0
        for i, ch in enumerate(sentence):
            position, tag = states[i]
            if position == "B":
                begin = i
            elif position == "E":
                yield sentence[begin:i + 1], tag
                after = i + 1
            elif position == "S":
                yield ch, tag
                after = i + 1
        if after < len(sentence):
            yield sentence[after:], states[after][1]


def _module(path: Path):
    spec = importlib.util.spec_from_file_location(f"wpqa_posseg_{path.stem}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


TAGS_FILE = "wpqa-zh-tags.txt"  # beside jieba's prepared dictionary
TAGS_RULE = 1  # bump when kept_tag() changes


def kept_tags(directory: Path) -> dict[str, str]:
    """word -> tag for the words and tags kept_tag() keeps, from jieba's dictionary.

    Reading the 349,045 lines takes 0.2 s, most of a first Chinese question's own cost; the table is
    kept in directory and read back (0.07 s) when it was made from the same dictionary file by the same
    rule. Kept as text, a line per tag with its words, read line by line, so that reading it builds
    what reading the dictionary builds (a marshal file was as fast but held 7 MB more at the end of
    120 questions). A missing, stale, unreadable or unwritable file only means reading the dictionary."""
    source = Path(jieba.dt.dictionary or Path(jieba.__file__).parent / jieba.DEFAULT_DICT_NAME)
    try:
        stat = source.stat()
        key = json.dumps([str(source.resolve()), stat.st_size, stat.st_mtime_ns, TAGS_RULE,
                          sorted(ZH_NAME_FLAGS), sorted(_ZH_NOUN_FLAGS)], ensure_ascii=False)
    except OSError:
        key = None
    kept = directory / TAGS_FILE
    if key is not None:
        try:
            with kept.open(encoding="utf-8") as groups:  # line by line: no copy of the whole file held
                if groups.readline().rstrip("\n") == key:
                    table: dict[str, str] = {}
                    for group in groups:
                        tag, _, words = group.rstrip("\n").partition("\t")
                        tag = sys.intern(tag)
                        for word in words.split(" "):
                            table[word] = tag
                    return table
        except (OSError, ValueError):
            pass  # made again below
    table = {}
    with jieba.dt.get_dict_file() as lines:
        for line in lines:
            line = line.strip().decode("utf-8")
            if line:
                word, _, tag = line.split(" ")
                if kept_tag(word, tag):
                    table[word] = sys.intern(tag)
    if key is not None:
        by_tag: dict[str, list[str]] = {}
        for word, tag in table.items():
            by_tag.setdefault(tag, []).append(word)
        try:
            directory.mkdir(parents=True, exist_ok=True)
            partial = kept.with_name(f"{TAGS_FILE}.{threading.get_ident()}.tmp")
            partial.write_text("\n".join([key, *(f"{tag}\t{' '.join(words)}" for tag, words in by_tag.items())]),
                               "utf-8")
            partial.replace(kept)  # subtle: atomic, so another process never reads half a file
        except OSError as err:
            log.debug("could not keep the tag table in %s: %s", directory, err)
    return table


_tagger: ZhTagger | None = None
_tagger_lock = threading.Lock()


@lru_cache(maxsize=8192)  # pure, and mostly the paper's own sentences again: a memo, not state
def zh_tags(text: str) -> tuple[tuple[str, str], ...]:
    """(word, tag) for Chinese text; see ZhTagger. The tagger is made on the first call (0.3 s)."""
    return tuple(_zh_tagger().tags(text))


def zh_word_tag(word: str) -> str | None:
    """The dictionary's tag of one word as ZhTagger reads it ("x": an untagged word), None when the dictionary
    lacks it; unlike zh_tags, the word is not cut (南南, in the dictionary, would be cut into 南 and 南)."""
    jieba.dt.check_initialized()
    return _zh_tagger()._tag(word) if jieba.dt.FREQ.get(word) else None


def _zh_tagger() -> ZhTagger:
    global _tagger
    if _tagger is None:
        with _tagger_lock:
            if _tagger is None:
                _tagger = ZhTagger()
    return _tagger
