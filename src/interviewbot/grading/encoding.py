"""One forward pass per text: sentence vector, word vectors and phrase spans from token outputs.

MiniLM's sentence embedding is the mean of its token embeddings, so a phrase vector is the
mean of the token embeddings inside the phrase: phrases cost no extra forward pass.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from interviewbot.embedding.base import Encoder
from interviewbot.grading.lexicon import word_set
from interviewbot.grading.text import NEG_AUX, NEGATIONS, is_content, stem

_SENT_END = frozenset(".;!?:\n")
_CLAUSE_WORDS = word_set("encoded_clause_openers")


@dataclass(frozen=True)
class Encoded:
    """A text after one forward pass, at word level (wordpieces merged)."""

    text: str
    words: tuple[str, ...]  # lower-cased words as the tokenizer split them
    stems: tuple[str, ...]
    content: np.ndarray  # bool mask over words
    negated: np.ndarray  # bool mask: word is a negation cue
    char_spans: tuple[tuple[int, int], ...]  # (start, end) of each word in ``text``
    word_vecs: np.ndarray  # (n_words, dim) unit rows
    token_vecs: np.ndarray  # (n_words, dim) raw mean of the word's wordpiece embeddings
    word_ntok: np.ndarray  # wordpieces per word (weights for phrase pooling)
    vector: np.ndarray  # (dim,) unit sentence vector
    sentences: tuple[tuple[int, int], ...]  # word index spans [start, end)
    clauses: tuple[tuple[int, int], ...]

    def phrase_vector(self, start: int, end: int) -> np.ndarray:
        """Unit vector of the phrase words[start:end] (token-weighted mean pooling)."""
        w = self.word_ntok[start:end].astype(np.float32)
        v = (self.token_vecs[start:end] * w[:, None]).sum(0) / max(float(w.sum()), 1.0)
        n = float(np.linalg.norm(v))
        return v / n if n > 0 else v

    def span(self, start: int, end: int) -> Encoded:
        """Words[start:end] as an Encoded of their own, from this text's forward pass: word
        vectors stay contextual in the whole text and the vector is their token-weighted mean
        (MiniLM's own pooling), so an answer's sentences cost no extra forward pass."""
        a, b = self.char_spans[start][0], self.char_spans[end - 1][1]
        text = self.text[a:b]
        spans = tuple((x - a, y - a) for x, y in self.char_spans[start:end])
        words = self.words[start:end]
        sentences, clauses = _segment(words, text, spans)
        return Encoded(
            text=text,
            words=words,
            stems=self.stems[start:end],
            content=self.content[start:end],
            negated=self.negated[start:end],
            char_spans=spans,
            word_vecs=self.word_vecs[start:end],
            token_vecs=self.token_vecs[start:end],
            word_ntok=self.word_ntok[start:end],
            vector=self.phrase_vector(start, end).astype(np.float32),
            sentences=sentences,
            clauses=clauses,
        )

    def word_span(self, char_start: int, char_end: int) -> tuple[int, int]:
        """[start, end) of the words inside text[char_start:char_end]."""
        idx = [i for i, (a, b) in enumerate(self.char_spans) if a >= char_start and b <= char_end]
        return (idx[0], idx[-1] + 1) if idx else (0, 0)

    def sentence_span(self, i: int) -> tuple[int, int]:
        """[start, end) of the sentence holding word i (the whole text if none does)."""
        return next(((s, e) for s, e in self.sentences if s <= i < e), (0, len(self.words)))

    def phrase_text(self, start: int, end: int) -> str:
        """The original characters covering words[start:end]."""
        if start >= end:
            return ""
        return self.text[self.char_spans[start][0] : self.char_spans[end - 1][1]].strip()


_LIST_ITEM_WORDS = 3  # an enumeration's item is at most this many words ("input images")


def _list_goes_on(words: Sequence[str], i: int, end: int) -> bool:
    """The comma at ``i`` sits inside an enumeration that runs to the sentence's end
    ("features like edges, textures, or shapes."): every part after it is a short item and
    the last opens with "and" or "or". Cutting a clause there would pair the first item with
    the sentence's head and the others with nothing (roles.py)."""
    parts: list[list[str]] = [[]]
    for w in words[i + 1 : end]:
        if w == ",":
            parts.append([])
        elif any(ch.isalnum() for ch in w):
            parts[-1].append(w)
    last = parts[-1]
    if not last or last[0] not in {"and", "or"}:
        return False
    return len(last) <= _LIST_ITEM_WORDS + 1 and all(
        0 < len(p) <= _LIST_ITEM_WORDS for p in parts[:-1])


def _segment(words: Sequence[str], text: str, spans: Sequence[tuple[int, int]]):
    """Sentence spans (split at . ; ! ? : and newlines) and clause spans inside them."""
    sentences: list[tuple[int, int]] = []
    start = 0
    for i, w in enumerate(words):
        nl = i + 1 < len(words) and "\n" in text[spans[i][1] : spans[i + 1][0]]
        if (w in _SENT_END and not _inside_number(words, i)) or nl:
            if any(x.isalnum() for x in words[start : i + 1]):
                sentences.append((start, i + 1))
            start = i + 1
    if start < len(words) and any(x.isalnum() for x in words[start:]):
        sentences.append((start, len(words)))
    clauses: list[tuple[int, int]] = []
    for s, e in sentences:
        cut = [s]
        for i in range(s + 1, e):
            w = words[i]
            if w in _CLAUSE_WORDS and i - cut[-1] >= 4 and e - i >= 4:
                cut.append(i)
            elif w == "," and i - cut[-1] >= 4 and e - i >= 5 and not _list_goes_on(words, i, e):
                cut.append(i + 1)
        cut.append(e)
        clauses.extend((a, b) for a, b in zip(cut, cut[1:], strict=False) if b > a)
    return tuple(sentences), tuple(clauses)


def _inside_number(words: Sequence[str], i: int) -> bool:
    return (
        words[i] == "."
        and 0 < i < len(words) - 1
        and words[i - 1].isdigit()
        and words[i + 1].isdigit()
    )


def _build(text: str, out: dict, offsets, word_ids) -> Encoded:
    tok = out["token_embeddings"]
    tok = tok.float().numpy() if hasattr(tok, "numpy") else np.asarray(tok, dtype=np.float32)
    sent = out["sentence_embedding"]
    sent = sent.float().numpy() if hasattr(sent, "numpy") else np.asarray(sent, np.float32)
    sent = sent / max(float(np.linalg.norm(sent)), 1e-12)
    n = min(len(word_ids), tok.shape[0])
    groups: dict[int, list[int]] = {}
    order: list[int] = []
    for t in range(n):
        wid = word_ids[t]
        if wid is None:
            continue
        if wid not in groups:
            groups[wid] = []
            order.append(wid)
        groups[wid].append(t)
    words: list[str] = []
    char_spans: list[tuple[int, int]] = []
    vecs = np.zeros((len(order), tok.shape[1]), dtype=np.float32)
    ntok = np.zeros(len(order), dtype=np.int32)
    for j, wid in enumerate(order):
        ts = groups[wid]
        a, b = offsets[ts[0]][0], offsets[ts[-1]][1]
        words.append(text[a:b].lower())
        char_spans.append((a, b))
        vecs[j] = tok[ts].mean(0)
        ntok[j] = len(ts)
    norms = np.linalg.norm(vecs, axis=1, keepdims=True)
    unit = vecs / np.maximum(norms, 1e-12)
    content = np.array([is_content(w) for w in words], dtype=bool)
    negated = np.zeros(len(words), dtype=bool)
    for j, w in enumerate(words):
        if w in NEGATIONS or (w == "t" and j >= 2 and words[j - 1] == "'" and
                              words[j - 2] in NEG_AUX):
            negated[j] = True
    sentences, clauses = _segment(words, text, char_spans)
    return Encoded(
        text=text,
        words=tuple(words),
        stems=tuple(stem(w) for w in words),
        content=content,
        negated=negated,
        char_spans=tuple(char_spans),
        word_vecs=unit.astype(np.float32),
        token_vecs=vecs,
        word_ntok=ntok,
        vector=sent.astype(np.float32),
        sentences=sentences,
        clauses=clauses,
    )


def encode_texts(embedder: Encoder, texts: Sequence[str], batch_size: int = 64) -> list[Encoded]:
    """Encode texts in one batched forward pass each, keeping token-level outputs."""
    if not texts:
        return []
    return [
        _build(text, out, out["offsets"], out["word_ids"])
        for text, out in zip(texts, embedder.encode_tokens(list(texts), batch_size), strict=True)
    ]
