"""The calculation core: pure, vectorised pandas over typed input frames.

Knows nothing of spreadsheets. Input frames are keyed by tab key (see
:mod:`sheets_okr.schema`) and carry the canonical column keys:

* ID / TEXT / CODES columns: pandas string values, missing as NA;
* NUMBER columns: float64, NaN when blank;
* MEASURE columns (``baseline``, ``target``, ``current`` of key results): a float64
  column ``<key>`` (a percent is its fraction, ``done`` is 1.0, ``not done`` 0.0) and a
  nullable boolean ``<key>_done`` that is set only when the cell was boolean-like
  (yes/no, done, ✓, 1/0 ...);
* DATE columns: datetime64, NaT when blank;
* PERIOD columns: the label ``<key>`` plus ``<key>_start`` and ``<key>_end`` (datetime64,
  first and last day of the period);
* ``_error``: bool, the row had a cell that could not be read; every computed value of
  such a row is left blank.

The index of each frame identifies the row (the adapters use the sheet row number) and
is kept on every output frame. Every frame may be absent or empty except objectives
and key results.

A column missing from a frame reads as all blank; values of the wrong type read as
blank; non-finite numbers (``inf``) read as blank and non-finite results are left blank.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import numpy as np
import pandas as pd

from ..config import Settings
from .frames import as_day, dates, frame_or_empty, texts

__all__ = ["Results", "compute"]


@dataclass
class Results:
    """Computed columns per tab key, each indexed like its input frame.

    ``key_results`` also carries ``current_used`` (Current after a linked KPI filled a
    blank) and ``kind_used`` (the kind after inference); ``kpis`` carries ``history``
    (the number of readings).

    ``readings`` are the KPI readings every KPI result is computed from (see
    :func:`~sheets_okr.calc.kpi.valid_readings`), and ``order`` the row labels of the
    ``roi`` and ``funnel`` frames in period order (blank periods last): what the
    Dashboard, the report and the JSON output show, as they were computed.
    """

    tables: dict[str, pd.DataFrame] = field(default_factory=dict)
    readings: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(
        {"kpi": pd.Series(dtype=object), "date": pd.Series(dtype="datetime64[s]"),
         "value": pd.Series(dtype="float64")}))
    order: dict[str, pd.Index] = field(default_factory=dict)

    def get(self, key: str) -> pd.DataFrame | None:
        return self.tables.get(key)

    def kpi_readings(self) -> dict[str, pd.DataFrame]:
        """The valid readings of each KPI ID, oldest first."""
        frame = self.readings
        return {kpi: frame.iloc[rows] for kpi, rows in self.kpi_positions().items()}

    def kpi_positions(self) -> dict[str, np.ndarray]:
        """The positions in ``readings`` of each KPI ID's readings, oldest first (what
        :meth:`kpi_readings` takes, without a frame per KPI)."""
        return {str(kpi): rows for kpi, rows in
                self.readings.groupby("kpi", sort=False).indices.items()}

    def in_order(self, key: str) -> pd.Index:
        """The row labels of table ``key`` in period order (empty without it)."""
        return self.order.get(key, pd.Index([]))


def compute(
    frames: dict[str, pd.DataFrame], as_of: date, settings: Settings | None = None
) -> Results:
    """Compute every computed column of SPEC §4 for the given input frames."""
    from .funnel import compute_funnel, compute_stages
    from .kpi import compute_kpis, compute_readings, valid_readings
    from .okr import compute_key_results, compute_objectives
    from .roi import compute_initiatives, compute_roi, period_order

    settings = settings or Settings()
    as_of_ts = as_day(as_of)
    out: dict[str, pd.DataFrame] = {}
    kpis = frames.get("kpis")
    history = frames.get("kpi_history")
    objectives = frame_or_empty(frames.get("objectives"))
    key_results = frame_or_empty(frames.get("key_results"))
    linked = None
    results = Results(out)
    if history is not None:
        results.readings = valid_readings(history, kpis, as_of_ts)
    if kpis is not None:
        out["kpis"] = compute_kpis(kpis, history, key_results, as_of_ts, settings,
                                   results.readings)
        linked = out["kpis"].assign(id=texts(kpis, "id").to_numpy(object))
    out["key_results"] = compute_key_results(key_results, objectives, linked, as_of_ts, settings,
                                             frames.get("kr_phases"))
    out["objectives"] = compute_objectives(
        objectives, key_results, out["key_results"], as_of_ts, settings
    )
    if history is not None and "target" in history:
        out["kpi_history"] = compute_readings(history)
    if frames.get("initiatives") is not None:
        out["initiatives"] = compute_initiatives(frames["initiatives"])
    if frames.get("roi") is not None:
        out["roi"] = compute_roi(frames["roi"])
    if frames.get("funnel") is not None:
        out["funnel"] = compute_funnel(frames["funnel"])
    if frames.get("funnel_stages") is not None:
        out["funnel_stages"] = compute_stages(frames["funnel_stages"])
    for key in ("roi", "funnel"):
        frame = frames.get(key)
        if frame is not None:
            results.order[key] = frame.index[period_order(dates(frame, "period_start"))]
    return results
