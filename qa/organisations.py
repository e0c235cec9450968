"""Organisations an English text names ("the World Bank's IDA", "Export-Import Bank of China"), read by
their words, so that a question and a passage can be asked whether they name the same one. The
translation writes some names otherwise than their owners do ("African Common Growth Fund" for the
Africa Growing Together Fund), so a name is matched by most of its own words, not as a phrase."""

from __future__ import annotations

import re

from qa.text import EN_STOP, stem

# The head words of an organisation's English name: a closed class of the language, not a tuned list
ORG_HEADS = frozenset("""bank fund association organization organisation facility agency programme program institute
    foundation group ministry council commission committee union""".split())
HEAD_STEMS = frozenset(stem(w) for w in ORG_HEADS)
# "Export-Import Bank of China"; each word from its start and read once (possessive): linear in a hostile question
NAME_RUN = re.compile(r"(?<![\w\-])[A-Z][\w\-]*+(?:\s+(?:(?:of|and|the|for|on)\s+)*[A-Z][\w\-]*+)+")
_POSSESSIVE = re.compile(r"['’]s\b")
_INITIALS_SKIP = frozenset({"of", "and", "the", "for", "on"})


def organisations(text: str) -> list[frozenset[str]]:
    """The organisations an English text names, each as its words' stems ("World Bank's IDA" -> {world,
    bank, ida}; "FAO-China" -> {fao, china}); a name without a head word (bank, fund, agency, …) is not an
    organisation's."""
    return [words for _, words in named(text)]


def named(text: str) -> list[tuple[str, frozenset[str]]]:
    """(name as written, its words' stems) for each organisation a text names."""
    out = []
    for run in NAME_RUN.finditer(_POSSESSIVE.sub("", text)):
        words = [w for w in re.findall(r"[A-Za-z]+", run.group(0)) if w.lower() not in EN_STOP]
        if {w.lower() for w in words} & ORG_HEADS:
            out.append((run.group(0), frozenset(map(stem, words))))
    return out


def initials(name: str) -> frozenset[str]:
    """The initials of a name's runs of two to six words: the paper's "United Nations Development
    Program" is also "UN" and "UNDP" (six at most, as outcome's initialisms: a long run costs no more)."""
    caps = "".join(w[0] for w in re.findall(r"[A-Za-z]+", name) if w.lower() not in _INITIALS_SKIP).lower()
    return frozenset(caps[i:i + n] for i in range(len(caps)) for n in range(2, 7) if i + n <= len(caps))


def names_organisation(words: frozenset[str], text_words: frozenset[str], loose: bool = False) -> bool:
    """Whether a text names the organisation: more than half of its words other than the head ("World
    Bank": world) are the text's, as stems. "International Development Association" is not named by "the
    African Development Bank"; "the FAO-China South-South Cooperation Programme" is by "the China-FAO
    South-South Cooperation Trust Fund". loose: a word also matches one it begins or that begins it, for
    whether the paper names it at all ("Africa Growing Together Fund" is the translation's "African Common
    Growth Fund": afric-, grow-); not for a span, where "International" would match "Inter-American"."""
    own = {w for w in words if w not in HEAD_STEMS} or set(words)
    if loose:
        return 2 * sum(any(_prefixed(w, t) for t in text_words) for w in own) > len(own)
    return 2 * len(own & text_words) > len(own)


def _prefixed(a: str, b: str) -> bool:
    short, long = sorted((a, b), key=len)
    return short == long or (len(short) >= 4 and long.startswith(short))


def name_words(text: str) -> frozenset[str]:
    """The stems of a text's words, hyphenated ones apart, as organisations() reads a name."""
    return frozenset(stem(w) for w in re.findall(r"[A-Za-z]+", _POSSESSIVE.sub("", text)))


# The head words of an organisation's Chinese name, as ORG_HEADS: a closed class of the language
ZH_ORG_HEADS = ("基金", "组织", "银行", "中心", "机构", "委员会", "联盟", "协会", "论坛", "公司", "大学", "医院", "学院",
                "研究院")
_ZH_HEADED = re.compile(rf"[\u4e00-\u9fff]{{2,}}(?:{'|'.join(ZH_ORG_HEADS)})")
_ZH_POINTING = re.compile(r"[哪那这些其该几]")  # 哪类组织, 那个基金: a question or a pointer, not a name


def zh_named(words: list[str] | tuple[str, ...]) -> list[str]:
    """The organisations a Chinese text names, from its words as jieba cuts them: a word of four characters
    or more ending in a head word ("国际劳工组织", "世界气象组织"; jieba's dictionary holds such names whole).
    Two words are not joined: whether "援建" + "大学" is a name is not in the words."""
    return list(dict.fromkeys(w for w in words if len(w) <= _ZH_LONGEST and _ZH_HEADED.fullmatch(w)
                              and not _ZH_POINTING.search(w)))


_ZH_LONGEST = 16  # jieba's dictionary holds no longer word: a longer one is no name it knows (and bounds the search)


def zh_abbreviates(name: str, text: str) -> bool:
    """Whether text names the organisation by a longer name holding the name's characters in order:
    "上合组织" for 上海合作组织, "岛国论坛" for 中国—太平洋岛国经济发展合作论坛."""
    head = next(h for h in ZH_ORG_HEADS if name.endswith(h))
    body = name[: -len(head)]
    return re.search(".{0,3}".join(map(re.escape, body)) + ".{0,8}" + re.escape(head), text) is not None
