"""The facade the CLI and the web app call: load the index once, choose the encoder, delegate
asking to :mod:`interviewbot.retrieval` and grading to :mod:`interviewbot.grading`.

>>> from interviewbot import Bot
>>> bot = Bot()                       # loads (or builds) the index on first use
>>> bot.ask("why do we need relu?").hits[0].question
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from interviewbot.config import Settings
from interviewbot.errors import InputError, clean_input
from interviewbot.models import AskResult, Canonical
from interviewbot.retrieval.follow_up import ChatContext
from interviewbot.retrieval.params import DEFAULT_PARAMS, RetrievalParams

if TYPE_CHECKING:
    from interviewbot.embedding.base import Encoder
    from interviewbot.grading.result import GradeResult

__all__ = ["Bot", "ChatContext", "GradeOutcome", "ask", "build", "grade", "load_bank"]


@dataclass(frozen=True)
class GradeOutcome:
    """A grade plus which canonical question (if any) supplied the references."""

    question_id: str | None
    question: str
    grade: GradeResult

    def to_dict(self) -> dict:
        """The grade's JSON (see :meth:`GradeResult.to_dict`) after ``question_id``."""
        out = {"question_id": self.question_id}
        out.update(self.grade.to_dict())
        return out


class Bot:
    """One loaded index and model, safe to share between threads (web app users)."""

    def __init__(
        self,
        settings: Settings | None = None,
        *,
        auto_build: bool = True,
        params: RetrievalParams = DEFAULT_PARAMS,
        log: Callable[[str], None] = lambda _msg: None,
        embedder: Encoder | None = None,
        batching: bool = False,
    ) -> None:
        """``embedder`` replaces the process-wide one; ``batching`` puts a micro-batcher in
        front of it so concurrent requests (web users) share forward passes."""
        self.settings = settings or Settings.from_env()
        self.auto_build = auto_build
        self.params = params
        self.log = log
        self._index = None
        self._embedder = embedder
        self._batching = batching
        self._lock = threading.Lock()

    # -- loading -------------------------------------------------------------------------
    @property
    def index(self):
        """The loaded index; built first when missing or stale and ``auto_build`` is on."""
        if self._index is None:
            with self._lock:
                if self._index is None:
                    self._index = self._load()
        return self._index

    def _load(self):
        from interviewbot.index import build as index_mod
        from interviewbot.retrieval.retriever import Retriever

        if self.settings.replica:  # one of several servers: the index is a shared artefact
            index_mod.check_servable(self.settings)
        elif self.auto_build:
            result_ = index_mod.build(self.settings, if_needed=True, log=self.log)
            if not result_.skipped:
                self.log(f"built index: {result_.vectors} vectors in {result_.seconds:.1f}s")
        loaded = index_mod.load(self.settings)
        self._retriever = Retriever(loaded, self.params)
        return loaded

    def reload(self):
        """Rebuild the index if the bank folders changed (an upload) and serve the new one
        from now on, without a restart; returns the build's result. A failed build leaves
        the loaded index serving. A replica never builds, so it refuses (IndexProblem)."""
        from interviewbot.errors import IndexProblem
        from interviewbot.index import build as index_mod
        from interviewbot.retrieval.retriever import Retriever

        if self.settings.replica:
            raise IndexProblem("a replica never builds its index; build once and copy it")
        built = index_mod.build(self.settings, if_needed=True, log=self.log)
        loaded = index_mod.load(self.settings)
        retriever = Retriever(loaded, self.params)
        with self._lock:  # the retriever carries its own bank, so a request in flight that
            # still holds the old one stays consistent
            self._retriever, self._index = retriever, loaded
        return built

    @property
    def embedder(self) -> Encoder:
        """The encoder for queries and grading: ONNX Runtime when exported (same vectors, no
        torch import), else the process-wide torch encoder; behind a micro-batcher when
        ``batching``."""
        if self._embedder is None:
            embedder = self._fast_embedder()
            if embedder is None:
                from interviewbot.embedding.sentence import get_embedder

                embedder = get_embedder(self.settings.model)
            if self._batching:
                from interviewbot.embedding.batching import MicroBatcher

                embedder = MicroBatcher(embedder)
            self._embedder = embedder
        return self._embedder

    def _fast_embedder(self) -> Encoder | None:
        if not self.settings.fast_encoder:
            return None
        from interviewbot.embedding.onnx import OnnxEncoder, available, onnx_dir

        folder = onnx_dir(self.settings.cache, self.settings.model)
        if not available(folder):
            return None
        return OnnxEncoder(folder)

    @property
    def bank(self) -> list[Canonical]:
        """Every canonical question of the loaded index."""
        return self.index.bank

    def banks(self) -> list[tuple[str, int]]:
        """Each bank's name with its number of canonical questions, in build order."""
        counts: dict[str, int] = {}
        for c in self.bank:
            counts[c.bank_name] = counts.get(c.bank_name, 0) + 1
        return list(counts.items())

    def questions(self, bank: str | None = None) -> list[Canonical]:
        """The canonical questions of ``bank`` (None: every bank); InputError listing the
        known banks for an unknown name."""
        if bank is None:
            return self.bank
        self._check_bank(bank)
        return [c for c in self.bank if c.bank_name == bank]

    def _check_bank(self, bank: str | None, questions: Sequence[Canonical] | None = None) -> None:
        names = list(dict.fromkeys(c.bank_name for c in (questions or self.bank)))
        if bank is not None and bank not in names:
            raise InputError(f"unknown bank {bank!r}; known banks: {', '.join(names)}")

    def _only(self, retriever, bank: str | None):
        """The mask of ``bank``'s questions over ``retriever``'s bank (None: every bank); the
        names are checked against that same bank, so a reload in between cannot mismatch."""
        if bank is None:
            return None
        import numpy as np

        self._check_bank(bank, retriever.bank)
        return np.array([c.bank_name == bank for c in retriever.bank], dtype=bool)

    def get(self, question_id: str) -> Canonical:
        """A canonical question by id; InputError naming the id if unknown."""
        try:
            return self.index.by_id[question_id]
        except KeyError:
            raise InputError(
                f"unknown question id {question_id!r}; see `interviewbot browse`"
            ) from None

    # -- ask -----------------------------------------------------------------------------
    @property
    def retriever(self):
        """The retriever of the loaded index (loads it on first use)."""
        _ = self.index
        return self._retriever

    def ask(
        self,
        question: str,
        top_k: int | None = None,
        previous: str | None = None,
        context: ChatContext | None = None,
        bank: str | None = None,
    ) -> AskResult:
        """The closest canonical questions with their best answers, or an abstention;
        with ``bank``, only that bank's questions (see :meth:`banks`).

        In a chat, pass the ``context`` (``ChatContext().after(message, result)`` after each
        message; ``ChatContext()`` to reset) or just the ``previous`` message's text: a
        short message that leans on it ("and leaky relu?", "its drawbacks") is also read
        together with it. A message complete on its own is read on its own.
        """
        limit = self.settings.max_text_chars
        text = clean_input(question, "question", limit)
        k = self._top_k(top_k)
        if context is None:
            prev = previous.strip()[:limit] if previous and previous.strip() else None
            context = ChatContext(prev)
        retriever = self.retriever
        only = self._only(retriever, bank)
        queries = [retriever.normalize(r) for r in retriever.readings(text, context)]
        vecs = self.embedder.encode([q.text for q in queries])
        return retriever.answer(text, queries, vecs, k, context, only)

    def ask_many(
        self, questions: Sequence[str], top_k: int | None = None, bank: str | None = None
    ) -> list[AskResult]:
        """``ask`` for many questions with one batched forward pass; the first bad question
        raises its InputError before anything is searched."""
        checked = self._check_questions(questions)
        for item in checked:
            if isinstance(item, InputError):
                raise item
        return self._answer_many(checked, top_k, bank)

    def ask_batch(
        self, questions: Sequence[object], top_k: int | None = None, bank: str | None = None
    ) -> list[AskResult | InputError]:
        """``ask_many`` for a batch file: a bad question gets its InputError in its place and
        the others are still answered (in one batched pass). Nothing is loaded when no
        question is good."""
        checked = self._check_questions(questions)
        texts = [t for t in checked if isinstance(t, str)]
        answers = iter(self._answer_many(texts, top_k, bank) if texts else ())
        return [item if isinstance(item, InputError) else next(answers) for item in checked]

    def _check_questions(self, questions: Sequence[object]) -> list[str | InputError]:
        """Each question cleaned by :func:`clean_input`, or the InputError it raised."""
        checked: list[str | InputError] = []
        for q in questions:
            try:
                checked.append(clean_input(q, "question", self.settings.max_text_chars))
            except InputError as exc:
                checked.append(exc)
        return checked

    def _answer_many(
        self, texts: Sequence[str], top_k: int | None, bank: str | None = None
    ) -> list[AskResult]:
        """The answers to already-cleaned questions, in one batched forward pass."""
        k = self._top_k(top_k)
        retriever = self.retriever
        only = self._only(retriever, bank)
        readings = [retriever.readings(t, ChatContext()) for t in texts]
        queries = [retriever.normalize(r) for rs in readings for r in rs]
        vecs = self.embedder.encode([q.text for q in queries])
        out, start = [], 0
        for t, rs in zip(texts, readings):
            end = start + len(rs)
            out.append(retriever.answer(t, queries[start:end], vecs[start:end], k, only=only))
            start = end
        return out

    def _top_k(self, top_k: int | None) -> int:
        k = top_k or self.settings.top_k
        if k < 1:
            raise InputError("top-k must be at least 1")
        return k

    # -- grade ---------------------------------------------------------------------------
    def grade(
        self,
        question: str,
        answer: str,
        reference: str | None = None,
        question_id: str | None = None,
    ) -> GradeOutcome:
        """Grade ``answer`` against the references of the canonical question that
        ``question`` matches (or against ``reference`` when given)."""
        from interviewbot.grading import grade_answer

        limit = self.settings.max_text_chars
        q_text = clean_input(question, "question", limit)
        a_text = clean_input(answer, "answer", limit)
        canonical: Canonical | None = None
        if question_id:
            canonical = self.get(question_id)
        elif reference is None and (qid := self._phrasing_id(q_text)):
            canonical = self.get(qid)  # a bank phrasing, as in a mock interview: no search
        elif reference is None:
            found = self.ask(q_text, top_k=1)
            if found.abstained:
                raise InputError(
                    "no question in the bank matches this question; "
                    "pass --reference with a model answer"
                )
            canonical = self.get(found.hits[0].id)
        if reference is not None:
            references = [clean_input(reference, "reference", limit)]
        else:
            references = [a.text for a in canonical.answers]
        graded = grade_answer(q_text, a_text, references, self.embedder)
        return GradeOutcome(canonical.id if canonical else None, q_text, graded)

    def _phrasing_id(self, question: str) -> str | None:
        """The canonical question with ``question`` as one of its phrasings (the retriever's
        verbatim table), or None."""
        from interviewbot.retrieval.retriever import phrasing_key

        retriever = self.retriever
        pos = retriever.exact.get(phrasing_key(question))
        return None if pos is None else retriever.bank[pos].id

    # -- browse --------------------------------------------------------------------------
    def topics(self, bank: str | None = None) -> list[tuple[str, int]]:
        """Topics (of ``bank``, None: every bank) with their number of canonical questions,
        largest first."""
        counts: dict[str, int] = {}
        for c in self.questions(bank):
            counts[c.topic] = counts.get(c.topic, 0) + 1
        return sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))

    def browse(
        self, topic: str | None = None, search: str | None = None, bank: str | None = None
    ) -> list[Canonical]:
        """Canonical questions in ``topic`` (None or "all": every one) of ``bank`` (None:
        every bank), in bank order; with ``search``, those sharing a word with it as Ask
        reads it (the retriever's normalizer: typos corrected, abbreviations such as
        "batchnorm" expanded), best BM25 match on the phrasings and answers first."""
        retriever = self.retriever
        self._check_bank(bank)
        pool = [
            c for c in retriever.bank  # the bank the scores below are over
            if (bank is None or c.bank_name == bank)
            and (not topic or topic == "all" or c.topic == topic)
        ]  # fmt: skip
        if not (search or "").strip():
            return pool
        query = retriever.normalize(search)
        on_question, on_answer = retriever.lexical.score(query.terms)
        row = {c.id: i for i, c in enumerate(retriever.bank)}
        scored = [(float(on_question[row[c.id]] + on_answer[row[c.id]]), c) for c in pool]
        ranked = sorted((x for x in scored if x[0] > 0), key=lambda x: -x[0])
        return [c for _, c in ranked]


_DEFAULT: Bot | None = None


def _bot() -> Bot:
    global _DEFAULT
    if _DEFAULT is None:
        _DEFAULT = Bot()
    return _DEFAULT


def ask(question: str, top_k: int = 3, bank: str | None = None) -> AskResult:
    """Module-level ``Bot().ask`` on the default settings (``bank``: only that bank)."""
    return _bot().ask(question, top_k, bank=bank)


def grade(question: str, answer: str, reference: str | None = None) -> GradeOutcome:
    """Module-level ``Bot().grade`` on the default settings."""
    return _bot().grade(question, answer, reference)


def load_bank(settings: Settings | None = None) -> list[Canonical]:
    """The canonical questions of the (built if needed) index."""
    return Bot(settings).bank


def build(settings: Settings | None = None, **kwargs):
    """Build the index for ``settings`` (see :func:`interviewbot.index.build.build`)."""
    from interviewbot.index import build as index_mod

    return index_mod.build(settings or Settings.from_env(), **kwargs)
