"""qa.answer_types: what a question asks for (type, attribute, focus) and the typed values a sentence holds."""

from __future__ import annotations

import re

import pytest

from qa.answer_types import (
    TYPES,
    analyse,
    asks_its_own,
    enumerated,
    found,
    mentions,
    part_tied,
    periods,
    restated,
    stated_count,
    tied,
    tied_by_unit,
    tied_in_item,
    typed,
    values,
    years,
)
from qa.extractive import Question
from qa.text import content_terms
from store.settings import TEXTS_DIR

# (question, lang, wanted type, a stem/word of the attribute or None, a stem/word of the focus)
QUESTIONS = [
    ("How many seats does the Senegal wrestling stadium have?", "en", "count", "seat", "seneg"),
    # "year" names the type, as "number" does: the paper writes "In 2015, the … Fund was announced"
    ("In which year was the South-South Cooperation Fund for Climate Change announced?", "en", "date", None, "climat"),
    ("化肥厂投产的年份是多少？", "zh", "date", None, "化肥厂"),
    # a question asking two things: the attribute is the one of the part that gives the type
    ("When did the PRC start giving aid, and what shape was China itself in?", "en", "date", None, "prc"),
    ("How large is the solar plant in Cuba and how much electricity does it feed into the grid?", "en", "size", None, "cuba"),
    ("How many villages got digital TV, and in how many countries?", "en", "count", "villag", "tv"),
    ("Who is the head of China's international development cooperation agency?", "en", "person", "head", "agenc"),
    # who runs a body is a person; who runs an activity, a body
    ("Who runs CIDCA?", "en", "person", None, "cidca"),
    ("Who runs China's foreign aid?", "en", "organisation", None, "aid"),
    ("Who is in charge of China's development cooperation?", "en", "organisation", None, "cooper"),
    ("谁负责管理中国的对外援助？", "zh", "organisation", None, "援助"),
    ("国际发展合作署的负责人是谁？", "zh", "person", None, "国际"),
    ("What interest rate do concessional loans carry?", "en", "share", "rate", "loan"),
    ("What share of China's aid went to Africa?", "en", "share", None, "africa"),
    ("How much did the Maldives bridge cost?", "en", "money", None, "maldiv"),
    # an amount the question states is context, not what it asks; a currency alone still asks a sum
    ("On what exact date did Xi pledge US$2 billion in aid?", "en", "date", None, "xi"),
    # a when-clause that sets the scene, then the question: "…, in what forms …?" asks no date
    ("When hurricanes hit places like the Bahamas, in what forms did China deliver relief?", "en", "list", None, "bahama"),
    ("China pledged US$2 billion within two years. What is that money meant to support?", "en", "definition", None, "support"),
    ("What did the Maldives bridge come to in dollars?", "en", "money", None, "maldiv"),
    ("In yuan, what did the aid to Nepal add up to?", "en", "money", None, "nepal"),
    ("How big is the South-South Cooperation Assistance Fund?", "en", "money", None, "fund"),  # a sum, not a size
    ("How big is the new hospital in Kyrgyzstan?", "en", "size", "hospit", "kyrgyzstan"),
    ("How much does the microsatellite China gave Ethiopia weigh?", "en", "size", None, "ethiopia"),  # a weight
    ("How heavy is the satellite China donated to Ethiopia?", "en", "size", None, "satellit"),
    # "how much" of a thing is a quantity; of money, aid or a debt a sum
    ("How much carbon dioxide does the solar plant in Kenya save?", "en", "size", None, "kenya"),
    ("How much military aid has China given Pakistan?", "en", "money", None, "pakistan"),
    ("How much debt service did China suspend?", "en", "money", None, "suspend"),
    ("What sum did China give the International Development Association?", "en", "money", None, "associ"),
    ("南南合作援助基金的规模有多大？", "zh", "money", None, "基金"),
    ("When was CIDCA founded?", "en", "date", None, "cidca"),
    ("And when did the fund start?", "en", "date", None, "fund"),
    ("Do you know when the agency was set up?", "en", "date", None, "agenc"),
    ("China set up the agency when?", "en", "date", None, "agenc"),
    ("When the pandemic hit, what did China do for Africa?", "en", "description", None, "pandem"),
    ("When the paper defines aid, inside which framework does it place it?", "en", "definition", None, "defin"),
    # "when" joins a clause there: the question asks what China proposes, not when
    ("And what does China propose when a country can't repay?", "en", "definition", None, "repay"),
    ("How long did it take to build the railway?", "en", "duration", None, "railway"),
    ("How long is the Padma bridge?", "en", "size", None, "padma"),
    ("Where is the China-Africa CDC headquarters?", "en", "place", None, "headquart"),
    ("Which agency manages China's foreign aid?", "en", "organisation", None, "aid"),
    ("Why does China provide foreign aid?", "en", "reason", None, "aid"),
    ("Which countries received maternal and child health projects?", "en", "list", "countri", "matern"),
    ("What principles does China follow when it gives aid?", "en", "list", "principl", "aid"),
    ("What has China done in Cambodia?", "en", "description", None, "cambodia"),
    ("How has China helped with public health in Africa?", "en", "description", None, "health"),
    ("debt relief", "en", "definition", None, "debt"),
    # who said or announced something is a person, whatever else the question names
    ("Who announced the South-South Cooperation Assistance Fund?", "en", "person", None, "fund"),
    ("谁宣布设立南南合作援助基金？", "zh", "person", None, "基金"),
    # a record asked for ("has China …") is an account of many passages; one thing done ("did") is not
    ("What transport infrastructure has China helped other countries build?", "en", "description", None, "transport"),
    ("What has China built in Kenya?", "en", "description", None, "built"),
    ("What did China build for Laos's banking sector in 2015?", "en", "definition", None, "bank"),
    ("What is South-South cooperation?", "en", "definition", None, "south"),
    # "What is …" only opens the question: the attribute after it says what is wanted
    ("What is the installed capacity of the solar plant in Cuba?", "en", "size", "capac", "cuba"),
    ("What was the total floor area of the new hospital?", "en", "size", None, "hospit"),
    ("What is the default rate on the loans?", "en", "share", "rate", "loan"),
    ("What was the value of the medical supplies sent to Laos?", "en", "money", None, "lao"),
    ("Which Chinese university trains the engineers?", "en", "organisation", None, "engin"),
    ("Which hospital in Trinidad and Tobago did China help set up a neurosurgery unit?", "en", "organisation", None,
     "trinidad"),  # one hospital, named: an organisation ("which hospitals" asks for a list)
    ("Which Chinese city hosts the training centre?", "en", "place", None, "train"),
    ("Which senior official signed the agreement with Rwanda?", "en", "person", None, "rwanda"),
    ("鲁班工坊由国内哪所院校建设？", "zh", "organisation", None, "鲁班"),
    ("援建这个项目的目的是什么？", "zh", "reason", None, "项目"),
    ("这个项目的规模有多大？", "zh", "size", None, "项目"),  # 项目的 holds no 目的
    # nor 很多大学 a size, 多重要 a weight, 里程碑 a length, 多少年轻人 a duration
    ("中国帮助非洲建了很多大学吗？", "zh", "definition", None, "非洲"),
    ("南南合作对发展中国家有多重要？", "zh", "definition", None, "南南"),
    ("中非合作论坛有哪些里程碑？", "zh", "list", None, "论坛"),
    ("中国培训了多少年轻人？", "zh", "count", None, "培训"),
    ("2015年至2019年，中国派出了多少名援外医疗队员？", "zh", "count", "队员", "派出"),
    ("优惠贷款的利率是多少？", "zh", "share", "利率", "贷款"),
    ("中国对外援助2013到2018年总金额是多少？", "zh", "money", "总金额", "援助"),
    ("国家国际发展合作署是哪一年成立的？", "zh", "date", None, "成立"),
    ("国家国际发展合作署的署长是谁？", "zh", "person", None, "国家"),
    ("这座体育场有多少个座位？", "zh", "size", None, "体育场"),
    ("中国送给埃塞俄比亚的那颗微小卫星有多重？", "zh", "size", None, "卫星"),
    ("中国为什么要开展国际发展合作？", "zh", "reason", None, "合作"),
    ("中国在柬埔寨援助了哪些项目？", "zh", "list", None, "柬埔寨"),
    # 在哪 asks a place only when a place follows it (在哪里, 在哪些国家), not 集中在哪些领域; and 一共 before the
    # figure the question states ("一共援建了423个") asks no count
    ("中国一共援建了423个成套项目，这些项目主要集中在哪些领域？", "zh", "list", None, "成套"),
    ("“爱心行”心脏病手术是在哪些国家做的？", "zh", "place", None, "爱心"),
    ("援外医疗队员一共有多少人？", "zh", "count", "队员", "医疗"),
    ("中国在非洲开展了哪些农业合作？", "zh", "description", None, "农业"),
    ("什么是南南合作？", "zh", "definition", None, "南南"),
    # plural bodies are still bodies; 十几个 states a number, it does not ask one; 市政 is no city
    ("Which Chinese universities take part in the university cooperation plan?", "en", "organisation", None, "plan"),
    ("Which companies built the railway?", "en", "organisation", None, "railway"),
    # capacity building is no capacity; a body with its modifiers is still a body
    ("With which international organisation did China set up a joint capacity building centre?", "en", "organisation",
     None, "capac"),
    ("Which UN agency did China work with to help Somali women and children?", "en", "organisation", None, "somali"),
    ("Which Belt and Road countries did the young volunteers go to?", "en", "list", "countri", "volunt"),  # the name is one word
    ("信托基金惠及的那十几个非洲国家都有哪些？", "zh", "list", None, "基金"),
    ("中国派了几个医疗队？", "zh", "count", None, "医疗队"),
    ("中国在圣多美和普林西比做了什么市政项目？", "zh", "description", None, "圣多美"),
    # 那几个/哪几个 point at things, they ask no count; a bare 多少 of a sum the question states asks a sum
    ("2017年首届“一带一路”高峰论坛上宣布要实施的那几个“100个”项目，分别叫什么？", "zh", "definition", None, "项目"),
    ("2019年“伊代”飓风袭击非洲东南部之后，中国给哪几个国家送去了人道主义物资？", "zh", "list", None, "物资"),
    # 名字 asks a person's name only of a person: a fund's or a centre's name is the name of a thing
    ("那个基金叫什么名字？", "zh", "name", None, "基金"),
    ("援外医疗队的队长叫什么名字？", "zh", "person", None, "医疗队"),
    ("两年内提供的20亿美元国际抗疫援助里，有多少是给非洲国家的？", "zh", "money", None, "非洲"),
    ("两年内提供的20亿美元国际抗疫援助惠及多少个国家？", "zh", "count", None, "援助"),
    # a capacity built up is no size; 在哪方面 asks in what respect, not where
    ("Through what sorts of activities does China use those funds to build capacity?", "en", "list", None, "fund"),
    ("How does China help partner countries strengthen their capacity?", "en", "description", None, "partner"),
    ("What is the installed capacity of the power station?", "en", "size", None, "station"),
    ("中国跟IMF合建的联合能力建设中心，主要在哪方面给“一带一路”国家出主意？", "zh", "definition", None, "中心"),
    ("这个联合实验室在哪里？", "zh", "place", None, "实验室"),
    # a count of respects is no place either ("在哪两方面"); a count of countries still is
    ("想让对方在哪两方面有所提升？", "zh", "definition", None, "提升"),
    ("中国在哪两个国家建了医院？", "zh", "place", None, "医院"),
    ("300多期贸易专题研修里，讲电子商务的有几期？", "zh", "count", None, "电子商务"),  # 期 counts sessions
    ("中国给印度尼西亚提供过什么帮助？", "zh", "description", None, "印度尼西亚"),  # a record, as 提供过哪些帮助
    ("On what grounds does the paper insist China is still a developing country?", "en", "reason", None, "develop"),
    # the name of one thing: an airport's, a fund's; plural kinds ask for a list
    ("Which airport did China help upgrade in Nepal?", "en", "name", "airport", "nepal"),
    ("What is the name of the fund China set up at the Asian Development Bank?", "en", "name", None, "fund"),
    ("中国在世界银行那边设了个什么基金？叫什么名字？", "zh", "name", None, "基金"),
    ("中国帮津巴布韦升级扩建的是哪一座机场？", "zh", "name", None, "津巴布韦"),
    ("Which projects did China build in Cambodia?", "en", "list", "project", "cambodia"),
    ("2015年约翰内斯堡峰会上宣布的“十大合作计划”，原本打算在几年内落实？", "zh", "duration", None, "约翰内斯堡"),
    ("How has China shared science and technology with other developing countries?", "en", "description", None, "scienc"),
    ("中国援外资金主要流向哪里？", "zh", "definition", None, "资金"),  # where money goes is no place asked
]


@pytest.mark.parametrize("question, lang, want, attribute, focus", QUESTIONS)
def test_question_type_attribute_and_focus(question, lang, want, attribute, focus):
    asked = analyse(question, lang)
    assert asked.want == want
    assert asked.want in TYPES
    if attribute is not None:
        assert attribute in asked.attribute
    assert any(focus in t for t in asked.focus), asked.focus
    assert not set(asked.attribute) & set(asked.focus)  # the attribute is not also the subject


@pytest.mark.parametrize("question, subject", [
    ("中国在柬埔寨援助了哪些项目？", ("柬埔寨",)),  # jieba's one word 哪些项目 is not a name the paper lacks
    ("中国在几内亚援建了哪些项目？", ("几内亚",)),  # 几 opens Guinea's name, not a question
])
def test_a_question_word_glued_to_its_noun_is_not_a_name(question, subject):
    from qa.text import specific_terms

    assert analyse(question, "zh").subject == subject
    assert not [t for t in specific_terms(question, "zh") if t.startswith(("哪", "多少", "什么"))]


# (sentence, type, the value text that must be found)
VALUES = [
    ("From 2015 to 2019, China sent 202 batches of 3,588 medical team members.", "count", "3,588"),
    ("China's foreign aid amounted to RMB 270.2 billion.", "money", "270.2"),
    ("Grants accounted for 47.30% of the total.", "share", "47.30%"),
    ("The agency was established in April 2018.", "date", "2018"),
    ("The bridge is 2.1 kilometres long.", "size", "2.1 kilometres"),
    ("The training lasted 3 months.", "duration", "3 months"),
    ("2013年至2018年，中国对外援助金额为2702亿元人民币。", "money", "2702亿元"),
    ("无偿援助占对外援助总额的47.30%。", "share", "47.30%"),
    ("帮助3万农户增收。", "count", "3万"),
    ("国家国际发展合作署于2018年4月成立。", "date", "2018年"),
    ("大桥全长2.1公里。", "size", "2.1公里"),
    ("The satellite weighs 65 kg.", "size", "65 kg"),
    ("China helped expand the Kenyatta National Hospital.", "organisation", "Kenyatta National Hospital"),
    ("卫星重约65公斤。", "size", "65公斤"),
    # an era dates a clause as a year does
    ("At the beginning of the founding of New China, China began to provide assistance.", "date", "founding of New China"),
    ("新中国成立伊始，中国即开始向有关国家提供援助。", "date", "新中国成立"),
    ("The Sharjahla Fertilizer Plant in Bangladesh has started production.", "name", "Sharjahla Fertilizer Plant"),
    ("援孟加拉国沙迦拉化肥厂自2015年投产。", "name", "孟加拉国沙迦拉化肥厂"),
]


def test_a_named_thing_is_answered_by_a_name_of_its_kind_only():
    """"Which airport …?" is not answered by a list of countries whose airports were upgraded, nor by
    another name in the sentence ("Belt and Road" in quotes)."""
    asked = analyse("Which airport in Zimbabwe did China help upgrade?", "en")
    assert asked.thing == "airport"
    listed = ('China has helped Pakistan, Nepal, Zimbabwe, Togo and other countries to implement airport upgrade and '
              'expansion projects, creating opportunities to integrate into the "Belt and Road".')
    assert found(listed, asked) == []
    named = "The Pokhara International Airport in Nepal was upgraded."
    assert [named[a:b] for a, b in found(named, asked)] == ["The Pokhara International Airport"]
    assert found("中国帮助津巴布韦、多哥等国实施机场升级扩建项目，为融入“一带一路”创造了更多机遇。",
                 analyse("中国帮津巴布韦升级扩建的是哪一座机场？", "zh")) == []


@pytest.mark.parametrize("sentence, want, found", VALUES)
def test_values_of_each_type_are_found(sentence, want, found):
    spans = values(sentence, want)
    assert any(found in sentence[a:b] or sentence[a:b] in found for a, b in spans), spans


def test_a_year_or_a_share_is_not_a_count():
    sentence = "In 2019, 47.30% of the aid went to 53 countries."
    counted = [sentence[a:b] for a, b in values(sentence, "count")]
    assert counted == ["53"]


@pytest.mark.parametrize("sentence, counted", [
    ("在两年内提供20亿美元国际援助，支持受疫情影响的国家。", []),  # 两年 is a duration, 20亿美元 money
    ("援建的医院运行了3 years, treating 1,200 patients", ["1,200"]),
    ("共派遣医疗队员1200余名，在30个国家工作了20余天", ["1200", "30"]),
])
def test_a_duration_is_not_a_count(sentence, counted):
    """"两年内提供的20亿美元援助里，有多少是给非洲的？" was answered by 两 in "在两年内": a count."""
    assert [sentence[a:b] for a, b in values(sentence, "count")] == counted


def test_a_value_counts_only_in_the_clause_about_the_attribute():
    sentence = "China upgraded the wrestling stadium, and it trained 1,500 coaches"
    spans = values(sentence, "count")
    assert tied(sentence, spans, ("coach",), "en") == 1.0
    assert tied(sentence, spans, ("seat",), "en") == 0.0
    assert tied(sentence, [], ("coach",), "en") == 0.0


# (question, its language, a sentence of the paper, the values in it that can answer the question)
ANSWERING_VALUES = [
    # asked in a unit or measure word: only a number in that unit answers
    ("孟加拉国沙迦拉化肥厂每年生产多少万吨化肥？", "zh",
     "援孟加拉国沙迦拉化肥厂自2015年投产已生产尿素化肥超过110万吨，累计节省4亿多美元外汇。", ["110"]),
    ("中欧班列一共开行了多少列？", "zh", "中欧班列联通欧亚20多个国家100多座城市，疫情期间发挥了重要物流通道作用，"
     "为稳定国际产业链供应链作出了突出贡献。", []),
    ("中国一共派出了多少人？", "zh", "2015年至2019年，中国共派出202批次3588名援外医疗队员，累计诊治1100万名患者，并对当地医务人员带教培训，"
     "开展巡回义诊、药械捐赠等，1500多人获得有关国家颁发的总统勋章等荣誉，1名医务工作者为援外医疗工作献出了宝贵生命。",
     ["3588", "1100万", "1500", "1"]),
    ("孟加拉国沙迦拉化肥厂生产了多少吨尿素？", "zh",  # a size whose match already ends in its unit
     "援孟加拉国沙迦拉化肥厂自2015年投产已生产尿素化肥超过110万吨，累计节省4亿多美元外汇。", ["110万吨"]),
    ("How many tons of urea has the fertilizer plant produced?", "en",  # a magnitude word between number and unit
     "The Sharjahla Fertilizer Plant in Bangladesh has started production in 2015 and has produced more than "
     "1.1 million tons of urea fertilizers, saving more than US$400 million in foreign exchange.", ["1.1"]),
    # a number the question states is not its answer
    ("Of the 3,588 medical team members, how many were sent in 202 batches?", "en",
     "From 2015 to 2019, China sent 202 batches of 3,588 foreign medical team members, treating a total of "
     "11 million patients, and leading and training local medical staff, conducting free medical consultations, "
     "donating medicines and equipment, etc.",
     ["11"]),
    # no unit asked: every count stands
    ("How many foreign medical team members did China send?", "en",
     "From 2015 to 2019, China sent 202 batches of 3,588 foreign medical team members, treating a total of "
     "11 million patients, and leading and training local medical staff, conducting free medical consultations, "
     "donating medicines and equipment, etc.",
     ["202", "3,588", "11"]),
]


@pytest.mark.parametrize("question, lang, sentence, expected", ANSWERING_VALUES)
def test_only_values_in_the_asked_unit_and_not_given_by_the_question_answer(question, lang, sentence, expected):
    paper = "".join(p.read_text(encoding="utf-8") for p in TEXTS_DIR.glob("*.txt"))
    assert sentence in paper  # the paper's own sentences, verbatim
    asked = analyse(question, lang)
    assert [sentence[a:b] for a, b in found(sentence, asked)] == expected


def test_units_are_read_from_the_question():
    assert "吨" in analyse("毛里塔尼亚友谊港一年的货物吞吐量是多少万吨？", "zh").unit
    assert "名" in analyse("援建的学校能招收多少位学生？", "zh").unit  # 位 and 名 both count people
    assert "km" in analyse("How many kilometres long is the Karakoram Highway?", "en").unit
    assert analyse("How many countries did China help?", "en").unit == ()  # a noun, not a unit: the clause rule applies
    assert analyse("中国向多少个国家提供援助？", "zh").unit == ()  # 个 says nothing


@pytest.mark.parametrize("earlier, follow_up, lang, want", [
    ("How many medical team members did China send abroad from 2015 to 2019?", "And to Africa?", "en", "count"),
    ("To how many countries did China give emergency humanitarian aid from 2013 to 2018?", "And during COVID-19 in 2020?",
     "en", "count"),
    ("南南合作援助基金到2019年底实施了多少个项目？", "那在非洲呢？", "zh", "count"),
    # a follow-up that says what it wants keeps its own type
    ("How many medical team members did China send abroad from 2015 to 2019?", "Why did China send them?", "en", "reason"),
    ("How many medical team members did China send abroad from 2015 to 2019?", "What about Africa?", "en", "count"),
    # ... and so does one that asks its own question, though of no type a pattern reads: it is no count
    ("How many senior planning consultants has it sent abroad?",
     "And what kind of expert advisers went to Ethiopia and Cambodia, and to help with what?", "en", "definition"),
    ("中国派出过多少名高级规划咨询专家？", "派去了什么样的专家？", "zh", "definition"),
])
def test_a_follow_up_that_does_not_say_what_it_wants_wants_what_it_follows(earlier, follow_up, lang, want):
    assert not typed(follow_up, lang) or want == "reason"
    assert Question.read(f"{earlier} {follow_up}", lang, focus=follow_up).asked.want == want
    assert asks_its_own(follow_up, lang) == (want in ("reason", "definition"))


_WHA = ("On May 18, 2020, at the opening ceremony of the 73rd World Health Assembly video conference, President Xi "
        "Jinping announced that he would provide US$2 billion in international assistance within two years")
_ZH_WHA = "2020年5月18日，在第73届世界卫生大会视频会议开幕式上，习近平主席宣布两年内提供20亿美元国际援助"


@pytest.mark.parametrize("sentence, lang, words", [
    (_WHA, "en", ("announc", "billion")),
    (_ZH_WHA, "zh", ("宣布", "美元")),
])
def test_a_date_dates_its_clause_across_the_setting_between_them(sentence, lang, words):
    """"On May 18, 2020, at the opening ceremony of …, President Xi announced": the date is the time of
    the announcement, though the setting stands between them."""
    paper = "".join(p.read_text(encoding="utf-8") for p in TEXTS_DIR.glob("*.txt"))
    assert sentence in paper
    assert tied(sentence, values(sentence, "date"), words, lang) == 1.0
    # a date in a clause that is no opening time phrase reaches no further than its margin
    other = sentence.replace("On May 18, 2020,", "Held on May 18, 2020,").replace("2020年5月18日，", "会议于2020年5月18日召开，")
    assert tied(other, values(other, "date"), words, lang) < 1.0


@pytest.mark.parametrize("question, lang, sentence, again", [
    # the date dates the clause that states the figure: the question's figure names the event dated
    ("On what date did Xi pledge US$2 billion in international aid to fight COVID-19?", "en", _WHA, frozenset()),
    ("习近平宣布两年内拿出20亿美元国际援助，是哪一天？", "zh", _ZH_WHA, frozenset()),
    # the date is that of another clause: "截至2019年底" dates the experts sent, not the 22 centres
    ("那22个农业技术示范中心里，第一个是哪年建成的？", "zh",
     "截至2019年底，共向37个亚非国家派遣了81个农业技术专家组、808人次，在非洲国家援建22个农业技术示范中心", {"22"}),
])
def test_a_figure_the_question_states_counts_as_restated_unless_the_date_dates_it(question, lang, sentence, again):
    assert restated(sentence, analyse(question, lang)) == again


def test_a_number_inside_a_name_is_no_figure_the_question_gives():
    assert analyse("How many COVID-19 vaccine doses did the G20 members pledge?", "en").given == frozenset()
    assert analyse("How much of the US$2 billion went to Africa?", "en").given == {"2"}


def test_a_value_is_tied_to_the_whole_words_and_the_clause_before_it():
    """The paper's breakdown of aid gives each kind's share in the clause after the one naming it; a
    margin that started inside "interest-free", or cut 无偿援助 in two, tied the share to a sibling's words."""
    en = "An interest-free loan was provided RMB 11.3 billion, accounting for 4.18% of the total foreign aid."
    assert tied(en, values(en, "share"), ("interest", "free", "loan"), "en") == 1.0
    zh = "其中，提供无偿援助1278亿元人民币，占对外援助总额的47.30%，重点用于帮助其他发展中国家建设中小型社会福利项目。"
    assert tied(zh, values(zh, "share"), ("无偿援助",), "zh") == 1.0
    sibling = "提供无息贷款113亿元人民币，占对外援助总额的4.18%。"
    assert tied(sibling, values(sibling, "share"), ("无偿援助",), "zh") == 0.0


@pytest.mark.parametrize("sentence, lang, words", [
    ("In 1950, the newly established New China overcame many difficulties and supported independence movements.",
     "en", ("difficulti",)),
    ("2015年，中国帮助该国建成了一座设备先进、规模很大的现代化综合医院。", "zh", ("医院",)),
])
def test_a_time_phrase_opening_a_sentence_dates_the_clause_after_it(sentence, lang, words):
    """"In 1950, …" is a clause of its own, but the year is the time of what the next clause says."""
    assert tied(sentence, values(sentence, "date"), words, lang) == 1.0
    # a phrase that is no time phrase, though it holds a year, reaches no further than its margin
    other = sentence.replace("In 1950,", "Signed in 1950,").replace("2015年，", "该项目2015年完工，")
    assert tied(other, values(other, "date"), words, lang) == 0.0


def test_an_english_clause_going_on_from_the_one_before_ties_its_figure_to_it():
    """"…, accounting for 48.52% of the total foreign aid" is about the loans the clause before names,
    beyond any margin of characters; a clause that starts anew is not."""
    en = ("Provided preferential loans for foreign aid of RMB 131.1 billion, accounting for 48.52% of the total "
          "foreign aid, and are used to help other developing countries build production projects.")
    assert tied(en, values(en, "share"), ("preferenti", "loan"), "en") == 1.0
    anew = "China built the preferential loans office for the region's ministries, and 48.52% of the staff are women."
    assert tied(anew, values(anew, "share"), ("preferenti",), "en") == 0.0


def test_a_unit_names_the_size_it_measures():
    """"What voltage is the line from Tamian to Lasau?": the paper states it as "the 230 kV … line" and
    never writes "voltage" (nor 电压): the value's unit names the attribute, so the figure was not tied to
    what was asked and the answer called it missing. A unit names its own size only, and the value is tied
    to the focus in its own list item: the Kyrgyzstan project before it has no voltage in the paper."""
    paper = {p.name[:3]: p.read_text(encoding="utf-8") for p in TEXTS_DIR.glob("*.txt")}
    en = next(s for s in re.split(r"(?<=\.) ", paper["000"]) if "230 kV" in s)
    zh = next(s for s in paper["001"].split("。") if "230千伏" in s)
    assert "voltage" not in paper["000"].lower() and "电压" not in paper["001"]
    assert analyse("What voltage is the transmission line from Tamian to Lasau?", "en").want == "size"
    assert analyse("老挝塔棉至拉骚输变电线路的电压是多少？", "zh").want == "size"
    assert analyse("吉尔吉斯斯坦南部电网改造项目的电压是多少？", "zh").want == "size"  # 项目的 holds no 目的
    assert tied_by_unit(en, values(en, "size"), ("voltag",), ("tamian", "lasau"), "en") == 1.0
    asked = analyse("老挝塔棉至拉骚输变电线路的电压是多少？", "zh")
    assert tied_by_unit(zh, values(zh, "size"), asked.attribute, asked.focus, "zh") == 1.0
    assert tied_by_unit(en, values(en, "size"), ("voltag",), ("tajikistan",), "en") == 1.0
    assert tied_by_unit(en, values(en, "size"), ("voltag",), ("kyrgyzstan",), "en") == 0.0
    assert tied_by_unit(zh, values(zh, "size"), ("电压",), ("吉尔吉斯斯坦",), "zh") == 0.0
    assert tied_by_unit(en, values(en, "size"), ("weight",), ("tamian",), "en") is None  # kV is no weight
    assert tied_by_unit(zh, values(zh, "size"), ("面积",), ("塔棉",), "zh") is None


def test_a_chinese_share_question_names_the_type_not_an_attribute():
    # "…的比例是多少" asks for a share; the paper writes "占…的47.30%", never 比例
    asked = analyse("无偿援助占对外援助总额的比例是多少？", "zh")
    assert asked.want == "share" and "比例" not in asked.attribute and "无偿援助" in asked.focus


def test_money_names_the_type_not_an_attribute():
    # "How much money …" is answered by "RMB 60 billion", which never says "money"
    asked = analyse("How much money did Xi promise at the first Belt and Road Forum in 2017 for livelihood projects?", "en")
    assert asked.want == "money" and asked.attribute == ()


def test_spans_of_years_are_read_in_both_editions():
    """The paper states many figures for a span of years; every one it writes as "From X to Y" or
    "X年至Y年" is read, in either edition."""
    import re

    paper = "".join(p.read_text(encoding="utf-8") for p in TEXTS_DIR.glob("*.txt"))
    written = {m.groups() for m in re.finditer(r"(?:From|from) (\d{4}) to (\d{4})|(\d{4})年至(\d{4})年", paper)}
    written = {tuple(g for g in groups if g) for groups in written}
    assert ("2013", "2018") in written and ("2015", "2019") in written
    assert written <= periods(paper)
    assert ("2013", "2018") in periods("between 2013 and 2018") and not periods("As of the end of 2019, China has sent")
    assert years("¿Cuántos proyectos construyó China entre 2013 y 2018?") == {"2013", "2018"}
    assert years("How many of the 423 projects?") == frozenset()


@pytest.mark.parametrize("question, lang, members", [
    ("What are the five areas of connectivity under the Belt and Road?", "en", 5),
    ("What are the 'eight major actions' China announced for Africa in 2018?", "en", 8),
    ("中非“十大合作计划”涵盖哪些方面？", "zh", 10),
    ("共建“一带一路”促进了相关国家哪五个方面的联通？", "zh", 5),
    ("What are the three types of foreign aid?", "en", None),  # three-member runs are in a quarter of the sentences
    ("How many countries received aid within 5 years?", "en", None),  # a duration, not members
    ("Which countries received Chinese help?", "en", None),
    ("这17个国家能一个不落地列出来吗？", "zh", None),  # 17, not 7: a digit before the count is part of it
])
def test_a_list_question_may_state_how_many_members_it_wants(question, lang, members):
    assert stated_count(question, lang) == members


@pytest.mark.parametrize("question, lang, counted", [
    ("During the West African Ebola outbreak China shipped emergency supplies to 13 African countries. "
     "Can you name all 13 of them?", "en", 13),
    ("China has signed MoUs with 31 countries. Can you give me the full list of those 31?", "en", 31),
    ("Which are the 59 developing countries whose statisticians were trained?", "en", 59),
    ("中国和17个“一带一路”国家搞了33个文物援助项目，这17个国家能一个不落地列出来吗？", "zh", 17),
    ("那十几个非洲国家都有哪些？", "zh", 11),  # ten-odd: more than ten
    ("援助过欧洲八个国家，具体是哪八个？", "zh", 8),
    # the countries are counted, but something else about them is asked
    ("目前在海外工作的近千名援外医疗队员，分布在55个国家的111个医疗点。这些国家在哪几个大洲？", "zh", None),
    ("2013年到2018年中国在95个国家和地区做完的那414个技术合作项目，主要涉及哪些领域？", "zh", None),
    ("China's medical teams have gone to 72 countries. How many of those 72 are in Africa?", "en", None),  # a count
    ("50多个国家得到了紧急粮食援助，这些国家里哪一个拿到的最多？", "zh", None),  # a ranking
    ("Which countries received Chinese help?", "en", None),  # none counted
])
def test_a_question_may_ask_for_the_countries_it_counts(question, lang, counted):
    """The paper often counts the countries and names a few: a quote that names fewer is not the list."""
    assert analyse(question, lang).counted == counted


@pytest.mark.parametrize("text, lang, size", [
    ("to promote policy communication, facilities connectivity, smooth trade, financial access, and "
     "people-to-people communication, and positive contributions to building", "en", 5),
    ("including free aid, interest-free loans and preferential loans.", "en", 3),
    ("促进相关国家政策沟通、设施联通、贸易畅通、资金融通、民心相通，为将“一带一路”打造成为和平之路", "zh", 5),
    ("重点实施中非工业化、农业现代化、基础设施、金融、绿色发展、贸易和投资便利化、减贫惠民、公共卫生、人文、和平与安全等“十大合作计划”。",
     "zh", 10),
])
def test_enumerated_counts_the_members_of_a_run(text, lang, size):
    assert size in enumerated(text, lang)


@pytest.mark.parametrize("earlier, follow_up, swapped", [
    ("What did China do after the Nepal earthquake?", "And in Ecuador?", ("Ecuador",)),
    ("中国在柬埔寨做了哪些项目？", "老挝呢？", ("老挝",)),
    # the name was the earlier turn's too: nothing swapped, the paragraphs that name it are enough
    ("What did China do when Ebola broke out in West Africa?", "Did it team up with other donors against Ebola?", ()),
])
def test_a_follow_up_that_gives_a_new_name_swaps_it_for_the_earlier_one(earlier, follow_up, swapped):
    """The names a broad follow-up gives that its earlier turn did not: the quotes themselves must name
    them ("And in Ecuador?" after the Nepal earthquake also quoted the Nepal sentence of the paragraph
    that names both earthquakes)."""
    lang = "zh" if follow_up[0] >= "\u4e00" else "en"
    q = Question.read(f"{earlier} {follow_up}", lang, focus=follow_up)
    assert q.swapped == swapped, (q.asked.subject, q.swapped)


def test_a_question_asking_two_things_takes_the_attribute_of_the_part_that_gives_the_type():
    """"When did the PRC start giving aid, and what shape was China in?" wants a date; "shape" was its
    attribute, so the 1950 that answers it was tied to nothing and the answer called the fact missing."""
    assert analyse("When did the PRC start giving aid, and what shape was China itself in?", "en").attribute == ()
    assert "electr" not in analyse("How large is the solar plant in Cuba and how much electricity does it feed into "
                                   "the grid?", "en").attribute
    assert analyse("How many textbooks did China print for South Sudan and how many pupils benefited?",
                   "en").attribute == ("textbook",)


def test_a_question_in_the_usual_words_reads_the_english_editions_words_too():
    """The English edition writes "preferential loans" for concessional loans, "complete set projects"
    for turnkey ones and "exempted" for cancelled debts: "What share of China's aid took the form of
    concessional loans?" shared no word with "preferential loans … accounting for 48.52%". The usual
    word is one the edition never writes, and the word added is one it does."""
    from qa.glossary import _EN_RENDERINGS

    english = next(p for p in TEXTS_DIR.glob("*.txt") if p.name.startswith("000")).read_text(encoding="utf-8")
    words = set(content_terms(english, "en"))
    for usual, renderings in _EN_RENDERINGS.items():
        assert usual not in words and all(r in words for r in renderings), usual
    asked = analyse("What share of China's aid took the form of concessional loans?", "en")
    assert "preferenti" in asked.focus and "concession" in asked.focus
    assert "exempt" in analyse("How much debt did China cancel?", "en").focus
    assert set(analyse("优惠贷款占多少比例？", "zh").focus) <= set(content_terms("优惠贷款占多少比例？", "zh"))


@pytest.mark.parametrize("text, name, lang, named", [
    ("帮助白俄罗斯建设社会保障住房", "俄罗斯", "zh", False),  # Belarus is not Russia
    ("向南苏丹提供教育技术援助", "苏丹", "zh", False),
    ("援苏丹恩图曼职业培训中心", "苏丹", "zh", True),
    ("赤道几内亚、几内亚", "几内亚", "zh", True),  # named on its own beside the longer name
    ("Help Belarus build social security housing", "Russia", "en", False),
    ("Provide educational technical assistance to South Sudan", "Sudan", "en", False),
    ("Egypt, Sudan, Liberia", "Sudan", "en", True),
    ("hospitals in Nigeria", "Niger", "en", False),  # its stem is in the longer name
    ("Papua New Guinea", "Guinea", "en", False),
    ("Cambodian farmers", "Cambodia", "en", True),  # a name's own forms still count
    ("Ebola in West Africa", "Africa", "en", True),  # a region is named by the names of its parts
    # the English edition's own names: 新冠肺炎 is "new crown pneumonia" in four paragraphs of five
    ("the new crown pneumonia epidemic has posed a huge threat", "COVID-19", "en", True),
    ("the new coronavirus outbreak broke out in many places", "COVID", "en", True),
    ("After the outbreak of the Ebola epidemic", "COVID-19", "en", False),
])
def test_a_country_is_not_named_inside_another_countrys_name(text, name, lang, named):
    """"中国和俄罗斯在国际发展合作方面有过哪些合作？" was answered with the Belarus industrial park: its
    passages "mention" 俄罗斯 inside 白俄罗斯."""
    assert mentions(text, (name,), lang) is named


@pytest.mark.parametrize("question, lang, within", [
    ("Which Mauritanian city is the Friendship Port in?", "en", True),
    ("Where in Zambia is the maize flour plant?", "en", True),
    ("In which town is the training centre in Samoa?", "en", True),
    ("中国援建的马拉维科技大学在马拉维哪个城市？", "zh", True),
    ("第五届国际三方合作大会是在哪座城市召开的？", "zh", True),
    ("鲁班工坊设在哪些国家？", "zh", False),  # countries are asked for
    ("Where did China help malnourished children together with UNICEF?", "en", False),
])
def test_a_question_may_ask_for_a_place_inside_a_country(question, lang, within):
    asked = analyse(question, lang)
    assert asked.want == "place" and asked.within is within


PARAGRAPH_WORDS = frozenset("the vocational training center education base of a has become national teacher".split())


@pytest.mark.parametrize("question, lang, sentence, places", [
    # the country a city is asked in, and any country, answer no "which city"
    ("Which Mauritanian city is the Friendship Port in?", "en",
     "The expansion of the Mauritania Friendship Port, supported by China, in Nouakchott", ["Nouakchott"]),
    ("In which Egyptian city is the Luban Workshop?", "en",
     "The Luban Workshop was established in Djibouti, Egypt and other countries", []),
    ("In which Egyptian city is the Luban Workshop?", "en", "Cuban and Zambian plants", []),  # nor their adjectives
    # a capitalised word the paper also writes in lower case is no name
    ("In which Sudanese city is the training centre?", "en",
     "The Vocational Training Center of Ntuman has become a national base in Sudan", ["Ntuman"]),  # the paper's words
    # a place the question names is no answer, nor 中非 ("China and Africa")
    ("中国援建的马拉维科技大学在马拉维哪个城市？", "zh", "马拉维科技大学", []),
    # a city of the country asked in: its sentence names that country, and its list item no other one
    ("中国援建的马拉维科技大学在马拉维哪个城市？", "zh", "援建了马拉维科技大学、阿富汗喀布尔大学中文系教学楼", []),
    ("Where in Malawi is the University of Science and Technology?", "en", "China built Kabul University in "
     "Afghanistan, the University of Science and Technology in Malawi and the Library of Dar es Salaam University "
     "in Tanzania", []),
    ("Where in Malawi is the University of Science and Technology?", "en",
     "China built the University of Science and Technology in Malawi's city of Blantyre", ["Blantyre"]),
    ("中国援建的蒙古国残疾儿童发展中心位于蒙古哪个城市？", "zh", "在甘肃兰州举办培训班。援蒙古国残疾儿童发展中心是蒙古国最大的中心", []),
    ("非洲疾控中心总部位于哪个城市？", "zh", "建立30个中非对口医院合作机制、加快建设非洲疾控中心总部", []),
    # nor a thing named after a place that jieba tags as one (南南 + 合作, 中南 + 半岛); a city still answers
    ("第五届国际三方合作大会在哪个城市举行？", "zh", "积极参加联合国第二届南南合作大会、第五届国际三方合作大会等国际会议及活动", []),
    ("这个合作中心设在哪个城市？", "zh", "中南半岛国家的合作中心设在昆明", ["昆明"]),
    # "where" (not a city) may be answered by a country or, in English, by a body
    ("Where did China help malnourished children together with UNICEF?", "en",
     "China cooperated with UNICEF to help malnourished children in Somalia", ["Somalia"]),
    ("Where did China set up funds for trade capacity building?", "en",
     "China set up a fund at the World Trade Organization", ["World Trade Organization"]),
])
def test_a_place_answers_only_where_it_is_not_named_by_the_question_or_too_large(question, lang, sentence, places):
    spans = found(sentence, analyse(question, lang), PARAGRAPH_WORDS)
    assert [sentence[a:b] for a, b in spans] == places


@pytest.mark.parametrize("question, lang, region", [
    ("中国援建的马拉维科技大学在马拉维哪个城市？", "zh", ("马拉维",)),  # not 城市, the asking word
    ("中国在甘肃打造的交流平台，具体设在甘肃哪个城市？", "zh", ("甘肃",)),  # a province, by jieba's tag
    ("In which Cambodian province did China build an agricultural technical school?", "en", ("Cambodian",)),
    ("Which Chinese city hosts the global humanitarian emergency warehouse?", "en", ()),  # China is everywhere
    ("第五届国际三方合作大会是在哪座城市召开的？", "zh", ()),
])
def test_a_which_city_question_names_the_places_it_asks_inside(question, lang, region):
    assert analyse(question, lang).region == region


def test_a_city_is_tied_to_what_it_holds_within_its_list_item():
    sentence = "援建了瓦努阿图南太平洋大学埃马路斯分校、马拉维科技大学、阿富汗喀布尔大学中文系教学楼"
    at = sentence.index("喀布尔")
    assert tied_in_item(sentence, [(at, at + 3)], ("喀布尔", "图书馆"), "zh") == 0.5
    assert tied_in_item(sentence, [(at, at + 3)], ("马拉维", "科技大学"), "zh") == 0.0


@pytest.mark.parametrize("sentence, want, expected", [
    ("has built three tankers and three bulk carriers", "count", ["three", "three"]),
    ("five rounds of emergency humanitarian material assistance", "count", ["five"]),
    ("US$2 billion in international aid within two years", "count", []),  # nor two years: a duration
    ("US$2 billion in international aid within two years", "duration", ["two years"]),
    ("a two-way exchange", "count", []),
    # a round count in words, and numbers that are part of a name or an ordinal, which count nothing
    ("exchanges and visits with more than a dozen countries", "count", ["a dozen"]),
    ("benefiting tens of millions of affected people", "count", ["tens of millions"]),
    ("惠及上千万受灾群众", "count", ["上千万"]),
    ("the COVID-19 epidemic, the G20, 5G networks and the 73rd World Health Assembly", "count", []),
])
def test_small_numbers_written_in_words_are_values(sentence, want, expected):
    assert [sentence[a:b] for a, b in values(sentence, want)] == expected


def test_which_city_asks_for_a_place_in_chinese_however_it_is_put():
    for question in ("蒙古国残疾儿童发展中心建在蒙古的哪座城市？", "会议在什么城市召开？", "这个项目在哪一个省？"):
        assert analyse(question, "zh").want == "place", question


@pytest.mark.parametrize("question, lang, of_places", [
    ("Which countries got airport upgrades with Chinese help?", "en", True),
    ("中国在哪些国家开展了菌草技术合作？", "zh", False),  # 在哪些国家: a place is asked, not a list
    ("哪些国家得到了中国的机场援助？", "zh", True),
    ("What are the five areas of connectivity?", "en", False),
    ("Which principles guide China's development cooperation?", "en", False),
])
def test_a_list_question_may_ask_for_countries_not_topics(question, lang, of_places):
    """A run of sibling bullets lists topics ("Support the construction of … roads", "… air hubs"): it
    answers "What are the five areas …?", not "Which countries got port upgrades?"."""
    assert analyse(question, lang).of_places is of_places


@pytest.mark.parametrize("question, lang, firm", [
    ("Which Chinese company carried out the Ten Thousand Villages project?", "en", True),
    ("“万村通”项目是哪家中国企业实施的？", "zh", True),
    ("老挝警察指挥中心是中国哪家企业承建的？", "zh", True),
    ("Which UN agency did China work with on food assistance?", "en", False),  # the paper names many bodies
    ("吉布提的“鲁班工坊”是国内哪所职业院校负责建设的？", "zh", False),
    ("How many companies are qualified to carry out aid projects?", "en", False),  # a count, not a firm
])
def test_a_question_may_ask_for_a_company(question, lang, firm):
    """The paper names no company: the outcome model weighs a question that asks for one (`wants_firm`)."""
    assert analyse(question, lang).firm is firm


_AID_TOTAL = ("From 2013 to 2018, China's foreign aid amount was RMB 270.2 billion, including free aid, interest-free "
              "loans and preferential loans. Among them, free aid was provided RMB 127.8 billion, accounting for 47.30% "
              "of the total foreign aid")
_BATCHES = ("From 2013 to 2018, China provided 890 batches of material assistance to 124 countries and regions, mainly "
            "including machinery and equipment, testing equipment, transportation tools, medicines and medical equipment.")
_ZH_AID_TOTAL = "2013年至2018年，中国对外援助金额为2702亿元人民币，包括无偿援助、无息贷款和优惠贷款。其中，提供无偿援助1278亿元人民币"
_ZH_COVID = ("向150多个国家和国际组织提供力所能及的援助和支持，开展了新中国成立以来援助时间最集中、涉及范围最广的一次紧急"
             "人道主义行动。")


@pytest.mark.parametrize("question, lang, sentence, again, part", [
    # the part asked is given beside the whole: a value in the clause that names it
    ("Of the RMB 270.2 billion of foreign aid in 2013-2018, how much was grants?", "en", _AID_TOTAL, {"270.2"}, True),
    ("2013至2018年对外援助2702亿元中，无偿援助有多少？", "zh", _ZH_AID_TOTAL, {"2702"}, True),
    ("China sent 890 batches of material aid from 2013 to 2018. To how many countries?", "en", _BATCHES, {"890"}, True),
    # the part is only listed inside the whole (medicines), or named with it (国际组织): no figure of its own
    ("Of the 890 batches of material aid China sent abroad, how many were medicines?", "en", _BATCHES, {"890"}, False),
    ("2020年那150多个受援的国家和国际组织里，国际组织有几个？", "zh", _ZH_COVID, {"150"}, False),
])
def test_a_part_of_a_whole_the_question_states_is_answered_only_by_a_figure_of_its_own(question, lang, sentence,
                                                                                     again, part):
    paper = "".join(p.read_text(encoding="utf-8") for p in TEXTS_DIR.glob("*.txt"))
    assert sentence in paper  # the paper's own sentences, verbatim
    asked = analyse(question, lang)
    assert restated(sentence, asked) == again
    assert (part_tied(question, sentence, asked, lang) > 0) == part


def test_years_the_question_gives_are_not_a_whole_it_starts_from():
    asked = analyse("How much foreign aid did China provide from 2013 to 2018?", "en")
    assert restated(_AID_TOTAL, asked) == frozenset() and part_tied("", _AID_TOTAL, asked, "en") == 0.0
    assert restated(_AID_TOTAL, analyse("What is the white paper about?", "en")) == frozenset()  # no value asked


@pytest.mark.parametrize("question, lang, choice", [
    ("Why was Laos chosen for the poverty reduction demonstration project?", "en", True),
    ("Why did China pick Cambodia rather than Thailand for the project?", "en", True),
    ("为什么偏偏选在老挝开展减贫示范？", "zh", True),
    ("Why does China provide foreign aid?", "en", False),
    ("中国为什么要开展南南合作？", "zh", False),
    ("Which countries did China choose for its poverty reduction projects?", "en", False),  # no reason asked
])
def test_the_reason_for_a_choice_is_a_kind_of_reason(question, lang, choice):
    assert analyse(question, lang).choice == choice


@pytest.mark.parametrize("question, of_places", [
    ("中国—联合国教科文组织信托基金惠及的那十几个非洲国家都有哪些？", True),
    ("这些项目分别是哪些国家的？", True),
    ("这些国家一共有多少个？", False),  # how many, not which
    ("哪些国家得到过中国的粮食援助？", True),
])
def test_a_chinese_question_may_ask_for_countries_after_naming_them(question, of_places):
    assert analyse(question, "zh").of_places == of_places


@pytest.mark.parametrize("question, lang", [
    ("Tell me what China has done in Guinea.", "en"),
    ("I want to know what China did for Nepal after the quake.", "en"),
    ("中国在几内亚做过什么？", "zh"),
    ("中国帮了老挝哪些忙？", "zh"),
    ("说说中国在老挝做的援助项目", "zh"),
    ("中国给巴基斯坦提供了什么援助？", "zh"),
    ("中国在斯里兰卡都干了些什么？", "zh"),
])
def test_what_china_has_done_for_a_place_asks_for_an_account_however_it_is_put(question, lang):
    """An account of many passages, and its subject the place named: not the one passage a definition quotes."""
    asked = analyse(question, lang)
    assert asked.want == "description" and asked.subject


@pytest.mark.parametrize("question", ["这个项目是做什么的？", "中国援建的医院是做什么用的？"])
def test_what_a_thing_is_for_is_no_account_of_what_china_has_done(question):
    assert analyse(question, "zh").want == "definition"
