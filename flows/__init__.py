"""Prefect flows: the only place that knows the order of tipwatch's stages."""

import os

# tipwatch runs offline and never phones home: Prefect's ephemeral server would otherwise try to
# send usage telemetry (and log an error on machines without internet).
os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
# The temporary Prefect server a command starts must come up on a loaded 2-core machine too
# (Prefect's default wait, 20 s, ran out under load: "Timed out while attempting to connect to
# ephemeral Prefect API server"); a persistent server makes this moot.
os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "120")
