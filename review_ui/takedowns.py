"""Review UI pages: takedowns (registered by `create_app`)."""

from __future__ import annotations

from fastapi import FastAPI

from review_ui.deps import Ui


def register(app: FastAPI, ui: Ui) -> None:
    """Add this module's routes to `app`."""
