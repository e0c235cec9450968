"""Acronyms the paper never writes, read as the names it does write ("When was CIDCA set up?"), and
Chinese short names so too ("中国给亚投行提供过什么支持？": 亚洲基础设施投资银行).

The white paper spells organisations out (the English edition even calls CIDCA "the National
International Development Cooperation Agency"), so a question that says "CIDCA", "UNDP" or "WFP"
shares no word with the passage that answers it, and the embedder knows few of these letters: the
question went unanswered, or its acronym counted as a name the paper lacks. For reading only
(retrieval, BM25, answer types, what the paper lacks), an acronym that neither edition contains is
replaced by its name in the language the question is answered from; the user's own words are shown
as asked. An acronym the paper itself uses (UN, FAO, UNESCO, G20) is left as it is.

The table is the common names of international bodies, programmes and terms of development
finance (general knowledge, like a gazetteer; not chosen from the question set). Where the paper
names a body, its English and Chinese names are the paper's own (its English edition's spelling:
"United Nations Development Program"); where it does not, the body's usual name.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache

# acronym -> (English name, Chinese name)
ACRONYMS: dict[str, tuple[str, str]] = {
    "CIDCA": ("National International Development Cooperation Agency", "国家国际发展合作署"),
    "UNDP": ("United Nations Development Program", "联合国开发计划署"),
    "WFP": ("World Food Program", "世界粮食计划署"),  # the paper: 4 x "Program", 2 x "Programme"
    "FAO": ("Food and Agriculture Organization", "联合国粮农组织"),
    "WHO": ("World Health Organization", "世界卫生组织"),
    "WTO": ("World Trade Organization", "世界贸易组织"),
    "WCO": ("World Customs Organization", "世界海关组织"),
    "IMF": ("International Monetary Fund", "国际货币基金组织"),
    "ADB": ("Asian Development Bank", "亚洲开发银行"),
    "AfDB": ("African Development Bank", "非洲开发银行"),
    "IDB": ("Inter-American Development Bank", "美洲开发银行"),
    "IADB": ("Inter-American Development Bank", "美洲开发银行"),
    "AIIB": ("Asian Infrastructure Investment Bank", "亚洲基础设施投资银行"),
    "NDB": ("New Development Bank", "新开发银行"),
    "IDA": ("International Development Association", "国际开发协会"),
    "IFAD": ("International Fund for Agricultural Development", "国际农业发展基金"),
    "UNHCR": ("United Nations High Commissioner for Refugees", "联合国难民署"),
    "UNRWA": ("United Nations Relief and Works Agency for Palestine Refugees", "联合国近东巴勒斯坦难民救济和工程处"),
    "UNIDO": ("United Nations Industrial Development Organization", "联合国工业发展组织"),
    "UNFPA": ("United Nations Population Fund", "联合国人口基金"),
    "UNEP": ("United Nations Environment Programme", "联合国环境规划署"),
    "UNICEF": ("United Nations Children's Fund", "联合国儿童基金会"),
    "UNESCO": ("United Nations Educational, Scientific and Cultural Organization", "联合国教科文组织"),
    "UNGA": ("United Nations General Assembly", "联合国大会"),
    "IAEA": ("International Atomic Energy Agency", "国际原子能机构"),
    "IOM": ("International Organization for Migration", "国际移民组织"),
    "ILO": ("International Labour Organization", "国际劳工组织"),
    "ITU": ("International Telecommunication Union", "国际电信联盟"),
    "ICAO": ("International Civil Aviation Organization", "国际民航组织"),
    "FOCAC": ("Forum on China-Africa Cooperation", "中非合作论坛"),
    "BRI": ("Belt and Road", "“一带一路”倡议"),  # the paper: "the 'Belt and Road' initiative"
    "SSCAF": ("South-South Cooperation Assistance Fund", "南南合作援助基金"),
    "CDC": ("Center for Disease Control and Prevention", "疾病预防控制中心"),
    "ASEAN": ("Association of Southeast Asian Nations", "东盟"),
    "AU": ("African Union", "非洲联盟"),
    "EU": ("European Union", "欧盟"),
    "SCO": ("Shanghai Cooperation Organization", "上海合作组织"),
    "APEC": ("Asia-Pacific Economic Cooperation", "亚太经合组织"),
    "OECD": ("Organisation for Economic Co-operation and Development", "经济合作与发展组织"),
    "DAC": ("Development Assistance Committee", "发展援助委员会"),
    "CELAC": ("Community of Latin American and Caribbean States", "拉美和加勒比国家共同体"),
    "NGO": ("non-governmental organization", "非政府组织"),
    "ODA": ("official development assistance", "官方发展援助"),
    "LDC": ("least developed countries", "最不发达国家"),
    "SIDS": ("small island developing countries", "小岛屿发展中国家"),
    "SDG": ("Sustainable Development Goal", "可持续发展目标"),
    "GDP": ("gross domestic product", "国内生产总值"),
    "GNI": ("gross national income", "国民总收入"),
    "CO2": ("carbon dioxide", "二氧化碳"),
    "PRC": ("People's Republic of China", "中华人民共和国"),
    "DRC": ("Democratic Republic of the Congo", "刚果（金）"),
    "UAE": ("United Arab Emirates", "阿联酋"),
    "MW": ("megawatts", "兆瓦"),
}

# Chinese short names (简称) of bodies the paper names in full: general knowledge, as the table above. Only names
# of three characters or more, or whose characters make no everyday word (亚行 and 非行 are left out: "东南亚行业",
# "并非行不通"); the longest is read first (世卫组织 before 世卫).
ZH_SHORT_NAMES: dict[str, str] = {
    "世卫组织": "世界卫生组织", "世卫": "世界卫生组织",
    "亚投行": "亚洲基础设施投资银行", "亚开行": "亚洲开发银行", "非开行": "非洲开发银行", "美开行": "美洲开发银行",
    "世行": "世界银行", "世贸组织": "世界贸易组织", "世贸": "世界贸易组织",
    "开发署": "联合国开发计划署", "粮食署": "世界粮食计划署", "工发组织": "联合国工业发展组织",
    "儿基会": "联合国儿童基金会", "上合组织": "上海合作组织", "中非论坛": "中非合作论坛",
    "国合署": "国家国际发展合作署", "南南基金": "南南合作援助基金", "环境署": "联合国环境规划署",
}

# an acronym as a word of its own; a plural s ("NGOs", "LDCs") is read with it
_TOKEN = re.compile(r"(?<![A-Za-z0-9\-])([A-Z][A-Za-z]*[A-Z0-9])(s?)(?![A-Za-z0-9\-])")  # ASCII edges: "CIDCA是" too


_RUN = re.compile(r"[A-Za-z0-9]+")


def written(texts: Iterable[str]) -> frozenset[str]:
    """The table's acronyms that the texts themselves use, alone or in a compound ("China-FAO")."""
    # an acronym written with no letter or digit either side is one of the texts' maximal runs of them:
    # one pass over the paper (10 ms), where a search per acronym took 130 ms of every cold start
    runs = {run for text in texts for run in _RUN.findall(text)}
    return frozenset(a for a in ACRONYMS if a in runs)


def readings(en_text: str, zh_text: str) -> dict[str, tuple[str | None, str | None]]:
    """The table's acronyms that the paper never writes, each with its (English, Chinese) name where that
    edition writes the name (None where it does not: "GNI" stays "GNI", a name the paper lacks, so the
    question is known to ask about something the paper never mentions)."""
    lowered, found = en_text.lower(), {}
    for acronym in ACRONYMS.keys() - written([en_text, zh_text]):
        en, zh = ACRONYMS[acronym]
        named = (en if en.lower() in lowered else None, zh if zh in zh_text else None)
        if any(named):
            found[acronym] = named
    # and the Chinese short names the paper never writes, with the full name it writes (亚投行 -> 亚洲基础设施投资银行)
    for short, full in ZH_SHORT_NAMES.items():
        if short not in zh_text and full in zh_text:
            found[short] = (None, full)
    return found


def _shouted(question: str) -> bool:
    """MOST WORDS IN CAPITALS: then capitals say nothing (at least three words, so "CIDCA是…" is not)."""
    words = re.findall(r"[A-Za-z]{2,}", question)
    return len(words) >= 3 and sum(w.isupper() for w in words) > len(words) / 2


@cache
def _shorts_pattern(shorts: frozenset[str]) -> re.Pattern[str] | None:
    """The Chinese short names as one pattern, the longest first (世卫组织 before 世卫); made once, not per question."""
    return re.compile("|".join(map(re.escape, sorted(shorts, key=len, reverse=True)))) if shorts else None


def expand(question: str, lang: str, names: dict[str, tuple[str | None, str | None]]) -> str:
    """question with each acronym of `names` (see readings()) replaced by the name the paper writes in
    lang ("zh": Chinese; any other: English); without such a name it stays. A SHOUTED QUESTION is left
    alone: its capitals are no acronyms. A Chinese question's short names (ZH_SHORT_NAMES) are read first.

    Example: ("When was CIDCA set up?", "en", {"CIDCA": ("National … Agency", "国家国际发展合作署")}) ->
             "When was National … Agency set up?"
    """
    if lang == "zh":
        pattern = _shorts_pattern(frozenset(n for n in names if not n.isascii()))
        if pattern is not None:
            question = pattern.sub(lambda m: names[m.group(0)][1] or m.group(0), question)
    if _shouted(question):
        return question

    def name(m: re.Match[str]) -> str:
        acronym, plural = m.group(1), m.group(2)
        en, zh = names.get(acronym, (None, None))
        read = zh if lang == "zh" else en
        if read is None:
            return m.group(0)
        if lang == "zh" or not plural or read.endswith("s"):
            return read
        return read[:-1] + "ies" if read.endswith("y") else read + "s"
    return _TOKEN.sub(name, question)
