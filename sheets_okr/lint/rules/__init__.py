"""Rule families; importing this package registers every rule."""

from . import confidence, kpi, reading, structure, text, values  # noqa: F401
