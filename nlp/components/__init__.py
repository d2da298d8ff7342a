"""tipwatch's spaCy components, one concern per module, registered with @Language.factory."""

from __future__ import annotations

from spacy.language import Language

from tipwatch.nlp.components import (  # noqa: F401  (importing registers the factories)
    base,
    case_classifier,
    charges,
    jurisdiction,
    people,
    status,
    victims,
    zones,
)

PIPES = (
    "tipwatch_zones",
    "tipwatch_people",
    "tipwatch_status",
    "tipwatch_victims",
    "tipwatch_charges",
    "tipwatch_case",
    "tipwatch_jurisdiction",
)


def add_components(nlp: Language) -> None:
    """Append tipwatch's components after the model's own (idempotent)."""
    if "tipwatch_lines" not in nlp.pipe_names:
        if "parser" in nlp.pipe_names:
            nlp.add_pipe("tipwatch_lines", before="parser")
        else:
            nlp.add_pipe("tipwatch_lines", first=True)
    for name in PIPES:
        if name not in nlp.pipe_names:
            nlp.add_pipe(name, last=True)
