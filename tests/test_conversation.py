"""Follow-up or new topic: the cues qa/conversation.py measures, and what they do on the real paper."""

from __future__ import annotations

import pytest

from qa import answer
from qa.answer import replay
from qa.conversation import asks_for_more, asks_why, drops_subject, leans_on, names_its_subject


@pytest.mark.parametrize("question, leans", [
    ("它帮斐济实现什么目标？", True),  # 它 alone (it was missing: only 它们 was a cue)
    ("为什么要成立它？", True),
    ("有多少人从中受益？", True),
    ("这方面呢？", True),
    ("北马其顿有几所学校收到了远程教育设备？", False),  # 其 inside a name is not the pronoun 其
    ("中国是怎样帮助其他国家应对自然灾害的？", False),  # nor inside 其他
    ("白皮书认为发达国家在发展援助上应该做什么？", False),  # 该 inside 应该
    ("And how many patients did they treat?", True),
    ("How many young volunteers has China sent abroad?", False),
    ("What is its budget?", True),
    ("What did China give Tanzania for its forests?", False),  # "its" points back to a name it states
    ("How does China plan to improve its foreign aid statistics?", False),
])
def test_leans_on_reads_pronouns_as_words(question, leans):
    lang = "en" if question.isascii() else "zh"
    assert leans_on(question, lang) is leans


# cue, language, questions it holds for, questions it does not hold for
CUES = [
    (names_its_subject, "en", ["What is CIDCA?", "Tell me about debt relief.",
                               "Explain the multilateral development financing cooperation center."],
     ["What is it for?", "Tell me about them.", "How many did they treat?"]),
    (names_its_subject, "zh", ["鲁班工坊是什么？", "什么是“整村推进”？"], ["它是什么？"]),
    # a time phrase opening a question is no dropped subject
    (drops_subject, "zh", ["和哪个国际组织合作的？", "有多少人从中受益？", "给格林纳达做了什么？"],
     ["在2019年中国派了多少人？", "对外援助一共多少钱？", "为什么中国重视职业教育？", "甘肃办了多少期培训班？"]),
    (drops_subject, "en", [], ["Where did it go?"]),
    # "also": beyond what the earlier answer quoted
    (asks_for_more, "en", ["What else has China done in the Maldives?", "Did China also help Bangladesh build up its industry?"],
     ["How many patients did they treat?"]),
    (asks_for_more, "zh", ["在蒙古国还有其他项目吗？", "中国也帮助孟加拉国发展工业了吗？"], []),
    # a why question that names its own claim is not about the earlier quote
    (asks_why, "en", ["Why?", "Why did they create it?"],
     ["Why does the paper call agriculture so important?", "How many did they treat?"]),
    (asks_why, "zh", ["为什么要成立它？"], []),
]


@pytest.mark.parametrize("cue, lang, holds, fails", CUES)
def test_conversation_cues(cue, lang, holds, fails):
    assert all(cue(q, lang) for q in holds), [q for q in holds if not cue(q, lang)]
    assert not any(cue(q, lang) for q in fails), [q for q in fails if cue(q, lang)]


def test_a_subjectless_follow_up_is_answered_from_the_earlier_turn(built_store):
    turns = replay(["援斐济小水电站每年节省多少柴油进口？"], settings=built_store)
    result = answer("它帮斐济实现什么目标？", turns, settings=built_store)
    assert result.meta["followup"]["follow_up"] and result.meta["followup"]["leans"] == 1.0
    assert any("90%" in c.quote and c.paragraph_id == "zh-4.8-02" for c in result.citations), result.text


def test_a_chain_of_subjectless_follow_ups_keeps_the_first_turns_subject(built_store):
    """A follow-up's thread runs back through an earlier turn that dropped its subject ("和哪些国际组织合作？")
    to the turn that named it (the fund): the thread stopped there, and only the cited paragraphs kept it."""
    from qa.conversation import Turn, thread

    turns = replay(["南南合作援助基金是什么？", "和哪些国际组织合作？"], settings=built_store)
    assert thread([Turn(q, a) for q, a in turns]) == ["南南合作援助基金是什么？", "和哪些国际组织合作？"]
    result = answer("它们一共实施了多少个项目？", turns, settings=built_store)
    assert result.meta["followup"]["follow_up"]
    assert result.standalone_question.startswith("南南合作援助基金是什么？")
    assert result.status == "answered" and "项目82个" in result.citations[0].quote


def test_a_question_naming_north_macedonia_is_not_read_as_leaning(built_store):
    question = "北马其顿有几所学校收到了远程教育设备？"
    turns = replay(["2013年至2018年中国对外援助总额是多少？"], settings=built_store)
    result = answer(question, turns, settings=built_store)
    alone = answer(question, settings=built_store)
    assert result.meta["followup"]["leans"] == 0.0
    assert not result.meta["followup"]["follow_up"]
    assert [(c.paragraph_id, c.start, c.end) for c in result.citations] == \
        [(c.paragraph_id, c.start, c.end) for c in alone.citations]
    assert any("27" in c.quote for c in result.citations)


@pytest.mark.parametrize("first, why, reason", [
    ("When was the China International Development Cooperation Agency established?", "Why?", "conducive to"),
    ("国家国际发展合作署是哪一年成立的？", "为什么？", "有利于"),
    ("国家国际发展合作署是哪一年成立的？", "为什么要成立它？", "有利于"),
    # the reason inside the answer's first quote, not one beside its fourth (refugees in Syria)
    ("Which countries got airport upgrades with China's help?", "Why does that matter?", "tourism"),
])
def test_why_after_an_answer_quotes_the_reason_beside_it(built_store, first, why, reason):
    turns = replay([first], settings=built_store)
    earlier = turns[-1][1].citations[0]
    result = answer(why, turns, settings=built_store)
    assert result.status == "answered" and result.meta["asked"] == "reason"
    quote = result.citations[0]
    assert quote.paragraph_id == earlier.paragraph_id and reason in quote.quote, result.text
    assert quote.start <= earlier.end + 1 and earlier.start <= quote.end + 1  # in or beside the earlier quote


def test_a_follow_up_asking_for_countries_is_not_answered_with_a_run_of_bullets(built_store):
    """"And ports?" after "Which countries got airport upgrades …?" still asks for countries: the three
    bullets of the connectivity section (roads, maritime logistics, air hubs) are topics, not countries."""
    turns = replay(["Which countries got airport upgrades with Chinese help?"], settings=built_store)
    result = answer("And ports?", turns, settings=built_store)
    assert result.status == "answered" and "listed" not in result.meta, result.text
    assert "lists" not in result.text


def test_a_follow_up_embeds_only_its_own_words(built_store):
    """A follow-up's search vector is made of the earlier questions' vectors (remembered since their own
    turn) and its own: the thread and the question are not embedded again as one text, which cost a
    second embedding of the longest text a turn has (dev conversations' p50 34 -> 16 ms)."""
    from store import caches

    # the question is conv-029 of the eval set: a module that ran the eval earlier in this worker left its
    # answer and its vector in the caches, and the answer came back without any embedding
    caches.ANSWERS.clear()
    caches.QUERIES.clear()
    turns = replay(["How much debt did China cancel between 2013 and 2018?"], settings=built_store)
    before = {key[-1] for key in caches.QUERIES._items}
    result = answer("And what does China propose when a country can't repay?", turns, settings=built_store)
    assert result.meta["followup"]["follow_up"]
    assert result.standalone_question.startswith("How much debt did China cancel")
    embedded = {key[-1] for key in caches.QUERIES._items} - before
    assert embedded == {"And what does China propose when a country can't repay?"}, embedded
    assert any("bilateral channels" in c.quote for c in result.citations), result.text


@pytest.mark.parametrize("first, then, name", [
    ("What did China do after the Nepal earthquake?", "And in Ecuador?", "Ecuador"),
    ("中国在柬埔寨做了哪些项目？", "老挝呢？", "老挝"),
])
def test_a_broad_follow_up_that_swaps_the_name_quotes_only_passages_naming_the_new_one(built_store, first, then, name):
    """"And in Ecuador?" after the Nepal earthquake quoted the schools China built in Nepal: the thread's
    words found them, and the name the follow-up gives was not the subject its passages must mention."""
    result = answer(then, replay([first], settings=built_store), settings=built_store)
    assert result.status == "answered" and result.meta["followup"]["follow_up"]
    assert result.citations and all(name in c.quote for c in result.citations), [c.quote[:60] for c in result.citations]


@pytest.mark.parametrize("first, then", [
    ("To how many countries did China give emergency humanitarian aid from 2013 to 2018?", "What about in 2019?"),
    ("How many volunteers did China send abroad between 2013 and 2018?", "And in 2019?"),
])
def test_a_follow_up_that_names_another_year_swaps_the_earlier_period(built_store, first, then):
    """"… from 2013 to 2018? What about in 2019?" asks about 2019 alone: the figure for 2013-2018 that
    answered the first turn is no answer to it (it was quoted as one, the earlier turn's years counting
    as the follow-up's)."""
    result = answer(then, replay([first], settings=built_store), settings=built_store)
    assert result.meta["followup"]["follow_up"], result.meta["followup"]
    assert result.status != "answered" or not any("2013" in c.quote for c in result.citations), result.text
    assert result.status == "answered" or "2019" in result.text, result.text


@pytest.mark.parametrize("earlier, follow_up, named", [
    (["What did China do to protect the Gobi bear in Mongolia?"], "And for disabled children there?", "Mongolia"),
    (["中国帮吉布提建过什么民生设施？"], "那职业教育方面呢？", "吉布提"),
])
def test_a_follow_up_that_names_no_place_is_answered_about_the_earlier_turns_country(built_store, earlier, follow_up,
                                                                                    named):
    """"And for disabled children there?" after Mongolia opened on the paper's general sentence on the
    disabled; the passage on Mongolia's centre for disabled children came second."""
    result = answer(follow_up, replay(earlier, settings=built_store), settings=built_store)
    assert result.status == "answered" and named in result.citations[0].quote, result.text[:200]


def test_a_follow_up_on_another_topic_is_not_held_to_the_earlier_turns_country(built_store):
    """"那减免债务呢？" after the Maldives bridge asks about debt relief anywhere: no quote on debt names the
    Maldives, and the bridge is no answer."""
    result = answer("那减免债务呢？", replay(["马尔代夫友谊大桥改变了什么？"], settings=built_store), settings=built_store)
    assert result.status == "answered" and "债务" in result.citations[0].quote
    assert "马尔代夫" not in result.citations[0].quote


@pytest.mark.parametrize("earlier, follow_up, phrase", [
    ("中国国际发展合作有哪些政策主张？", "其中“授人以渔”那一条是怎么说的？", "授人以渔"),
    ("What policy proposals guide China's international development cooperation?",
     "And what does 'open and inclusive' say?", "open and inclusive"),
])
def test_a_follow_up_quoting_one_item_of_a_listed_answer_asks_what_that_item_says(built_store, earlier, follow_up,
                                                                                phrase):
    """It read as the list its earlier turn asked for (the eight principles quoted again); a phrase in
    quotation marks is what the follow-up is about (extractive.Question.read). (With stop 41's final fit
    the Chinese one quotes chapter 6's 秉承授人以渔的理念, not the principle's own paragraph zh-1.3-05.)"""
    result = answer(follow_up, history=[earlier], settings=built_store)
    assert result.status == "answered" and result.meta["asked"] == "definition"
    assert any(phrase in c.quote.lower() for c in result.citations)
    assert len({c.paragraph_id for c in result.citations}) == 1  # one passage, not the list of eight



def test_a_new_subject_naming_the_outlook_is_answered_from_it(built_store):
    """"Different subject: looking ahead, …" after a question on loans is answered from the outlook
    (chapter 8), which it names, not from the loans."""
    earlier = replay(["How much concessional loan money did China provide between 2013 and 2018?"], settings=built_store)
    result = answer("Different subject: looking ahead, what does China say it will do for the least developed countries?",
                    earlier, settings=built_store)
    assert result.status == "answered" and result.citations, result.text
    assert all(c.paragraph_id.startswith("en-8.") for c in result.citations), [c.paragraph_id for c in result.citations]
