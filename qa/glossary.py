"""The standard English of the paper's terms of art, read as its English edition writes them.

The English edition is a machine translation: where the white paper's official English says
"grants" and "concessional loans" for 无偿援助 and 优惠贷款, it says "free aid" and "preferential
loans"; 菌草 (Juncao) is "mushroom grass", 八大行动 (the Eight Major Initiatives) "eight major
actions", 新冠肺炎 "new crown pneumonia". A reader who asks in the usual words shares none of them
with the passage that answers ("How much did China give in grants from 2013 to 2018?" was
answered with material assistance), and a name it never writes counts as one the paper lacks
("What is the Juncao technology?" was not found). For reading only (retrieval, BM25, answer
types, what the paper lacks), like qa/acronyms.py, each term is replaced by the edition's
rendering; the user's own words are shown as asked. Chinese questions are read against the
Chinese original, which needs none of this.

The table is made from the paper's side, not from questions: the Chinese original's named
programmes and terms of development finance, each with its usual English name (general knowledge,
like a gazetteer) and the words the English edition uses for it (tests/test_glossary.py checks
every rendering is there, and every usual name is not).
"""

from __future__ import annotations

import re

# (usual English, as a pattern; the English edition's words for it) in the order they are tried
TERMS: tuple[tuple[str, str], ...] = (
    (r"grants|grant[- ]aid|grant assistance", "free aid"),  # 无偿援助 (not the verb: "grant scholarships")
    (r"concessional", "preferential"),  # 优惠贷款: "concessional loans" -> "preferential loans"
    (r"juncao", "mushroom grass"),  # 菌草
    (r"eight major initiatives", "eight major actions"),  # 八大行动
    (r"ten major (?:china-africa )?cooperation plans", "ten cooperation plans"),  # 十大合作计划
    (r"covid(?:-19)?(?: pandemic)?|(?:novel |new )?coronavirus(?: pandemic)?", "new crown pneumonia epidemic"),  # 新冠肺炎疫情
    (r"pandemic", "epidemic"),  # 疫情
    (r"trilateral|triangular", "tripartite"),  # 三方合作 ("triangular cooperation": the UN's word)
    (r"policy coordination", "policy communication"),  # 政策沟通
    (r"unimpeded trade", "smooth trade"),  # 贸易畅通
    (r"financial integration", "financial access"),  # 资金融通
    (r"people-to-people (?:bonds|ties|exchanges)", "people-to-people communication"),  # 民心相通
    (r"in-kind (?:aid|assistance|donations?|support)", "material assistance"),  # 物资援助
    (r"(?:political )?strings attached", "political conditions"),  # 不附加任何政治条件
    (r"africa growing together fund", "African Common Growth Fund"),  # 非洲共同增长基金
    (r"debt service suspension initiative", "Initiative for the Suspension of the Debt Response"),  # 暂缓最贫困国家债务偿付倡议
)

_PATTERNS = tuple((re.compile(rf"(?<![\w\-]){usual}(?![\w\-])", re.I), rendering) for usual, rendering in TERMS)


def expand(question: str, lang: str) -> str:
    """An English question with each usual term replaced by the English edition's words for it; any
    other language as it is.

    Example: ("What share took the form of concessional loans?", "en") ->
             "What share took the form of preferential loans?"
    """
    if lang != "en":
        return question
    for pattern, rendering in _PATTERNS:
        question = pattern.sub(rendering, question)
    return question
