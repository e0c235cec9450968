"""Loads prompts/*.txt and renders them strictly: a gap or a leftover is an error, never a guess.

Prompts are data people edit, so they are checked like any hand-written file: a
placeholder with no value, a value the template never uses (a placeholder dropped by
mistake would hide the paragraphs from the model), or a stray "$" raises PromptError
naming what is wrong. Values are inserted as they are; "$" inside a value is safe.
"""

from __future__ import annotations

import re
import string

from qa.errors import PromptError
from store.settings import PROMPTS_DIR

_NAME = re.compile(r"[a-z][a-z0-9_]*")


def render(name: str, **values: str) -> str:
    """Example: render("condense", history="- Who pays?", question="And in Africa?") -> the filled prompt."""
    template = _load(name)
    wanted = set(template.get_identifiers())
    missing = sorted(wanted - values.keys())
    if missing:
        raise PromptError(f"prompts/{name}.txt needs: {', '.join(missing)}")
    unused = sorted(values.keys() - wanted)
    if unused:
        raise PromptError(f"prompts/{name}.txt has no placeholder for: {', '.join(unused)}")
    return template.substitute(values)


def _load(name: str) -> string.Template:
    if not _NAME.fullmatch(name):
        raise PromptError(f"{name!r} is not a prompt name (lowercase letters, digits and _)")
    path = PROMPTS_DIR / f"{name}.txt"
    try:
        template = string.Template(path.read_text("utf-8"))
    except (OSError, UnicodeDecodeError) as err:
        raise PromptError(f"prompts/{name}.txt could not be read ({type(err).__name__})") from err
    if not template.is_valid():
        raise PromptError(f"prompts/{name}.txt has a stray '$' (write $$ for a literal dollar sign)")
    return template
