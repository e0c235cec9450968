"""answer() on the real paper, model and store: facts, abstentions, both languages, follow-ups."""

from __future__ import annotations

import pytest

from qa import answer
from qa.bm25 import segmented
from qa.extractive import Question
from qa.quotes import is_verbatim

# (question, a string the answer must contain, the section its cited paragraph must be in)
FACTS = [
    ("How many medical team members did China send from 2015 to 2019?", "3,588", "en-4.3-"),
    ("How did irrigation change rice farming in Cambodia?", "two seasons", "en-4.2-"),
    ("How many young volunteers did China send abroad from 2013 to 2018?", "20,000", "en-2.2-"),
    ("When was the China International Development Cooperation Agency established?", "2018", "en-2.3-"),
    ("How many complete projects did China build from 2013 to 2018?", "423", "en-2.2-"),
    ("What is the largest developing country in the world?", "largest developing country", "en-"),
    ("中国累计向多少个国家和地区派遣了长期医疗队？", "72个国家", "zh-2.2-"),
    ("柬埔寨的水稻种植有什么变化？", "两季", "zh-4.2-"),
    ("2013年至2018年中国对外援助金额是多少？", "2702亿元", "zh-2.1-"),
    ("白皮书中所称“中国国际发展合作”指什么？", "南南合作框架", "zh-note-"),
]
NOT_IN_PAPER = [
    "How much did China spend on aid in 2022?",
    "What did China build in Venezuela?",
    "What aid has China given to Ukraine?",
    "How many Confucius Institutes does China fund?",
    "中国在巴西有哪些援助项目？",
]


@pytest.mark.parametrize("question, needle, where", FACTS)
def test_well_known_facts(built_store, question, needle, where):
    result = answer(question, settings=built_store)
    assert not result.abstained, result.text
    assert needle in result.text
    assert any(c.paragraph_id.startswith(where) and needle in c.quote for c in result.citations)
    assert result.lang == where[:2]


@pytest.mark.parametrize("question", NOT_IN_PAPER)
def test_questions_the_paper_does_not_answer_abstain(built_store, question):
    result = answer(question, settings=built_store)
    assert result.abstained and not result.citations
    assert result.related  # nearest passages offered, not cited
    assert ("does not address" in result.text) or ("没有涉及" in result.text)


def test_quote_invariant_over_a_batch(built_store):
    questions = [q for q, _, _ in FACTS] + NOT_IN_PAPER + [
        "Why is South-South cooperation important to China?", "中国如何帮助发展中国家应对气候变化？",
        "Which countries received help after natural disasters?", "中国援建了哪些学校？",
    ]
    for q in questions:
        for c in answer(q, settings=built_store).citations:
            assert c.paragraph_text[c.start:c.end] == c.quote
            assert is_verbatim(c, __import__("qa.answer", fromlist=["prepare"]).prepare(built_store).store)


def test_answers_come_in_the_question_language_with_the_other_edition_aligned(built_store):
    en = answer("How many medical team members did China send from 2015 to 2019?", settings=built_store)
    zh = answer("2015年至2019年中国派出多少名援外医疗队员？", settings=built_store)
    assert en.citations[0].lang == "en" and en.citations[0].aligned["lang"] == "zh"
    assert zh.citations[0].lang == "zh" and zh.citations[0].aligned["lang"] == "en"
    assert zh.text.startswith("白皮书指出")


def test_chinese_bm25_finds_the_paragraph_for_a_keyword(pipeline):
    assert segmented("派遣援外医疗队").split()  # jieba splits the run of Hanzi into words
    bm25 = pipeline.retriever.__class__(pipeline.store, pipeline.embedder, "bm25", 5)
    hits = bm25.retrieve("菌草", "zh")
    assert hits and "菌草" in hits[0].paragraph.text and hits[0].bm25 > 0


def test_follow_up_uses_the_previous_question(built_store):
    first = "How many medical team members did China send from 2015 to 2019?"
    result = answer("And how many patients did they treat?", [first], settings=built_store)
    assert first in result.standalone_question
    assert any("11 million" in c.quote for c in result.citations)


@pytest.mark.parametrize("first, more", [
    ("What did the China-Maldives Friendship Bridge change?", "What else has China done in the Maldives?"),
    ("中国为蒙古国的戈壁熊做了什么？", "在蒙古国还有其他项目吗？"),
])
def test_what_else_is_not_answered_with_the_earlier_quote(built_store, first, more):
    from qa.answer import replay

    turns = replay([first], settings=built_store)
    before = {(c.paragraph_id, c.start, c.end) for c in turns[-1][1].citations}
    result = answer(more, turns, settings=built_store)
    assert before and result.citations
    assert not any(pid == c.paragraph_id and a < c.end and c.start < b
                   for c in result.citations for pid, a, b in before), result.text


def test_a_quote_that_ends_with_a_colon_brings_the_list_it_opens(built_store):
    """"… adheres to the following policy proposals:" says nothing alone: the bullets after it are quoted."""
    result = answer("Which policy proposals does China adhere to in international development cooperation "
                    "in the new era?", settings=built_store)
    assert result.meta.get("listed", 0) >= 3 and len(result.citations) >= 3
    assert not any(c.quote.rstrip().endswith(":") for c in result.citations)
    assert result.citations[0].quote.startswith("Mutual respect")


def test_a_list_question_gets_the_list_a_lower_quote_opens(built_store):
    """Here the best quote is a claim ("China is willing to share effective development experience …");
    the quote announcing the principles ("… adheres to the following policy proposals:") ranks below it.
    The bullets after that one are still the answer, each by its lead, in the paper's order."""
    from qa import prepare
    from qa.extractive import Question

    question = "What principles does China say it follows when doing development cooperation?"
    pipeline = prepare(built_store)
    found = pipeline.understand(question, "en", [])
    candidates = pipeline.extractive.candidates(Question.read(question, "en"), found.hits, found.query_vector)
    pipeline.extractive.score(candidates)
    assert not candidates[0].opens_list  # the situation this test is about
    result = answer(question, settings=built_store)
    assert result.meta.get("listed") == 8 and len(result.citations) == 8
    assert [c.paragraph_id for c in result.citations] == [f"en-1.3-0{k}" for k in range(2, 10)]
    assert result.citations[0].quote.startswith("Mutual respect")


@pytest.mark.parametrize("question, bullet", [
    ("Which countries did China send medical teams to?", "en-2.2-07"),
    ("南南合作援助基金和哪些国际组织合作？", "zh-2.2-06"),
])
def test_a_question_about_one_bullet_gets_that_bullet_not_its_siblings(built_store, question, bullet):
    """The bullet "Send foreign medical teams. …" is one of nine ways China gives aid; a question about
    it asks what it says, not for the nine."""
    result = answer(question, settings=built_store)
    assert "listed" not in result.meta
    assert bullet in [c.paragraph_id for c in result.citations]
    assert not {f"{bullet[:-1]}{k}" for k in "2345"} & {c.paragraph_id for c in result.citations}


def test_a_pipeline_prepared_warm_makes_no_span_while_answering(built_store, monkeypatch):
    """The chat's start makes every paragraph's spans before its first visitors (ExtractiveAnswerer.warm)."""
    from dataclasses import replace

    from qa import extractive, prepare

    settings = replace(built_store, top_k=built_store.top_k + 1, answer_cache=False)  # a pipeline of its own
    prepare(settings, warm=True)

    def made(*args, **kwargs):
        raise AssertionError("a span was made while answering")
    monkeypatch.setattr(extractive, "spans", made)
    for question in ("Why does China provide foreign aid?", "中国在老挝开展了哪些项目？",
                     "How many medical team members did China send from 2015 to 2019?"):
        assert answer(question, settings=settings).citations


@pytest.mark.parametrize("question, kind", [
    ("", "empty"), ("   \n\t ", "empty"), ("?!?!…", "no_words"), ("x" * 2001, "too_long"),
    ("จีนส่งแพทย์ไปต่างประเทศกี่คน", "other_language"),  # Russian, Japanese, … are answered: tests/test_reply.py
])
def test_bad_input_gets_a_message(built_store, question, kind):
    result = answer(question, settings=built_store)
    assert result.mode == "message" and result.meta["message"] == kind and not result.citations


def test_a_chinese_which_projects_question_quotes_the_passages_on_its_country(built_store):
    """jieba reads "哪些项目" as one word; taken for a name the paper lacks, it made this abstain."""
    result = answer("中国在柬埔寨援助了哪些项目？", settings=built_store)
    assert result.status == "answered" and len(result.citations) >= 3
    assert all("柬埔寨" in c.paragraph_text for c in result.citations)
    assert len({c.paragraph_id for c in result.citations}) >= 3


@pytest.mark.parametrize("question, word", [("Tell me about debt relief.", "debt"), ("介绍一下减贫合作。", "减贫")])
def test_a_broad_answer_quotes_only_passages_that_share_a_topic_word(built_store, question, word):
    """A passage with none of the question's topic words was quoted for its rank alone ("… do not write
    'blank checks'" for debt relief)."""
    result = answer(question, settings=built_store)
    assert result.status == "answered" and len(result.citations) >= 2
    assert all(word in c.quote.lower() for c in result.citations), [c.quote[:60] for c in result.citations]


@pytest.mark.parametrize("question, lang, fact", [
    ("What has China done for refugees?", "en", "Syria"),
    ("What has China done to protect the environment in other developing countries?", "en", "Gobi bear"),
    ("中国在教育方面帮助发展中国家做了哪些事？", "zh", "130万册教材"),
])
def test_a_broad_answer_on_a_topic_quotes_each_of_its_paragraphs_once_and_whole(built_store, question, lang, fact):
    """A paragraph's best span is often the claim that heads it ("China attaches great importance to
    biodiversity protection …"), and the things done follow it ("… the Gobi bear …"): an account quotes
    the passage, each passage once."""
    result = answer(question, settings=built_store)
    assert result.status == "answered" and len(result.citations) >= 3
    ids = [c.paragraph_id for c in result.citations]
    assert len(ids) == len(set(ids)) and all(pid.startswith(lang) for pid in ids)
    assert all(c.quote == c.paragraph_text and (c.start, c.end) == (0, len(c.paragraph_text))
               for c in result.citations), [c.quote[:60] for c in result.citations]
    assert any(fact in c.quote for c in result.citations)


def test_a_broad_answer_about_a_name_quotes_spans_not_passages(built_store):
    """A paragraph that names a country among twenty is not about it: the quote is the span that names it."""
    result = answer("How has China helped Liberia?", settings=built_store)
    assert result.status == "answered" and len(result.citations) >= 3
    assert any(len(c.quote) < len(c.paragraph_text) for c in result.citations)


@pytest.mark.parametrize("question, first, listed", [
    ("What kinds of goods did China supply as general materials?", "en-2.2-03", "machinery"),
    ("中国提供的一般物资主要包括哪些？", "zh-2.2-03", "机械设备"),
    ("中国面向哪些地区建立了技术转移中心？", "zh-6.2-03", "东盟"),
    # a broad question too: it opened on the airports China helped Nepal expand, first in the paper's order
    ("How did China help Nepal after the 2015 earthquake?", "en-5.4-01", "post-earthquake reconstruction"),
])
def test_a_list_answer_leads_with_the_enumeration_and_then_follows_the_papers_order(built_store, question, first,
                                                                                     listed):
    """In the paper's order alone, a passage on the preface's "more diverse forms" of aid came before the
    sentence that enumerates what was asked for."""
    from qa import prepare

    result = answer(question, settings=built_store)
    assert result.status == "answered" and len(result.citations) >= 2
    assert result.citations[0].paragraph_id == first and listed in result.citations[0].quote
    paragraphs = prepare(built_store).store.paragraphs
    rest = [(paragraphs[c.paragraph_id].position, c.start) for c in result.citations[1:]]
    assert rest == sorted(rest)


@pytest.mark.parametrize("question, members", [
    ("What are the five kinds of connectivity the Belt and Road promotes?",
     ("policy communication", "facilities connectivity", "smooth trade", "financial access", "people-to-people")),
    ("共建“一带一路”促进了相关国家哪五个方面的联通？", ("政策沟通", "设施联通", "贸易畅通", "资金融通", "民心相通")),
    # not the list of eight organisations that a looser rule put first: it was not worth quoting at all
    ("What are the Eight Major Initiatives?", ("industrial promotion", "trade facilitation", "peace and security")),
])
def test_a_list_question_that_states_its_size_gets_an_enumeration_of_that_size_first(built_store, question, members):
    """The issue's own example: "the five connectivity areas" came back as the paragraph's opening sentence
    (the Silk Road as a public good) and five other passages that do not list them."""
    result = answer(question, settings=built_store)
    assert result.status == "answered"
    assert all(m in result.citations[0].quote for m in members), result.citations[0].quote


def test_a_figure_only_the_chinese_original_gives_is_answered_from_it(built_store):
    """The English edition says China gave "five rounds of emergency humanitarian material assistance" to
    West Africa against Ebola and drops the sum that the original gives (累计1.2亿美元). The answer was
    partial, "does not give the amount", which is false of the paper: it is answered from the original,
    with the warning and the English beside it (outcome.verdict; eval.tune decides alike)."""
    result = answer("How much emergency humanitarian aid did China give West Africa during the Ebola outbreak?",
                    settings=built_store)
    assert result.status == "answered"
    assert result.citations[0].paragraph_id == "zh-5.2-01" and "1.2亿美元" in result.citations[0].quote
    assert "Chinese original" in result.notice
    # a figure both editions lack stays partial: the original is asked only where the editions disagree
    assert answer("How much did the Maldives friendship bridge cost?", settings=built_store).status != "answered"


def test_a_figure_the_editions_disagree_on_beside_the_one_asked_leaves_the_english_quote(built_store):
    """en-6.2-02 says "about 300 suitable crops … more than 300 farmers", the original 约300种 … 3万多名农民: a
    question about the crops got the Chinese paragraph, as the English 300 it found first was the crops'.
    Only the disputed place (the farmers) is read now; a question about the farmers still gets the original."""
    crops = answer("How many crop and vegetable varieties were trialled under the FAO-China South-South "
                   "Cooperation Programme?", settings=built_store)
    assert crops.status == "answered" and crops.citations[0].paragraph_id == "en-6.2-02"
    assert "about 300 suitable crops" in crops.citations[0].quote
    farmers = answer("How many farmers benefited from the 450 practical technologies transferred under the "
                     "FAO-China programme?", settings=built_store)
    assert farmers.citations[0].paragraph_id == "zh-6.2-02" and "3万多名农民受益" in farmers.citations[0].quote


@pytest.mark.parametrize("question", [
    "How many people did the Chinese hospital in Senegal treat?",  # the medical teams' totals name others
    "How many megawatts does the solar plant China gave Myanmar produce?",  # the solar plant in Cuba
])
def test_a_figure_about_another_country_does_not_answer_the_one_asked(built_store, question):
    """A figure question naming a country is not answered by a span that names countries, in either
    edition, and none of those (outcome.verdict's `elsewhere`): a look-alike value, now partial."""
    result = answer(question, settings=built_store)
    assert result.status == "partial", (result.status, result.citations[0].quote if result.citations else "")


@pytest.mark.parametrize("question", [
    "How many countries has China held exchanges and visits on development aid with, for instance Japan?",
    "中国和日本、法国等多少个国家开展了援助方面的交流互访？",
])
def test_a_figure_asked_of_a_group_the_question_gives_examples_of_is_the_groups(built_store, question):
    """"for instance Japan" names a member of the group whose count is asked: the span that gives
    "more than a dozen countries … including Japan, Switzerland …" answers it, though Japan is one of many."""
    result = answer(question, settings=built_store)
    assert result.status == "answered", result.text[:200]
    assert any(word in result.citations[0].quote for word in ("a dozen", "十多个")), result.citations[0].quote


@pytest.mark.parametrize("question", [
    "How much has China donated to the World Bank?",  # the sums given to three regional development banks
    "What sum did China give the International Development Association?",
])
def test_a_figure_about_another_organisation_does_not_answer_the_one_asked(built_store, question):
    """The paper asks for more donations to "the World Bank International Development Association" and
    gives sums only for the African, Inter-American and Caribbean development banks: a span naming banks,
    none of them the one asked about, does not answer (outcome.verdict's `elsewhere`)."""
    result = answer(question, settings=built_store)
    assert result.status != "answered", result.citations[0].quote if result.citations else ""


@pytest.mark.parametrize(("question", "fact"), [
    ("How much did China donate to the Caribbean Development Bank?", "US$49 million"),
    # the translation writes "China-FAO South-South Cooperation Trust Fund"
    ("How many farmers benefited from the FAO-China South-South Cooperation Programme?", "1 million farmers"),
    # the span's "international organizations" include a fund; its bullet's title names the one asked about
    ("How many projects has China carried out through the South-South Cooperation Assistance Fund?", "82 projects"),
])
def test_a_span_naming_the_asked_organisation_still_answers(built_store, question, fact):
    result = answer(question, settings=built_store)
    assert result.status == "answered" and any(fact in c.quote for c in result.citations), result.text


def test_organisation_names_are_matched_by_their_own_words():
    from qa.organisations import name_words, names_organisation, organisations

    assert organisations("How much has China donated to the World Bank's IDA?") == [frozenset({"world", "bank", "ida"})]
    assert organisations("What did Xi Jinping announce in New York?") == []  # names, not organisations
    ida, = organisations("the World Bank International Development Association")
    fao, = organisations("the FAO-China South-South Cooperation Programme")
    banks = "US$356 million to the Inter-American Development Bank Group and US$49 million to the Caribbean Development Bank"
    assert not names_organisation(ida, name_words(banks))
    assert names_organisation(fao, name_words("the China-FAO South-South Cooperation Trust Fund"))


def test_a_span_naming_the_asked_country_in_either_edition_still_answers(built_store):
    """The ships for Bangladesh share a quote with the container equipment for Georgia, Armenia …; the
    English writes Dominica "Dominic", which its original writes 多米尼克: both still answer."""
    ships = answer("How many ships did China build for shipping companies in Bangladesh?", settings=built_store)
    assert ships.status == "answered" and "three tankers" in ships.citations[0].quote
    schools = answer("How many schools did China rebuild in Dominica after Hurricane Maria?", settings=built_store)
    assert schools.status == "answered" and "6 primary and secondary schools" in schools.citations[0].quote


def test_an_english_span_that_drops_a_figure_carries_the_originals(built_store):
    """The English edition says China gave "five rounds of emergency humanitarian material assistance" to
    West Africa against Ebola and drops the sum its original gives (累计1.2亿美元): the span has a sum, in
    its original, so the value features say so (the fit then ranks and decides on it; original() quotes
    the original). A span whose original adds no such figure still lacks one."""
    from qa import prepare
    from qa.extractive import Question
    from qa.text import numbers_in

    question = "How much emergency humanitarian aid did China give West Africa during the Ebola outbreak?"
    pipeline = prepare(built_store)
    found = pipeline.understand(question, "en", [])
    spans = pipeline.extractive.candidates(Question.read(question, "en"), found.hits, found.query_vector)
    rounds = [c for c in spans if c.hit.paragraph.id == "en-5.2-01" and "five rounds" in c.text]
    assert rounds and all(c.features["value"] == 1.0 and c.features["value_missing"] == 0.0 for c in rounds)
    bare = [c for c in spans if c.hit.paragraph.lang == "en" and not numbers_in(c.text)
            and not pipeline.store.discrepancies_in(c.hit.paragraph.id, c.start, c.end)]
    assert bare and all(c.features["value_missing"] == 1.0 for c in bare)


def test_a_broad_answers_spans_score_the_particular_things_they_name(built_store):
    """A broad question's quote from a paragraph should show what was done, not only the claim that heads
    it: "教育是发展之本。" heads the schools, teachers and scholarships China provides. The particulars
    feature counts a span's list separators and numbers for a broad or list question, and nothing for a
    question that asks one fact."""
    from qa import prepare
    from qa.extractive import Question

    pipeline = prepare(built_store)
    spans = {}
    for question in ("中国在教育方面帮助发展中国家做了哪些事？", "中国援建的马拉维科技大学是哪一年建成的？"):
        found = pipeline.understand(question, "zh", [])
        spans[question] = [c for c in pipeline.extractive.candidates(Question.read(question, "zh"), found.hits,
                                                                     found.query_vector) if c.hit.paragraph.id == "zh-4.4-03"]
    broad, fact = spans.values()
    # the degrees funded, the programmes and the scholarships, against the one research centre
    many = [c for c in broad if "4300余名" in c.text and "中非联合研究中心" not in c.text]
    one = [c for c in broad if "中非联合研究中心" in c.text and "4300余名" not in c.text and "马拉维" not in c.text]
    assert many and one and min(c.features["particulars"] for c in many) > max(c.features["particulars"] for c in one)
    assert fact and all(c.features["particulars"] == 0.0 for c in fact)


@pytest.mark.parametrize("question, premise, claim", [
    ("Why does China say tripartite cooperation should advance gradually?", "wide range of areas", "gradual progress"),
    ("Why should three-party development cooperation move forward step by step, according to the white paper?",
     "wide range of areas", "gradual progress"),
    ("为什么要稳步推进三方合作？", "涉及面广", "循序渐进"),
])
def test_a_why_answer_quotes_the_premise_before_its_claim(built_store, question, premise, claim):
    """The reason ("involves a wide range of areas and has heavy coordination tasks") stands in the
    sentence before the claim it leads to; the quote had begun at the claim ("At the same time, …")."""
    result = answer(question, settings=built_store)
    assert result.status == "answered" and result.meta["asked"] == "reason"
    first = result.citations[0]
    assert premise in first.quote and claim in first.quote, result.text
    assert first.quote.index(premise) < first.quote.index(claim)


def test_a_why_answers_premise_is_not_quoted_twice(pipeline):
    """When the sentence before the best quote is itself another quote of the answer, the premise is
    quoted once, inside the first quote."""
    from qa.answer_types import analyse
    from qa.extractive import Candidate
    from qa.types import Hit

    paragraph = pipeline.store.paragraphs["en-7.1-03"]
    (a2, b2), (a3, b3) = paragraph.sentences[3], paragraph.sentences[4]
    hit = Hit(paragraph, 1.0)
    claim = Candidate(0, hit, a3, b3, frozenset({"gradual"}), {}, prob=0.9)
    premise = Candidate(0, hit, a2, b2, frozenset({"coordin"}), {}, prob=0.8)
    asked = analyse("Why must tripartite cooperation advance gradually?", "en")
    chosen = pipeline.extractive.choose([claim, premise], asked)
    assert [(c.start, c.end) for c in chosen] == [(a2, b3)]
    assert "wide range of areas" in chosen[0].text and "gradual progress" in chosen[0].text


def test_a_broad_question_searches_more_paragraphs_than_one_that_asks_a_fact(built_store):
    """A broad question's passages are spread over a section or the paper: eight paragraphs missed most of
    those its answer should quote (settings.broad_top_k, chosen on dev)."""
    from qa import prepare

    pipeline = prepare(built_store)
    broad = pipeline.hits("How has China helped developing countries with water supply?", "en",
                          pipeline.embedder.query_vector("How has China helped developing countries with water supply?"))
    fact = pipeline.hits("How many water supply projects did China build?", "en",
                         pipeline.embedder.query_vector("How many water supply projects did China build?"))
    assert len(broad) == built_store.broad_top_k > len(fact) == built_store.top_k


def test_a_broad_answer_about_a_name_quotes_the_sentences_that_name_it(built_store):
    """"How has China helped Liberia?" quoted a paragraph's opening on Ebola, not its sentence on the
    treatment centre in Liberia: of a paragraph that names the subject, the quote is a span that does."""
    from qa import prepare

    paragraphs = prepare(built_store).store.paragraphs
    result = answer("How has China helped Liberia?", settings=built_store)
    assert result.status == "answered" and len({c.paragraph_id for c in result.citations}) >= 3
    for c in result.citations:
        assert "Liberia" in paragraphs[c.paragraph_id].text
        assert "Liberia" in c.quote, c.quote[:80]


def test_a_broad_answer_about_a_country_quotes_passages_whose_original_alone_names_it(built_store):
    """The translation garbles names: its "Ivorian Cultural Palace" is the original's 科特迪瓦文化宫, and
    "How has China helped Côte d'Ivoire?" quoted only the two paragraphs that spell the country out."""
    from qa import prepare

    store = prepare(built_store).store
    result = answer("How has China helped Côte d'Ivoire?", settings=built_store)
    cited = {c.paragraph_id for c in result.citations}
    assert result.status == "answered" and len(cited) >= 3
    twins = {pid: store.counterpart(store.paragraphs[pid]) for pid in cited}
    assert all(t is not None and "科特迪瓦" in t.text for t in twins.values())
    assert any("Ivoire" not in store.paragraphs[pid].text for pid in cited)


@pytest.mark.parametrize("question, lang, name, others", [
    ("Tell me what China has done in Guinea, not in Guinea-Bissau or Papua New Guinea.", "en", "Guinea",
     ("Guinea-Bissau", "Papua New Guinea", "Equatorial Guinea")),
    ("中国在几内亚做过什么？不是几内亚比绍，也不是赤道几内亚。", "zh", "几内亚", ("几内亚比绍", "赤道几内亚", "巴布亚新几内亚")),
])
def test_a_place_the_question_sets_aside_is_not_what_the_answer_is_about(built_store, question, lang, name, others):
    """"… not Guinea-Bissau or Papua New Guinea" says which Guinea is meant: its words drew the passages on
    Papua New Guinea, and the answer quoted those alone."""
    result = answer(question, settings=built_store)
    assert result.status == "answered" and result.citations
    for c in result.citations:
        rest = c.paragraph_text
        for other in others:
            rest = rest.replace(other, "")
        assert name in rest, c.quote[:80]


def test_set_aside_drops_only_places():
    from qa.text import set_aside

    assert set_aside("What has China done for Niger (not Nigeria)?", "en") == "What has China done for Niger ()?"
    assert "Papua" not in set_aside("Guinea itself, not Guinea-Bissau or Papua New Guinea.", "en")
    assert set_aside("中国为刚果（金）做了什么？不是刚果（布）", "zh") == "中国为刚果（金）做了什么？"
    for kept, lang in [("Is the aid a grant, not a loan?", "en"), ("援助是赠款，不是贷款吗？", "zh"),
                       ("Did China not help Haiti?", "en")]:
        assert set_aside(kept, lang) == kept


def test_a_broad_question_about_covid_quotes_the_papers_other_name_for_it(built_store):
    """The English edition calls 新冠肺炎 "new crown pneumonia" in four of its five paragraphs and "COVID-19"
    in one; the question's subject restricted the answer to that one."""
    result = answer("What has China done to help the world against COVID-19?", settings=built_store)
    assert result.status == "answered" and len({c.paragraph_id for c in result.citations}) >= 3
    assert any("new crown" in c.paragraph_text.lower() for c in result.citations)


@pytest.mark.parametrize("question, lang, paragraph, later", [
    ("其中“与时俱进”那一条原则，具体是怎么说的？", "zh", "zh-1.3-09", "改革体制机制"),
    ("What does the principle 'begin and end well' say?", "en", "en-1.3-07", "follow-up operation"),
])
def test_a_bullet_title_is_quotable_with_the_two_sentences_it_heads(built_store, question, lang, paragraph, later):
    """A principle's title ("与时俱进，创新发展。") heads what it says; with only the sentence after it, the quote
    stopped short. The title with the next two is a span of its own, which the fitted scorer ranks."""
    from qa import prepare
    from qa.extractive import spans

    pipeline = prepare(built_store)
    p = pipeline.store.paragraphs[paragraph]
    three = (p.sentences[0][0], p.sentences[2][1])
    assert p.bullet and three in spans(p, lang)
    assert later in p.text[slice(*three)] and later not in p.text[p.sentences[0][0]:p.sentences[1][1]]
    # a paragraph that is no bullet gets no such span
    plain = next(q for q in pipeline.store.paragraphs.values() if not q.bullet and len(q.sentences) > 2)
    assert (plain.sentences[0][0], plain.sentences[2][1]) not in spans(plain, plain.lang)


@pytest.mark.parametrize("question, section", [
    ("What has China done to protect the environment in other developing countries?", (4, 8)),
    ("中国在教育方面帮助发展中国家做了哪些事？", (4, 4)),
    ("What has China done to help countries struck by earthquakes?", (5, 1)),
])
def test_a_broad_question_is_read_as_about_the_section_on_its_subject(pipeline, question, section):
    """The section the question is most about has section_gap 0 (the scorer's `section_gap`): its
    spans, in either edition, and no span of another section."""
    lang = "zh" if "中国" in question else "en"
    vector = pipeline.embedder.query_vector(question)
    hits = pipeline.retriever.retrieve(question, lang, query_vector=vector, top_k=16)
    extractive = pipeline.extractive
    candidates = extractive.candidates(Question.read(question, lang), hits, vector)
    at_best = {(c.hit.paragraph.chapter, c.hit.paragraph.section) for c in candidates if c.features["section_gap"] == 0}
    assert at_best == {section}
    assert all(c.features["section_gap"] > 0 for c in candidates
               if (c.hit.paragraph.chapter, c.hit.paragraph.section) != section)
    same = [p.id for p in pipeline.store.paragraphs.values() if (p.chapter, p.section) == section]
    assert {p[:2] for p in same} == {"en", "zh"} and len({extractive.section_of[p] for p in same}) == 1
