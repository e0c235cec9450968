"""The paper tab: both editions side by side, paragraph by paragraph, with anchors and deep links.

Unlike render.py, which shows the few paragraphs an answer cites, this shows the whole
paper: chapter by chapter (each a <details>), English beside its Chinese original, every
paragraph carrying its id as an anchor. A target (from a citation or a `?p=en-4.3-04&hl=12-80`
link) opens its chapter, is marked and has the quote's span highlighted; a search keeps only
the paragraph pairs that contain every word. Pure functions over store.corpus, no Gradio;
its two small scripts (LINKS_JS, SCROLL_JS) run through gr.HTML's documented js_on_load hook.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from html import escape
from urllib.parse import urlencode

from store.corpus import load_corpus
from store.paragraphs import Paragraph

_ID = re.compile(r"^(en|zh)-(?:\d+\.\d+|preface|conclusion|note)-\d{2}$")
_SPAN = re.compile(r"^(\d+)-(\d+)$")
MAX_QUERY_CHARS = 200


@dataclass(frozen=True)
class Row:
    """One line of the side-by-side view: a paragraph and its counterpart (either may be missing)."""

    en: Paragraph | None
    zh: Paragraph | None

    @property
    def chapter(self) -> int:
        return (self.en or self.zh).chapter  # type: ignore[union-attr]


@dataclass(frozen=True)
class Target:
    """Where a link points: a paragraph id and, optionally, the quote's [start:end] in its text."""

    paragraph_id: str
    start: int = 0
    end: int = 0

    @classmethod
    def from_query(cls, params: dict[str, str]) -> Target | None:
        """Example: {"p": "en-4.3-04", "hl": "10-52"} -> Target("en-4.3-04", 10, 52); no "p" -> None."""
        pid = (params.get("p") or "").strip()
        if not pid:
            return None
        m = _SPAN.match((params.get("hl") or "").strip())
        return cls(pid, int(m.group(1)), int(m.group(2))) if m else cls(pid)


def link(paragraph_id: str, start: int = 0, end: int = 0) -> str:
    """A deep link relative to the app, e.g. link("en-4.3-04", 10, 52) -> "?p=en-4.3-04&hl=10-52"."""
    params = {"p": paragraph_id, **({"hl": f"{start}-{end}"} if end > start else {})}
    return "?" + urlencode(params)


@lru_cache(maxsize=1)
def rows() -> tuple[Row, ...]:
    """The paper in English reading order, each English paragraph beside its aligned Chinese one;
    Chinese paragraphs without a counterpart follow the last row of their chapter."""
    corpus = load_corpus()
    zh_by_id = {p.id: p for p in corpus.paragraphs["zh"]}
    out = [Row(p, zh_by_id.pop(p.aligned_id, None) if p.aligned_id else None) for p in corpus.paragraphs["en"]]
    for p in zh_by_id.values():  # subtle: today every paragraph is aligned; this keeps the view whole if not
        last = max((i for i, r in enumerate(out) if r.chapter == p.chapter), default=len(out) - 1)
        out.insert(last + 1, Row(None, p))
    return tuple(out)


def known(paragraph_id: str) -> bool:
    return any(p is not None and p.id == paragraph_id for r in rows() for p in (r.en, r.zh))


def matches(row: Row, words: list[str]) -> bool:
    """Every word occurs (case-insensitive) in the English or the Chinese paragraph of the row."""
    text = " ".join(p.text for p in (row.en, row.zh) if p is not None).lower()
    return all(w in text for w in words)


def query_words(query: str) -> list[str]:
    """Example: '  Debt  RELIEF ' -> ["debt", "relief"]; Chinese is matched as typed ("医疗队")."""
    return [w for w in query[:MAX_QUERY_CHARS].lower().split() if w]


def render_paper(target: Target | None = None, query: str = "") -> str:
    """The whole paper (or the pairs matching QUERY) as HTML; TARGET's chapter is opened and marked."""
    words = query_words(query)
    shown = [r for r in rows() if matches(r, words)] if words else list(rows())
    problem = ""
    if target is not None and not known(target.paragraph_id):
        problem = (f'<p class="wpqa-paper-problem" role="alert">No paragraph {escape(target.paragraph_id)} '
                   f"in the paper: ids look like en-4.3-04. / 没有这个段落编号。</p>")
        target = None
    count = (f'<p class="wpqa-paper-count" role="status">{len(shown)} of {len(rows())} paragraphs contain '
             f"“{escape(' '.join(words))}”. / 共{len(shown)}段。</p>" if words else "")
    chapters = "".join(_chapter(group, target, words) for group in _by_chapter(shown))
    return f'<div class="wpqa-paper">{problem}{count}{chapters}</div>'


def _by_chapter(shown: list[Row]) -> list[list[Row]]:
    groups: list[list[Row]] = []
    for r in shown:
        if not groups or groups[-1][0].chapter != r.chapter:
            groups.append([])
        groups[-1].append(r)
    return groups


def _chapter(group: list[Row], target: Target | None, words: list[str]) -> str:
    first = group[0]
    ids = {p.id for r in group for p in (r.en, r.zh) if p is not None}
    is_open = bool(words) or (target is not None and target.paragraph_id in ids) or (target is None and first.chapter == 0)
    heads = "".join(f'<span lang="{p.lang}">{escape(_chapter_title(p))}</span>'
                    for p in (first.en, first.zh) if p is not None)
    parts, section = [], None
    for r in group:
        p = r.en or r.zh
        if p.section != section and p.section:  # type: ignore[union-attr]
            parts.append(_section_heading(r))
        section = p.section  # type: ignore[union-attr]
        parts.append(_row(r, target, words))
    return (f'<details class="wpqa-chapter" id="wpqa-ch-{first.chapter}"{" open" if is_open else ""}>'
            f'<summary><h2 class="wpqa-chapter-title">{heads}</h2></summary>{"".join(parts)}</details>')


def _chapter_title(p: Paragraph) -> str:
    return p.path.split(" › ")[0]


def _section_heading(r: Row) -> str:
    titles = "".join(f'<span lang="{p.lang}">{escape(p.path.split(" › ")[1])}</span>'
                     for p in (r.en, r.zh) if p is not None and " › " in p.path)
    return f'<h3 class="wpqa-section-title">{titles}</h3>'


def _row(r: Row, target: Target | None, words: list[str]) -> str:
    in_row = target is not None and target.paragraph_id in {p.id for p in (r.en, r.zh) if p is not None}
    cells = "".join(_cell(p, lang, target, in_row, words) for p, lang in ((r.en, "en"), (r.zh, "zh")))
    return f'<div class="wpqa-pair">{cells}</div>'


def _cell(p: Paragraph | None, lang: str, target: Target | None, in_row: bool, words: list[str]) -> str:
    if p is None:
        return f'<div class="wpqa-para wpqa-para-missing" lang="{lang}"></div>'
    is_target = target is not None and target.paragraph_id == p.id
    if is_target:
        text = _highlight(p.text, target.start, target.end)  # type: ignore[union-attr]
    else:
        text = _mark_words(p.text, words) if words else escape(p.text)
    extra = ' wpqa-target" tabindex="-1' if is_target else " wpqa-counterpart" if in_row else ""
    return (f'<div class="wpqa-para{extra}" id="{p.id}" lang="{p.lang}">'
            f'<a class="wpqa-pid" href="{escape(link(p.id))}">{p.id}</a> {text}</div>')


def _mark_words(text: str, words: list[str]) -> str:
    """Escaped text with every occurrence of the search words marked (overlaps merged).

    Example: _mark_words("Debt relief & debts", ["debt"]) ->
    '<mark class="wpqa-hit">Debt</mark> relief &amp; <mark class="wpqa-hit">debt</mark>s'
    """
    lower, spans = text.lower(), []
    for w in words:
        at = lower.find(w)
        while at >= 0:
            spans.append((at, at + len(w)))
            at = lower.find(w, at + 1)
    merged: list[list[int]] = []  # [start, end] of each marked run, overlapping or touching spans joined
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    out, pos = [], 0
    for start, end in merged:
        out += [escape(text[pos:start]), f'<mark class="wpqa-hit">{escape(text[start:end])}</mark>']
        pos = end
    return "".join([*out, escape(text[pos:])])


def _highlight(text: str, start: int, end: int) -> str:
    """Example: _highlight("a < b c", 4, 5) -> 'a &lt; <mark class="wpqa-quote">b</mark> c'."""
    if not 0 <= start < end <= len(text):
        return escape(text)
    return f'{escape(text[:start])}<mark class="wpqa-quote">{escape(text[start:end])}</mark>{escape(text[end:])}'


# Both run through gr.HTML(js_on_load=…), Gradio's documented hook that provides `element`, `trigger`
# and `watch`. Why any JavaScript at all: the chat's citation links live inside the Chatbot's HTML,
# which has no click event of its own. LINKS_JS (on an always-mounted, hidden gr.HTML) turns a plain
# left click on one into that component's click event, handled in Python; a middle click or "open in
# new tab" follows the ?p= link instead. SCROLL_JS scrolls the paper to its target once shown.
LINKS_JS = """
document.addEventListener('click', (event) => {
  const a = event.target.closest && event.target.closest('a.wpqa-paper-link');
  if (!a || event.button !== 0 || event.ctrlKey || event.metaKey || event.shiftKey) return;
  event.preventDefault();
  const q = new URL(a.href).searchParams;
  trigger('click', {p: q.get('p') || '', hl: q.get('hl') || ''});
});
"""
SCROLL_JS = """
const show = () => setTimeout(() => {
  const t = element.querySelector('.wpqa-target');
  if (t) { t.scrollIntoView({block: 'center'}); t.focus({preventScroll: true}); }
}, 80);
watch('value', show);
show();
"""

CSS = """
.wpqa-paper details.wpqa-chapter { border-top: 1px solid #d1d5db; padding: .3em 0; }
.wpqa-paper summary h2 { display: inline; font-size: 1.15em; margin: 0; }
.wpqa-paper summary h2 span + span { margin-left: .8em; }
.wpqa-paper h3 { font-size: 1em; margin: .9em 0 .3em; }
.wpqa-paper h3 span + span { margin-left: .8em; }
.wpqa-pair { display: grid; grid-template-columns: 1fr 1fr; gap: 1.2em; padding: .35em 0; border-bottom: 1px dotted #e5e7eb; }
.wpqa-para { line-height: 1.55; overflow-wrap: anywhere; scroll-margin-top: 4em; }
.wpqa-pid { font-family: monospace; font-size: .8em; color: #374151; text-decoration: none; margin-right: .3em; }
.wpqa-target { outline: 3px solid #2563eb; outline-offset: 3px; background: #eff6ff; }
.wpqa-counterpart { outline: 2px dashed #60a5fa; outline-offset: 3px; }
.wpqa-paper mark.wpqa-quote { background: #fde68a; color: #111827; }
.wpqa-paper mark.wpqa-hit { background: #dbeafe; color: #111827; padding: 0 .05em; }
.wpqa-paper-problem { color: #991b1b; }
@media (max-width: 640px) { .wpqa-pair { grid-template-columns: 1fr; gap: .4em; } }
"""
