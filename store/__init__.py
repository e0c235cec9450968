"""The white paper as clean, aligned, embedded paragraphs in Chroma."""

from store.corpus import load_corpus, paragraphs
from store.paragraphs import Paragraph
from store.settings import Settings

__all__ = ["Paragraph", "Settings", "load_corpus", "paragraphs"]
