"""Answers to take away: a conversation as Markdown, a citation as a formatted reference.

Unlike render.py, which makes HTML for the page, this writes plain text meant to leave it:
a Markdown file with every quote verbatim (never escaped, so it can be checked word for
word against the paper) and a reference in Chicago author-date style for a bibliography.
Both work on Answer.to_dict() data, which is what the chat keeps per turn.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime

from qa.types import Citation

STYLE = "Chicago author-date"
ISSUER = {"en": "The State Council Information Office of the People's Republic of China",
          "zh": "中华人民共和国国务院新闻办公室"}
TITLE = {"en": "China's International Development Cooperation in the New Era", "zh": "新时代的中国国际发展合作"}
DATE = {"en": "January 2021", "zh": "2021年1月"}
YEAR = "2021"
_ID = re.compile(r"^(en|zh)-(\d+)\.(\d+)-\d+$")  # en-4.3-04 -> chapter 4, section 3
_ZH_NUMERALS = "〇一二三四五六七八九十"
_SECTION_PREFIX = re.compile(r"^\(\d+\)\s*")  # "(3) Promote health" -> "Promote health"
_CHAPTER_PREFIX = re.compile(r"^\d+\.\s*")  # "4. Promote …" -> "Promote …"


def reference(c: Citation | dict) -> str:
    """A citation as a reference in Chicago author-date style, in the cited edition's language.

    Example (en-4.3-04): 'The State Council Information Office of the People's Republic of China. 2021.
    China's International Development Cooperation in the New Era. White paper, January 2021.
    Chapter 4, "Promote the Implementation of …," section 3, "Promote health," paragraph en-4.3-04.'
    """
    d = _fields(c)
    lang = "zh" if d["lang"] == "zh" else "en"
    chapter, section = _numbers(d["paragraph_id"])
    title_ch = _CHAPTER_PREFIX.sub("", d["chapter"])
    title_sec = _SECTION_PREFIX.sub("", d["section"])
    if lang == "zh":
        where = [f"第{_zh(chapter)}章“{title_ch}”" if chapter else f"“{title_ch}”"]
        if title_sec:
            where.append(f"第{_zh(section)}节“{title_sec}”")
        where.append(f"段落 {d['paragraph_id']}")
        return (f"{ISSUER['zh']}. {YEAR}. 《{TITLE['zh']}》 [{TITLE['en']}]. 白皮书, {DATE['zh']}. "
                f"{'，'.join(where)}.")
    where = [f'Chapter {chapter}, "{title_ch},"' if chapter else f'"{title_ch},"']
    if title_sec:
        where.append(f'section {section}, "{title_sec},"')
    where.append(f"paragraph {d['paragraph_id']}.")
    return f"{ISSUER['en']}. {YEAR}. {TITLE['en']}. White paper, {DATE['en']}. {' '.join(where)}"


def conversation_markdown(turns: list[dict], now: datetime | None = None) -> str:
    """Turns ({"question", "answer": Answer.to_dict()}) -> one Markdown document.

    Each turn: the question as a heading, the answer text, its status, then every quote as a
    block quote under "chapter › section › paragraph id", followed by the other edition's text.
    """
    stamp = (now or datetime.now(UTC)).strftime("%Y-%m-%d %H:%M UTC")
    lines = [f"# Questions to the white paper *{TITLE['en']}*", "",
             f"{ISSUER['en']}, {DATE['en']} (《{TITLE['zh']}》). Exported {stamp}; "
             f"quotes are verbatim from the paper, references in {STYLE} style.", ""]
    for i, turn in enumerate(turns, 1):
        lines += _turn(i, turn["question"], turn["answer"])
    return "\n".join(lines).rstrip() + "\n"


def _turn(i: int, question: str, answer: dict) -> list[str]:
    lines = [f"## {i}. {_one_line(question)}", "", answer["text"], "", f"*Status: {status_label(answer)}*", ""]
    for c in answer.get("citations", []):
        lines += [f"### [{c['n']}] {_path(c)} › {c['paragraph_id']}", "", f"> {c['quote']}", ""]
        if c.get("quote_hant"):
            lines += [f"Traditional characters (machine conversion, not a quote): {c['quote_hant']}", ""]
        sentence = c.get("aligned_sentence") or {}
        if sentence.get("text"):
            name = "Chinese original of this sentence" if sentence.get("lang") == "zh" else "English translation of this sentence"
            lines += [f"{name}:", "", f"> {sentence['text']}", ""]
        warnings = [f"Warning: {d['warning']}" for d in c.get("discrepancies", []) if d.get("warning")]
        lines += [*warnings, ""] if warnings else []
        aligned = c.get("aligned") or {}
        if aligned.get("text"):
            name = "Chinese original" if aligned.get("lang") == "zh" else "English translation"
            lines += [f"{name} ({aligned.get('paragraph_id', '')}):", "", f"> {aligned['text']}", ""]
        lines += [f"Reference: {reference(c)}", ""]
    for r in answer.get("related", []):
        lines += [f"- Related, not an answer: {r['path']} › {r['paragraph_id']}"]
    return [*lines, ""] if answer.get("related") else lines


STATUS_LABELS = {"answered": "answered", "partial": "partial: the paper discusses this but not the asked fact",
                 "not_found": "not found in the paper", "message": "not a question the bot could take"}


def status_label(answer: dict) -> str:
    return STATUS_LABELS.get(answer.get("status", ""), answer.get("status", ""))


def _path(c: dict) -> str:
    return f"{c['chapter']} › {c['section']}" if c.get("section") else c["chapter"]


def _one_line(text: str) -> str:
    return " ".join(text.split()) or "(empty question)"


def _fields(c: Citation | dict) -> dict:
    if isinstance(c, dict):
        return c
    return {"lang": c.lang, "paragraph_id": c.paragraph_id, "chapter": c.chapter, "section": c.section}


def _numbers(paragraph_id: str) -> tuple[int, int]:
    """Example: "en-4.3-04" -> (4, 3); "en-preface-01" -> (0, 0)."""
    m = _ID.match(paragraph_id)
    return (int(m.group(2)), int(m.group(3))) if m else (0, 0)


def _zh(n: int) -> str:
    """Example: 4 -> "四", 10 -> "十", 12 -> "十二" (chapters and sections stay below 20)."""
    if n <= 10:
        return _ZH_NUMERALS[n]
    return "十" + _ZH_NUMERALS[n - 10]
