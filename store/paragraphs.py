"""Cleaned lines -> Paragraphs with stable ids, chapter/section paths and sentence spans.

Headings are recognised by shape ("3.", "(IV)", "三、", "（四）") but numbered by
counting, because the English scrape numbers them inconsistently ("(VIII)" for the
seventh section). Ids come from that structure, e.g. ``en-4.3-02`` is the second
paragraph of chapter 4, section 3; ``en-1.0-01`` a chapter's opening paragraph;
``en-preface-01``, ``en-conclusion-02`` and ``en-note-01`` the parts around them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from store.clean import Line
from store.sentences import sentence_spans

PREFACE, CONCLUSION, NOTE = 0, 9, 10
SPECIAL_KEYS = {PREFACE: "preface", CONCLUSION: "conclusion", NOTE: "note"}

_HEADINGS = {
    "en": {
        "preface": re.compile(r"^Preface$", re.I),
        "conclusion": re.compile(r"^Conclusion$", re.I),
        "note": re.compile(r"^Note \d+:"),
        "chapter": re.compile(r"^\d+\.\s+(?P<title>.+)$"),
        "section": re.compile(r"^\((?:[IVXLC]+|\d+)\)\s*(?P<title>.+)$"),
    },
    "zh": {
        "preface": re.compile(r"^前\s*言$"),
        "conclusion": re.compile(r"^结束语$"),
        "note": re.compile(r"^注\d+："),
        "chapter": re.compile(r"^[一二三四五六七八九十]+、(?P<title>.+)$"),
        "section": re.compile(r"^（[一二三四五六七八九十]+）(?P<title>.+)$"),
    },
}
SPECIAL_TITLES = {
    "en": {PREFACE: "Preface", CONCLUSION: "Conclusion", NOTE: "Note"},
    "zh": {PREFACE: "前言", CONCLUSION: "结束语", NOTE: "注释"},
}
_BULLET = {"en": re.compile(r"^(?:——|—|-)\s*"), "zh": re.compile(r"^——")}
# A section heading this long is a heading run together with its first paragraph.
_MAX_HEADING_CHARS = {"en": 150, "zh": 60}


@dataclass(frozen=True)
class Paragraph:
    id: str
    lang: str
    chapter: int  # 0 preface, 1-8 chapters, 9 conclusion, 10 note on terms
    chapter_title: str
    section: int  # 0 = the chapter's opening text, before its first section
    section_title: str
    position: int  # reading order within the language, from 0
    text: str  # a verbatim slice of one source line (bullet dash left off)
    line: int  # source line number, for the audit
    bullet: bool = False
    aligned_id: str | None = None  # the same paragraph in the other edition
    sentences: tuple[tuple[int, int], ...] = field(default=(), compare=False)

    @property
    def path(self) -> str:
        """Chapter and section as a person reads them, e.g. "4. Promote … › (3) Promote health …"."""
        if self.chapter in SPECIAL_KEYS:
            return self.chapter_title
        head = f"{self.chapter}. {self.chapter_title}" if self.lang == "en" else self.chapter_title
        if self.section == 0:
            return head
        sec = f"({self.section}) {self.section_title}" if self.lang == "en" else self.section_title
        return f"{head} › {sec}"

    def sentence_texts(self) -> list[str]:
        return [self.text[a:b] for a, b in self.sentences]


@dataclass
class _Cursor:
    chapter: int = PREFACE
    chapter_title: str = ""
    section: int = 0
    section_title: str = ""
    chapters_seen: int = 0
    counts: dict[tuple[int, int], int] = field(default_factory=dict)  # (chapter, section) -> paragraphs


def build_paragraphs(lines: list[Line], lang: str) -> list[Paragraph]:
    """Example: ["Preface", "China is …", "1. The concept …", "In today's world …"]
    -> [en-preface-01 "China is …", en-1.0-01 "In today's world …"]."""
    patterns = _HEADINGS[lang]
    cur = _Cursor(chapter_title=SPECIAL_TITLES[lang][PREFACE])
    out: list[Paragraph] = []
    for line in lines:
        text = line.text
        if patterns["preface"].match(text):
            _enter(cur, PREFACE, SPECIAL_TITLES[lang][PREFACE])
            continue
        if patterns["conclusion"].match(text):
            _enter(cur, CONCLUSION, SPECIAL_TITLES[lang][CONCLUSION])
            continue
        if patterns["note"].match(text):
            _enter(cur, NOTE, SPECIAL_TITLES[lang][NOTE])
        elif m := patterns["chapter"].match(text):
            cur.chapters_seen += 1
            _enter(cur, cur.chapters_seen, m["title"].strip())
            continue
        elif m := patterns["section"].match(text):
            cur.section += 1
            cur.section_title = m["title"].strip()
            if len(text) <= _MAX_HEADING_CHARS[lang]:
                continue
            # subtle: heading and first paragraph share one line; keep the line as a paragraph too
            cur.section_title = heading_from_merged(m["title"])
        out.append(_paragraph(line, lang, cur, position=len(out)))
    return out


def _enter(cur: _Cursor, chapter: int, title: str) -> None:
    cur.chapter, cur.chapter_title, cur.section, cur.section_title = chapter, title, 0, ""


def _paragraph(line: Line, lang: str, cur: _Cursor, position: int) -> Paragraph:
    key = (cur.chapter, cur.section)
    cur.counts[key] = cur.counts.get(key, 0) + 1
    bullet = _BULLET[lang].match(line.text)
    text = line.text[bullet.end():] if bullet else line.text
    return Paragraph(
        id=paragraph_id(lang, cur.chapter, cur.section, cur.counts[key]),
        lang=lang,
        chapter=cur.chapter,
        chapter_title=cur.chapter_title,
        section=cur.section,
        section_title=cur.section_title,
        position=position,
        text=text,
        line=line.number,
        bullet=bool(bullet),
        sentences=tuple(sentence_spans(text, lang)),
    )


def paragraph_id(lang: str, chapter: int, section: int, index: int) -> str:
    """Example: ("en", 4, 3, 2) -> "en-4.3-02"; ("zh", 0, 0, 1) -> "zh-preface-01"."""
    where = SPECIAL_KEYS.get(chapter) or f"{chapter}.{section}"
    return f"{lang}-{where}-{index:02d}"


def heading_from_merged(title: str, max_words: int = 10) -> str:
    """The heading part of a heading run into its paragraph: up to the first repeated
    three-word phrase (the scrape's tell), else the first few words.

    Example: "Promote the Financial Connection of Finance and Economic Connection of Finance …"
    -> "Promote the Financial Connection of Finance and Economic"
    """
    words = title.split()
    seen: set[tuple[str, ...]] = set()
    for i in range(len(words) - 2):
        gram = tuple(w.lower() for w in words[i:i + 3])
        if gram in seen:
            return " ".join(words[:i])
        seen.add(gram)
    return " ".join(words[:max_words])
