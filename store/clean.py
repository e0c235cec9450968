"""Source file -> the lines that are real paper text, and an audit of every line that went.

The Chinese original is clean; the English edition is a web scrape whose body appears
twice (the first copy breaks off mid-paragraph), whose tail repeats, which merges two
paragraphs into one line once, and which carries front matter, a table of contents
and "Related manuscripts" links. Nothing here edits a line: lines are kept whole
(stripped of surrounding white space) or dropped with a reason.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

# Lines that belong to the web page, not to the paper. Each pattern says why it goes.
DEBRIS: dict[str, list[tuple[re.Pattern[str], str]]] = {
    "en": [
        (re.compile(r"^Xinhua News Agency,"), "front matter: news-agency header"),
        (re.compile(r"^China's international development cooperation in the new era$"), "front matter: title"),
        (re.compile(r"^\(January 2021\)$"), "front matter: date"),
        (re.compile(r"^China's information office$"), "front matter: issuer"),
        (re.compile(r"^Related manuscripts:?$"), "scrape debris: related-links block"),
        (re.compile(r"White Paper Interpretation$"), "scrape debris: related-article link"),
    ],
    "zh": [
        (re.compile(r"^（新华社.{0,20}电）$"), "scrape debris: news-agency dateline"),
    ],
}
# The table of contents runs from its heading up to the body's first heading, which is
# the last short line before the first real paragraph (the contents list the preface too).
TOC_START = {"en": re.compile(r"^directory$", re.I), "zh": re.compile(r"^目\s*录$")}
_PARAGRAPH_CHARS = 200  # a line this long is body text, never a contents entry

# Where a merged line may be cut back into the paragraphs it was made of:
# before a bullet dash, or after a sentence end.
_FRAGMENT_CUT = re.compile(r"(?=——)|(?<=[.。!?！？])")
_MIN_PREFIX_CHARS = 20  # shorter lines (headings) are too generic to call truncated copies
_MIN_FRAGMENT_CHARS = 15  # "4." in "4. Promote …" is a heading number, not a merged paragraph


@dataclass(frozen=True)
class Line:
    number: int  # 1-based line number in the source file
    text: str  # the line without surrounding white space (ideographic spaces included)


@dataclass(frozen=True)
class Dropped:
    number: int
    text: str
    reason: str  # "blank" | "table of contents" | "front matter: …" | "scrape debris: …" | "duplicate" …
    of: tuple[int, ...] = ()  # for duplicates: the kept line(s) that hold this text


@dataclass
class Cleaned:
    lang: str
    lines_read: int
    kept: list[Line] = field(default_factory=list)
    dropped: list[Dropped] = field(default_factory=list)


def clean(raw: str, lang: str) -> Cleaned:
    """Example: "directory\\nPreface\\nText.\\nText." -> kept ["Preface", "Text."], 2 dropped."""
    lines = raw.splitlines()
    result = Cleaned(lang=lang, lines_read=len(lines))
    candidates = _drop_layout(lines, lang, result)
    candidates = _drop_exact_duplicates(candidates, result)
    candidates = _drop_truncated_copies(candidates, result)
    result.kept = _drop_merged_lines(candidates, result)
    result.dropped.sort(key=lambda d: d.number)
    return result


def _drop_layout(lines: list[str], lang: str, result: Cleaned) -> list[Line]:
    kept: list[Line] = []
    toc_end = 0  # line number where the current table of contents stops (exclusive)
    for number, raw in enumerate(lines, start=1):
        text = raw.strip()
        if TOC_START[lang].match(text):
            toc_end = _body_start(lines, number)
        if not text:
            result.dropped.append(Dropped(number, text, "blank"))
        elif number < toc_end:
            result.dropped.append(Dropped(number, text, "table of contents"))
        elif reason := _debris_reason(text, lang):
            result.dropped.append(Dropped(number, text, reason))
        else:
            kept.append(Line(number, text))
    return kept


def _body_start(lines: list[str], toc_line: int) -> int:
    """Line number of the body's first heading after a table of contents at toc_line."""
    heading = toc_line
    for number in range(toc_line + 1, len(lines) + 1):
        text = lines[number - 1].strip()
        if len(text) >= _PARAGRAPH_CHARS:
            return heading
        if text:
            heading = number
    return heading


def _debris_reason(text: str, lang: str) -> str | None:
    return next((why for pattern, why in DEBRIS[lang] if pattern.search(text)), None)


def _drop_exact_duplicates(lines: list[Line], result: Cleaned) -> list[Line]:
    first: dict[str, int] = {}  # text -> line number of its first occurrence
    kept = []
    for line in lines:
        if line.text in first:
            result.dropped.append(Dropped(line.number, line.text, "duplicate", (first[line.text],)))
        else:
            first[line.text] = line.number
            kept.append(line)
    return kept


def _drop_truncated_copies(lines: list[Line], result: Cleaned) -> list[Line]:
    """A line that is the start of a longer line is a copy that broke off: keep the whole one."""
    kept = []
    for line in lines:
        longer = None
        if len(line.text) >= _MIN_PREFIX_CHARS:
            longer = next(
                (o for o in lines if o is not line and len(o.text) > len(line.text)
                 and o.text.startswith(line.text)),
                None,
            )
        if longer:
            result.dropped.append(Dropped(line.number, line.text, "truncated copy", (longer.number,)))
        else:
            kept.append(line)
    return kept


def _drop_merged_lines(lines: list[Line], result: Cleaned) -> list[Line]:
    """A line made only of pieces of two or more other lines (paragraphs run together) goes."""
    kept = list(lines)
    for line in lines:
        others = [o for o in kept if o is not line]
        sources = _covering_lines(line.text, others)
        if len(sources) >= 2:
            kept.remove(line)
            result.dropped.append(Dropped(line.number, line.text, "duplicate (merged pieces)", sources))
    return kept


def _covering_lines(text: str, others: list[Line]) -> tuple[int, ...]:
    """Numbers of the lines that hold every fragment of text, or () if a fragment is new."""
    fragments = [f.strip() for f in _FRAGMENT_CUT.split(text) if f.strip()]
    if len(fragments) < 2 or min(map(len, fragments)) < _MIN_FRAGMENT_CHARS:
        return ()
    sources: list[int] = []
    for fragment in fragments:
        holder = next((o.number for o in others if fragment in o.text), None)
        if holder is None:
            return ()
        if holder not in sources:
            sources.append(holder)
    return tuple(sources)
