"""Writes qa/lemmas.json: the English word forms whose dictionary forms the answerer reads, from lemminflect.

    python -m eval.lemmas            # writes qa/lemmas.json
    python -m eval.lemmas --check    # fails if the committed file is not what lemminflect's tables give

The outcome model's `absent` share counts a question's word by its lemmas too ("done" is do, "poorer" is
poor: qa.text.lemmas). lemminflect's lookup holds 70,000 forms and costs 34 MB and 0.2 s in every process
that loads it; the answerer needs only the forms a stemmer can return whose lemmas say something the stem
does not (a lemma with another stem, or a question word), 2,482 of them. So they are read out here, at
build time, as the acronyms and the scorer's weights are, and the answerer reads the small file.
"""

from __future__ import annotations

import argparse
import json
import sys

from qa.text import EN_STOP, LEMMAS_PATH, stem

FORMAT = "wpqa-lemmas/1"


def table() -> dict[str, list[str]]:
    """form -> its lemmas other than itself, for each form that is the stem of a word lemminflect knows (a
    question's word is looked up by its stem: "willingness" as willing, whose lemma is will, a question word)
    and whose lemmas add to its stem."""
    from lemminflect import Inflections, Lemmatizer, getAllLemmas  # build time only

    lemmatizer, inflections = Lemmatizer(), Inflections()
    forms = {f.lower() for f in (*lemmatizer._getLemmaDict(), *lemmatizer._getOverridesDict())}
    words = set(forms)
    for table_ in (lemmatizer._getLemmaDict(), inflections._getInflDict()):
        words |= {w.lower() for key, by_pos in table_.items() for found in by_pos.values() for w in (key, *found)}
    stems = {stem(w) for w in words}
    out = {}
    for form in sorted(forms):
        if form not in stems:
            continue
        lemmas = list(dict.fromkeys(lemma.lower() for found in getAllLemmas(form).values() for lemma in found
                                    if lemma.lower() != form))
        if lemmas and any(stem(lemma) != form or lemma in EN_STOP for lemma in lemmas):
            out[form] = lemmas
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m eval.lemmas", description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="compare with qa/lemmas.json, write nothing")
    args = parser.parse_args(argv)
    from importlib.metadata import version

    forms = table()
    if args.check:
        same = LEMMAS_PATH.exists() and json.loads(LEMMAS_PATH.read_text("utf-8"))["forms"] == forms
        print("qa/lemmas.json is what lemminflect gives" if same else f"{LEMMAS_PATH} differs from lemminflect's tables")
        return 0 if same else 1
    LEMMAS_PATH.write_text(json.dumps({"format": FORMAT, "command": "python -m eval.lemmas",
                                       "lemminflect": version("lemminflect"), "forms": forms},
                                      ensure_ascii=False, indent=0) + "\n", "utf-8")
    print(f"wrote {LEMMAS_PATH}: {len(forms)} forms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
