"""A logistic model over named features, stored as JSON, fitted deterministically.

Named features keep a model readable (every weight says what it rewards) and let features be
added later without breaking an older file: a feature the file does not name weighs zero. The
fit is Newton's method on the L2-penalised log-likelihood: no randomness, the same weights for
the same rows on every machine.
"""

from __future__ import annotations

import hashlib
import json
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np


@dataclass(frozen=True)
class LinearModel:
    name: str
    bias: float
    weights: dict[str, float]
    threshold: float = 0.5
    meta: dict[str, object] = field(default_factory=dict)

    def logit(self, features: Mapping[str, float]) -> float:
        x = self.bias
        for k, w in self.weights.items():  # from the bias on, in the file's order
            x += w * float(features.get(k, 0.0))
        return x

    def probability(self, features: Mapping[str, float]) -> float:
        x = self.logit(features)
        return 1.0 / (1.0 + math.exp(-x)) if x > -700 else 0.0

    @property
    def digest(self) -> str:
        """The first 8 hex digits of the sha256 of the weights: changes with any weight."""
        body = json.dumps(
            {"bias": self.bias, "weights": self.weights, "threshold": self.threshold},
            sort_keys=True,
        )
        return hashlib.sha256(body.encode()).hexdigest()[:8]

    @property
    def version(self) -> str:
        """`<name>-<digest>`."""
        return f"{self.name}-{self.digest}"

    def to_json(self) -> dict[str, object]:
        return {
            "name": self.name,
            "bias": self.bias,
            "threshold": self.threshold,
            "weights": dict(sorted(self.weights.items())),
            "meta": self.meta,
        }

    def dump(self, path: Path) -> None:
        path.write_text(json.dumps(self.to_json(), indent=1, sort_keys=False) + "\n")

    @classmethod
    def load(cls, path: Path) -> LinearModel:
        data = json.loads(path.read_text(encoding="utf-8"))
        return cls(
            name=str(data["name"]),
            bias=float(data["bias"]),
            weights={str(k): float(v) for k, v in data["weights"].items()},
            threshold=float(data.get("threshold", 0.5)),
            meta=dict(data.get("meta") or {}),
        )


def fit_logistic(
    rows: Sequence[Mapping[str, float]],
    labels: Sequence[bool],
    *,
    name: str,
    l2: float = 1.0,
    iterations: int = 50,
    unpenalized: Sequence[str] = (),
) -> LinearModel:
    """Fit a logistic model on feature rows (Newton's method, L2 penalty on the weights, not
    on the bias nor on the `unpenalized` features). Features are the union of the rows' keys,
    in sorted order."""
    if not rows:
        raise ValueError("no rows to fit")
    if len(set(labels)) < 2:
        raise ValueError("both classes are needed to fit")
    names = sorted({k for r in rows for k in r})
    x = np.array([[float(r.get(k, 0.0)) for k in names] for r in rows], dtype=np.float64)
    x = np.hstack([np.ones((len(rows), 1)), x])
    y = np.array([1.0 if v else 0.0 for v in labels])
    penalty = np.full(x.shape[1], l2)
    penalty[0] = 1e-6
    for i, k in enumerate(names, 1):
        if k in unpenalized:  # a prior the model starts from, e.g. the rules' own logit
            penalty[i] = 1e-6
    beta = np.zeros(x.shape[1])
    for _ in range(iterations):
        p = 1.0 / (1.0 + np.exp(-np.clip(x @ beta, -35, 35)))
        grad = x.T @ (p - y) + penalty * beta
        hess = (x * (p * (1 - p))[:, None]).T @ x + np.diag(penalty)
        step = np.linalg.solve(hess, grad)
        beta -= step
        if float(np.max(np.abs(step))) < 1e-9:
            break
    return LinearModel(
        name=name,
        bias=round(float(beta[0]), 6),
        weights={k: round(float(b), 6) for k, b in zip(names, beta[1:], strict=True)},
        meta={"rows": len(rows), "positives": int(y.sum()), "l2": l2},
    )
