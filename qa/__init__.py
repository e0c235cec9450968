"""Question answering over the white paper: `answer()` returns an Answer of verified quotes."""

from qa.answer import answer, forget, prepare, ready
from qa.errors import QAError
from qa.types import Answer, Citation, Hit, Related

__all__ = ["Answer", "Citation", "Hit", "QAError", "Related", "answer", "forget", "prepare", "ready"]
