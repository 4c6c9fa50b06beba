"""Match initiative names against KPI names without comparing every pair.

Each name is tokenised once (lowercase, stop words dropped, abbreviations spelled out,
lightly stemmed); an inverted index from word to names picks the few candidates that
share a word (or a close spelling of one), and only those are scored with rapidfuzz.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import chain, pairwise

import numpy as np
from rapidfuzz import fuzz, process

from .tokens import _normalise
from .words import words

WORD_MATCH = 85.0


def _stem(word: str) -> str:
    if word[-1:] not in ("s", "g", "d"):  # the last letters of every suffix below
        return word
    for suffix, repl in (("ies", "y"), ("ing", ""), ("ed", ""), ("es", ""), ("s", "")):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3 and not word.endswith("ss"):
            return word[: len(word) - len(suffix)] + repl
    return word


@lru_cache(maxsize=65536)
def _name_tokens(name: str) -> tuple[str, ...]:
    w = words()
    spelled: list[str] = []
    for raw in re.findall(r"[^\W_]+", _normalise(name).replace("%", " percent ")):
        spelled.extend(word for word in w.abbreviations.get(raw, (raw,))
                       if word not in w.stop_words)
    kept = [word for word in spelled if word not in w.units] or spelled
    return tuple(_stem(word) for word in kept)


def name_tokens(name: str) -> list[str]:
    """Normalised words of a name: lowercase, punctuation and stop words dropped,
    abbreviations expanded, lightly stemmed; units ("%", "(days)") dropped unless the
    name is nothing else."""
    return list(_name_tokens(name))


def _join_compounds(ta: Sequence[str], tb: Sequence[str]) -> list[str]:
    """``ta`` with two adjacent words merged where ``tb`` writes them as one ("up time")."""
    out: list[str] = []
    i = 0
    while i < len(ta):
        if i + 1 < len(ta) and ta[i] + ta[i + 1] in tb:
            out.append(ta[i] + ta[i + 1])
            i += 2
        else:
            out.append(ta[i])
            i += 1
    return out


def _score(ta: Sequence[str], tb: Sequence[str]) -> float:
    if not ta or not tb:
        return 0.0
    ta, tb = _join_compounds(ta, tb), _join_compounds(tb, ta)
    unmatched = list(tb)
    common = 0
    for word in ta:
        best = process.extractOne(word, unmatched, scorer=fuzz.ratio, score_cutoff=WORD_MATCH)
        if best is not None:
            unmatched.pop(best[2])
            common += 1
    overlap = 2 * common / (len(ta) + len(tb))
    ratio = fuzz.ratio(" ".join(sorted(ta)), " ".join(sorted(tb))) / 100
    return round(min(1.0, 0.6 * overlap + 0.4 * ratio), 3)


def similar_name(a: str, b: str) -> float:
    """Similarity of two names in 0..1, ignoring order, case, punctuation, units and
    stop words.

    Blends the share of words the two names have in common (a word matches a close
    spelling of itself) with the similarity of the sorted words.
    """
    return _score(_name_tokens(a), _name_tokens(b))


@dataclass
class NameIndex:
    """KPI names indexed by their words, to find the one an initiative name matches."""

    keys: list[object]
    names: list[tuple[str, ...]]
    postings: dict[str, list[int]]
    vocabulary: list[str]  # the names' single words, for close spellings
    near: dict[str, tuple[int, ...]] = field(default_factory=dict)
    joined: dict[str, list[int]] = field(default_factory=dict)
    """By two adjacent words of a name written as one, the names holding them."""
    sorted_words: list[str] | None = None

    @classmethod
    def build(cls, items: Iterable[tuple[object, str]]) -> NameIndex:
        keys: list[object] = []
        names: list[tuple[str, ...]] = []
        postings: dict[str, list[int]] = defaultdict(list)
        singles: set[str] = set()
        joined: dict[str, list[int]] = defaultdict(list)
        for key, name in items:
            toks = _name_tokens(name)
            if not toks:
                continue
            at = len(names)
            keys.append(key)
            names.append(toks)
            singles.update(toks)
            for word in set(toks):
                postings[word].append(at)
            for a, b in pairwise(toks):
                postings[a + b].append(at)
                joined[a + b].append(at)
        return cls(keys, names, dict(postings), sorted(singles), joined=dict(joined))

    def _near(self, word: str) -> tuple[int, ...]:
        """Indexed names holding ``word``, a close spelling of one of their words, or
        ``word`` split in two ("up time"), each name once."""
        hits = self.near.get(word)
        if hits is None:
            found = {i for close, _, _ in process.extract(
                word, self.vocabulary, scorer=fuzz.ratio, score_cutoff=WORD_MATCH,
                limit=None) for i in self.postings[close]}
            found.update(self.postings.get(word, ()))
            hits = self.near[word] = tuple(sorted(found))
        return hits

    def best(self, name: str, threshold: float) -> object | None:
        """Key of the first indexed name (in insertion order) scoring at least
        ``threshold`` against ``name``, or None.

        A name can only reach the threshold when enough of its words match: the words
        two names share bound the word overlap that :func:`similar_name` weighs at 0.6,
        so names sharing too few are never scored.
        """
        toks = _name_tokens(name)
        if not toks:
            return None
        hits: Counter[int] = Counter()
        for word in toks:
            hits.update(self._near(word))
        for a, b in pairwise(toks):
            hits.update(set(self.postings.get(a + b, ())))
        la = len(toks)
        for at in sorted(hits):
            lb = len(self.names[at])
            shared = min(hits[at], la, lb)
            bound = min(1.0, 2 * shared / (-(-la // 2) - (-lb // 2)))
            if 0.6 * bound + 0.4 < threshold:
                continue
            if _score(toks, self.names[at]) >= threshold:
                return self.keys[at]
        return None

    def _close_spellings(self, words: set[str], per: int = 500) -> None:
        """Find, for each of ``words`` not met yet, what :meth:`_near` finds: its close
        spellings among the names' words, scored with ``process.cdist`` against the words
        of a length that can reach :data:`WORD_MATCH` (``fuzz.ratio`` is at most
        200 x the shorter length over both lengths)."""
        new = sorted(word for word in words if word not in self.near)
        if not new:
            return
        vocabulary: dict[int, list[str]] = defaultdict(list)
        for word in self.vocabulary:
            vocabulary[len(word)].append(word)
        asked: dict[int, list[str]] = defaultdict(list)
        for word in new:
            asked[len(word)].append(word)
        for size, group in asked.items():
            choices = [word for other, same in vocabulary.items()
                       if 200 * min(size, other) >= (WORD_MATCH - 0.01) * (size + other)
                       for word in same]
            for start in range(0, len(group), per):
                block = group[start:start + per]
                close: dict[int, list[str]] = defaultdict(list)
                if choices:
                    scores = process.cdist(block, choices, scorer=fuzz.ratio,
                                           score_cutoff=WORD_MATCH)
                    for row, col in zip(*(a.tolist() for a in np.nonzero(scores)),
                                        strict=True):
                        close[row].append(choices[col])
                for row, word in enumerate(block):
                    found = set(self.postings.get(word, ()))
                    for spelling in close.get(row, ()):
                        found.update(self.postings[spelling])
                    self.near[word] = tuple(sorted(found))

    def best_each(self, names: Sequence[str], threshold: float) -> list[object | None]:
        """:meth:`best` of each of ``names``, found at once: the words each name shares
        with each indexed name are counted with numpy, and beyond the pairs :meth:`best`
        would not score, a pair is not scored either when its words cannot reach the
        threshold (no two words of either name written as one in the other, so the word
        overlap is bounded by the shared words over both names' lengths)."""
        out: list[object | None] = [None] * len(names)
        if not self.names:
            return out
        lengths = np.array([len(toks) for toks in self.names], dtype=np.int64)
        tokens = [_name_tokens(name) for name in names]
        self._close_spellings({word for toks in tokens for word in toks})
        per = max(1, 250_000 // len(self.names))
        for start in range(0, len(names), per):
            self._best_chunk(tokens[start:start + per], start, threshold, lengths, out)
        return out

    def _best_chunk(self, tokens: list[tuple[str, ...]], start: int, threshold: float,
                    lengths: np.ndarray, out: list[object | None]) -> None:
        count = len(self.names)
        postings = self.postings
        # each word of each name, and each two adjacent words written as one that some
        # indexed name holds, with the indexed names it hits ("\0": written as one)
        words = [word for toks in tokens for word in toks]
        owners = [j for j, toks in enumerate(tokens) for _ in toks]
        for j, toks in enumerate(tokens):
            for both in map(str.__add__, toks, toks[1:]):
                if both in postings:
                    words.append("\0" + both)
                    owners.append(j)
        if not words:
            return
        number: dict[str, int] = {}
        hit_lists: list[tuple[int, ...]] = []
        for word in words:
            if word not in number:
                number[word] = len(hit_lists)
                hit_lists.append(tuple(sorted(set(postings[word[1:]]))) if word[0] == "\0"
                                 else self.near[word])
        sizes = np.fromiter(map(len, hit_lists), dtype=np.int64, count=len(hit_lists))
        offsets = np.concatenate(([0], np.cumsum(sizes)[:-1]))
        flat = np.fromiter(chain.from_iterable(hit_lists), dtype=np.int64,
                           count=int(sizes.sum()))
        ids = np.fromiter(map(number.__getitem__, words), dtype=np.int64, count=len(words))
        each = sizes[ids]
        total = int(each.sum())
        within = np.arange(total) - np.repeat(np.cumsum(each) - each, each)
        keys = np.repeat(np.array(owners, dtype=np.int64) * count, each)
        keys += flat[np.repeat(offsets[ids], each) + within]
        counted = np.bincount(keys, minlength=len(tokens) * count)
        pairs = np.flatnonzero(counted)
        hits = counted[pairs]
        which, at = np.divmod(pairs, count)
        la = np.array([len(toks) for toks in tokens], dtype=np.int64)[which]
        lb = lengths[at]
        shared = np.minimum(np.minimum(hits, la), lb)
        bound = np.minimum(1.0, 2 * shared / ((la + 1) // 2 + (lb + 1) // 2))
        keep = ~(0.6 * bound + 0.4 < threshold)
        # where each name's words stay single words, the word overlap is at most
        # 2 * shared / (la + lb) and the sorted words are compared as they are: a pair
        # that cannot reach the threshold so is not scored (the score's rounding to 3
        # places allowed for)
        joined = self._joined(tokens, pairs)
        tight = np.minimum(1.0, 2 * shared / (la + lb))
        keep &= ~(0.6 * tight + 0.4 < threshold - 0.001) | joined
        plain = np.flatnonzero(keep & ~joined)
        if len(plain):
            mine = [" ".join(sorted(toks)) for toks in tokens]
            theirs = self._sorted()
            ratio = process.cpdist([mine[j] for j in which[plain].tolist()],
                                   [theirs[k] for k in at[plain].tolist()],
                                   scorer=fuzz.ratio, dtype=np.float64) / 100
            keep[plain] = ~(0.6 * tight[plain] + 0.4 * ratio < threshold - 0.001)
        done = -1
        for j, k in zip(which[keep].tolist(), at[keep].tolist(), strict=True):
            if j == done:
                continue
            if _score(tokens[j], self.names[k]) >= threshold:
                out[start + j] = self.keys[k]
                done = j

    def _sorted(self) -> list[str]:
        """Each indexed name's words, sorted and joined (as :func:`_score` compares them)."""
        if self.sorted_words is None:
            self.sorted_words = [" ".join(sorted(toks)) for toks in self.names]
        return self.sorted_words

    def _joined(self, tokens: list[tuple[str, ...]], pairs: np.ndarray) -> np.ndarray:
        """Which of ``pairs`` (name number x count + indexed name) have two adjacent words
        of one written as one word of the other."""
        count, joined, found = len(self.names), self.joined, []
        for j, toks in enumerate(tokens):
            if not joined.keys().isdisjoint(toks):
                found.extend(j * count + at for word in toks for at in joined.get(word, ()))
            for both in map(str.__add__, toks, toks[1:]):
                if both in self.postings:
                    found.extend(j * count + at for at in self.postings[both]
                                 if both in self.names[at])
        if not found:
            return np.zeros(len(pairs), dtype=bool)
        return np.isin(pairs, np.array(found, dtype=np.int64))
