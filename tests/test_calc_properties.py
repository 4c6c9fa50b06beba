"""Properties of the calculation core over generated input."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import numpy as np
import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sheets_okr.calc import compute
from sheets_okr.calc.okr import compute_key_results, compute_objectives
from sheets_okr.config import Settings
from sheets_okr.schema import TAB_BY_KEY
from tests import frames as f

AS_OF = pd.Timestamp("2026-11-15")
PROFILE = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

any_float = st.one_of(
    st.none(),
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from([0.0, 1.0, -1.0, 0.5, 1e308, -1e308, 5e-324]),
)
finite = st.floats(min_value=-1e6, max_value=1e6, allow_nan=False)
maybe_bool = st.one_of(st.none(), st.booleans())
kind = st.one_of(
    st.none(),
    st.sampled_from(
        ["increase", "decrease", "milestone", "keep above", "keep_below", "at least", "???"]
    ),
    st.text(max_size=12),
)
any_text = st.one_of(st.none(), st.text(max_size=12))
day = st.one_of(
    st.none(), st.datetimes(min_value=datetime(1900, 1, 1), max_value=datetime(2200, 1, 1))
)


def scores(rows: list[dict[str, Any]]) -> pd.Series:
    frame = f.frame("key_results", rows)
    out = compute_key_results(frame, f.objectives({"id": "O1"}), None, AS_OF, Settings())
    return out["score"]


@PROFILE
@given(
    st.lists(
        st.fixed_dictionaries(
            {
                "kind": kind,
                "baseline": any_float,
                "target": any_float,
                "current": any_float,
                "current_done": maybe_bool,
                "target_done": maybe_bool,
            }
        ),
        max_size=8,
    )
)
def test_score_within_zero_and_one_or_blank(rows: list[dict[str, Any]]) -> None:
    values = scores(rows).to_numpy()
    assert ((values >= 0) & (values <= 1) | np.isnan(values)).all()


@PROFILE
@given(
    st.one_of(st.none(), finite),
    finite,
    st.one_of(st.none(), finite),
    st.sampled_from([None, ("increase", "decrease")]),
)
def test_increase_and_decrease_mirror(
    baseline: float | None, target: float, current: float | None, kinds: tuple | None
) -> None:
    up, down = kinds or (None, None)
    plain = {"baseline": baseline, "target": target, "current": current, "kind": up}
    mirrored = {
        "baseline": None if baseline is None else -baseline,
        "target": -target,
        "current": None if current is None else -current,
        "kind": down,
    }
    first, second = scores([plain, mirrored]).tolist()
    assert (np.isnan(first) and np.isnan(second)) or first == second


weight = st.one_of(
    st.none(),
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from([0.0, -1.0, 1e308, 5e-324]),
)


@PROFILE
@given(
    st.lists(
        st.tuples(st.one_of(st.none(), st.floats(-0.5, 1.5)), weight, st.booleans()),
        max_size=8,
    )
)
def test_objective_score_between_its_kr_scores(
    krs: list[tuple[float | None, float | None, bool]],
) -> None:
    rows = [
        {
            "id": f"K{i}",
            "objective": "O1",
            "target": 100,
            "current": None if s is None else s * 100,
            "weight": w,
            "_error": bad,
        }
        for i, (s, w, bad) in enumerate(krs)
    ]
    objectives = f.objectives({"id": "O1"})
    key_results = f.frame("key_results", rows)
    kr_results = compute_key_results(key_results, objectives, None, AS_OF, Settings())
    out = compute_objectives(objectives, key_results, kr_results, AS_OF, Settings())
    weights = key_results["weight"].replace([np.inf, -np.inf], np.nan).fillna(1.0)
    counted = kr_results["score"][kr_results["score"].notna() & (weights > 0)]
    score = out.loc[2, "score"]
    assert out.loc[2, "kr_count"] == len(krs)
    if counted.empty:
        assert np.isnan(score)
    else:
        assert counted.min() <= score <= counted.max()


def tab_rows(tab: str) -> st.SearchStrategy[list[dict[str, Any]]]:
    columns: dict[str, st.SearchStrategy[Any]] = {"_error": st.booleans()}
    for col in TAB_BY_KEY[tab].columns:
        kind_of = col.type.value
        if kind_of in ("number", "measure"):
            columns[col.key] = any_float
        elif kind_of == "date":
            columns[col.key] = day
        elif kind_of == "period":
            columns[col.key] = st.one_of(any_text, st.sampled_from(["2026-Q4", "2026"]))
        else:
            columns[col.key] = st.one_of(any_text, st.sampled_from(["O1", "K1", "P1", ""]))
        if kind_of == "measure":
            columns[f"{col.key}_done"] = maybe_bool
    return st.lists(st.fixed_dictionaries(columns), max_size=6)


@PROFILE
@given(
    objectives=tab_rows("objectives"),
    key_results=tab_rows("key_results"),
    kpis=tab_rows("kpis"),
    kpi_history=tab_rows("kpi_history"),
    initiatives=tab_rows("initiatives"),
    roi=tab_rows("roi"),
    funnel=tab_rows("funnel"),
    as_of=st.datetimes(min_value=datetime(1950, 1, 1), max_value=datetime(2100, 1, 1)),
)
def test_compute_never_raises(as_of: datetime, **tabs: list[dict[str, Any]]) -> None:
    frames = {key: f.frame(key, rows) for key, rows in tabs.items()}
    results = compute(frames, as_of)
    for key, frame in frames.items():
        if key == "kpi_history":
            continue
        out = results.get(key)
        assert out is not None
        assert out.index.equals(frame.index)
        expected = [c.key for c in TAB_BY_KEY[key].computed]
        assert list(out.columns)[: len(expected)] == expected


@PROFILE
@given(
    st.lists(
        st.fixed_dictionaries(
            {
                "id": st.one_of(st.none(), st.text(max_size=4), st.integers()),
                "objective": st.one_of(st.none(), st.text(max_size=4), st.floats()),
                "kind": st.one_of(st.none(), st.text(max_size=4), st.floats()),
                "target": st.one_of(st.none(), st.text(max_size=4), st.floats()),
                "current": st.one_of(st.none(), st.text(max_size=4), st.booleans()),
                "due": st.one_of(st.none(), st.text(max_size=10), st.integers()),
            }
        ),
        max_size=6,
    )
)
def test_untyped_object_columns_do_not_raise(rows: list[dict[str, Any]]) -> None:
    frame = pd.DataFrame(rows, dtype=object)
    results = compute({"objectives": frame, "key_results": frame}, AS_OF)
    assert len(results.get("key_results")) == len(rows)
    assert len(results.get("objectives")) == len(rows)


_TEXT_CELL = st.one_of(st.none(), st.just(float("nan")),
                       st.text(alphabet=" \t\n\u00a0\u3000ab", max_size=5))


@given(st.lists(_TEXT_CELL, max_size=20), st.integers(0, 50))
def test_a_column_of_texts_reads_as_pandas_string_methods_read_it(
        cells: list[Any], first: int) -> None:
    """Texts stripped, blanks as NA, on a RangeIndex: read in one pass over a column of
    texts and blanks, as pandas' string methods read any other column."""
    from sheets_okr.calc.frames import texts

    frame = pd.DataFrame({"k": pd.Series(cells, dtype=object,
                                         index=range(first, first + len(cells)))})
    col = frame["k"].astype("string").str.strip()
    want = col.mask((col == "").fillna(False)).reset_index(drop=True)
    pd.testing.assert_series_equal(texts(frame, "k"), want)
