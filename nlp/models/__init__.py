"""Trained weights shipped with tipwatch (JSON, written by `tipwatch train`).

`TIPWATCH_MODELS_DIR` points the extractor at other weights (to compare a new training run
before it replaces these); a model missing there falls back to its hand-set version.
"""

import os
from pathlib import Path

MODELS = Path(os.environ.get("TIPWATCH_MODELS_DIR") or Path(__file__).resolve().parent)
