"""Rule families; importing this package registers every rule."""

from . import kpi, structure, text, values  # noqa: F401
