"""The retriever's fitted knobs and the packaged file they are read from.

``RetrievalParams`` in, nothing else: fusion weights, the confidence model, the abstention
and suggestion thresholds, the near-identical rule and the follow-up length limit. The
packaged values live in ``data/retrieval_params.json``, written by
``scripts/eval_retrieval.py --fit``.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field, fields
from importlib import resources

import numpy as np

FEATURES = ("fused", "margin", "dense_question", "lexical_question", "known")
SIGNALS = ("dense_question", "dense_answer", "lexical_question", "lexical_answer", "dense_centroid")


@dataclass(frozen=True)
class RetrievalParams:
    """Knobs of the retriever, fitted on the dev set (never on the held-out test set).

    The packaged values live in ``data/retrieval_params.json`` and are written by
    ``scripts/eval_retrieval.py --fit``.
    """

    w_dense_question: float = 0.55
    w_dense_answer: float = 0.15
    w_lexical_question: float = 0.2
    w_lexical_answer: float = 0.1
    w_dense_centroid: float = 0.0
    coef: tuple[float, ...] = (6.0, 4.0, 4.0, 2.0, 2.0)
    bias: float = -7.0
    abstain_below: float = 0.5
    suggest_above: float = 0.2
    duplicate_cosine: float = 0.8
    duplicate_overlap: float = 0.75
    follow_up_words: int = 12
    # A follow-up read with the previous question gets the question already shown again
    # ("its applications?" after "what is transfer learning") when, with that question left
    # out, the best other one scores below keep_shown_below times its score (0: never).
    keep_shown_below: float = 0.0
    # A follow-up that leans only by its opening ("and what are the drawbacks?") gets the
    # joint reading's hit only when that hit speaks of the message: a shared term, or the
    # message's best cosine to its rows at least this (follow_up.speaks_of; fitted on chats).
    follow_up_cosine: float = 0.0
    novel_max_words: int = 0  # abstain on a question this short naming a concept none has
    # Abstain on a question of at most concept_max_words words with a phrase new to the bank
    # that stands for the question (cosine to it) at least concept_gap more than its top hit
    # covers it (best cosine to the hit's rows); see retrieval/coverage.py. 0 words: off.
    concept_max_words: int = 0
    concept_gap: float = 1.0
    fitted_on: str = ""
    extra: dict = field(default_factory=dict)

    def weight_values(self) -> tuple[float, ...]:
        """Fusion weights in the order of :data:`SIGNALS`."""
        return (
            self.w_dense_question,
            self.w_dense_answer,
            self.w_lexical_question,
            self.w_lexical_answer,
            self.w_dense_centroid,
        )

    def weights(self) -> np.ndarray:
        """Fusion weights in the order of :data:`SIGNALS`, as an array."""
        return np.array(self.weight_values(), dtype=np.float32)

    def to_json(self) -> str:
        """JSON text of these parameters."""
        d = asdict(self)
        d["coef"] = list(self.coef)
        return json.dumps(d, indent=2) + "\n"

    @classmethod
    def from_dict(cls, d: dict) -> RetrievalParams:
        """Parameters from a dict, ignoring unknown keys."""
        names = {f.name for f in fields(cls)}
        kept = {k: v for k, v in d.items() if k in names}
        if "coef" in kept:
            kept["coef"] = tuple(float(c) for c in kept["coef"])
        return cls(**kept)

    @classmethod
    def packaged(cls) -> RetrievalParams:
        """The fitted parameters shipped in the package (defaults if the file is absent)."""
        path = resources.files("interviewbot").joinpath("data/retrieval_params.json")
        if not path.is_file():
            return cls()
        return cls.from_dict(json.loads(path.read_text("utf-8")))


DEFAULT_PARAMS = RetrievalParams.packaged()
