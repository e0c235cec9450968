"""The one settings object, and the only reader of WPQA_* environment variables.

Entry points (CLI, `qa.answer`, the Gradio app, the eval runner) call
`Settings.from_env()` once; everything below them takes plain arguments.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, fields, replace
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parent.parent
TEXTS_DIR = Path(__file__).resolve().parent / "texts"
PROMPTS_DIR = PROJECT_DIR / "prompts"


# How dense and BM25 rankings are combined: LlamaIndex's fusion modes, or one retriever alone.
FUSION_MODES = ("relative_score", "dist_based_score", "reciprocal_rerank", "dense", "bm25")


class SettingsError(ValueError):
    """A WPQA_* variable holds a value that cannot be used; the message names it."""


@dataclass(frozen=True)
class Settings:
    store_dir: Path = PROJECT_DIR / ".wpqa" / "store"
    chroma_url: str | None = None  # set -> Chroma server (HttpClient) instead of embedded
    collection: str = "wpqa"  # prefix of the Chroma collection names
    top_k: int = 8  # paragraphs handed from retrieval to the answerer
    # the same for a broad question ("What has China done in Cambodia?"): its passages are spread over a
    # section or the paper, and eight paragraphs missed most of those it should quote. Chosen on dev
    # (`WPQA_BROAD_TOP_K=k wpqa eval --split dev`, stop 40): 8, 12, 16, 20, 24, 32 gave 476, 478, 480, 478,
    # 479, 479 of 543 right (broad questions 22, 23, 25, 24, 24, 24 of 35)
    broad_top_k: int = 16
    fusion_mode: str = "relative_score"  # one of FUSION_MODES
    # the dense ranking's share in relative-score fusion (BM25 has the rest). Measured on dev (
    # `WPQA_DENSE_WEIGHT=w python -m eval.tune --out F && WPQA_DENSE_WEIGHT=w WPQA_SCORING_PATH=F wpqa eval
    # --split dev`): 0.4 gave the same 225 of 278 dev items right as 0.5 and a lower hit@1 (0.78 against
    # 0.81 over all items), 0.3-0.8 for standalone dev questions hit@1 0.885, 0.915, 0.892, 0.892, 0.869, 0.831
    dense_weight: float = 0.5
    # a follow-up's earlier questions' weight in its search vector, its own being 1 (qa.answer's
    # thread_vector). Chosen on dev (`WPQA_THREAD_WEIGHT=w python -m eval.tune`, its dev objective): 0.25,
    # 0.5, 0.75, 1.0 gave 0.8245, 0.8245, 0.8182, -0.23 (hedging too much); `wpqa eval --split dev` at the
    # committed scorer: 264, 264, 263, 261 of 319 (out of fold at 0.5: 257, as before)
    thread_weight: float = 0.5
    max_question_chars: int = 2000
    llm_url: str | None = None  # OpenAI-compatible endpoint; set -> generative answers
    llm_model: str = "local-model"
    llm_api_key: str = "not-needed"
    llm_timeout_s: float = 30.0
    llm_context_tokens: int = 3000  # token budget for paragraphs packed into the prompt
    embed_threads: int | None = None
    scoring_path: str | None = None  # fitted scorer parameters; None -> qa/scoring.json (eval.tune writes it)
    answer_cache: bool = True  # recent answers (store.caches.ANSWERS) and query vectors (QUERIES) kept

    @classmethod
    def from_env(cls, env: dict[str, str] | None = None, **overrides: object) -> Settings:
        """Defaults, then WPQA_<FIELD> variables (e.g. WPQA_STORE_DIR), then explicit overrides."""
        env = dict(os.environ if env is None else env)
        values: dict[str, object] = {}
        for f in fields(cls):
            raw = env.get(f"WPQA_{f.name.upper()}")
            if raw is None or raw.strip() == "":
                continue
            values[f.name] = _convert(f.name, raw.strip(), f.default)
        return replace(cls(**values), **overrides)  # type: ignore[arg-type]

    @property
    def location(self) -> str:
        """Where the store lives, as a person would want to read it."""
        return self.chroma_url or str(self.store_dir)


def _convert(name: str, raw: str, default: object) -> object:
    try:
        if name == "store_dir":
            return Path(raw).expanduser()
        if isinstance(default, bool):
            return raw.lower() in {"1", "true", "yes", "on"}
        if isinstance(default, int) or name == "embed_threads":
            return int(raw)
        value = float(raw) if isinstance(default, float) else None
    except ValueError as err:
        raise SettingsError(f"WPQA_{name.upper()}={raw!r} is not a valid number") from err
    if name == "dense_weight" and value is not None and not 0.0 <= value <= 1.0:
        raise SettingsError(f"WPQA_DENSE_WEIGHT={raw!r}: a share between 0 and 1")
    if value is not None:
        return value
    if name == "fusion_mode" and raw not in FUSION_MODES:
        raise SettingsError(f"WPQA_FUSION_MODE={raw!r}: choose one of {', '.join(FUSION_MODES)}")
    return raw
