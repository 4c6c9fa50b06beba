"""Google Sheets over the Sheets API v4: the backend (:mod:`.backend`), the HTTP client
with its retries and credentials (:mod:`.client`) and the batchUpdate requests a change
set becomes (:mod:`.requests`)."""

from .backend import GSheetsBackend, create_spreadsheet, spreadsheet_key

__all__ = ["GSheetsBackend", "create_spreadsheet", "spreadsheet_key"]
