"""Small frozen records that flow from the corpus to answers and grades."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Literal

ProblemKind = Literal["truncated", "unparsed", "error"]
"""What went wrong with a piece of a corpus file that was reported instead of indexed."""


@dataclass(frozen=True)
class Source:
    """Where a piece of text came from: a corpus file and a 1-based line number, and the file's
    human-readable title (``corpus/sources.json``, else its first heading, else its name)."""

    file: str
    line: int
    title: str = ""

    def __str__(self) -> str:
        return f"{self.file}:{self.line}"

    @property
    def where(self) -> str:
        """'Title, line N' for people; the raw ``file:line`` when the file has no title."""
        return f"{self.title}, line {self.line}" if self.title else str(self)


@dataclass(frozen=True)
class QAPair:
    """One question with one answer, as parsed from a corpus file."""

    question: str
    answer: str
    source: Source
    topic: str | None = None  # a topic path ("A › B") or column value; None: none given
    truncated: bool = False
    difficulty: str | None = None  # "easy" / "medium" / "hard" when the file marks it


@dataclass(frozen=True)
class Variant:
    """One phrasing of a canonical question."""

    text: str
    source: Source


@dataclass(frozen=True)
class Reference:
    """One distinct reference answer of a canonical question."""

    text: str
    source: Source


@dataclass(frozen=True)
class Canonical:
    """A canonical question: one standalone phrasing, all variants, all reference answers."""

    id: str
    question: str
    topic: str
    variants: tuple[Variant, ...]
    answers: tuple[Reference, ...]
    best: int = 0
    bank: str = ""  # the bank (corpus folder) it came from; "" in indexes built before banks
    difficulty: str | None = None

    @property
    def bank_name(self) -> str:
        """The bank's name as people pick it ("seed" for an index built before banks)."""
        return self.bank or "seed"

    @property
    def answer(self) -> Reference:
        """The chosen best reference answer."""
        return self.answers[self.best]

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, d: dict) -> Canonical:
        return cls(
            id=d["id"],
            question=d["question"],
            topic=d["topic"],
            variants=tuple(Variant(v["text"], Source(**v["source"])) for v in d["variants"]),
            answers=tuple(Reference(a["text"], Source(**a["source"])) for a in d["answers"]),
            best=int(d.get("best", 0)),
            bank=d.get("bank", ""),
            difficulty=d.get("difficulty"),
        )


@dataclass(frozen=True)
class Hit:
    """A canonical question returned by retrieval, with its score in [0, 1]."""

    id: str
    question: str
    answer: str
    score: float
    topic: str
    source: str
    matched: str = ""
    title: str = ""  # the source file's human-readable title; ``source`` stays file:line
    bank: str = ""  # the bank (``Canonical.bank_name``) the question belongs to

    @property
    def where(self) -> str:
        """'Title, line N' for people; the raw ``file:line`` when the file has no title."""
        line = self.source.rsplit(":", 1)[-1]
        return f"{self.title}, line {line}" if self.title else self.source

    def to_dict(self) -> dict:
        return {
            "id": self.id,
            "question": self.question,
            "answer": self.answer,
            "score": round(float(self.score), 4),
            "topic": self.topic,
            "source": self.source,
            "title": self.title,
            "bank": self.bank,
        }


@dataclass(frozen=True)
class AskResult:
    """What ``ask`` returns: hits, or an abstention with near misses to suggest."""

    question: str
    abstained: bool
    hits: tuple[Hit, ...]
    suggestions: tuple[Hit, ...] = field(default_factory=tuple)
    # On an abstention: the query's concept the bank has no question on ("layer norm"),
    # and the sentence saying so ("The bank has no question on *…*; closest: …").
    missing_concept: str | None = None
    message: str = ""

    def to_dict(self) -> dict:
        return {
            "question": self.question,
            "abstained": self.abstained,
            "hits": [h.to_dict() for h in self.hits],
            "suggestions": [
                {"id": h.id, "question": h.question, "score": round(float(h.score), 4)}
                for h in self.suggestions
            ],
            "missing_concept": self.missing_concept,
            "message": self.message,
        }


@dataclass(frozen=True)
class ParseProblem:
    """Something in a corpus file that was reported rather than indexed."""

    source: Source
    kind: ProblemKind
    message: str

    def __str__(self) -> str:
        return f"{self.source}: {self.kind}: {self.message}"


@dataclass(frozen=True)
class ParseResult:
    """Pairs parsed from one document, plus what was reported instead of indexed."""

    pairs: tuple[QAPair, ...]
    problems: tuple[ParseProblem, ...]
