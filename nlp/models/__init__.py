"""Trained weights shipped with tipwatch (JSON, written by `tipwatch train`)."""

from pathlib import Path

MODELS = Path(__file__).resolve().parent
