"""What a key result's own words say when its Baseline cell is blank.

"Cut calls from 40 to 10" starts at 40; "Reduce churn to 2 %" goes down from a start
nobody wrote. Read only when no cell says it, so a typed Baseline or Kind always wins.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from ..values import parse_number

_FROM = r"from|de|desde|von|da|van|z|od|từ|dari|från|от|с"
_TO = r"to|a|al|hasta|para|auf|zu|bis|à|naar|tot|do|đến|lên|xuống|ke|hingga|till|до"
_NUMBER = r"[-+−]?[$€£¥₹R]?\$?\s?\d[\d.,\s]*(?:[%kKmMbB]|mn|bn)?"
FROM_TO = re.compile(
    rf"(?<!\w)(?:{_FROM})\s+(?P<start>{_NUMBER})\s*(?:{_TO})\s+(?P<end>{_NUMBER})",
    re.IGNORECASE,
)

DOWN_WORDS = re.compile(
    r"^\W*(?:[A-Za-z]{1,4}\s?\d+(?:\.\d+)*\s*[:.)-]\s*)?"
    r"(?:reduce|cut|lower|decrease|shrink|minimi[sz]e|bring\s+down|halve|slash|trim"
    r"|reducir|disminuir|bajar|reduzir|diminuir|baixar|senken|reduzieren|verringern"
    r"|réduire|diminuer|baisser|ridurre|diminuire|abbassare|verminderen|verlagen"
    r"|verkleinen|azaltmak|azalt|zmniejszyć|obniżyć|снизить|сократить|уменьшить"
    r"|giảm|kurangi|menurunkan|minska|sänka)\b",
    re.IGNORECASE,
)


def _number(text: str) -> float | None:
    return parse_number(text.replace("−", "-").strip().rstrip(".,").strip())


def stated_start(title: object, target: float) -> float | None:
    """The start a title states, "from A to B", when B is the target; else None.

    >>> stated_start("Cut calls from 40 to 10", 10.0)
    40.0
    >>> stated_start("Raise win rate from 20% to 30%", 0.3)
    0.2
    >>> stated_start("Grow revenue from $1.2M to $2M by Q4", 2_000_000.0)
    1200000.0
    >>> stated_start("Cut calls from 40 to 10", 12.0) is None
    True
    """
    if not isinstance(title, str) or not np.isfinite(target):
        return None
    for found in FROM_TO.finditer(title):
        start, end = _number(found["start"]), _number(found["end"])
        if start is None or end is None:
            continue
        if np.isclose(end, target, rtol=1e-6, atol=1e-12):
            return start
    return None


def says_down(title: object) -> bool:
    """Whether a title starts with a verb of going down ("Reduce churn to 2%").

    >>> says_down("KR2: Reduce churn to 2%"), says_down("Grow revenue")
    (True, False)
    """
    return isinstance(title, str) and DOWN_WORDS.search(title) is not None


def stated_baselines(titles: pd.Series, target: np.ndarray, where: np.ndarray) -> np.ndarray:
    """Per key result, the start its title states for its target (NaN when none); only
    the rows ``where`` is true are read."""
    out = np.full(len(titles), np.nan)
    texts = titles.to_numpy(object)
    for i in np.flatnonzero(where & np.isfinite(target)):
        start = stated_start(texts[i], float(target[i]))
        if start is not None:
            out[i] = start
    return out


def down_titles(titles: pd.Series, where: np.ndarray) -> np.ndarray:
    """Per key result, whether its title starts with a verb of going down; only the rows
    ``where`` is true are read."""
    out = np.zeros(len(titles), bool)
    texts = titles.to_numpy(object)
    for i in np.flatnonzero(where):
        out[i] = says_down(texts[i])
    return out
