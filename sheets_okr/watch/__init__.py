"""Keep workbooks scored while people edit them: ``sheets-okr watch``.

One process watches many workbooks. A Google Sheet is probed for its Drive modified time
once per interval; an Excel file is watched through file-system events. A workbook is
recomputed once it has been quiet for a while (and, for Excel, no spreadsheet app holds
it open); the tool's own writes are recognised and not taken for an edit.
"""

from __future__ import annotations

from .loop import Watcher, WatchOptions, targets_for

__all__ = ["WatchOptions", "Watcher", "targets_for"]
