"""What a question asks for, and which typed values a sentence carries.

Unlike kinds.py (which it replaces) this separates three things a question holds:
the *value type* it wants (a count, an amount of money, a share, a date, a person, …),
the *attribute* it asks about ("seats", "interest rate", "head") and its *focus*
(the subject: "the Senegal wrestling stadium"). A sentence answers only when it carries
a value of the wanted type in the same clause as the attribute or focus, so a sentence
that names the stadium but gives no seat count is context, not an answer.

Example:
    analyse("How many seats does the Senegal wrestling stadium have?", "en")
    -> Asked(want="count", attribute=("seat",), focus=("senegal", "wrestl", "stadium"), …)
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

import jieba

from qa.glossary import name_forms, with_renderings
from qa.text import (
    EN_STOP,
    ZH_NAME_FLAGS,
    ZH_STOP,
    content_terms,
    figures_in,
    numbers_in,
    sentence_terms,
    specific_terms,
    zh_tags,
    zh_word_tag,
)

if TYPE_CHECKING:
    from store.load import Store
    from store.paragraphs import Paragraph

# value types; "description" and "definition" want prose, the rest a typed value
FIGURES = ("count", "money", "share", "date", "duration", "size")  # values written with numbers
VALUE_TYPES = (*FIGURES, "person", "organisation", "place", "name")
TYPES = (*VALUE_TYPES, "reason", "definition", "list", "description")

# up to two words between the question word and the type word ("which Chinese universities", "what
# Belt and Road countries": the initiative's name counts as one word)
_MODIFIERS = r"(?:(?:Belt and Road|[\w\-]+)\s+){0,2}?"
# "to build capacity", "strengthen their capacity": a capacity built up is no size (lookbehinds: fixed widths)
_BUILT_UP = "".join(rf"(?<!\b{verb} {whose})" for verb in ("build", "builds", "building", "built", "strengthen", "strengthens",
                                                          "strengthening", "enhance", "enhancing", "improve", "improving",
                                                          "boost", "boosting", "raise", "raising", "develop", "developing")
                    for whose in ("", "their ", "its ", "local ", "the "))
_BODY = r"(?:the\s+)?(?:agency|cidca|ministry|bank|fund|department|organi[sz]ation|institution|cent(?:re|er)|office)\b"
# things with names of their own, which a "which …" question asks to be named
_THINGS = (r"airport|stadium|bridge|port|harbou?r|railway|road|highway|expressway|motorway|power plant|power station|"
           r"plant|factory|mill|station|dam|park|temple|monument|palace|building|island|satellite|shipyard|tunnel|"
           r"theat(?:re|er)|gymnasium|arena|conference cent(?:re|er)|industrial park|zone|corridor|pipeline|canal")
# ... where the kind ends its noun phrase: not "Which Belt and Road countries …", "Which countries got airport
# upgrades …" (a plural noun after it, or "and", makes it a modifier)
_THING_ENDS = r"(?![\w\-])(?!\s+(?:and|or)\b)(?!\s+(?!(?:is|was|does|has|this|its|as|us)\b)[a-z]+s\b)"
_EN_THING_ASKED = re.compile(r"\bwhich " + _MODIFIERS + r"(" + _THINGS + r")" + _THING_ENDS, re.I)
_EN_PATTERNS: list[tuple[str, re.Pattern[str]]] = [  # first match wins; order matters
    ("reason", re.compile(r"^\s*why\b|\bwhy (does|did|is|was|do|are|has|have)\b|\bfor what (reason|purpose)\b|"
                          r"\bwhat (is|was|are) the (reasons?|purposes?|aims?|goals?|rationale|motives?|grounds)\b|\bon what grounds\b|"
                          r"\bwhat for\b", re.I)),
    ("size", re.compile(r"\bhow (long|wide|tall|high|deep|large|big) (is|was|are|were) (the|its|that)\b|"
                        r"\b(" + _BUILT_UP + r"capacity(?![\s\-]+(?:building|development|construction|enhancement|training))|length|acreage|floor area|(surface|land|total) area|installed power|megawatts?|kilowatts?|seats?|"
                        r"seating|beds?|tonnage|voltage|kilomet(er|re)s? long|weigh(s|ed)?|weight|how heavy)\b", re.I)),
    ("duration", re.compile(r"\bhow long\b|\bhow many (days|weeks|months|years|hours)\b|\bfor how long\b|"
                            r"\bduration\b|\bover what period\b", re.I)),
    ("share", re.compile(r"\b(share|percentage|percent|proportion|ratio|fraction|interest rates?|rate of|"
                         r"what rate|growth rate|rates?)\b", re.I)),
    ("money", re.compile(r"\bhow much (money|funding|aid|financ\w*|did|does|was|were|has|have|is|in)\b|"
                         r"\b(cost|costs|budget|price|funding amount|dollar amount|value of|worth|amount of "
                         r"(money|aid|funding|assistance|grants?|loans?)|how much|what (?:total )?sum)\b|"
                         # a currency alone, not one the question states with its amount ("pledged US$2 billion")
                         r"\b(?<!\d )(?<!million )(?<!billion )(?<!thousand )(yuan|dollars)\b|\bUS\$(?!\s*\d)",
                         re.I)),
    ("count", re.compile(r"\bhow many\b|\bnumber of\b|\bwhat (number|total|count)\b|\bhow numerous\b", re.I)),
    # "when" asks a date where it opens the question or its clause ("When was …", "… and when did …", "do
    # you know when …", "… and when?"); "What does China propose when a country can't repay?" asks what,
    # and "When the pandemic hit, what did China do?" and "When the paper defines X, inside which framework …?" too
    ("date", re.compile(r"^\W*(?:(?:and|so|but|then|ok|okay)\W+)?when\b(?![^?]*,\s*(?:(?:in|on|at|by|for|to|with|from|of|and|inside|within|under|into|among|about|after|before|during|through|over)\s+)?(?:what|how|which|who|where|why)\b)|"
                        r"\bwhen\s*\?|\bwhen (?:did|does|do|is|was|were|are|will|"
                        r"has|have|had|can|could|would|should)\b|\b(?:know|tell me|say|said|says|ask|remember|recall|"
                        r"find out|wonder)\s+when\b|\b(?:what|which) (?:exact |precise |specific )?(year|date|month|day)\b|"
                        r"\bin what year\b|\bsince when\b|\bwhat time\b", re.I)),
    # who runs a body is a person ("Who runs CIDCA?"); who runs an activity, a body ("Who runs China's aid?")
    ("person", re.compile(r"\bwho (is(?! (?:in charge of|responsible for)\s+(?!" + _BODY + r"))|was|are|were|heads?|leads?|led|"
                          r"signed|founded|chairs?|(?:runs?|directs?)(?=\s+" + _BODY + r")|"
                          r"announced|proposed|put forward|declared|pledged|promised|initiated|said|stated)\b|"
                          r"\b(head|leader|director|chief|minister|ambassador|president|chairman|"
                          r"spokes(man|person|woman)|administrator) of\b|\bwhich " + _MODIFIERS + r"(person|official|leader|"
                          r"expert|minister|ambassador|doctor)\b|"
                          r"\bwhose name\b|\bname of the (person|official|leader|minister|director)\b", re.I)),
    # "where" likewise: "Where is …", "… and where?", "tell me where …"; "Where the white paper traces China's aid
    # to …, what qualities …?" asks what
    ("place", re.compile(r"^\W*(?:(?:and|so|but|then|ok|okay)\W+)?where\b(?![^?]*,\s*(?:(?:in|on|at|by|for|to|with|from|of|and|inside|within|under|into|among|about|after|before|during|through|over)\s+)?(?:what|how|which|who|when|why)\b)|"
                         r"\bwhere\s*\?|\bwhere(?:'s|’s|\s+(?:did|does|do|is|was|were|are|will|has|have|had|can|could|would|should|"
                         r"exactly|else|in|on|abouts|precisely|specifically))\b|\b(?:know|tell me|say|said|says|ask|remember|recall|"
                         r"find out|wonder|show me|from|to)\s+where\b|\bin which (country|city|province|region|place|town)\b|"
                         r"\b(which|what) " + _MODIFIERS + r"(city|town|province|location|site|port)\b", re.I)),
    ("organisation", re.compile(r"\bwhich (?!.*\b(?:countries|agencies|organi[sz]ations|institutions|partners|donors)\b)(organi[sz]ations?|agency|agencies|institutions?|body|bodies|company|"
                                r"companies|firms?|banks?|funds?|ministry|ministries|department|partners?)\b|"
                                r"\bwhich " + _MODIFIERS + r"(university|college|school|institute|manufacturer|"
                                r"enterprise|contractor|company|firm|hospital|laboratory|lab|organi[sz]ation|agency|"
                                r"institution|bank|ministry|department|universities|colleges|"
                                r"institutes|manufacturers|enterprises|contractors|firms|laboratories|labs)\b|"
                                r"\bwhat (organi[sz]ation|agency|institution|body|company|firm|bank)\b|"
                                r"\bwho (does|did|do|has|have|was|were|will)\b|\bwho (?:runs?|manages?|oversees?|coordinates?|"
                                r"administers?|directs?|is (?:in charge of|responsible for))\b", re.I)),
    # the name of one thing ("Which airport …?", "What is the fund called?"): a proper name answers, and a
    # passage that mentions airports and names none does not (plural kinds ask for a list, below)
    ("name", re.compile(_EN_THING_ASKED.pattern + r"|"
                        r"\b(?:what(?:'s| is| was| are| were)?|give me|tell me|know) (?:the |its |their )?(?:official |full |exact |"
                        r"actual )?names? (?:of|for)\b|\bwhat (?:is|was|are|were) (?:it|they|that|this|the [\w\-]+(?: [\w\-]+)?) "
                        r"called\b|\bwhat (?:is|was) (?:it|that|this) named\b", re.I)),
    ("description", re.compile(r"\bwhat (?:china|beijing) (?:has |have |had )?(?:done|did|achieved|contributed)\b|"
                               r"\bwhat (has|have|did|does) (china|the country|beijing) (done|do|achieved?|"
                               r"contributed?)\b|\bhow (has|have|did|does|do|can|will) china (help(?:ed|s)?|support(?:ed|s)?|"
                               r"contribut(?:ed|es?)|assist(?:ed|s)?|work(?:ed|s)?|cooperat(?:ed|es?)|engag(?:ed|es?))\b|\btell me about\b|"
                               r"\bdescribe\b|\boverview\b|\bsummari[sz]e\b|\bwhat role\b|"
                               r"\bwhat kinds? of (help|support|aid|assistance|cooperation)\b", re.I)),
    ("list", re.compile(r"\b(which|what)\s+" + _MODIFIERS + r"(countries|nations|organi[sz]ations|areas|fields|projects|regions|groups|"
                        r"agencies|institutions|sites|principles|roles|kinds|types|sorts|activities|measures|sectors|forms|ways|"
                        r"steps|diseases|programmes|programs|mechanisms|platforms|partners|donors|priorities|"
                        r"goals|aspects|agencies|sites|hospitals|schools|facilities|organisations|industries|"
                        r"diseases|achievements|results|outcomes|challenges|commitments|pledges|initiatives)\b|\blist\b|\bname (the|some|all)\b|\bexamples?\b|\bwhat are the\b", re.I)),
    ("definition", re.compile(r"\bwhat (is|was|are|were|does) (meant by|the meaning)\b|\bwhat does .+ mean\b|"
                              r"\bdefine\b|\bdefinition\b", re.I)),
]
# "What is …" says only that a question starts: "What is the installed capacity of …" asks for a size,
# so this reading counts only when no pattern above matches anywhere in the question.
_EN_FALLBACK = ("definition", re.compile(r"^\s*what (is|are|was|were)\b|\bwhat'?s\b", re.I))

_ZH_THINGS = "机场|体育场|体育馆|大桥|桥|港口|港|码头|铁路|公路|高速公路|电站|水电站|发电厂|工厂|厂|寺庙|寺|古迹|岛|卫星|船厂|隧道|大楼|园区|剧院|会议中心"
_ZH_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("reason", re.compile(r"为什么|为何|原因|(?<!项)目的|出于什么|何以|动机|用意")),  # not 项目的: "项目的电压"
    # not across words: 很多大学 (many universities), 多重要 (how important), 里程碑 (milestone), 多少年轻人
    ("size", re.compile(r"(?<![很许诸众较更最])多(?:长(?!时间)|宽|高|深|大(?!规模)|重(?!要))|长度|面积|容量|装机|座位|床位|重量|电压|"
                        r"多少(公里|千米|米|平方米|公顷|亩|千瓦|兆瓦|吨|立方米|座位|张床|个座位|公斤|千克)|里程(?!碑)|功率|吨位|规模多大")),
    ("duration", re.compile(r"多久|多长时间|用了几|历时|几天|几个月|多少天|多少年(?!轻)|多少个月|持续了|工期|"
                            r"(?<![这那哪前近头])几年(?!级|前)")),  # "在几年内落实": within how many years
    ("share", re.compile(r"比例|比重|百分之|占比|占.{0,8}(多少|几成)|利率|利息|增长率|百分比|几成|份额")),
    ("money", re.compile(r"多少钱|金额|资金(是|有)?多少|花了多少|费用|造价|成本|预算|投资(了|额)?多少|多少(亿|万)?(元|美元|人民币)|"
                         r"价值多少|总额|多少资金|出资多少|捐(赠|款)了?多少")),
    ("date", re.compile(r"年份")),  # "投产的年份是多少？" asks a year, though 多少 would read a count
    # "那十几个国家都有哪些？": 十几个 is "a dozen or so", a number the question states, not one it asks
    ("count", re.compile(r"多少|(?<![十百千万0-9那这哪])几[个名所项批次国位台人家座条期届轮场艘架辆]|数量|(?:一共|总共)(?![^，,。？?；;]*[0-9０-９])|总数")),
    ("date", re.compile(r"哪一年|哪年|何时|什么时候|哪个时间|几月|哪一天|何年|什么时间|始于|成立于哪")),
    ("person", re.compile(r"是谁|谁(是|担任|领导|签署|主持|发明|提出|设计|宣布|倡议|承诺)|哪位|哪一位|什么人|负责人|领导人|署长是|部长是|局长|主任是|姓名|"
                          # a person's name, not a fund's or a centre's ("那个基金叫什么名字？" asks the fund's name)
                          r"(?:人|他|她|长|官|员|大使|主席|总理|总统|专家|医生|领导|者|代表)[，,]?(?:的|叫|是)?(?:什么)?名字")),
    # not 什么市政项目 (what municipal projects), 什么城镇化 …: the measure word must end its word
    ("place", re.compile(r"在哪(?!(?:些|个|一个|几个|几|一|[两二三四五六七八九十]个?)?(?:方面|领域|領域|环节|類|类)|(?:些|个|一个|几个)(?!国家|國家|地区|地區|城市|省|州|地方|国|國|洲|大洲))|(?<![往向朝])哪(?:里|儿)|什么地方|(?:哪个|哪座|哪一个|哪一座|什么)(?:城市|城(?!镇化|乡)|地区|省|州|市(?!政|场|民)|镇|县|村|国家)|位于|地点")),
    ("organisation", re.compile(r"哪个机构|哪些机构|哪家|哪所|哪个(大学|学校|院校|企业|公司)|什么机构|哪个部门|哪个组织|哪些组织|什么组织|由谁|谁(来)?(实施|承建|出资|负责|管理|主管|统筹)")),
    ("definition", re.compile(r"(有|发生了?)(什么|哪些|何)(变化|影响|作用|意义|成效|成果|特点|不同|区别)")),  # one account
    ("name", re.compile(r"(?:哪个|哪座|哪一座|哪条|哪一条|哪艘|哪颗|哪一个|哪一颗)(?:" + _ZH_THINGS + r")|(?<!分别)(?<!都)(?<!各)叫(?:做)?(?:什么|啥)|"
                        r"(?:名称|名字)(?:是|叫)?(?:什么|啥)|什么名(?:字|称)")),  # not 分别叫什么: a list
    ("description", re.compile(r"[做干](?:了|过)(?:些|一些)?(哪些|什么|啥)|帮[了过]?[^，。？?]{0,8}?(哪些|什么)忙|开展了?(哪些|什么)|"
                               r"^\W*(?:请)?(?:说说|讲讲|谈谈|聊聊)|(?:提供|给予)了?过?(?:哪些|什么|啥)(?:样的)?(?:援助|帮助|支持)|有哪些.{0,8}(合作|援助|项目|举措|贡献)|介绍|概述|总结|"
                               r"发挥了?(什么|怎样)|如何(帮助|支持|援助|参与|推动)|怎样(帮助|支持|援助|参与)|哪些(帮助|支持|援助|合作|贡献)|"
                               r"过什么(帮助|支持|援助|合作)")),  # 提供过什么帮助: a record asked, as 提供过哪些帮助
    ("list", re.compile(r"哪些|哪几|有(?:什么|哪些)(?!变化|不同|区别|影响|作用|意义|成效|成果|特点)|包括什么|列举|举例|都有")),
    ("definition", re.compile(r"是什么|指什么|什么是|什么叫|含义|意思|何谓|定义")),
]

# Words that name the attribute itself, not its subject: "the *number* of seats" asks about seats.
# So does "In which *year* …?" (a date): the paper writes "In 2015, the … Fund was announced", never "year".
_EN_ATTR_SKIP = frozenset("number total amount kind sort type exact precise overall figure value money year date month day "
                          "time name names".split())
# ... and in Chinese: "无偿援助占…的比例是多少" asks for a share of grants; 比例 names the type, and the paper
# writes "占…的47.30%", never 比例, so as the attribute it tied no value to anything
_ZH_ATTR_SKIP = frozenset("比例 比重 占比 百分比 份额 数量 总数 数目 数额 金额 具体 确切 年份 时间 日期 年代 名字 名称".split())
_EN_ATTRIBUTE = [
    re.compile(r"\bhow (?:many|much)\s+(?!(?:did|does|do|has|have|had|is|are|was|were|will|can|could)\b)((?:[a-z\-]+\s+){0,2}?[a-z\-]+?)(?=\s+(?:did|does|do|has|have|had|is|are|was|"
               r"were|will|can|could|in|of|for|from|to|at|on|by|under|that|which|per|would|went|were|got|get|gets|"
               r"received?|receives|benefit(?:ed|s)?|took|joined|attended)\b|[?.!,]|$)", re.I),
    re.compile(r"\b(?:what|which)\s+((?:[a-z\-]+\s+){0,2}?[a-z\-]+?)\s+(?:did|does|do|has|have|had|is|are|was|were|"
               r"will|can|could)\b", re.I),
    re.compile(r"\b(?:what|who|how (?:long|large|big|high|wide))\s+(?:is|was|are|were)\s+(?:the|its|their)\s+"
               r"((?:[a-z\-]+\s+){0,2}?[a-z\-]+?)\s+(?:of|for|in|at|on|behind|that)\b", re.I),
    re.compile(r"\bnumber of\s+((?:[a-z\-]+\s+){0,1}[a-z\-]+)", re.I),
]
_ZH_ATTRIBUTE = [
    # "有多少人从中受益？" names no attribute: what follows the measure word is the verb phrase, not a noun
    re.compile(r"多少[个名所项批次国位台人家座条张辆架]?(?!是|在|从|被|得到|受益|参与|接受)((?:[\u4e00-\u9fff]){1,6}?)"
               r"(?:[？?。，,]|$|是|在|从|被|得到|受益|参与|接受)"),
    re.compile(r"的([\u4e00-\u9fff]{1,6}?)(?:是多少|有多少|为多少|是谁|是什么|在哪|多长|多大|多高|有多长)"),
    re.compile(r"([\u4e00-\u9fff]{1,4}?)(?:是多少|有多少|为多少|是谁|有多长|多长|多大)"),
]

_REASON_MARK = re.compile(r"\b(because|since|in order to|so as to|so that|aim(ed|s)? (at|to)|with a view to|"
                          r"for the purpose of|to help|to promote|to support|to enhance|to improve|thus|thereby|"
                          r"hence|therefore|as a result|due to|owing to|purpose|goal|objective|conducive to|"
                          r"with the aim of|in the interest of|for the sake of)\b|"
                          r"为了|因为|旨在|从而|以便|以|由于|目的|致力于|为此|因此|所以|使得|推动|促进|帮助|有利于|有助于", re.I)


@dataclass(frozen=True)
class Asked:
    want: str  # one of TYPES
    attribute: tuple[str, ...]  # stems (en) or words (zh) naming what is asked about: ("seat",), ("利率",)
    focus: tuple[str, ...]  # topic terms of the question without the attribute
    attribute_text: str = ""  # the attribute as the user wrote it, for "does not give the …"
    unit: tuple[str, ...] = ()  # the unit or measure word the count is asked in, with its equivalents: ("吨", "万吨")
    given: frozenset[str] = frozenset()  # numbers the question states itself ("how many of the 423 …")
    subject: tuple[str, ...] = ()  # the names a broad question is about ("Mongolia"): its passages mention them
    members: int | None = None  # how many members the list it asks for has ("the five areas …"): stated_count()
    within: bool = False  # a place inside a country is asked for ("Which city …?", "哪个城市"): a country is no answer
    region: tuple[str, ...] = ()  # ... and the places it is asked inside ("Malawi", "甘肃"): see found()
    of_places: bool = False  # a list of countries or cities is asked for ("Which countries …?", "哪些国家")
    firm: bool = False  # a company is asked for ("Which Chinese company built …?", "哪家企业"): the paper names none
    choice: bool = False  # the reason for a choice is asked ("Why was Djibouti chosen …?", "为什么选在宁夏"): the
    # paper gives the purpose of what China does, seldom why here and not elsewhere
    countries: frozenset[str] = frozenset()  # the countries a broad question names, as codes ("Côte d'Ivoire": CI)
    ranked: bool = False  # which one is first or most is asked, or two are compared ("Which country got the
    # most …?", "哪个多？"): the paper ranks few things, and a passage that names them does not rank them
    thing: str = ""  # the kind of thing whose name is asked ("airport", "机场"): its name ends in that word
    whether: bool = False  # whether a thing was done is asked ("Has China …?", "中国有没有…？"): the thing is the
    # point, so a passage without it does not answer
    counted: int | None = None  # the countries it counts are asked for ("… 13 African countries. Can you name all
    # 13?"): counted_places(); a quote naming fewer is not the list

    @property
    def wants_value(self) -> bool:
        return self.want in VALUE_TYPES

    @property
    def broad(self) -> bool:
        return self.want == "description"


@lru_cache(maxsize=256)  # pure; asked by the question's search and again by its answerer: a memo, not state
def analyse(question: str, lang: str) -> Asked:
    """Example: "白皮书提到的孟加拉国卡纳普里河底隧道有多长？" -> want "size", attribute ()."""
    want = _want(question, lang)
    if want == "description" and not _broad_shape(question, lang):
        want = "definition"  # a bare topic ("debt relief") wants what the paper says of it
    asking = _asking_part(question, want, lang)
    attribute_text = _attribute(asking, lang) if want in (*VALUE_TYPES, "list") else ""
    if want == "list" and not attribute_text and lang != "zh":  # "Which countries received …" asks for countries
        m = dict(_EN_PATTERNS)["list"].search(asking)
        attribute_text = m.group(2) if m and m.group(2) else ""
    attribute = tuple(content_terms(attribute_text, lang)) if attribute_text else ()
    focus = with_renderings([t for t in content_terms(question, lang) if t not in attribute], lang)
    unit = _unit(question, lang) if want in ("count", "size", "money") else ()
    # a name inside what is listed ("Which Caribbean countries …") describes the items, not the topic
    subject = tuple(t for t in names(question, lang) if t not in attribute_text) if want in ("description", "list") else ()
    members = stated_count(question, lang) if want in ("list", "description", "definition") else None
    within = want == "place" and bool(_WITHIN[lang == "zh"].search(question))
    region = regions(question, lang) if within else ()
    of_places = want == "list" and (bool(_PLACE_WORDS & set(attribute)) if lang != "zh" else bool(_ZH_PLACES_ASKED.search(question)))
    firm = want == "organisation" and bool(_FIRM[lang == "zh"].search(question))
    choice = want == "reason" and bool(_CHOICE[lang == "zh"].search(question))
    countries = countries_in(question, lang) - {"CN"} if subject else frozenset()
    ranked = bool(_RANKED[lang == "zh"].search(question))
    thing = _thing(question, lang) if want == "name" else ""
    whether = bool(_WHETHER[lang == "zh"].search(question))
    counted = None if want in FIGURES or ranked else counted_places(question, lang)
    return Asked(want, attribute, focus, attribute_text, unit, frozenset(figures_in(question)), subject, members, within,
                 region, of_places, firm, choice, countries, ranked, thing, whether, counted)


_ZH_THING_ASKED = re.compile(r"哪(?:一)?[个座条艘颗](" + _ZH_THINGS + r")")


def _thing(question: str, lang: str) -> str:
    """Example: "Which airport in Togo …?" -> "airport"; "那个基金叫什么？" -> "" (any name answers)."""
    m = (_ZH_THING_ASKED if lang == "zh" else _EN_THING_ASKED).search(question)
    return m.group(1).lower() if m else ""


# A yes-or-no question about whether something was done: it opens on an auxiliary and asks nothing else in
# English ("Has China helped any country clear landmines?", not "Did China say which …?"); Chinese asks it with
# 有没有, 是否, 有无 or a closing 吗 ("中国有没有援建过海水淡化厂？")
_WHETHER = (
    re.compile(r"^\W*(?:(?:and|so|but|ok|okay|then)\W+)?(?:has|have|had|did|does|do|is|are|was|were|can|could|will|would)"
               r"\s+(?!.*\b(?:what|which|how|who|whom|where|when|why)\b)", re.I),
    re.compile(r"有没有|是否|有无|吗\s*[？?]?\s*$"),
)


# A question that asks which is first, most or least, or which of two is more
_RANKED = (
    re.compile(r"\b(?:which|who)\b[^?]*\b(?:most|least|largest|biggest|highest|lowest|fewest|greatest|smallest)\b|"
               r"\b(?:which|who)\b[^?]*\b(?:more|less|larger|bigger)(?!\s+than)(?:\s*\?|\b[^?]*\bor\b)", re.I),
    # not "中国是世界上最大的什么国家？": which one ranks first is asked, with 哪 or 谁
    re.compile(r"(?:哪|谁)[^，。？?]{0,20}?最(?:多|少|大|高|低|小|早)|最(?:多|少|大|高|低|小|早)的?(?:是|为)?(?:哪|谁)|"
               r"哪(?:个|一个|一种|一块|一项|种|边|方)[^，。？?]{0,12}(?:更)?(?:多|少|大|高)(?:些|一些|点)?[？?]|"
               r"(?:多|大|高)还是|谁更多|哪个更|排(?:第一|在前)"),
)
# What a passage that ranks says: "the largest", "the first", 最大, 第一, 首个
_RANKING = re.compile(r"\b(?:most|least|largest|biggest|highest|lowest|fewest|greatest|smallest|first|top|leading)\b|"
                      r"最|第一|首(?:个|次|位|家|批)|居首", re.I)


def ranks(text: str) -> bool:
    """Whether a passage ranks or compares ("the largest …", "最大的"), as a question that asks which is most
    wants."""
    return bool(_RANKING.search(text))


_PLACE_WORDS = frozenset(content_terms("countries nations cities regions places provinces towns", "en"))
_FIRM = (re.compile(r"\b(?:compan(?:y|ies)|firms?|enterprises?|contractors?|manufacturers?|builders?|"
                    r"construction (?:group|corporation)s?|corporations?)\b", re.I),
         re.compile(r"企业|公司|单位|承建|承包商|厂家|厂商"))
_CHOICE = (re.compile(r"\b(?:cho(?:o)?s(?:e|en|ing)|chose|pick(?:s|ed|ing)?|select(?:s|ed|ing)?|opt(?:s|ed)? for|"
                     r"singled? out|instead of|rather than|(?:and|but) not)\b", re.I),
           re.compile(r"选(?:在|中|定|择|了)?|挑|偏偏|偏要|而不是|而非|不选"))
_ZH_PLACES_ASKED = re.compile(r"(?:哪些|哪几个|什么)(?:国家|城市|地区|地方|省份?)|"
                              r"(?:国家|城市|地区|省份?)(?:都|分别|具体)?(?:有|是)(?:哪些|哪几个)")  # "那十几个国家都有哪些"


def regions(question: str, lang: str) -> tuple[str, ...]:
    """The places a question names, but China ("中国援建的马拉维科技大学在马拉维哪个城市？" -> ("马拉维",)): the
    paper's subject is China and it seldom names China beside a Chinese city."""
    if lang == "zh":  # a country by the gazetteer, a province by jieba's tag; not the asking words (哪个城市)
        rest = _WITHIN[1].sub("，", question)
        return tuple(dict.fromkeys(w for w, flag in zh_tags(rest) if len(w) >= 2 and not w.startswith("中")
                                   and (flag == "ns" or _is_place(w, "zh"))))
    return tuple(t for t in names(question, lang) if not t.lower().startswith(("china", "chinese")) and _is_place(t, "en"))


def _is_place(term: str, lang: str) -> bool:
    return bool(_codes(term, lang))  # "Cambodian" (Cambodia), "Zambian"


# a place inside a country: "Which Mauritanian city …?", "Where in Zambia …?", "…位于蒙古哪个城市？"
_WITHIN = (re.compile(r"\b(?:which|what)\s+" + _MODIFIERS + r"(?:city|cities|town|towns|province|provinces|district|"
                      r"capital|village|county|state)\b|\bin which (?:city|town|province|district|village|county)\b|"
                      r"\bwhere in\b", re.I),
           re.compile(r"(?:哪个|哪座|什么|哪一个|哪些)(?:城市|城|市|省|州|地区|镇|村|县|首都)"))


# where an English question asks a second thing: "…, and what shape was China in?", "… and how many farmers …?"
_EN_SECOND_ASK = re.compile(r"(?:,\s*|\s+)(?:and|but)\s+(?=(?:what|how|which|who|whom|when|where|why|in how|in what|from how|to how)\b)|"
                            r"[?;]\s+(?=\S)", re.I)


def _asking_part(question: str, want: str, lang: str) -> str:
    """The part of a question that asks for `want`, whose attribute is the one asked: "When did the PRC start
    giving aid, and what shape was China in?" wants a date, and "shape" is no attribute of it (the 1950
    that answers it was called missing). The whole question when it asks one thing, or in Chinese."""
    if lang == "zh":
        return question
    parts = [p for p in _EN_SECOND_ASK.split(question) if p.strip()]
    return next((p for p in parts if _want(p, lang) == want), question) if len(parts) > 1 else question


def names(question: str, lang: str) -> tuple[str, ...]:
    """The names a question gives (specific_terms without its numbers): "And in Ecuador?" -> ("Ecuador",)."""
    return tuple(t for t in specific_terms(question, lang) if not t.isdigit())


def mentions(text: str, names: tuple[str, ...], lang: str) -> bool:
    """Whether text names one of `names`; English by word stems, so "Cambodian" finds "Cambodia". A
    country is not named inside another's name: 白俄罗斯 (Belarus) does not name 俄罗斯 (Russia), nor
    "South Sudan" Sudan, nor "Nigeria" Niger (its stem)."""
    return any(_names(text, n, lang) for n in names)


def names_subject(paragraph: Paragraph, asked: Asked, store: Store) -> bool:
    """Whether a paragraph names the subject a broad question is about. The translation garbles
    countries' names ("the Ivorian Cultural Palace" for 科特迪瓦文化宫, "Kyrgyz north-south highways"): an
    English paragraph names a country its original names too."""
    if mentions(paragraph.text, asked.subject, paragraph.lang):
        return True
    twin = store.counterpart(paragraph) if asked.countries and paragraph.lang == "en" else None
    return twin is not None and bool(asked.countries & countries_in(twin.text, twin.lang))


@lru_cache(maxsize=65536)  # pure; a broad answer's choice asks it of every candidate paragraph: a memo, not state
def _names(text: str, name: str, lang: str) -> bool:
    code = _place_code(name, lang)
    if code is not None:
        text = _without_places(text, lang, code)
    if lang == "zh":
        return name in text
    lowered = text.lower()
    if forms := name_forms(name):
        return any(f in lowered for f in forms)
    return all(w.lower()[: max(5, len(w) - 3)] in lowered for w in name.split())


@lru_cache(maxsize=1024)  # pure, and mostly the paper's own paragraphs again: a memo, not state
def countries_in(text: str, lang: str) -> frozenset[str]:
    """The countries a text names, as codes (regions left out): "How has China helped Côte d'Ivoire?" -> {"CN", "CI"}."""
    from store.discrepancies import places

    return frozenset(p.code for p in places(text, lang) if not p.is_region)


@lru_cache(maxsize=1024)  # pure: a memo of the gazetteer's reading of a name
def _place_code(name: str, lang: str) -> str | None:
    """The country a name is, when it is one and nothing more ("Sudan" -> "SD"); a region ("Africa") is
    named by its countries' names too ("South Africa", "West Africa" are in Africa), so none."""
    from store.discrepancies import places  # babel loads at the first name that needs it

    found = places(name.strip(), lang)
    one = len(found) == 1 and found[0].raw == name.strip() and not found[0].is_region
    return found[0].code if one else None


@lru_cache(maxsize=4096)  # pure, and mostly the paper's own paragraphs again: a memo, not state
def _without_places(text: str, lang: str, code: str) -> str:
    """text with the names of other countries blanked out (places() reads the longest name first)."""
    from store.discrepancies import places

    for p in reversed(places(text, lang)):
        if p.code != code and not p.is_region:
            text = text[: p.start] + " " * (p.end - p.start) + text[p.end:]
    return text


# A question word of its own ("And what kind of experts went to Ethiopia?", "派去的是什么样的专家？"): a
# follow-up that asks its own question, though of no type a pattern reads, does not ask what the question
# before it asked ("How many planning consultants …?"); "What about Africa?", "And in Africa?" do
_OWN_QUESTION = {
    "en": re.compile(r"\b(?:what|which|who|whom|whose|where|when|why|how)\b(?!\s+(?:about|else)\b)", re.I),
    "zh": re.compile(r"什么|哪|怎么|怎样|如何|为什么|为何|谁"),
}


def asks_its_own(question: str, lang: str) -> bool:
    """Example: "And what kind of expert advisers went there?" -> True; "And in Africa?" -> False."""
    return bool(_OWN_QUESTION.get(lang, _OWN_QUESTION["en"]).search(question))


def typed(question: str, lang: str) -> bool:
    """Whether the question says what it wants; "And at the second one?" does not, and wants what the
    question it follows wanted."""
    if lang == "zh":
        return any(p.search(question) for _, p in _ZH_PATTERNS)
    return any(p.search(question) for _, p in (*_EN_PATTERNS, _EN_FALLBACK))


# "How big is the trust fund?", "基金规模有多大？": the size of a sum of money is an amount
_SIZED_MONEY = {
    "en": re.compile(r"\bhow (big|large) (is|was|are|were)\b.{0,60}?\b(funds?|loans?|budgets?|grants?|investments?|"
                     r"donations?|contributions?|financing|aid package)\b", re.I),
    "zh": re.compile(r"(基金|贷款|资金|预算|投资|捐款|援助额).{0,6}(规模)?(有)?多大"),
}

# "How much does the satellite weigh?": a weight, though "how much" asks for money elsewhere
_WEIGHED = re.compile(r"\bhow much (?:does|did|do|would|will)\b.*\bweigh\b", re.I)


# "How much carbon dioxide does it save?", "how much electricity": a quantity of a thing, not a sum, when
# none of the words between "how much" and its verb names money
_HOW_MUCH = re.compile(r"\bhow much\s+((?:[\w\-]+\s+){0,3}?)(?=(?:does|did|do|is|was|were|are|has|have|had|will|"
                       r"would|can|could)\b|[?,.]|$)", re.I)
_MONEY_WORDS = re.compile(r"^(?:money|fund|aid|financ|capital|invest|debt|loan|grant|assist|credit|cash|dollar|yuan|"
                          r"rmb|compens|budget|contribut|donat|spend|pledg|subsid|relief|support|help|cost|price|"
                          r"value|worth|sum|amount|more|less|of|in|it|that|this)", re.I)


def _quantity(question: str) -> bool:
    m = _HOW_MUCH.search(question)
    words = m.group(1).split() if m else []
    return bool(words) and not any(_MONEY_WORDS.match(w) for w in words)


def _want(question: str, lang: str) -> str:
    """English puts its question word first ("What principles … when …" asks for principles), so
    the earliest match wins there; Chinese puts it anywhere, so the first pattern in order wins."""
    if lang == "zh":
        want = next((name for name, p in _ZH_PATTERNS if p.search(question)), "description")
    else:
        found = [(m.start(), i, name) for i, (name, p) in enumerate(_EN_PATTERNS) if (m := p.search(question))]
        want = min(found)[2] if found else _EN_FALLBACK[0] if _EN_FALLBACK[1].search(question) else "description"
    if want == "money" and lang != "zh" and (_WEIGHED.search(question) or _quantity(question)):
        return "size"
    if want == "count" and lang == "zh" and _ZH_BARE_HOW_MANY.search(question) and values(question, "money"):
        return "money"  # "两年内提供的20亿美元援助里，有多少是给非洲的？": how much of a sum is a sum
    return "money" if want == "size" and _SIZED_MONEY["zh" if lang == "zh" else "en"].search(question) else want


# 多少 with no measure word or unit after it ("有多少是给非洲的"), which counts nothing of its own
_ZH_BARE_HOW_MANY = re.compile(r"多少(?![个名位项所座台例次辆张家列吨米亩架条批期艘册本套枚株户届轮支种门头人国年天周倍成]|公里|平方|千米|"
                               r"立方|千瓦|兆瓦|公顷|万|亿|元|美元)")


# "What transport infrastructure has China helped other countries build?", "What has China built …": a
# record asked for (has/have); "What did China build for Laos's banking sector in 2015?" asks for one thing
# So does "How has China shared science and technology …?": how it has done so, in every passage that says
_EN_RECORD = re.compile(r"^\W*what\s+(?:[\w\-]+\s+){0,3}?(has|have)\s+(china|beijing|the chinese government)\s+\w+|"
                        r"^\W*(?:and\s+|so\s+)?how\s+(has|have)\s+(china|beijing|the chinese government)\s+\w+", re.I)


def _broad_shape(question: str, lang: str) -> bool:
    """Whether a question no other pattern reads asks for an account of many passages, not a definition."""
    if lang != "zh" and _EN_RECORD.search(question):
        return True
    return bool(dict(_ZH_PATTERNS if lang == "zh" else _EN_PATTERNS)["description"].search(question))


def _attribute(question: str, lang: str) -> str:
    """Example: "How many seats does the stadium have?" -> "seats"; "贷款的利率是多少？" -> "利率"."""
    if lang == "zh":
        for p in _ZH_ATTRIBUTE:
            m = p.search(question)
            if m:
                words = [w for w in jieba.lcut(m.group(1)) if w not in ZH_STOP and len(w) > 1 and w not in _ZH_ATTR_SKIP]
                if words:
                    return "".join(words)
        return ""
    for p in _EN_ATTRIBUTE:
        m = p.search(question)
        if m:
            words = [w for w in m.group(1).split() if w.lower() not in EN_STOP and w.lower() not in _EN_ATTR_SKIP]
            if words:
                return " ".join(words)
    return ""


# ---- values in sentences -------------------------------------------------------------------------------

_ZH_NUM = "〇零一二三四五六七八九十百千万亿两"
_NUMBER = rf"(?:\d[\d,]*(?:\.\d+)?|[{_ZH_NUM}]{{1,8}}(?=[多余个名所项批次国年天万亿台辆期人座条张架户家株种倍成%％]))"
_VALUE_PATTERNS: dict[str, re.Pattern[str]] = {
    "money": re.compile(rf"(?:US\$|\$|RMB|¥)\s?{_NUMBER}|{_NUMBER}\s?(?:billion|million|thousand)?\s?"
                        rf"(?:yuan|dollars|US dollars|RMB)|{_NUMBER}\s?(?:多)?(?:万|亿)?(?:元|美元|人民币|欧元)", re.I),
    "share": re.compile(rf"{_NUMBER}\s?(?:%|％|percent|per cent)|百分之[{_ZH_NUM}\d]+|[{_ZH_NUM}]成(?![员为立功])", re.I),
    # an era dates a clause as a year does: "At the beginning of the founding of New China, … China began to
    # provide assistance" answers "When did China start giving aid?"; so do a decade ("the 1950s", 20世纪50年代)
    "date": re.compile(r"\b(?:19|20)\d\d(?:'?s)?\b|(?:19|20)\d\d年|\b(?:January|February|March|April|May|June|July|August|"
                       r"September|October|November|December)\b|[一二三四五六七八九十\d]{1,2}月|"
                       r"\bfounding of (?:New China|the People's Republic)|新中国(?:成立|建立)|"
                       r"\breform and opening[- ]up\b|改革开放|\d0年代", re.I),
    "duration": re.compile(rf"{_NUMBER}\s?(?:days?|weeks?|months?|years?|hours?)\b|{_NUMBER}\s?(?:余|多)?(?:天|个多?月|周|小时|年(?:来|内|间|多|以上)?)"
                           r"(?!\d)", re.I),
    "size": re.compile(rf"{_NUMBER}\s?(?:square\s|cubic\s)?(?:km|kilomet(?:er|re)s?|met(?:er|re)s?|hectares?|mu\b|"
                       rf"MW|megawatts?|kW|kilowatts?|kV|tons?|tonnes?|kg|kilograms?|seats?|beds?|lanes?|storeys?|floors?)|{_NUMBER}\s?"
                       r"(?:公里|千米|米|平方米|平方公里|公顷|亩|千伏|千瓦|兆瓦|万千瓦|吨|万吨|公斤|千克|座位|个座位|张床位|床位|立方米|车道|层)", re.I),
    "person": re.compile(r"\b(?:President|Premier|Chairman|General Secretary|Secretary-General|Minister|Director|"
                         r"Ambassador|Dr\.?|Mr\.?|Ms\.?|Mrs\.?)\s+[A-Z][a-z]+(?:\s[A-Z][a-z]+)?|"
                         r"[\u4e00-\u9fff]{2,3}(?:主席|总理|总书记|署长|部长|大使|先生|女士)"),
    "organisation": re.compile(r"\b(?:[A-Z][a-z]+\s+){1,6}(?:Organi[sz]ation|Bank|Fund|Agency|Programme|Program|Union|"
                               r"Council|Committee|Institute|Foundation|Association|Nations|Forum|Alliance|Centre|"
                               r"Center|Commission|Hospital|University|College|School|Laboratory)\b|\b[A-Z]{2,6}\b|[\u4e00-\u9fff]{2,12}(?:组织|银行|基金|署|委员会|联盟|"
                               r"机构|协会|计划署|开发署|论坛|中心|公司)"),
    "place": re.compile(r"(?<![.!?]\s)(?<!^)\b[A-Z][a-z]{3,}(?:\s[A-Z][a-z]+)?\b"),  # Chinese: see _zh_places
}
# "three tankers and three bulk carriers", "within two years": the translation writes small numbers in words
_EN_WORD_NUMBER = (r"\b(?:two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|forty|fifty)\b"
                   r"(?=\s+[a-z])")
# a count given in round words: "more than a dozen countries", "tens of millions of people", "惠及上千万受灾群众"
_ROUND_COUNT = (r"\b(?:a|one|two|three|several|half a)\s+dozens?\b|\bdozens\b(?=\s+of\b)|\btens of (?:thousands|millions)\b|"
                r"\b(?:hundreds|thousands|millions)\b(?=\s+of\b)|(?:十几|几十|数十|数百|数千|数万|上百|上千|上万)(?:万|亿)?")
_VALUE_PATTERNS["count"] = re.compile(rf"{_ROUND_COUNT}|{_NUMBER}|{_EN_WORD_NUMBER}(?!\s+(?:days?|weeks?|months?|years?|hours?|times)\b)",
                                      re.I)
_VALUE_PATTERNS["duration"] = re.compile(rf"{_VALUE_PATTERNS['duration'].pattern}|{_EN_WORD_NUMBER}\s?(?:days?|weeks?|months?|years?|hours?)\b",
                                         re.I)
_CLAUSE = re.compile(r"[,;:，；：。！？!?]|\band\b|\bwhile\b|\bwhich\b")


def _clause_bounds(sentence: str) -> list[int]:
    """Where a sentence's clauses start and end: 0, each clause mark's end, the sentence's end."""
    return [0, *[m.end() for m in _CLAUSE.finditer(sentence)], len(sentence)]


def values(sentence: str, want: str) -> list[tuple[int, int]]:
    """Spans of values of type `want` in a sentence. Example: ("3,588 medical workers", "count") -> [(0, 5)]"""
    return list(_values(sentence, want))


@lru_cache(maxsize=16384)  # pure, and mostly the paper's own spans again: a memo, not state
def _values(sentence: str, want: str) -> tuple[tuple[int, int], ...]:
    if want == "place" and _HAN.search(sentence):
        return tuple(_zh_places(sentence))
    if want == "name":
        return tuple(_thing_names(sentence))
    pattern = _VALUE_PATTERNS.get(want)
    if pattern is None:
        if want == "reason":
            return tuple(m.span() for m in _REASON_MARK.finditer(sentence))
        if want == "list":
            seps = sentence.count(",") + sentence.count("、") + sentence.count("，") + sentence.count(";")
            return ((0, len(sentence)),) if seps >= 2 else ()
        return ()
    spans = []
    for a, b in (m.span() for m in pattern.finditer(sentence)):  # "1100" + "万" is one value: 1100万
        spans[-1:] = [(spans[-1][0], b)] if spans and spans[-1][1] == a else [*spans[-1:], (a, b)]
    if want == "count":  # a count is a number that is not a year, a share, an amount of money or a duration
        taken = [s for kind in ("date", "share", "money", "duration") for s in _values(sentence, kind)]
        spans = [s for s in spans if not any(a <= s[0] < b for a, b in taken) and not _glued_number(sentence, *s)]
    return tuple(spans)


_LETTER_BEFORE = re.compile(r"[A-Za-z]-?$")
_LETTER = re.compile(r"[A-Za-z]")


def _glued_number(sentence: str, a: int, b: int) -> bool:
    """A number that is part of a name or an ordinal, not a count: "COVID-19", "G20", "5G", "the 73rd"."""
    return bool(_LETTER_BEFORE.search(sentence[max(0, a - 2):a]) or _LETTER.match(sentence, b))


def found(sentence: str, asked: Asked, common: frozenset[str] = frozenset()) -> list[tuple[int, int]]:
    """The values in a sentence that can answer `asked`: of its type, in the unit it counts in ("多少张病床"
    wants "200张", not "20余天"), and not a number the question states itself ("How many of the 423
    projects …" is not answered by the 423)."""
    spans = values(sentence, asked.want)
    if asked.want == "place":
        # a name (a word the paper never writes in lower case: "Minsk", not "Training Center"), and in
        # English "where" may be answered by a body ("at the World Trade Organization")
        names = [(a, b) for a, b in spans if not all(w.lower() in common for w in sentence[a:b].split())]
        bodies = [] if asked.within or _HAN.search(sentence) else values(sentence, "organisation")
        both = {(a, b) for a, b in (*names, *bodies) if not _asked_place(sentence[a:b], asked)}
        spans = sorted(s for s in both if not any(o != s and o[0] <= s[0] and s[1] <= o[1] for o in both))
        if asked.region:
            spans = [(a, b) for a, b in spans if _in_region(sentence, a, asked.region)]
    if asked.thing:  # "Which airport …?" is answered by an airport's name, not by "the Belt and Road" in quotes
        spans = [(a, b) for a, b in spans if asked.thing in sentence[a:b].lower()]
    if asked.unit:
        spans = [(a, b) for a, b in spans if _unit_at(sentence, a, b, asked.unit)]
    if asked.given:
        spans = [(a, b) for a, b in spans if not _stated(numbers_in(sentence[a:b]), asked.given)]
    return spans


def restated(sentence: str, asked: Asked) -> frozenset[str]:
    """The figures (not years) the question gives that the sentence states again: "Of the 890 batches …,
    how many were medicines?" and "… provided 890 batches of material assistance …" -> {"890"}. For a
    date, not those of the clause the date dates."""
    if not asked.wants_value:
        return frozenset()
    given = asked.given - years(" ".join(asked.given))
    again = given & numbers_in(sentence)
    if asked.want == "date" and again:
        # a date whose clause states the figure dates it: "When did Xi pledge the US$2 billion?" is answered
        # by "On May 18, 2020, …, President Xi announced … US$2 billion"; "那22个示范中心，第一个是哪年建成的"
        # is not by the 截至2019年底 of the clause before them
        lang = "zh" if _HAN.search(sentence) else "en"
        bounds = _clause_bounds(sentence)
        for s, _ in found(sentence, asked):
            i = bisect_right(bounds, s, hi=len(bounds) - 1) - 1
            opening, end = _dated(sentence, bounds, i, lang)
            again -= numbers_in(sentence[bounds[i]:end if bounds[i + 1] <= opening else bounds[i + 1]])
    return frozenset(again)


def part_tied(question: str, sentence: str, asked: Asked, lang: str, common: frozenset[str] = frozenset()) -> float:
    """For a sentence that states again the whole a question starts from ("Of the RMB 270.2 billion …, how
    much was grants?"): the share of the words naming the part asked (the attribute, and the question's
    words outside its clause of that whole, else those outside the sentence's) found in a clause with a
    value of the wanted type. The part is answered by "Among them, free aid was RMB 127.8 billion", not by
    the 124 countries beside the 890 batches. 0 when nothing is restated."""
    again = restated(sentence, asked)
    if not again:
        return 0.0
    focus = [t for t in asked.focus if not t[:1].isdigit()]
    part = [t for t in focus if t not in _whole_words(question, again, lang)]
    if not part:  # "How many of the 7,700-plus people trained … came from Africa?": one clause
        part = [t for t in focus if t not in _whole_words(sentence, again, lang)]
    # in the value's own clause, without the context tied() reads around it: "向150多个国家和国际组织提供…，
    # 开展了…一次紧急人道主义行动" ties 一次 to 国际组织 there, and the count of organisations is not given
    words = (*asked.attribute, *part)
    spans = found(sentence, asked, common)
    if not words or not spans:
        return 0.0
    bounds = _clause_bounds(sentence)
    return max((sum(w in terms for w in words) / len(words) for a, b in zip(bounds, bounds[1:], strict=False)
                if any(a <= s < b for s, _ in spans) for terms in [sentence_terms(sentence[a:b], lang)]), default=0.0)


_FULL_STOP = re.compile(r"\.(?=\s)")  # a question's own sentences ("… 808 people in all. How many countries …?")


def _whole_words(text: str, figures: frozenset[str], lang: str) -> set[str]:
    """The words of the clauses of text that state one of the figures."""
    bounds = sorted({0, *[m.end() for m in _CLAUSE.finditer(text)], *[m.end() for m in _FULL_STOP.finditer(text)], len(text)})
    return {w for a, b in zip(bounds, bounds[1:], strict=False) if numbers_in(text[a:b]) & figures
            for w in with_renderings(tuple(sentence_terms(text[a:b], lang)), lang)}  # its words and their renderings


def _in_region(text: str, at: int, region: tuple[str, ...]) -> bool:
    """Whether the place at `at` may lie in `region`, the places a "which city" question names: its sentence
    names the region, and its list item names no other country unless it names the region too. "中国援建的
    马拉维科技大学在马拉维哪个城市？" is not answered by 喀布尔 in "…、马拉维科技大学、阿富汗喀布尔大学中文系教学楼",
    nor "…位于蒙古哪个城市？" by a place in the sentence before the one about Mongolia; "the Mauritania
    Friendship Port, supported by China, in Nouakchott" still answers "Which Mauritanian city …?"."""
    from store.discrepancies import places  # babel loads at the first place asked for

    lang = lang_of(text)
    if not mentions(_around(text, at, _SENTENCE_END), region, lang):
        return False
    item = _around(text, at, _ITEM if lang == "zh" else _CLAUSE)  # English lists join their last item by "and"
    if mentions(item, region, lang):
        return True
    codes = {code for name in region for code in _codes(name, lang)} | {"CN"}  # China is everywhere in the paper
    return all(p.code in codes for p in places(item, lang))


_SENTENCE_END = re.compile(r"[。！？!?]|\.(?=\s)")


def _around(text: str, at: int, stops: re.Pattern[str]) -> str:
    """The stretch of text between two `stops` that holds position `at`."""
    bounds = [0, *[m.end() for m in stops.finditer(text)], len(text)]
    return next((text[a:b] for a, b in zip(bounds, bounds[1:], strict=False) if a <= at < b), text)


def _codes(name: str, lang: str) -> set[str]:
    from store.discrepancies import places

    forms = [name] if lang == "zh" else [name, *(name[:-k] + end for k in (1, 2, 3) for end in ("", "a"))]
    return {p.code for f in forms for p in places(f, lang)}


def lang_of(text: str) -> str:
    return "zh" if _HAN.search(text) else "en"


def _asked_place(value: str, asked: Asked) -> bool:
    """A place the question names itself ("Where in Belarus is …?" is not answered by Belarus), or a country
    when a place inside one is asked ("Which Mauritanian city …?")."""
    lang = lang_of(value)
    if set(content_terms(value, lang)) <= set(asked.focus) | set(asked.attribute):  # "China" has no terms
        return True
    # "非洲地区", "Cuban" (Cuba) are no city either, nor a thing named after a place (南南合作)
    return asked.within and (_is_place(value, lang) or _named_after(value))


def _named_after(word: str) -> bool:
    """A Chinese place-tagged word made of a name and a common word of its own: 南南 + 合作, 中南 + 半岛,
    非洲 + 大陆. jieba tags the whole as a place (ns), but it names a thing of the second word's kind, so
    it answers no "哪个城市". A city's own parts are names or single characters (达累斯萨拉姆, 俾路支省)."""
    return any(zh_word_tag(word[i:]) == "x" and zh_word_tag(word[:i]) in ZH_NAME_FLAGS for i in range(2, len(word) - 1))


def _stated(numbers: set[str], given: frozenset[str]) -> bool:
    return bool(numbers) and numbers <= given


def _unit_at(sentence: str, start: int, end: int, unit: tuple[str, ...]) -> bool:
    """Whether the value at [start, end) is in one of the unit's forms: "1200余名", "110万吨", "1.1 million tons"
    after the number, or a size whose match already ends in it ("2.1公里")."""
    own = sentence[start:end].lower()
    rest = sentence[_UNIT_AFTER.match(sentence, end).end():].lower()
    return any(own.endswith(u) or (rest.startswith(u) and (not u.isascii() or not rest[len(u):len(u) + 1].isalpha()))
               for u in unit)


# Measure words and units a question can count in, each with the forms the paper may write it in. Chinese
# classifiers in one row are interchangeable ("多少人" is answered by "3588名"); 个 says nothing and is left out.
_ZH_UNITS = [("名", "人", "位", "人次"), ("项", "个"), ("所", "座", "个"), ("台", "例", "次"), ("辆", "台"),
             ("张",), ("家",), ("列",), ("吨", "万吨"), ("公里", "千米"), ("米",), ("平方米",), ("公顷",), ("亩",),
             ("千瓦", "万千瓦"), ("兆瓦",), ("立方米",), ("架",), ("条",), ("批",), ("期",), ("艘",), ("册", "本"),
             ("套",), ("枚",), ("株",), ("户",), ("届",), ("轮",), ("支",), ("种",), ("门",), ("头",)]
_EN_UNITS = [("tonnes", "tonne", "tons", "ton"), ("kilometres", "kilometers", "kilometre", "kilometer", "km"),
             ("square metres", "square meters", "square metre", "square meter"),
             ("cubic metres", "cubic meters", "cubic metre", "cubic meter"), ("metres", "meters", "metre", "meter", "m"),
             ("hectares", "hectare"), ("acres", "acre"), ("megawatts", "megawatt", "mw"), ("kilowatts", "kilowatt", "kw"),
             ("kilovolts", "kilovolt", "kv"), ("litres", "liters", "litre", "liter"), ("mu",)]
_ZH_UNIT_ASKED = re.compile(r"(?:多少|几)(平方米|立方米|万千瓦|千瓦|兆瓦|公里|千米|公顷|万吨|人次|[名人位项所座台例次辆张家列吨米亩架条批期艘册本套枚株户届轮支种门头])")
_EN_UNIT_ASKED = re.compile(r"\bhow (?:many|much)\s+(square met(?:re|er)s|cubic met(?:re|er)s|tonnes|tons|kilomet(?:re|er)s|"
                            r"met(?:re|er)s|hectares|acres|megawatts|kilowatts|kilovolts|litres|liters|mu)\b", re.I)
_UNIT_AFTER = re.compile(r"(?:\s|多|余|万|亿|千|百|十|more|plus|\+|million|billion|thousand|hundred)*", re.I)  # "1200余名", "110万吨", "1.1 million tons"


def _unit(question: str, lang: str) -> tuple[str, ...]:
    """Example: "利比里亚的埃博拉治疗中心有多少张病床？" -> ("张",); "How many tonnes of rice …" -> the forms of tonnes."""
    if lang == "zh":
        m = _ZH_UNIT_ASKED.search(question)
        return next((row for row in _ZH_UNITS if m and m.group(1) in row), ())
    m = _EN_UNIT_ASKED.search(question)
    return next((row for row in _EN_UNITS if m and m.group(1).lower() in row), ())


_HAN = re.compile(r"[\u4e00-\u9fff]")


def _zh_places(sentence: str) -> list[tuple[int, int]]:
    """Place names by jieba's part-of-speech tags (ns); a suffix rule would take 发展中国 for a country."""
    spans, at = [], 0
    for word, flag in zh_tags(sentence):
        # 中非, 中巴: China and Africa, China and Pakistan (中非对口医院), not places
        if flag == "ns" and len(word) >= 2 and not (len(word) == 2 and word[0] == "中"):
            spans.append((at, at + len(word)))
        at += len(word)
    return spans


# A thing's own name: capitalised words ending in the kind of thing ("Pokhara International Airport",
# "the Sharjahla Fertilizer Plant"), a body's name, or a name in quotes ("jewel of the Silk Road …", “光明行”)
_EN_THING_NAME = re.compile(r"\b(?:[A-Z][\w'’\-]*\s+(?:(?:of|the|and|for|de|du|la)\s+)?){1,6}(?:Airport|Stadium|Bridge|Port|"
                            r"Harbou?r|Railway|Road|Highway|Expressway|Motorway|Plant|Factory|Mill|Station|Dam|Park|Temple|"
                            r"Monument|Palace|Building|Island|Satellite|Shipyard|Tunnel|Theat(?:re|er)|Gymnasium|Arena|Zone|"
                            r"Corridor|Pipeline|Canal|Line|Project|Hall|Cent(?:re|er)|Base|Village|Garden)s?\b")
_QUOTED_NAME = re.compile(r"[“\"]([^”\"]{2,60})[”\"]")
_ZH_THING_NAME = re.compile(r"[\u4e00-\u9fff]{0,12}?(?:" + _ZH_THINGS + r"|大学|学院|学校|医院|中心|基金|公司|银行|项目|工程)")
_ZH_NOT_IN_NAME = re.compile(r"[等和与及或在了将为对向从把被的]|实施|帮助|援建|建设|升级|扩建|提供|开展|参与|支持")


def _thing_names(sentence: str) -> list[tuple[int, int]]:
    spans = [m.span() for m in _EN_THING_NAME.finditer(sentence)] + list(values(sentence, "organisation"))
    spans += [m.span(1) for m in _QUOTED_NAME.finditer(sentence)]
    if _HAN.search(sentence):  # a name starts at a place (援孟加拉国沙迦拉化肥厂, 马拉维科技大学) and runs to its kind
        for a, _ in _zh_places(sentence):
            m = _ZH_THING_NAME.match(sentence, a)
            if m and not _ZH_NOT_IN_NAME.search(m.group()):
                spans.append(m.span())
    return sorted(s for s in set(spans) if not any(o != s and o[0] <= s[0] and s[1] <= o[1] for o in spans))


def tied(sentence: str, spans: list[tuple[int, int]], words: tuple[str, ...], lang: str,
         weights: dict[str, float] | None = None) -> float:
    """Share of `words` found in a clause that also holds one of the value spans (0 when none);
    weights: word -> weight (rarity in the paper: "partnership" says more than "bank"), else equal.

    Example: ("the stadium, with 20,000 seats", [(17, 23)], ("seat",), "en") -> 1.0
    """
    if not spans or not words:
        return 0.0
    total = sum(weights.get(w, weights[""]) for w in words) if weights is not None else 0.0
    best = 0.0
    for a, b, found in _clauses(sentence, lang):
        if not any(a <= s < b for s, _ in spans):
            continue
        if weights is None:
            best = max(best, sum(w in found for w in words) / len(words))
        else:
            best = max(best, sum(weights.get(w, weights[""]) for w in words if w in found) / total)
    return best


# A size's dimension, named by its unit: "What voltage is the line from Tamian to Lasao?" is answered by
# "the 230 kV transmission line from Tamian to Lasao", which never writes "voltage" (nor does the paper
# anywhere): the value's unit names the attribute. (stems and words of the attribute, its units)
_DIMENSIONS: tuple[tuple[frozenset[str], re.Pattern[str]], ...] = tuple(
    (frozenset(words.split()), re.compile(units, re.I)) for words, units in (
    ("voltag 电压", r"[\d.,]*\s?(?:million\s|万|亿)?(?:kv\b|kilovolts?\b|千伏)"),
    ("capac power instal output 装机容量 容量 功率 装机 发电量", r"[\d.,]*\s?(?:million\s|万|亿)?(?:mw\b|kw|megawatts?\b|kilowatts?\b|兆瓦|千瓦|万千瓦)"),
    ("length 长度 里程", r"[\d.,]*\s?(?:million\s|万|亿)?(?:km\b|kilomet(?:er|re)s?\b|公里|千米)"),
    ("area 面积", r"[\d.,]*\s?(?:million\s|万|亿)?(?:square\b|hectares?\b|平方米|平方公里|公顷|亩)"),
    ("weight heavi 重量", r"[\d.,]*\s?(?:million\s|万|亿)?(?:kg\b|kilograms?\b|tons?\b|tonnes?\b|公斤|千克|吨)"),
))


def stated_by_unit(sentence: str, starts: list[int]) -> frozenset[str]:
    """The attributes the values starting at `starts` state by their unit ("230 kV": voltage)."""
    return frozenset(w for words, unit in _DIMENSIONS for s in starts if unit.match(sentence, s) for w in words)


_ITEM = re.compile(r"[,;:，；：、。！？!?]|\.(?=\s)")  # not a decimal point


def tied_by_unit(sentence: str, spans: list[tuple[int, int]], attribute: tuple[str, ...], focus: tuple[str, ...],
                 lang: str, weights: dict[str, float] | None = None) -> float | None:
    """For values whose unit states the attribute asked ("230 kV" for "What voltage …?"): the share of the
    focus words in the value's own list item (between commas or 、, no context either side: "the Kyrgyzstan
    grid project, the 500 kV project of Tajikistan, the 230 kV line from Tamian to Lasau" gives Tajikistan
    500 kV and Kyrgyzstan nothing). None when no value states it: the attribute word must tie then."""
    stating = [(a, b) for a, b in spans if set(attribute) <= stated_by_unit(sentence, [a])]
    if not stating or not focus:
        return None
    return tied_in_item(sentence, stating, focus, lang, weights)


def items(sentence: str) -> list[tuple[int, int]]:
    """The list items of a sentence (between commas, 、 and the like), as (start, end)."""
    bounds = [0, *[m.end() for m in _ITEM.finditer(sentence)], len(sentence)]
    return [(a, b) for a, b in zip(bounds, bounds[1:], strict=False) if b > a]


def tied_in_item(sentence: str, spans: list[tuple[int, int]], focus: tuple[str, ...], lang: str,
                 weights: dict[str, float] | None = None) -> float:
    """The share of the focus words in the list item (between commas or 、) of one of the values; a city
    is written beside what is in it ("阿富汗喀布尔大学"), not across a list of other projects."""
    if not spans or not focus:
        return 0.0
    bounds = [0, *[m.end() for m in _ITEM.finditer(sentence)], len(sentence)]
    w = weights or {}
    total = sum(w.get(t, w.get("", 1.0)) for t in focus)
    best = 0.0
    for a, b in zip(bounds, bounds[1:], strict=False):
        if any(a <= s < b for s, _ in spans):
            words = sentence_terms(sentence[a:b], lang)
            best = max(best, sum(w.get(t, w.get("", 1.0)) for t in focus if t in words) / total)
    return best


# An English clause that goes on from the one before, whose subject it shares: its figure is about that subject
_EN_CONTINUES = re.compile(r"\s*(?:accounting for|representing|amounting to|totall?ing|reaching|making up|"
                           r"up from|down from|an? (?:increase|decrease|rise|drop) of|of which)\b", re.I)


# A sentence's opening phrase of time, which dates the clause after it: "In 1950, the newly established New
# China … did its best", "截至2019年底，共向37个亚非国家派遣了…"
_TIME_OPENING = (
    re.compile(r"(?:In|On|From|Since|By|As of|Until|Between|During|Over|After|Before|At)\b[^,;:]{0,50}?"
               r"(?:\b\d{1,2},\s*)?\b(?:19|20)\d\d\b[^,;:]{0,20},"),
    re.compile(r"(?:截至|截止|自|从|在|于|到)?(?:19|20)\d\d年(?:\d{1,2}月)?(?:\d{1,2}日)?"
               r"(?:(?:至|到|—|-)(?:19|20)\d\d年)?(?:底|初|末|以来|期间|间|上半年|下半年|前后)?[，,]"),
)
# a setting between that time and its clause: "On May 18, 2020, at the opening ceremony of …, President Xi
# announced", "2020年5月18日，在第73届世界卫生大会视频会议开幕式上，习近平主席宣布"
_SETTING = (
    re.compile(r"(?:at|in|on|during|amid|after|before|under)\b[^,;:]{0,80},"),
    re.compile(r"在[^，,；;：:。]{1,30}(?:上|中|期间|之际|时|后|下)[，,]"),
)


@lru_cache(maxsize=16384)  # pure, and mostly the paper's own spans again: a memo, not state
def _clauses(sentence: str, lang: str) -> tuple[tuple[int, int, frozenset[str]], ...]:
    """(start, end, words of the clause with some context either side) for each clause of a sentence."""
    bounds = _clause_bounds(sentence)
    margin = 40 if lang == "en" else 12
    out = []
    dated = (0, 0)  # (end of an opening time phrase and its settings, end of the clause it dates)
    for i, (a, b) in enumerate(zip(bounds, bounds[1:], strict=False)):
        if b <= a:
            continue
        if b > dated[0]:
            dated = _dated(sentence, bounds, i, lang)
        start, end = max(0, a - margin), b + margin
        if b <= dated[0]:
            end = dated[1] + margin  # "In 1950, New China …": the time of the clause after it
        if lang == "en":  # whole words: a margin that starts inside "interest-free" kept only "free"
            while start > 0 and not sentence[start - 1].isspace():
                start -= 1
            while end < len(sentence) and not sentence[end].isspace():
                end += 1
            if a > 0 and _EN_CONTINUES.match(sentence, a):  # "… preferential loans of RMB 131.1 billion, accounting for 48.52%"
                start = min(start, max((x for x in bounds if x < a), default=0))
        elif a > 0 and sentence[a - 1] in "，,；;：:":  # the clause before, whole: "提供无偿援助1278亿元人民币，占…47.30%"
            start = min(start, max((x for x in bounds if x < a), default=0))
        out.append((a, b, sentence_terms(sentence[start:end], lang)))
    return tuple(out)


def _dated(sentence: str, bounds: list[int], i: int, lang: str) -> tuple[int, int]:
    """If clause i opens with a time phrase: where that phrase and the settings after it end, and where the
    clause they date ends; else (0, 0)."""
    clause = sentence[bounds[i]:bounds[i + 1]]
    m = _TIME_OPENING[lang == "zh"].match(sentence, bounds[i] + len(clause) - len(clause.lstrip()))
    if not m or m.end() not in bounds:
        return (0, 0)
    j = bounds.index(m.end())
    while j + 1 < len(bounds) and _SETTING[lang == "zh"].fullmatch(sentence[bounds[j]:bounds[j + 1]].strip()):
        j += 1
    return (bounds[j], bounds[j + 1]) if j + 1 < len(bounds) else (0, 0)


def reasons(sentence: str) -> bool:
    return bool(_REASON_MARK.search(sentence))


# a span of years: "From 2015 to 2019", "2013-2018", "between 2013 and 2018", "2015年至2019年"
_PERIOD = re.compile(r"(?<!\d)((?:19|20)\d\d)\s*(?:年\s*)?(?:to|and|through|until|至|到|-|–|—|～|~)\s*((?:19|20)\d\d)(?!\d)")


def periods(text: str) -> frozenset[tuple[str, str]]:
    """The spans of years a text states. Example: "From 2015 to 2019, China sent …" -> {("2015", "2019")}"""
    return frozenset(m.groups() for m in _PERIOD.finditer(text))


def years(text: str) -> frozenset[str]:
    """Example: "¿… entre 2013 y 2018?" -> {"2013", "2018"}; in any language, as the numbers are"""
    return frozenset(n for n in numbers_in(text) if len(n) == 4 and n[:2] in ("19", "20"))


# ---- enumerations of a stated size ----------------------------------------------------------------------

_EN_SMALL = {w: n for n, w in enumerate("two three four five six seven eight nine ten eleven twelve".split(), start=2)}
_EN_STATED = re.compile(r"\b(two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|[2-9]|1[0-2])\s+"
                        r"(?!(?:years?|months?|weeks?|days?|times|percent|per|million|billion|thousand)\b)[A-Za-z'\"“‘]", re.I)
_ZH_SMALL = {c: n for n, c in enumerate("二三四五六七八九十", start=2)} | {"两": 2}
_ZH_STATED = re.compile(r"(?<![\d０-９.])([二两三四五六七八九十]|[2-9]|1[0-2])(?:个|大|项|通|种|类|条|点|方面)(?![\d０-９百千万亿])")


def _run_sizes(run: list[str], final: bool) -> set[int]:
    """The sizes a run of comma-separated phrases may enumerate: whether its first phrase ends in a member
    is not known, and "…, b and c" without the last comma holds one more."""
    joined = not final and bool(run) and re.search(r"\s(?:and|or)\s", run[-1]) is not None
    if len(run) < 3 and not (len(run) == 2 and joined):
        return set()
    return {len(run) - 1, len(run)} | ({len(run) + 1} if joined else set())


# Fewer members say nothing: of the paper's sentences, enumerated() finds runs of 2 in 23 % (English) and
# 26 % (Chinese), of 3 in 26 % and 16 %, of 4 in 13 % and 9 %, of 5 in 7 % and 6 %, of 8 in 1 % and 2 %.
MIN_STATED = 4


_EN_COUNTED = re.compile(r"\b(\d{1,3}|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)\s+"
                         r"(?:(?:[A-Z][\w\-']*|developing|other|more|partner|recipient)\s+){0,3}(?:countries|nations)\b")
_EN_ASKS_THEM = re.compile(r"\b(?:name|list)\b|\bwhich\s+(?:are|were)\s+(?:the|those|these)\b|"
                           r"\bwhich\s+(?:\w+\s+){0,2}(?:countries|nations)\b|\b(?:those|these|all)\s+\d+\b", re.I)
_ZH_COUNTED = re.compile(r"(\d{1,3}|十几|[二两三四五六七八九十]{1,3})(?:多|余)?个[^，。？！、,.?!\d]{0,10}?国家")
_ZH_ASKS_THEM = re.compile(r"列出|列一下|名单|一个不落|具体是哪[\d二两三四五六七八九十几]*个")  # or _ZH_PLACES_ASKED: "哪些国家"


def counted_places(question: str, lang: str) -> int | None:
    """How many countries a question counts when it asks for them: "China shipped supplies to 13 African
    countries. Can you name all 13 of them?" -> 13; "这17个国家能一个不落地列出来吗？" -> 17. The paper
    often counts the countries and names a few ("13 African countries", "10余个非洲国家"): a quote that
    names fewer is not the list asked. None when the question counts none or does not ask for them."""
    if lang == "zh":
        m = _ZH_COUNTED.search(question)
        if not m or not (_ZH_ASKS_THEM.search(question) or _ZH_PLACES_ASKED.search(question)):
            return None
        from store.figures import chinese_number  # cn2an, imported late as the store does

        word = m.group(1)
        if word == "十几":
            return 11  # "ten-odd": more than ten
        try:
            return int(chinese_number(word))
        except ValueError:
            return None
    m = _EN_COUNTED.search(question)
    if not m or not _EN_ASKS_THEM.search(question):
        return None
    word = m.group(1).lower()
    return int(word) if word.isdigit() else _EN_SMALL.get(word)


def stated_count(question: str, lang: str) -> int | None:
    """How many members a list question says its enumeration has: "What are the five areas of connectivity …?"
    -> 5; "中非“十大合作计划”涵盖哪些方面？" -> 10; "the 'eight major actions'" -> 8. None when it names none,
    or fewer than MIN_STATED."""
    pattern, small = (_ZH_STATED, _ZH_SMALL) if lang == "zh" else (_EN_STATED, _EN_SMALL)
    m = pattern.search(question)
    if not m:
        return None
    word = m.group(1).lower()
    count = int(word) if word.isdigit() else small.get(word)
    return count if count is not None and count >= MIN_STATED else None


_EN_ITEM_WORDS = 5  # an enumerated item is a short phrase; a longer stretch ends the run
_ZH_CLAUSE = re.compile(r"[，,；;。：:！？!?]")


def enumerated(text: str, lang: str) -> frozenset[int]:
    """The sizes the enumerations in a span may have: "促进政策沟通、设施联通、贸易畅通、资金融通、民心相通" -> {5};
    "to promote policy communication, facilities connectivity, smooth trade, financial access, and
    people-to-people communication, and …" -> {4, 5} (the run of short phrases up to its "and"; whether
    "to promote policy communication" ends in a member is not known)."""
    sizes: set[int] = set()
    if lang == "zh":
        for clause in _ZH_CLAUSE.split(text):
            if "、" in clause:
                items = clause.count("、") + 1
                sizes.add(items)
                if re.search(r"和|及|与", clause.split("、")[-1]):  # "…、C和D" is one more; "和平与安全" is one
                    sizes.add(items + 1)
        return frozenset(sizes)
    for sentence in re.split(r"(?<=[.;:!?])\s+", text):
        run: list[str] = []  # a phrase that may end in the first member, then the short phrases after it
        for part in (p.strip() for p in sentence.split(",")):
            words = part.split()
            final = bool(words) and words[0].lower() in ("and", "or")  # "…, and e in the next three years"
            if run and words and (final or len(words) <= _EN_ITEM_WORDS):
                run.append(part)
                if not final:
                    continue
            sizes |= _run_sizes(run, final)
            run = [] if final else [part]
        sizes |= _run_sizes(run, False)
    return frozenset(sizes)
