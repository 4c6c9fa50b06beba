"""Compare the text rules with a small trained model on texts from unseen publishers.

For OKR101 (key results: activity is positive, outcome and milestone negative) and OKR103
(KPIs: action is positive, metric negative), on a labelled corpus of published texts
(columns text, kind, label, language, source and batch), this script cross-validates:

- ``rules``: the rules as they are (``is_activity_kr`` / ``is_action_kpi``);
- ``model``: logistic regression over hashed character n-grams (2–5, within words),
  hashed word uni- and bigrams and the rules' own signals (the cues of
  :func:`sheets_okr.lint.text.classify.analyse`, the class and the rule's decision),
  at p ≥ 0.5 and at a threshold chosen inside the training folds;
- ``rules|model``: the rules, or the model when it is sure (p ≥ t_hi);
- ``rules&!model``: the rules, unless the model is sure they are wrong (p ≤ t_lo);
- ``both``: the two together.

Thresholds are chosen on out-of-fold probabilities of the training publishers only
(nested grouped cross-validation), never on the fold being scored. Two splits: grouped
k-fold by publisher (a GitHub repository, a web site, a code-search excerpt) and leave one
batch out (batches 1–3 together). The rules were written with every development text in
view, so their cross-validated figures are optimistic; the model's are not.

Needs scikit-learn (``pip install -e ".[model]"``). Usage::

    python scripts/compare_text_model.py CORPUS.csv [--folds 8] [--out report.md]
"""

from __future__ import annotations

import argparse
import csv
import re
import statistics
import sys
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, fields
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from sheets_okr.lint import text as T  # noqa: E402
from sheets_okr.lint.text.classify import analyse  # noqa: E402

if TYPE_CHECKING:
    from scipy import sparse

GRID = tuple(round(x, 2) for x in np.arange(0.05, 0.96, 0.05))


@dataclass(frozen=True)
class Task:
    """A rule measured as a binary decision over the texts of one kind."""

    code: str
    kind: str
    positive: frozenset[str]
    rule: Callable[[str], bool]
    targets: tuple[float, float]


TASKS = (
    Task("OKR101", "key_result", frozenset({"activity"}), T.is_activity_kr, (0.9, 0.8)),
    Task("OKR103", "kpi", frozenset({"action", "activity"}), T.is_action_kpi, (0.8, 0.6)),
)

_REPO = re.compile(r"github:([^/@:\s]+/[^/@:\s]+)")
_EXCERPT = re.compile(r"code-search excerpt id (\d+)")
_HOST = re.compile(r"(?:https?://)?(?:www\.)?([^/\s]+)")


def publisher(source: str) -> str:
    """The publisher of a text: a GitHub owner/repo, a code-search excerpt or a web host.

    >>> publisher("github:acme/okrs@1a2b:docs/q3.md")
    'github:acme/okrs'
    >>> publisher("code-search excerpt id 42 (an OKR page)")
    'excerpt:42'
    >>> publisher("https://www.example.org/okr")
    'example.org'
    """
    source = source.strip()
    for pattern, prefix in ((_REPO, "github:"), (_EXCERPT, "excerpt:")):
        found = pattern.match(source)
        if found:
            return prefix + found.group(1)
    found = _HOST.match(source)
    return found.group(1).lower() if found else source


def batch_group(batch: str) -> str:
    """The batch a text came in; batches 1–3 count as one."""
    return "1-3" if batch in ("", "1", "2", "3") else batch


# ------------------------------------------------------------------------------ features


def _why_kind(why: str) -> str:
    return why.split('"')[0].split("(")[0].strip()


FEATURE_SETS = ("all", "cues", "text")


def signals(text: str, code: str, which: str = "all") -> list[str]:
    """The rules' explainable signals of ``text`` as feature names: each cue that is set
    and, with ``which="all"``, the class the classifier gives, the KPI reading's kind of
    reason and the rule's own decision (``"text"``: none)."""
    if which == "text":
        return []
    f, label = analyse(text)
    out = [f"class={label}"] if which == "all" else []
    for field in fields(f):
        value = getattr(f, field.name)
        if field.name in ("verb", "head"):
            continue
        if field.name == "lead_verb":
            out.append(f"lead={value}")
        elif value:
            out.append(f"cue={field.name}")
    if code == "OKR103" and which == "all":
        reading = T.read_kpi(text)
        out.append(f"kpi_action={reading.action}")
        out.append(f"kpi_why={_why_kind(reading.why)}")
    return out


@dataclass
class Data:
    """The texts of one task with their labels, groups and rule decisions."""

    texts: list[str]
    y: np.ndarray
    rule: np.ndarray
    language: list[str]
    publisher: list[str]
    batch: list[str]
    signals: list[list[str]]


def load(path: Path, task: Task, which: str = "all") -> Data:
    """The texts of ``task``'s kind in the corpus at ``path``."""
    with path.open(newline="", encoding="utf-8") as fh:
        rows = [r for r in csv.DictReader(fh) if r["kind"] == task.kind]
    texts = [r["text"] for r in rows]
    return Data(
        texts=texts,
        y=np.array([r["label"] in task.positive for r in rows]),
        rule=np.array([task.rule(t) for t in texts]),
        language=[r.get("language") or "en" for r in rows],
        publisher=[publisher(r.get("source", "")) for r in rows],
        batch=[batch_group(r.get("batch", "")) for r in rows],
        signals=[signals(t, task.code, which) for t in texts],
    )


def _prepare(text: str) -> str:
    return T.shape(text).lower()


@lru_cache(maxsize=1)
def _vectorizers() -> tuple[Any, Any, Any]:
    from sklearn.feature_extraction.text import HashingVectorizer

    chars = HashingVectorizer(analyzer="char_wb", ngram_range=(2, 5), n_features=2 ** 18,
                              alternate_sign=False, norm="l2", preprocessor=_prepare)
    words = HashingVectorizer(analyzer="word", ngram_range=(1, 2), n_features=2 ** 18,
                              alternate_sign=False, norm="l2", token_pattern=r"(?u)\b\w+\b",
                              preprocessor=_prepare)
    cues = HashingVectorizer(analyzer=lambda names: names, n_features=2 ** 12,
                             alternate_sign=False, norm=None)
    return chars, words, cues


def design(data: Data, signal_weight: float = 1.0) -> sparse.csr_matrix:
    """The feature matrix: character n-grams, words and the rules' signals."""
    from scipy import sparse

    chars, words, cues = _vectorizers()
    return sparse.hstack([chars.transform(data.texts), words.transform(data.texts),
                          signal_weight * cues.transform(data.signals)]).tocsr()


def fit(x: sparse.csr_matrix, y: np.ndarray, c: float) -> Any:
    """A logistic regression on ``x``."""
    from sklearn.linear_model import LogisticRegression

    return LogisticRegression(C=c, solver="liblinear", max_iter=1000).fit(x, y)


# ---------------------------------------------------------------------------- decisions


def decide(system: str, rule: np.ndarray, p: np.ndarray, t: tuple[float, float]
           ) -> np.ndarray:
    """The flags of ``system`` given the rule's flags, the model's probabilities and the
    thresholds (t_lo, t_hi)."""
    lo, hi = t
    if system == "rules":
        return rule
    if system == "model@0.5":
        return p >= 0.5
    if system == "model@t":
        return p >= hi
    if system == "rules|model":
        return rule | (p >= hi)
    if system == "rules&!model":
        return rule & ~(p <= lo)
    if system == "both":
        return (rule & ~(p <= lo)) | (p >= hi)
    raise ValueError(system)


SYSTEMS = ("rules", "model@0.5", "model@t", "rules|model", "rules&!model", "both")


def f1(y: np.ndarray, flag: np.ndarray) -> float:
    tp = int((y & flag).sum())
    return 2 * tp / (int(y.sum()) + int(flag.sum())) if tp else 0.0


def choose(system: str, y: np.ndarray, rule: np.ndarray, p: np.ndarray
           ) -> tuple[float, float]:
    """Thresholds maximising F1 of ``system`` on (out-of-fold) training predictions;
    ties go to the more conservative threshold."""
    best, out = -1.0, (0.0, 1.01)
    if system in ("model@t", "rules|model"):
        for hi in sorted(GRID, reverse=True):
            score = f1(y, decide(system, rule, p, (0.0, hi)))
            if score > best + 1e-9:
                best, out = score, (0.0, hi)
    elif system == "rules&!model":
        for lo in GRID:
            score = f1(y, decide(system, rule, p, (lo, 1.01)))
            if score > best + 1e-9:
                best, out = score, (lo, 1.01)
    elif system == "both":
        for hi in sorted(GRID, reverse=True):
            for lo in (x for x in GRID if x < hi):
                score = f1(y, decide(system, rule, p, (lo, hi)))
                if score > best + 1e-9:
                    best, out = score, (lo, hi)
    return out


def out_of_fold(x: sparse.csr_matrix, y: np.ndarray, groups: Sequence[str], c: float,
                folds: int, scored: np.ndarray | None = None) -> np.ndarray:
    """Probabilities of the texts ``scored`` (default: all) from models trained without
    their publisher; the other texts are always trained on."""
    scored = np.arange(len(y)) if scored is None else scored
    p = np.full(len(y), np.nan)
    from sklearn.model_selection import GroupKFold

    kept = np.setdiff1d(np.arange(len(y)), scored)
    names = [groups[i] for i in scored]
    for train, test in GroupKFold(n_splits=min(folds, len(set(names)))).split(scored,
                                                                              groups=names):
        fit_on = np.concatenate([kept, scored[train]])
        p[scored[test]] = fit(x[fit_on], y[fit_on], c).predict_proba(x[scored[test]])[:, 1]
    return p


@dataclass
class Fold:
    """The flags of every system on one test fold."""

    name: str
    index: np.ndarray
    flags: dict[str, np.ndarray]
    thresholds: dict[str, tuple[float, float]]


Split = tuple[str, np.ndarray, np.ndarray, np.ndarray | None]


def cross_validate(data: Data, x: sparse.csr_matrix, splits: Iterator[Split], c: float,
                   inner: int) -> list[Fold]:
    """Every system on every outer fold (name, train, test, texts of the training folds
    whose out-of-fold predictions choose the thresholds: all when None)."""
    out = []
    for name, train, test, select in splits:
        groups = [data.publisher[i] for i in train]
        scored = None if select is None else np.flatnonzero(np.isin(train, select))
        p_inner = out_of_fold(x[train], data.y[train], groups, c, inner, scored)
        keep = ~np.isnan(p_inner)
        y_in, rule_in = data.y[train][keep], data.rule[train][keep]
        chosen = {s: choose(s, y_in, rule_in, p_inner[keep]) for s in SYSTEMS}
        p = fit(x[train], data.y[train], c).predict_proba(x[test])[:, 1]
        flags = {s: decide(s, data.rule[test], p, chosen[s]) for s in SYSTEMS}
        out.append(Fold(name, test, flags, chosen))
    return out


def publisher_splits(data: Data, k: int) -> Iterator[Split]:
    """Grouped k-fold by publisher."""
    from sklearn.model_selection import GroupKFold

    index = np.arange(len(data.texts))
    for n, (train, test) in enumerate(GroupKFold(n_splits=k).split(index, groups=data.publisher)):
        yield f"fold {n + 1}", train, test, None


def batch_splits(data: Data) -> Iterator[Split]:
    """Leave one batch out."""
    batches = np.array(data.batch)
    order = sorted(set(data.batch), key=lambda b: (len(b.split("-")[0].rstrip("abc")), b))
    for name in order:
        yield (f"batch {name}", np.flatnonzero(batches != name),
               np.flatnonzero(batches == name), None)


def unseen_splits(data: Data, prefix: str, k: int) -> Iterator[Split]:
    """Grouped k-fold by publisher over the batches starting with ``prefix`` only (texts
    the rules were not written on): every other text is always trained on, and the
    thresholds are chosen on the held-in publishers of those batches alone, where the
    rules' decisions are as good as on new texts."""
    from sklearn.model_selection import GroupKFold

    inside = np.array([b.startswith(prefix) for b in data.batch])
    pool = np.flatnonzero(inside)
    names = [data.publisher[i] for i in pool]
    for n, (train, test) in enumerate(GroupKFold(n_splits=k).split(pool, groups=names)):
        yield (f"fold {n + 1}", np.concatenate([np.flatnonzero(~inside), pool[train]]),
               pool[test], pool[train])


# ----------------------------------------------------------------------------- reporting


def counts(y: np.ndarray, flag: np.ndarray) -> tuple[int, int, int]:
    return int((y & flag).sum()), int((~y & flag).sum()), int((y & ~flag).sum())


def pr(tp: int, fp: int, fn: int) -> tuple[float, float]:
    return (tp / (tp + fp) if tp + fp else float("nan"),
            tp / (tp + fn) if tp + fn else float("nan"))


def _spread(values: list[float]) -> str:
    values = [v for v in values if v == v]
    if not values:
        return "–"
    sd = statistics.pstdev(values) if len(values) > 1 else 0.0
    return f"{min(values):.2f}–{max(values):.2f} (sd {sd:.2f})"


def report(task: Task, data: Data, folds: list[Fold], title: str) -> str:
    """Pooled and per-fold figures of every system, then per language."""
    lines = [f"### {task.code} — {title}", "",
             "positives per fold: " + ", ".join(
                 f"{f.name.split()[-1]}:{int(data.y[f.index].sum())}" for f in folds), "",
             "| system | TP | FP | FN | P | R | F1 | fold P range | fold R range |"
             " thresholds (lo, hi) |",
             "|---|---|---|---|---|---|---|---|---|---|"]
    for s in SYSTEMS:
        tp = fp = fn = 0
        fold_p, fold_r = [], []
        for f in folds:
            a, b, c = counts(data.y[f.index], f.flags[s])
            tp, fp, fn = tp + a, fp + b, fn + c
            p, r = pr(a, b, c)
            fold_p.append(p)
            fold_r.append(r)
        p, r = pr(tp, fp, fn)
        f1_ = 2 * p * r / (p + r) if p + r else 0.0
        ts = sorted({f.thresholds[s] for f in folds}) if s not in ("rules", "model@0.5") else []
        shown = ", ".join(f"({lo:.2f},{hi:.2f})" for lo, hi in ts[:4]) + (
            " …" if len(ts) > 4 else "")
        lines.append(f"| {s} | {tp} | {fp} | {fn} | {p:.3f} | {r:.3f} | {f1_:.3f} | "
                     f"{_spread(fold_p)} | {_spread(fold_r)} | {shown} |")
    lines += ["", "Per language (pooled over folds), P/R:", "",
              "| language | n | pos | " + " | ".join(SYSTEMS) + " |",
              "|---|---|---|" + "---|" * len(SYSTEMS)]
    languages = np.array(data.language)
    tested = np.concatenate([f.index for f in folds])
    for lang in sorted(set(languages[tested]), key=lambda x: -int((languages[tested] == x).sum())):
        n = int((languages[tested] == lang).sum())
        if n < 20:
            continue
        cells = []
        for s in SYSTEMS:
            tp = fp = fn = 0
            for f in folds:
                keep = languages[f.index] == lang
                a, b, c = counts(data.y[f.index][keep], f.flags[s][keep])
                tp, fp, fn = tp + a, fp + b, fn + c
            p, r = pr(tp, fp, fn)
            cells.append(f"{p:.2f}/{r:.2f}")
        pos = int(data.y[tested][languages[tested] == lang].sum())
        lines.append(f"| {lang} | {n} | {pos} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def per_fold(task: Task, data: Data, folds: list[Fold]) -> str:
    """Every system fold by fold."""
    lines = ["", f"{task.code} fold by fold (TP/FP/FN):", "",
             "| fold | pos | " + " | ".join(SYSTEMS) + " |",
             "|---|---|" + "---|" * len(SYSTEMS)]
    for f in folds:
        cells = ["{}/{}/{}".format(*counts(data.y[f.index], f.flags[s]))
                 for s in SYSTEMS]
        lines.append(f"| {f.name} | {int(data.y[f.index].sum())} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", type=Path, help="labelled CSV of published texts")
    parser.add_argument("--folds", type=int, default=8, help="publisher folds (8)")
    parser.add_argument("--inner", type=int, default=4, help="inner folds for thresholds")
    parser.add_argument("-C", dest="c", type=float, default=2.0, help="inverse L2 strength")
    parser.add_argument("--signal-weight", type=float, default=1.0)
    parser.add_argument("--only", choices=[t.code for t in TASKS])
    parser.add_argument("--features", choices=FEATURE_SETS, default="all",
                        help="the rules' signals the model sees: all (cues, class and the "
                             "rule's decision), cues only, or none (text)")
    parser.add_argument("--unseen", metavar="BATCH", default="11",
                        help="batches the rules were not written on (prefix, default 11): "
                             "also cross-validated on their own, thresholds chosen on them")
    parser.add_argument("--out", type=Path, help="also write the report (Markdown) here")
    args = parser.parse_args(argv)
    if not args.corpus.is_file():
        print(f"error: no corpus at {args.corpus}", file=sys.stderr)
        return 2
    parts = [f"Corpus {args.corpus.name}; C={args.c}, signal weight {args.signal_weight}, "
             f"{args.folds} publisher folds, {args.inner} inner folds, "
             f"features {args.features}.", ""]
    for task in TASKS:
        if args.only and task.code != args.only:
            continue
        data = load(args.corpus, task, args.features)
        x = design(data, args.signal_weight)
        parts.append(f"## {task.code}: {len(data.texts)} texts, {int(data.y.sum())} positive, "
                     f"{len(set(data.publisher))} publishers")
        for title, splits in (
                (f"grouped {args.folds}-fold by publisher", publisher_splits(data, args.folds)),
                ("leave one batch out", batch_splits(data)),
                (f"batches {args.unseen}* by publisher, thresholds on them only",
                 unseen_splits(data, args.unseen, 5))):
            folds = cross_validate(data, x, splits, args.c, args.inner)
            parts += ["", report(task, data, folds, title), per_fold(task, data, folds), ""]
            print("\n".join(parts[-4:]), flush=True)
    if args.out:
        args.out.write_text("\n".join(parts) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
