"""Rule families; importing this package registers every rule."""

from . import confidence, kpi, structure, text, values  # noqa: F401
