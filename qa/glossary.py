"""The usual words of development finance, and how the English edition writes them instead.

The English edition is a machine translation: it writes "preferential loans" for 优惠贷款 (the
concessional loans of every other text), "complete set projects" for 成套项目 (turnkey projects) and
"exempted" for debts cancelled or forgiven. A question put in the usual words shares no word with the
passage that answers it, so its reading adds the edition's word beside its own. Stems, as content_terms
gives them; the Chinese edition is the original and needs none.
"""

from __future__ import annotations

_EN_RENDERINGS: dict[str, tuple[str, ...]] = {
    "concession": ("preferenti",),  # concessional loans: 优惠贷款, "preferential loans"
    "concess": ("preferenti",),
    "turnkey": ("complet",),  # turnkey projects: 成套项目, "complete set projects"
    "cancel": ("exempt",),  # debt cancellation, forgiveness, waivers: 免除债务, "exempted … debts"
    "forgiv": ("exempt",),
    "forgiven": ("exempt",),
    "waiv": ("exempt",),
    "grant": ("free",),  # grants, grant aid: 无偿援助, "free aid"
}


def with_renderings(terms: list[str] | tuple[str, ...], lang: str) -> tuple[str, ...]:
    """terms, then the English edition's words for those it never uses. Example:
    ("concession", "loan") -> ("concession", "loan", "preferenti")."""
    if lang == "zh":
        return tuple(terms)
    added = [r for t in terms for r in _EN_RENDERINGS.get(t, ()) if r not in terms]
    return (*terms, *dict.fromkeys(added))


# Names the English edition writes otherwise than users do: 新冠肺炎 is "new crown pneumonia" in most of its
# paragraphs and "COVID-19" in one, so a question about COVID-19 named one paragraph of five. Lower case.
_EN_NAME_FORMS: dict[str, tuple[str, ...]] = {
    "covid": ("covid", "new crown", "coronavirus"),
    "coronavirus": ("covid", "new crown", "coronavirus"),
}


def name_forms(name: str) -> tuple[str, ...]:
    """The ways the English edition may write an English name, lower case. Example: "COVID-19" -> ("covid",
    "new crown", "coronavirus"); "Cambodia" -> ()."""
    key = name.lower().split("-")[0].strip()
    return _EN_NAME_FORMS.get(key, ())
