"""Prefect flows: the only place that knows the order of tipwatch's stages."""

import os

# tipwatch runs offline and never phones home: Prefect's ephemeral server would otherwise try to
# send usage telemetry (and log an error on machines without internet).
os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
