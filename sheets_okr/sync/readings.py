"""KPI readings: one reading, and many held column by column."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, overload

import numpy as np
import pandas as pd


@dataclass(frozen=True)
class Reading:
    """One KPI value on one day, from one source."""

    day: date
    kpi: str
    value: float
    note: str | None = None
    source: str = ""


class Readings(Sequence[Reading]):
    """Readings held column by column: a source of many thousand rows makes no object per
    reading; one is made when asked for."""

    __slots__ = ("days", "kpis", "values", "notes", "sources")

    def __init__(self, days: list[date], kpis: list[str], values: list[float],
                 notes: list[str | None], sources: list[str]) -> None:
        self.days, self.kpis, self.values = days, kpis, values
        self.notes, self.sources = notes, sources

    @classmethod
    def of(cls, readings: Iterable[Reading]) -> Readings:
        if isinstance(readings, Readings):
            return readings
        items = list(readings)
        return cls([r.day for r in items], [r.kpi for r in items],
                   [r.value for r in items], [r.note for r in items],
                   [r.source for r in items])

    @classmethod
    def join(cls, parts: Iterable[Readings]) -> Readings:
        """The readings of ``parts``, one after the other."""
        out = cls([], [], [], [], [])
        for part in map(cls.of, parts):
            out.days += part.days
            out.kpis += part.kpis
            out.values += part.values
            out.notes += part.notes
            out.sources += part.sources
        return out

    def take(self, positions: Sequence[int]) -> Readings:
        """The readings at ``positions``, in that order."""
        return Readings(*(list(map(column.__getitem__, positions)) for column in (
            self.days, self.kpis, self.values, self.notes, self.sources)))

    def latest(self) -> Readings:
        """One reading per (date, KPI): the last one, in the place of the first."""
        count = len(self)
        if count < 2:
            return self
        days, kpis = _codes(self.days), _codes(self.kpis)
        keys = days * (int(kpis.max()) + 1) + kpis
        distinct, first = np.unique(keys, return_index=True)
        if len(distinct) == count:
            return self
        _, last = np.unique(keys[::-1], return_index=True)
        last = count - 1 - last
        return self.take(last[np.argsort(first, kind="stable")].tolist())

    def __len__(self) -> int:
        return len(self.days)

    @overload
    def __getitem__(self, index: int) -> Reading: ...

    @overload
    def __getitem__(self, index: slice) -> Readings: ...

    def __getitem__(self, index: int | slice) -> Reading | Readings:
        if isinstance(index, slice):
            return self.take(range(len(self))[index])
        return Reading(self.days[index], self.kpis[index], self.values[index],
                       self.notes[index], self.sources[index])

    def __iter__(self) -> Iterator[Reading]:
        return map(Reading, self.days, self.kpis, self.values, self.notes, self.sources)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Sequence) or isinstance(other, str):
            return NotImplemented
        return list(self) == list(other)

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"Readings({list(self)!r})"


def _codes(values: list[Any]) -> np.ndarray:
    """A number per distinct value (the same number for equal values)."""
    return pd.factorize(np.asarray(values, dtype=object))[0]
