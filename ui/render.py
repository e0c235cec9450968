"""Answer -> HTML for the chat: linked [n] markers, source cards with the quote highlighted.

Pure functions, no Gradio: the app only places the returned strings. Every piece of
user or source text goes through html.escape() before any markup is put around it,
so a question or paragraph containing "<script>" is shown as text, never run.
The output has no blank lines and no Markdown, so it reads the same whether or not
the chatbot parses Markdown.
"""

from __future__ import annotations

import re
from html import escape

from qa.outcome import not_found_text
from qa.script import to_traditional
from qa.types import Answer, Citation, Related
from ui.export import reference
from ui.paper import link as paper_link

_MARKER = re.compile(r"\[(\d+)\]")

# label -> (English, Chinese); chosen by the answer's language (the question's), never by a quote's:
# an English answer that quotes the Chinese original still labels its card in English
_LABELS = {
    "sources": ("Sources", "来源"),
    "related": ("Related passages (they do not answer the question)", "相关段落（并未回答这个问题）"),
    "aligned_zh": ("Chinese original", "中文原文"),
    "aligned_en": ("English translation", "英文译文"),
    "sentence_zh": ("Chinese original of this sentence", "中文原句"),
    "sentence_en": ("English translation of this sentence", "对应英文译句"),
    "generative": ("Generative answer (language model; quotes verified)", "生成式回答（语言模型；引文已核对）"),
    "extractive": ("Quoted answer", "引文回答"),
    "answered": ("Answered", "已回答"),
    "partial": ("Partial: the paper discusses this, but not the fact asked", "部分回答：白皮书谈到这一话题，但没有给出所问的内容"),
    "not_found": ("Not found in the paper", "白皮书中没有找到"),
    "open_paper": ("Open in the paper", "在全文中查看"),
    "copy": ("Copy citation", "复制引用"),
}
_STATUS_ICONS = {"answered": "✓", "partial": "◐", "not_found": "⊘"}


def label(key: str, lang: str) -> str:
    english, chinese = _LABELS[key]
    if lang == "zh-Hant":
        return to_traditional(chinese)
    return chinese if lang == "zh" else english


def card_id(prefix: str, n: int) -> str:
    """Example: card_id("t3", 2) -> "wpqa-t3-src-2" (unique per turn, so links never cross answers)."""
    return f"wpqa-{prefix}-src-{n}"


def render_answer(answer: Answer, prefix: str = "a") -> str:
    """Answer -> one HTML block: the text (or abstention), notice, footer line, then sources or related."""
    lang = f' lang="{_lang(answer.edition)}"'  # so a screen reader reads a Chinese answer with a Chinese voice
    if answer.mode == "message":
        return f'<div class="wpqa-answer wpqa-message"{lang}>{escape(answer.text)}</div>'
    parts = [_status(answer), _abstention(answer) if answer.abstained else _text(answer, prefix)]
    if answer.notice:
        parts.append(f'<p class="wpqa-notice">{escape(answer.notice)}</p>')
    parts.append(_footer(answer))
    if answer.citations:
        parts.append(_sources(answer.citations, answer.lang, prefix))
    if answer.related:
        parts.append(_related(answer.related, answer.lang))
    return f'<div class="wpqa-answer wpqa-{answer.mode} wpqa-is-{answer.status}"{lang}>{"".join(parts)}</div>'


def render_text(text: str, numbers: set[int], prefix: str) -> str:
    """Escaped text with each known [n] linked to its card.

    Example: render_text("a < b [1]", {1}, "t") ->
    'a &lt; b <a class="wpqa-cite" href="#wpqa-t-src-1">[1]</a>'
    """

    def link(match: re.Match[str]) -> str:
        n = int(match.group(1))
        if n not in numbers:
            return match.group(0)
        return f'<a class="wpqa-cite" href="#{card_id(prefix, n)}">[{n}]</a>'

    return _MARKER.sub(link, escape(text))


def highlight(paragraph: str, start: int, end: int) -> str:
    """Escaped paragraph with [start:end] inside <mark>; escaped slice by slice so offsets stay true.

    Example: highlight("x < y and z", 4, 5) -> 'x &lt; <mark>y</mark> and z'
    """
    if not 0 <= start < end <= len(paragraph):
        return escape(paragraph)  # subtle: a span we cannot place is not highlighted anywhere
    before, inside, after = paragraph[:start], paragraph[start:end], paragraph[end:]
    return f"{escape(before)}<mark>{escape(inside)}</mark>{escape(after)}"


def _text(answer: Answer, prefix: str) -> str:
    numbers = {c.n for c in answer.citations}
    return f'<p class="wpqa-text">{render_text(answer.text, numbers, prefix)}</p>'


def _status(answer: Answer) -> str:
    """Example: '<p class="wpqa-status wpqa-status-partial"><span aria-hidden="true">◐</span> Partial: …</p>'"""
    icon = _STATUS_ICONS.get(answer.status, "")
    return (f'<p class="wpqa-status wpqa-status-{answer.status}"><span aria-hidden="true">{icon}</span> '
            f"{escape(label(answer.status, answer.lang))}</p>")


def _abstention(answer: Answer) -> str:
    text = answer.text or not_found_text("zh" if answer.edition == "zh" else "en", related=False)
    return f'<div class="wpqa-abstain" role="note"><strong>⊘</strong> {escape(text)}</div>'


def _footer(answer: Answer) -> str:
    """Example: '<p class="wpqa-meta"><small>Quoted answer · 0.42 s</small></p>' (no label on abstentions)."""
    mode = label("generative" if answer.mode == "generative" else "extractive", answer.lang)
    seconds = f"{answer.latency_ms / 1000:.2f} s"
    shown = f"{mode} · {seconds}" if answer.citations else seconds
    return f'<p class="wpqa-meta"><small>{escape(shown)}</small></p>'


def _sources(citations: tuple[Citation, ...], lang: str, prefix: str) -> str:
    cards = "".join(_card(c, prefix, is_first=i == 0, reader=lang) for i, c in enumerate(citations))
    return f'<div class="wpqa-sources"><h2>{label("sources", lang)}</h2>{cards}</div>'


def _card(c: Citation, prefix: str, is_first: bool, reader: str = "") -> str:
    """One source card; reader is the answer's language, which every label follows (c.lang if unset)."""
    reader = reader or c.lang
    start, end = (c.start, c.end) if c.paragraph_text[c.start:c.end] == c.quote else _locate(c)
    body = f'<p class="wpqa-paragraph" lang="{_lang(c.lang)}">{highlight(c.paragraph_text, start, end)}</p>'
    return (f'<details class="wpqa-card" id="{card_id(prefix, c.n)}"{" open" if is_first else ""}>'
            f'<summary><b>[{c.n}]</b> {escape(c.path)} <code>{escape(c.paragraph_id)}</code></summary>'
            f"{body}{traditional_rendering(c)}{bilingual(c, reader)}{_aligned(c, reader)}"
            f"{_actions(c, reader)}</details>")


HANT_LABEL = "機器轉換為繁體，非引文 · machine conversion, not a quote"


def traditional_rendering(c: Citation) -> str:
    """The quote in Traditional characters under the paragraph, labelled as a machine conversion; "" if none.

    Example: (quote_hant="中國派出醫療隊") -> '<p class="wpqa-hant" lang="zh-Hant"><small>機器轉換…</small>
    <br>中國派出醫療隊</p>'
    """
    if not c.quote_hant:
        return ""
    return (f'<p class="wpqa-hant" lang="zh-Hant"><small>{escape(HANT_LABEL)}</small><br>'
            f"{escape(c.quote_hant)}</p>")


def _actions(c: Citation, reader: str = "") -> str:
    """"Open in the paper" (the paper tab at this paragraph, quote highlighted) and "Copy citation",
    labelled in the reader's language (the answer's; c.lang if unset)."""
    reader = reader or c.lang
    start, end = _locate(c) if c.paragraph_text[c.start:c.end] != c.quote else (c.start, c.end)
    ref = escape(reference(c))
    return (f'<p class="wpqa-actions"><a class="wpqa-paper-link" href="{escape(paper_link(c.paragraph_id, start, end))}" '
            f'target="_blank" rel="noopener">{label("open_paper", reader)}</a> '
            f'<button type="button" class="wpqa-copy" title="{ref}">'
            f'{label("copy", reader)}</button></p>')


def _locate(c: Citation) -> tuple[int, int]:
    """Where the quote really is, if the offsets disagree with it; (0, 0) = nowhere (no highlight)."""
    at = c.paragraph_text.find(c.quote) if c.quote else -1
    return (at, at + len(c.quote)) if at >= 0 else (0, 0)


def _aligned(c: Citation, reader: str = "") -> str:
    """The other edition's whole paragraph, collapsed, headed in the reader's language (c.lang if unset)."""
    if not c.aligned or not c.aligned.get("text"):
        return ""
    other = c.aligned.get("lang", "zh" if c.lang == "en" else "en")
    title = label("aligned_zh" if other == "zh" else "aligned_en", reader or c.lang)
    return (f'<details class="wpqa-aligned"><summary>{title}</summary>'
            f'<p lang="{_lang(other)}">{escape(c.aligned["text"])}</p></details>')


def bilingual(c: Citation, reader: str = "") -> str:
    """The other edition's sentence under the quote, each differing figure or name in <mark>, and one
    warning line per discrepancy; "" when the quote has no aligned sentence.

    Example (an English quote saying "more than 300 farmers"): '<div class="wpqa-bilingual">…
    <p lang="zh">…<mark class="wpqa-differs">3万多</mark>名农民受益。</p><p class="wpqa-discrepancy"
    role="note">⚠ The Chinese original gives 3万多 (more than 30,000) where this translation says 300.</p></div>'
    """
    s = c.aligned_sentence
    if not s or not s.get("text"):
        return ""
    other = s.get("lang", "zh" if c.lang == "en" else "en")
    key = "zh_mark" if other == "zh" else "en_mark"
    spans = [(a - s["start"], b - s["start"]) for d in c.discrepancies if d.get(key) for a, b in [d[key]]]
    reader = reader or c.lang  # the answer's language: "en", "zh" or "zh-Hant"
    warn_lang = "zh" if reader.startswith("zh") else "en"
    warnings = "".join(f'<p class="wpqa-discrepancy" role="note">⚠ {escape(_warning(d, warn_lang))}</p>'
                       for d in c.discrepancies)
    title = label("sentence_zh" if other == "zh" else "sentence_en", reader)
    return (f'<div class="wpqa-bilingual"><small>{title}</small>'
            f'<p lang="{_lang(other)}">{mark_spans(s["text"], spans)}</p>{warnings}</div>')


def mark_spans(text: str, spans: list[tuple[int, int]]) -> str:
    """Escaped text with each (start, end) inside <mark class="wpqa-differs">; spans outside or
    overlapping an earlier one are left out. Example: mark_spans("a<b c", [(2, 3)]) -> 'a&lt;<mark …>b</mark> c'"""
    out, at = [], 0
    for a, b in sorted(spans):
        if not at <= a < b <= len(text):
            continue
        out += [escape(text[at:a]), f'<mark class="wpqa-differs">{escape(text[a:b])}</mark>']
        at = b
    return "".join([*out, escape(text[at:])])


def _warning(d: dict, lang: str) -> str:
    return (d.get("warning_zh") if lang == "zh" else d.get("warning")) or ""


def _related(related: tuple[Related, ...], lang: str) -> str:
    """Passages offered after an abstention; labelled in the answer's language, like the cards."""
    items = "".join(
        f'<details class="wpqa-related-item"><summary>{escape(r.path)} <code>{escape(r.paragraph_id)}</code>'
        f'</summary><p lang="{_lang(r.lang)}">{escape(r.text)}</p>'
        f'<p class="wpqa-actions"><a class="wpqa-paper-link" href="{escape(paper_link(r.paragraph_id))}" '
        f'target="_blank" rel="noopener">{label("open_paper", lang)}</a></p></details>'
        for r in related
    )
    return f'<div class="wpqa-related"><h2>{label("related", lang)}</h2>{items}</div>'


def _lang(code: str) -> str:
    return "zh" if code == "zh" else "en"


CSS = """
.wpqa-abstain { border-left: 4px solid #b45309; background: #fffbeb; color: #78350f; padding: .5em .75em; font-style: italic; }
.wpqa-notice { border-left: 4px solid #2563eb; background: #eff6ff; padding: .4em .75em; font-size: .9em; }
.wpqa-meta { color: #6b7280; margin: .2em 0; }
.wpqa-sources h2, .wpqa-related h2 { margin: .6em 0 .3em; font-size: 1em; }
.wpqa-card, .wpqa-related-item { border: 1px solid #e5e7eb; border-radius: 6px; padding: .3em .6em; margin: .3em 0; }
.wpqa-related-item { border-style: dashed; color: #4b5563; }
.wpqa-card mark { background: #fde68a; padding: 0 .1em; }
.wpqa-aligned { margin: .3em 0 .2em 1em; color: #374151; }
.wpqa-cite { text-decoration: none; font-weight: 600; }
.wpqa-message { color: #6b7280; }
.wpqa-status { font-size: .85em; font-weight: 600; margin: 0 0 .3em; }
.wpqa-status-answered { color: #166534; }
.wpqa-status-partial { color: #92400e; }
.wpqa-status-not_found { color: #78350f; }
.wpqa-is-partial .wpqa-text { border-left: 4px dashed #d97706; padding-left: .6em; }
.wpqa-actions { margin: .3em 0 .1em; font-size: .9em; }
.wpqa-actions a, .wpqa-actions button { margin-right: .8em; }
a.wpqa-cite:focus-visible, .wpqa-card summary:focus-visible, .wpqa-actions a:focus-visible, .wpqa-copy:focus-visible,
.wpqa-paper a:focus-visible, .wpqa-paper summary:focus-visible { outline: 3px solid #1d4ed8; outline-offset: 2px; border-radius: 2px; }
.wpqa-copy { border: 1px solid #6b7280; border-radius: 4px; padding: .1em .5em; background: #fff; color: #1f2937; cursor: pointer; }
.wpqa-hant { border-left: 3px dashed #9ca3af; padding: .2em .6em; margin: .3em 0; color: #374151; }
.wpqa-hant small { color: #6b7280; font-style: italic; }
.wpqa-bilingual { margin: .3em 0 .2em 1em; padding: .2em .5em; border-left: 3px solid #d1d5db; color: #374151; }
.wpqa-bilingual mark.wpqa-differs { background: #fecaca; padding: 0 .1em; }
.wpqa-discrepancy { border-left: 4px solid #dc2626; background: #fef2f2; color: #7f1d1d; padding: .3em .6em; margin: .2em 0; font-size: .9em; }
"""
