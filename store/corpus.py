"""The paper as data: both source files cleaned, split into paragraphs and aligned.

This is the one place that reads store/texts/; everything after it works on Paragraphs.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import lru_cache

from store.align import Alignment, align, apply
from store.clean import Cleaned, clean
from store.paragraphs import Paragraph, build_paragraphs
from store.settings import TEXTS_DIR

PARSER_VERSION = "wpqa-parser/1"  # bump when parsing changes what is stored
SOURCES = {"en": "000_cc480c5c94e61b4c.txt", "zh": "001_63b33642533dba16.txt"}


@dataclass(frozen=True)
class Corpus:
    cleaned: dict[str, Cleaned]  # lang -> what clean() kept and dropped
    paragraphs: dict[str, list[Paragraph]]  # lang -> paragraphs in reading order
    alignment: Alignment
    source_sha: str  # sha256 over both source files

    def by_id(self) -> dict[str, Paragraph]:
        return {p.id: p for ps in self.paragraphs.values() for p in ps}

    def all(self) -> list[Paragraph]:
        return [*self.paragraphs["en"], *self.paragraphs["zh"]]


def read_source(lang: str) -> str:
    return (TEXTS_DIR / SOURCES[lang]).read_text(encoding="utf-8")


def source_sha() -> str:
    digest = hashlib.sha256()
    for lang in sorted(SOURCES):
        digest.update((TEXTS_DIR / SOURCES[lang]).read_bytes())
    return digest.hexdigest()


@lru_cache(maxsize=1)
def load_corpus() -> Corpus:
    cleaned = {lang: clean(read_source(lang), lang) for lang in SOURCES}
    parsed = {lang: build_paragraphs(cleaned[lang].kept, lang) for lang in SOURCES}
    alignment = align(parsed["en"], parsed["zh"])
    en, zh = apply(parsed["en"], parsed["zh"], alignment)
    return Corpus(cleaned, {"en": en, "zh": zh}, alignment, source_sha())


def paragraphs(lang: str | None = None) -> list[Paragraph]:
    """All paragraphs of one edition ("en" / "zh"), or of both, in reading order."""
    corpus = load_corpus()
    if lang is None:
        return corpus.all()
    if lang not in corpus.paragraphs:
        raise ValueError(f"unknown language {lang!r}: use 'en' or 'zh'")
    return list(corpus.paragraphs[lang])
