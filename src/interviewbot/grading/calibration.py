"""Map feature vectors to a 0-100 score with a logistic model stored as JSON (numpy only)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from interviewbot.errors import InterviewbotError
from interviewbot.grading.features import DEFAULT_KP_THRESHOLD, FEATURE_NAMES

CALIBRATION_PATH = Path(__file__).with_name("calibration.json")


@dataclass(frozen=True)
class Calibration:
    """Standardize, weight, squash: ``score = round(100 * sigmoid(w . (x - mean) / scale + b))``."""

    feature_names: tuple[str, ...]
    mean: np.ndarray
    scale: np.ndarray
    coef: np.ndarray
    intercept: float
    threshold: float  # default pass mark on the 0-100 scale
    meta: dict
    kp_threshold: float = DEFAULT_KP_THRESHOLD  # a key point is covered at or above this

    def probability(self, values: np.ndarray) -> np.ndarray:
        z = ((np.asarray(values, dtype=np.float64) - self.mean) / self.scale) @ self.coef
        return 1.0 / (1.0 + np.exp(-(z + self.intercept)))

    def score(self, values: np.ndarray) -> int:
        return int(round(100.0 * float(self.probability(values))))

    def to_json(self) -> dict:
        return {
            "feature_names": list(self.feature_names),
            "mean": self.mean.tolist(),
            "scale": self.scale.tolist(),
            "coef": self.coef.tolist(),
            "intercept": self.intercept,
            "threshold": self.threshold,
            "kp_threshold": self.kp_threshold,
            "meta": self.meta,
        }

    @classmethod
    def from_json(cls, data: dict) -> Calibration:
        names = tuple(data["feature_names"])
        if names != FEATURE_NAMES:
            raise InterviewbotError(
                "grading calibration was fitted on other features; "
                "re-run scripts/fit_grading.py"
            )
        return cls(
            feature_names=names,
            mean=np.asarray(data["mean"], dtype=np.float64),
            scale=np.asarray(data["scale"], dtype=np.float64),
            coef=np.asarray(data["coef"], dtype=np.float64),
            intercept=float(data["intercept"]),
            threshold=float(data["threshold"]),
            meta=dict(data.get("meta", {})),
            kp_threshold=float(data.get("kp_threshold", DEFAULT_KP_THRESHOLD)),
        )


@lru_cache(maxsize=4)
def load_calibration(path: str | None = None) -> Calibration:
    """The packaged calibration (or one at ``path``)."""
    p = Path(path) if path else CALIBRATION_PATH
    try:
        data = json.loads(p.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise InterviewbotError(
            f"cannot read grading calibration {p}: {exc}; re-run scripts/fit_grading.py"
        ) from exc
    return Calibration.from_json(data)
