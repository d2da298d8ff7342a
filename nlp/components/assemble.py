"""Add tipwatch's components to a spaCy pipeline, configured for one language.

Importing the component modules registers their factories with spaCy; each component takes
its language by code from its config (`language`), and the case classifier its threshold.
"""

from __future__ import annotations

from spacy.language import Language

from tipwatch.nlp.components import (  # noqa: F401  (importing registers the factories)
    case_classifier,
    charges,
    jurisdiction,
    people,
    status,
    victims,
    zones,
)
from tipwatch.nlp.lang import support_for

PIPES = (
    "tipwatch_zones",
    "tipwatch_people",
    "tipwatch_status",
    "tipwatch_victims",
    "tipwatch_charges",
    "tipwatch_case",
    "tipwatch_jurisdiction",
)


def add_components(
    nlp: Language,
    language: str,
    *,
    case_threshold: float = case_classifier.DEFAULT_THRESHOLD,
) -> None:
    """Append tipwatch's components for `language` after the model's own (idempotent)."""
    if "tipwatch_lines" not in nlp.pipe_names:
        if "parser" in nlp.pipe_names:
            nlp.add_pipe("tipwatch_lines", before="parser")
        else:
            nlp.add_pipe("tipwatch_lines", first=True)
    if (
        support_for(language).zones.breaks_only_at_stops
        and "tipwatch_stop_breaks" not in nlp.pipe_names
    ):
        nlp.add_pipe("tipwatch_stop_breaks", after="tipwatch_lines")
    for name in PIPES:
        if name in nlp.pipe_names:
            continue
        config: dict[str, object] = {"language": language}
        if name == "tipwatch_case":
            config["threshold"] = case_threshold
        nlp.add_pipe(name, last=True, config=config)
