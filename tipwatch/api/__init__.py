"""The screening API for due-diligence providers (top layer): `create_api(store)` builds the
application the review UI mounts at /api/v1. Authentication by API key only."""

from tipwatch.api.app import create_api

__all__ = ["create_api"]
