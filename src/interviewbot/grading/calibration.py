"""Map feature vectors to a 0-100 score with a logistic model stored as JSON (numpy only).

The model is fitted on SemEval-2013 train, whose references are one sentence each. Interview
references are paragraphs, and there a correct answer states the essential point rather than
every word of the reference: a small shift of the logit, fitted on interview answers
(``eval/grading_tune.jsonl``) on top of the SemEval model and shrunk towards zero, is
phased in as the references grow from sentence to paragraph length (:class:`DomainShift`).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from interviewbot.errors import InterviewbotError
from interviewbot.grading.features import DEFAULT_KP_THRESHOLD, FEATURE_NAMES
from interviewbot.grading.support import SUPPORT_NAMES

CALIBRATION_PATH = Path(__file__).with_name("calibration.json")


def ramp_weight(reference_words: float | np.ndarray, ramp: tuple[float, float]) -> np.ndarray:
    """How much of the domain shift applies: 0 up to ``ramp[0]`` mean content words per
    reference, 1 from ``ramp[1]``, linear between (element-wise)."""
    lo, hi = ramp
    return np.clip((np.asarray(reference_words, dtype=np.float64) - lo) / (hi - lo), 0.0, 1.0)


@dataclass(frozen=True)
class DomainShift:
    """``z += ramp(reference words) * (w . standardized[features] + b)``: zero for references
    of at most ``ramp[0]`` content words (SemEval's are 7 at the median), full from
    ``ramp[1]`` (the bank's are 45)."""

    features: tuple[str, ...]
    coef: np.ndarray
    intercept: float
    ramp: tuple[float, float]
    meta: dict

    def weight(self, reference_words: float | np.ndarray) -> np.ndarray:
        """0 up to ``ramp[0]``, 1 from ``ramp[1]``, linear between; element-wise."""
        return ramp_weight(reference_words, self.ramp)

    def to_json(self) -> dict:
        return {"features": list(self.features), "coef": self.coef.tolist(),
                "intercept": self.intercept, "ramp": list(self.ramp), "meta": self.meta}

    @classmethod
    def from_json(cls, data: dict) -> DomainShift:
        unknown = set(data["features"]) - set(FEATURE_NAMES) - set(SUPPORT_NAMES)
        if unknown:
            raise InterviewbotError(f"grading domain shift uses unknown features {sorted(unknown)}"
                                    "; re-run scripts/fit_grading.py")
        return cls(tuple(data["features"]), np.asarray(data["coef"], dtype=np.float64),
                   float(data["intercept"]), (float(data["ramp"][0]), float(data["ramp"][1])),
                   dict(data.get("meta", {})))


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
    shift: DomainShift | None = None

    def standardized(self, values: np.ndarray) -> np.ndarray:
        return (np.asarray(values, dtype=np.float64) - self.mean) / self.scale

    def logit(self, values: np.ndarray, reference_words: float | np.ndarray = 0.0,
              support: np.ndarray | None = None) -> np.ndarray:
        """The SemEval model's logit, plus the domain shift for paragraph-long references.
        ``values``: one feature vector or a matrix of them (rows); ``support``: the
        SUPPORT_NAMES values (same rows; zeros if None), which the shift reads unstandardized."""
        z = self.standardized(values)
        out = z @ self.coef + self.intercept
        if self.shift is not None:
            if support is None:
                support = np.zeros((*z.shape[:-1], len(SUPPORT_NAMES)))
            cols = np.concatenate([z, np.asarray(support, dtype=np.float64)], axis=-1)
            idx = [(*FEATURE_NAMES, *SUPPORT_NAMES).index(n) for n in self.shift.features]
            ramp = self.shift.weight(reference_words)
            out = out + ramp * (cols[..., idx] @ self.shift.coef + self.shift.intercept)
        return out

    def probability(self, values: np.ndarray, reference_words: float | np.ndarray = 0.0,
                    support: np.ndarray | None = None):
        return 1.0 / (1.0 + np.exp(-self.logit(values, reference_words, support)))

    def score(self, values: np.ndarray, reference_words: float = 0.0,
              support: np.ndarray | None = None) -> int:
        return int(round(100.0 * float(self.probability(values, reference_words, support))))

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
            **({"domain_shift": self.shift.to_json()} if self.shift else {}),
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
            shift=DomainShift.from_json(data["domain_shift"]) if "domain_shift" in data else None,
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
