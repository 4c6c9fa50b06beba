"""The scheduled sync: pull KPI readings from files, spreadsheets and databases into each
workbook's KPI History, then recompute it; unattended, several workbooks at a time."""

from __future__ import annotations

from .config import SourceConfig, SyncConfig, SyncOptions, WorkbookConfig, load_sync_config
from .cycle import BookOutcome, sync_book
from .merge import MergePlan, plan_merge
from .runner import Shard, Syncer, SyncReport, WorkbookReport, run_sync
from .sources import Reading, SourceError, fetch_readings

__all__ = [
    "BookOutcome",
    "MergePlan",
    "Reading",
    "SourceConfig",
    "Shard",
    "SourceError",
    "SyncConfig",
    "SyncOptions",
    "SyncReport",
    "Syncer",
    "WorkbookConfig",
    "WorkbookReport",
    "fetch_readings",
    "load_sync_config",
    "plan_merge",
    "run_sync",
    "sync_book",
]
