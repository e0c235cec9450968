"""Follow-up or new topic, decided per turn, and what an earlier answer contributes.

Unlike a rule that glues the previous question to any short new one, the decision here
weighs measured signals with fitted weights (qa/scoring.json, "followup"): whether the
question leans on something (pronouns, "and …", "那…呢"), how many topic words it has, whether
it names something the paper has, how well it retrieves alone, and whether its own hits are
the paragraphs the earlier answer quoted. A new topic is answered exactly as if asked alone.
A follow-up is searched with the turns it leans on, and the paragraphs the earlier answer
cited (and their neighbours) join the candidates, marked so the scorer can prefer them.

History may hold plain strings (earlier questions), Answers, or (question, Answer) pairs.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from qa import answer_types
from qa.text import content_terms, detect_lang, segment, sentence_terms
from qa.types import Answer, Hit

_LEANS_ON = {
    "en": re.compile(
        r"^(and|but|also|so|then|what about|how about|and what|and how|what else|same|really)\b|"
        r"^(why|how come)\W*(\w+\W*){0,3}$|"  # "Why?", "Why is that?"; "Why does the paper call …" stands alone
        r"\b(they|them|their|it|its|this|that|these|those|there|such|the same|he|she|him|her|the latter|"
        r"the former|above|mentioned)\b", re.I),
    "zh": re.compile(r"^(那|那么|还有|另外|此外|以及|并且|而|同时|其中|具体)|^(为什么|为何).{0,4}$|呢[？?]?$"),
}
# Chinese pronouns are matched as words (jieba's), not as characters: 其 is in 北马其顿 and 其他国家,
# 该 in 应该, 他 in 其他, and a question that names North Macedonia leans on nothing
_ZH_POINTERS = frozenset("他 她 它 他们 她们 它们 其 及其 从中 这些 那些 该 此 这个 那个 这次 那次 此次 上述 这项 这一 "
                         "这方面 这里 那里 前者 后者".split())
# A definition or topic request that names its subject ("What is the Happiness Project?", "Tell me
# about debt relief.", "什么是整村推进？"): self-contained however short, unless the subject is a pointer
_ABOUT = {
    "en": re.compile(r"^\W*(?:(?:what|who)(?:\s+is|\s+are|'s|\s+was|\s+were)|(?:tell me|talk|say something)(?:\s+more)?"
                     r"\s+about|explain|describe|define)\s+(?!(?:it|that|this|they|them|those|these|there|the same)\b)\S",
                     re.I),
    "zh": re.compile(r"^(什么是|何为|介绍一下|介绍|讲讲|说说|谈谈|请介绍)|^.{2,}(是什么|是什么机构|是什么组织|是指什么|指的是什么)[？?。.]?$"),
}
# A Chinese question that opens on a preposition or 有/是 has dropped its subject ("和哪个国际组织合作的？",
# "有多少人从中受益？"); a time phrase ("从2013年…", "在2019年…") or 对外/为什么 is not such an opening
_NO_SUBJECT = re.compile(r"^(和|跟|与|同|在|对|给|向|为|从|有|是|被|把)(?![0-9０-９一二]|外|什么|何|哪些国家)")
_MORE = {  # "What else …?", "还有哪些？": the reader has the earlier answer and asks for something other
    "en": re.compile(r"\b(what|which|who|where|how) else\b|\banything else\b|\bany other\b|\bother than\b|"
                     r"\bbesides (that|this|these)\b|\bapart from (that|this|these)\b|\balso\b", re.I),
    "zh": re.compile(r"还有(什么|哪些|别的|其他|其它)|其他|其它|别的|除此之外|除了这|也"),
}
MAX_TURNS = 5  # earlier turns kept: a follow-up needs its thread, not the whole chat


@dataclass(frozen=True)
class Turn:
    question: str
    answer: Answer | None = None

    @property
    def cited(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(c.paragraph_id for c in self.answer.citations)) if self.answer else ()


def turns(history: object) -> list[Turn]:
    """Example: ["How many teams?", (q, Answer), Answer] -> three Turns, oldest first; anything else ignored."""
    if not isinstance(history, list | tuple):
        return []
    out: list[Turn] = []
    for h in history:
        if isinstance(h, str) and h.strip():
            out.append(Turn(h))
        elif isinstance(h, Answer) and h.status != "message":
            out.append(Turn(h.question, h))
        elif isinstance(h, list | tuple) and len(h) == 2 and isinstance(h[0], str) and (
                h[1] is None or (isinstance(h[1], Answer) and h[1].status != "message")):
            out.append(Turn(h[0], h[1]))
    return out[-MAX_TURNS:]


# "its"/"their" after a name the question states points back inside it ("What did China give Tanzania
# for its forests?", "How does China plan to improve its statistics?"), not to an earlier turn
_OWN_POSSESSIVE = re.compile(r"^(\W*\S+.*?\b[A-Z][\w-]+\b.*?)\b(its|their)\b")


def leans_on(question: str, lang: str) -> bool:
    if lang == "zh" and any(w in _ZH_POINTERS for w in segment(question)):
        return True
    if lang != "zh":
        while (m := _OWN_POSSESSIVE.search(question)):
            question = question[:m.start(2)] + question[m.end(2):]
    return bool(_LEANS_ON.get(lang, _LEANS_ON["en"]).search(question))


def names_its_subject(question: str, lang: str) -> bool:
    """Examples: "What is CIDCA?" -> True; "What is it for?" -> False; "鲁班工坊是什么？" -> True"""
    return not leans_on(question, lang) and bool(_ABOUT.get(lang, _ABOUT["en"]).search(question.strip()))


def drops_subject(question: str, lang: str) -> bool:
    """Examples: "和哪个国际组织合作的？" -> True; "在2019年中国派了多少人？" -> False (English: always False).
    A question opening on a verb and 了 ("实施了多少个项目？") is not counted: measured at stop 27, it made
    topic switches follow-ups ("援斐济小水电站…？" then "建了多少所学校？" was searched with the dam)."""
    return lang == "zh" and bool(_NO_SUBJECT.search(question.strip()))


def signals(question: str, lang: str, earlier: list[Turn], alone: list[Hit], names_known: bool,
            related: float) -> dict[str, float]:
    """The follow-up features of a question, given its hits when searched alone and `related`, the
    cosine of its embedding with the last earlier question's (a new topic is far from the old one)."""
    cited = {pid for t in earlier[-1:] for pid in t.cited}
    top = [h.paragraph.id for h in alone[:3]]
    own = content_terms(question, lang)
    before = " ".join([earlier[-1].question, *(c.paragraph_text for c in
                                               (earlier[-1].answer.citations if earlier[-1].answer else ()))])
    seen = sentence_terms(before, lang)
    return {
        "in_earlier": sum(t in seen for t in own) / len(own) if own else 1.0,
        "leans": float(leans_on(question, lang)),
        "terms": min(len(content_terms(question, lang)), 6) / 6,
        "names": float(names_known),
        "alone_dense": max((h.dense for h in alone), default=0.0),
        "alone_bm25": math.log1p(max((h.bm25 for h in alone), default=0.0)),
        "shares_cited": float(bool(cited & set(top))),
        "has_answer": float(bool(cited)),
        "related": related,
        "about": float(names_its_subject(question, lang)),
        "no_subject": float(drops_subject(question, lang)),
    }


def thread(earlier: list[Turn]) -> list[str]:
    """The earlier questions a follow-up leans on: the last turn, and the turns before it as long
    as each of them was itself a follow-up. Example: ["Medical teams?", "And Africa?"] -> both;
    ["南南合作援助基金是什么？", "和哪些国际组织合作？"] -> both (the second has dropped its subject)."""
    questions = [earlier[-1].question]
    for turn in reversed(earlier[:-1]):
        lang = detect_lang(questions[0])
        leaning = leans_on(questions[0], lang) or drops_subject(questions[0], lang)  # "和哪些国际组织合作？" leans too
        if not leaning and len(content_terms(questions[0], lang)) >= 3:
            break
        questions.insert(0, turn.question)
    return questions


def asks_why(question: str, lang: str) -> bool:
    """A follow-up asking why ("Why?", "Why did they create it?", "为什么要成立它？"): it asks the reason of
    what the earlier answer quoted. Example: "Why does the paper call agriculture important?" -> False
    (it names its own claim; it is not about the earlier quote)."""
    return answer_types.analyse(question, lang).want == "reason" and leans_on(question, lang)


def asks_for_more(question: str, lang: str) -> bool:
    return bool(_MORE.get(lang, _MORE["en"]).search(question))


def quoted(earlier: list[Turn], lang: str) -> tuple[tuple[str, int, int], ...]:
    """The spans (paragraph id, start, end) the last answer quoted in `lang`."""
    answer = earlier[-1].answer if earlier else None
    return tuple((c.paragraph_id, c.start, c.end) for c in (answer.citations if answer else ()) if c.lang == lang)


def neighbours(earlier: list[Turn], paragraphs: dict, lang: str) -> list[str]:
    """Paragraph ids (in `lang`) the last answer cited, then the paragraphs just before and after them."""
    ids: list[str] = []
    by_position = {(p.lang, p.position): p.id for p in paragraphs.values()}
    for pid in (earlier[-1].cited if earlier else ()):
        p = paragraphs.get(pid)
        if p is None:
            continue
        if p.lang != lang:
            p = paragraphs.get(p.aligned_id or "")
            if p is None:
                continue
        ids += [p.id, *(by_position[(lang, p.position + d)] for d in (1, -1) if (lang, p.position + d) in by_position)]
    return list(dict.fromkeys(ids))
