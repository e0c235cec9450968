"""The fixed dev/test split: every item's side follows from its id alone, for ever.

Everything that is tuned (weights, thresholds, word lists, question kinds) is fitted on dev;
test is only measured. The rule is a hash, so no one chooses sides and adding items never
moves an old one:

    side(id) = "test" if int(sha256(id)[:8], 16) % 5 < 2 else "dev"     (about 40 % test)

A conversation is one item (one id), so its turns never straddle the split.
"""

from __future__ import annotations

import hashlib

SPLITS = ("dev", "test", "all")


def side(item_id: str) -> str:
    """Example: side("en-001") -> "dev" or "test", the same on every machine and in every run."""
    digest = hashlib.sha256(item_id.encode("utf-8")).hexdigest()
    return "test" if int(digest[:8], 16) % 5 < 2 else "dev"


def in_split(item_id: str, split: str) -> bool:
    if split not in SPLITS:
        raise ValueError(f"unknown split {split!r}: one of {', '.join(SPLITS)}")
    return split == "all" or side(item_id) == split
