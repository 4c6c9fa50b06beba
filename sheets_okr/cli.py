"""The ``sheets-okr`` command line: a thin layer over :mod:`sheets_okr.run`."""

from __future__ import annotations

import functools
import gc
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from . import __version__
from .errors import SheetsOkrError, UsageError

if TYPE_CHECKING:
    from .config import Settings

EXIT_INTERNAL = 70


def _parse_as_of(ctx: click.Context, param: click.Parameter, value: str | None) -> date | None:
    if value is None:
        return None
    from .values import CellValueError, parse_date

    try:
        day = parse_date(value) if value.strip() else None
    except CellValueError:
        day = None
    if not isinstance(day, date):
        raise click.BadParameter(f"'{value}' is not a date (use YYYY-MM-DD)")
    return day


def as_of_option(fn: Callable[..., Any]) -> Callable[..., Any]:
    return click.option("--as-of", callback=_parse_as_of, metavar="DATE",
                        help="Compute as of this date (default: today).")(fn)


def config_option(fn: Callable[..., Any]) -> Callable[..., Any]:
    return click.option("--config", "config_path", type=click.Path(dir_okay=False, path_type=Path),
                        help="sheets-okr.toml to use (default: the nearest one).")(fn)


def selection_options(fn: Callable[..., Any]) -> Callable[..., Any]:
    fn = click.option("--ignore", multiple=True, metavar="CODES",
                      help="Rule codes or prefixes to leave out, e.g. OKR107,OKR11.")(fn)
    return click.option("--select", multiple=True, metavar="CODES",
                        help="Only these rule codes or prefixes, e.g. OKR1.")(fn)


def format_option(*formats: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """``--format`` with the formats a command prints (the first is the default)."""
    return click.option("--format", "fmt", type=click.Choice(list(formats)),
                        default=formats[0], show_default=True)


def quiet_option(fn: Callable[..., Any]) -> Callable[..., Any]:
    return click.option("--quiet", "-q", is_flag=True,
                        help="Print nothing but errors: no progress, no summary.")(fn)


def handle_errors(fn: Callable[..., Any]) -> Callable[..., Any]:
    """Turn library errors into one line on stderr and the documented exit code."""

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except SheetsOkrError as exc:
            click.echo(f"Error: {exc}", err=True)
            sys.exit(exc.exit_code)
        except KeyboardInterrupt:
            click.echo("Interrupted; nothing was written.", err=True)
            sys.exit(130)
        except (click.ClickException, click.exceptions.Exit, SystemExit):
            raise
        except Exception as exc:  # a bug: say so in one line, keep the traceback on demand
            if kwargs.get("debug") or _debug_env():
                raise
            click.echo(f"Internal error: {type(exc).__name__}: {exc}. Nothing was written. "
                       "Run with SHEETS_OKR_DEBUG=1 for details and please report it.",
                       err=True)
            sys.exit(EXIT_INTERNAL)

    return wrapper


def _debug_env() -> bool:
    import os

    return os.environ.get("SHEETS_OKR_DEBUG", "") not in ("", "0")


@contextmanager
def lasting_imports() -> Iterator[None]:
    """Around the imports a command needs (pandas among them): what they make lives as long
    as the process, and the cyclic collector has nothing to find among it. The collector is
    held off while they run and then sets aside (freezes) all it holds, so that none of its
    later passes walks those objects again; when nothing new was imported it freezes
    nothing."""
    collecting, loaded = gc.isenabled(), len(sys.modules)
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            if len(sys.modules) > loaded:
                gc.freeze()
            gc.enable()


def _settings(config_path: Path | None, select: tuple[str, ...] = (),
              ignore: tuple[str, ...] = ()) -> Settings:
    with lasting_imports():
        from .config_file import load_settings
        from .lint.selection import check_codes
        from .values import parse_codes

    settings = load_settings(config_path)
    overrides: dict[str, Any] = {}
    if select:
        overrides["select"] = check_codes(parse_codes(select), "--select")
    if ignore:
        overrides["ignore"] = tuple(settings.ignore) + check_codes(parse_codes(ignore),
                                                                   "--ignore")
    return settings.with_overrides(**overrides)


@click.group()
@click.version_option(__version__, prog_name="sheets-okr")
def cli() -> None:
    """Score OKRs and KPIs kept in Excel or Google Sheets, flag misalignments,
    and write the results back into the same workbook."""


@cli.command()
@click.argument("path", required=False, type=click.Path(dir_okay=False, path_type=Path))
@click.option("--example", is_flag=True, help="Fill it with the example goals.")
@click.option("--gsheet", metavar="TITLE", help="Create a Google Sheet with this title instead.")
@click.option("--share", metavar="EMAIL", multiple=True, help="Share the new Google Sheet.")
@click.option("--template", "template_name", metavar="NAME",
              type=click.Choice(["standard", "okrs-one-table", "kpi-scorecard"]),
              help="Start from a template: standard, okrs-one-table or kpi-scorecard.")
@click.option("--force", is_flag=True, help="Overwrite PATH if it exists.")
@handle_errors
def init(path: Path | None, example: bool, gsheet: str | None, share: tuple[str, ...],
         template_name: str | None, force: bool) -> None:
    """Create a new OKR workbook from the template.

    \b
    Examples:
      sheets-okr init goals.xlsx
      sheets-okr init example.xlsx --example
      sheets-okr init --gsheet "Team OKRs" --example --share lead@example.com
      sheets-okr init team.xlsx --template okrs-one-table
    """
    from .templates import blank_tables, example_tables

    if template_name and example:
        raise UsageError("give either --template or --example, not both")
    if template_name and path is not None and not gsheet:
        from .templates.workbooks import template, write_template

        write_template(template(template_name), path, force=force)
        click.echo(f"Created {path} from the {template_name} template. "
                   f"Next: sheets-okr recompute {path}")
        return
    if template_name:
        from .templates.workbooks import template

        tables = template(template_name).tables
    else:
        tables = example_tables() if example else blank_tables()
    if gsheet:
        from .io.gsheets import create_spreadsheet

        url = create_spreadsheet(gsheet, tables, share=list(share))
        click.echo(url)
        return
    if path is None:
        raise UsageError("give a PATH.xlsx, or --gsheet TITLE")
    from .io.xlsx.create import create_workbook

    create_workbook(path, tables, force=force)
    click.echo(f"Created {path}" + (" with the example goals" if example else "")
               + f". Next: sheets-okr recompute {path}")


@cli.command()
@click.argument("source")
@as_of_option
@click.option("--dry-run", is_flag=True, help="Show what would change; write nothing.")
@click.option("--no-charts", is_flag=True, help="Do not write the Dashboard charts.")
@click.option("--formulas", is_flag=True, help="Write the computed columns as live "
              "spreadsheet formulas (also: formulas = true in the config).")
@format_option("text", "json")
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path),
              help="Write the result to this .xlsx file instead of SOURCE (a Google Sheet "
              "is then left as it is).")
@click.option("--force", is_flag=True, help="Replace the --output file if it exists.")
@click.option("--backup", is_flag=True, help="Excel: keep the previous file as NAME.bak.xlsx.")
@click.option("--verbose", "-v", is_flag=True,
              help="List every objective and KPI (and every change of a dry run).")
@quiet_option
@config_option
@handle_errors
def recompute(source: str, as_of: date | None, dry_run: bool, no_charts: bool, formulas: bool,
              fmt: str,
              output: Path | None, force: bool, backup: bool, verbose: bool, quiet: bool,
              config_path: Path | None) -> None:
    """Compute scores, statuses, KPI health, ROI and conversion rates, and write them
    back into SOURCE (an .xlsx/.xlsm path or a Google Sheets URL or key).

    Only computed columns, the Flags tab and the Dashboard are written, and only cells
    whose value changed. Unreadable cells become flags; the run still succeeds. Prints
    the totals, then the ten most urgent objectives and KPIs.

    \b
    Examples:
      sheets-okr recompute goals.xlsx
      sheets-okr recompute goals.xlsx --as-of 2026-11-15 --dry-run
      sheets-okr recompute goals.xlsx --verbose      # every objective and KPI
      sheets-okr recompute https://docs.google.com/spreadsheets/d/KEY --format json
    """
    with lasting_imports():
        from .io import OpenOptions, open_backend
        from .output import recompute_json, recompute_text
        from .progress import Watched, progress
        from .run import rare_collections
        from .run import recompute as run_recompute

    settings = _settings(config_path).with_overrides(charts=False if no_charts else None,
                                                     formulas=True if formulas else None)
    backend = open_backend(source, OpenOptions(output=output, backup=backup, force=force))
    with backend.session(write=not dry_run), progress(quiet) as shown:
        result = run_recompute(Watched(backend, shown), as_of, settings, dry_run=dry_run)
    with rare_collections():
        if fmt == "json":
            click.echo(recompute_json(result))
        elif not quiet:
            click.echo(recompute_text(result, verbose))


@cli.command()
@click.argument("source")
@as_of_option
@selection_options
@format_option("text", "json", "github")
@click.option("--all", "show_all", is_flag=True,
              help="List every flag (text shows the first few of each rule).")
@quiet_option
@config_option
@handle_errors
@click.option("--items", "with_items", is_flag=True,
              help="With --format json: an object of the flags and every item with its "
                   "computed values (docs/json.md).")
def check(source: str, as_of: date | None, select: tuple[str, ...], ignore: tuple[str, ...],
          fmt: str, show_all: bool, quiet: bool, config_path: Path | None,
          with_items: bool) -> None:
    """Report misalignments without writing anything. Exit 1 when an error is found.

    The text lists the totals, then the flags grouped by rule: how many, and the first
    few of each (--all: every one). JSON and GitHub formats always hold every flag.

    \b
    Examples:
      sheets-okr check goals.xlsx
      sheets-okr check goals.xlsx --select OKR1 --ignore OKR107 --format json
      sheets-okr check goals.xlsx --all               # every flag, not the first few
      sheets-okr check goals.xlsx --format github
      sheets-okr check goals.xlsx --format json --items   # flags and every item's results
    """
    with lasting_imports():
        from .io import open_backend
        from .output import FLAG_FORMATS, check_text
        from .progress import Watched, progress
        from .run import check as run_check

    settings = _settings(config_path, select, ignore)
    backend = open_backend(source)
    with progress(quiet) as shown:
        analysis, flags = run_check(Watched(backend, shown, "Checking"), as_of, settings)
    if fmt == "text":
        if not quiet:
            click.echo(check_text(analysis, flags, show_all))
    elif with_items and fmt == "json":
        from .output import check_json_items

        click.echo(check_json_items(analysis, flags))
    else:
        click.echo(FLAG_FORMATS[fmt](flags, source))
    if any(str(f.severity) == "error" for f in flags):
        sys.exit(1)


@cli.command()
@click.argument("source")
@click.option("--out", "out_dir", required=True, metavar="DIR",
              type=click.Path(file_okay=False, path_type=Path),
              help="Folder for report.html and the PNG charts (created if missing).")
@as_of_option
@quiet_option
@config_option
@handle_errors
def report(source: str, out_dir: Path, as_of: date | None, quiet: bool,
           config_path: Path | None) -> None:
    """Write a summary for people who would rather look: report.html (one self-contained
    page, charts embedded, fit for e-mail or chat) and the charts as PNG files. SOURCE is
    only read, never written. Prints the paths written.

    \b
    Examples:
      sheets-okr report goals.xlsx --out weekly/
      sheets-okr report goals.xlsx --out weekly/ --as-of 2026-11-15
    """
    with lasting_imports():
        from .io import open_backend
        from .progress import Watched, progress
        from .report import write_report
        from .run import check as run_check

    settings = _settings(config_path)
    backend = open_backend(source)
    with progress(quiet) as shown:
        analysis, flags = run_check(Watched(backend, shown), as_of, settings)
        paths = write_report(analysis, flags, out_dir, progress=shown.count("Drawing"))
    if not quiet:
        for path in paths:
            click.echo(str(path))


@cli.command()
@click.argument("config_file", metavar="CONFIG.toml",
                type=click.Path(dir_okay=False, path_type=Path))
@click.option("--dry-run", is_flag=True,
              help="Fetch readings and show what would change; write nothing.")
@click.option("--only", multiple=True, metavar="NAME",
              help="Sync only the workbook with this name (repeatable).")
@as_of_option
@click.option("--jobs", "-j", type=click.IntRange(min=1), metavar="N",
              help="Workbooks synced at the same time (default: jobs in the config, 4).")
@click.option("--shard", metavar="I/N",
              help="Sync only shard I of N: split a config's workbooks across N scheduled "
              "jobs or hosts; a workbook always falls in the same shard.")
@click.option("--quiet", "-q", is_flag=True, help="Log only warnings and failures.")
@click.option("--verbose", "-v", is_flag=True, help="Log every reading updated and each step.")
@handle_errors
def sync(config_file: Path, dry_run: bool, only: tuple[str, ...], as_of: date | None,
         jobs: int | None, shard: str | None, quiet: bool, verbose: bool) -> None:
    """Pull KPI readings from CSV/Excel files, other spreadsheets and SQL databases into
    each workbook's KPI History, then recompute every workbook. Made to run unattended
    (cron, a systemd timer, a scheduled CI job): one log line per workbook on stderr.
    Workbooks are synced several at a time; Google Sheets requests of all of them share
    one rate limit (read_quota and write_quota a minute).

    \b
    Exit codes: 0 every workbook synced; 1 a workbook or source failed (the others
    were still synced; each failure is logged); 2 the config file is wrong, or a
    source or workbook holds bad input to fix (a bad line, a missing column or file).

    \b
    Examples:
      sheets-okr sync sync.toml
      sheets-okr sync sync.toml --dry-run --only support
      sheets-okr sync sync.toml --quiet      # cron: mail only when something failed
      sheets-okr sync sync.toml --shard 2/4  # the second of four scheduled jobs
    """
    with lasting_imports():
        from .sync import Shard, load_sync_config, run_sync
        from .sync.logs import progress_bar, setup_logging, watching

    part = Shard.parse(shard) if shard else None
    config = load_sync_config(config_file)
    workbooks = [wb for wb in config.select(only) if part is None or part.holds(wb.name)]
    setup_logging(quiet=quiet, verbose=verbose)
    with progress_bar(len(workbooks), watching() and not quiet) as progress:
        report = run_sync(config, dry_run=dry_run, only=only, as_of=as_of, progress=progress,
                          jobs=jobs, shard=part)
    sys.exit(report.exit_code)


@cli.command()
@click.argument("sources", nargs=-1, required=True, metavar="SOURCE...")
@click.option("--interval", default=30.0, show_default=True, metavar="SECONDS",
              type=click.FloatRange(min=0.05), help="Seconds between two change checks of a "
              "Google Sheet.")
@click.option("--quiet-period", "quiet", default=10.0, show_default=True, metavar="SECONDS",
              type=click.FloatRange(min=0), help="Seconds a workbook must stay unchanged "
              "before it is recomputed.")
@click.option("--poll", is_flag=True, help="Excel: poll the files instead of waiting for "
              "file-system events (network drives).")
@click.option("--lock-timeout", "lock_timeout", default=None, metavar="SECONDS",
              type=click.FloatRange(min=0), help="Seconds to wait for another run's lock on "
              "a workbook  [default: a sync config's lock_timeout, else 10]")
@click.option("--quiet", "-q", "quiet_log", is_flag=True, help="Log only warnings and failures.")
@click.option("--verbose", "-v", is_flag=True, help="Also log changes that need no run.")
@config_option
@handle_errors
def watch(sources: tuple[str, ...], interval: float, quiet: float, poll: bool,
          lock_timeout: float | None, quiet_log: bool, verbose: bool,
          config_path: Path | None) -> None:
    """Recompute each SOURCE shortly after it changes, until stopped (Ctrl-C or SIGTERM).

    SOURCE is an .xlsx/.xlsm path, a Google Sheets URL or key, or a sync config
    (CONFIG.toml), whose workbooks and settings are used. A Google Sheet costs one small
    Drive request per interval while nothing changes; an Excel file is recomputed once
    it has been saved and closed (no Excel or LibreOffice lock file). One log line per
    run on stderr.

    \b
    Examples:
      sheets-okr watch goals.xlsx
      sheets-okr watch https://docs.google.com/spreadsheets/d/KEY --interval 60
      sheets-okr watch sync.toml
    """
    with lasting_imports():
        import signal

        from .watch import Watcher, WatchOptions, targets_for
        from .watch.runs import setup_logging
        from .watch.sources import watched

    plan = watched(sources, _settings(config_path), lock_timeout)
    options = WatchOptions(interval=interval, quiet=quiet, poll=poll,
                           lock_timeout=plan.lock_timeout)
    setup_logging(quiet=quiet_log, verbose=verbose)
    watcher = Watcher(targets_for(plan.named, plan.settings, options), options)
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda *_: watcher.stop())
    watcher.run()


@cli.command("map")
@click.argument("source")
@as_of_option
@click.option("--write", "write", is_flag=True,
              help="Save the mapping to sheets-okr.toml next to the workbook (or --config).")
@click.option("--locale", metavar="LOCALE",
              help="Locale of numbers typed as text, e.g. de or pt-BR (decimal comma).")
@config_option
@handle_errors
def map_command(source: str, as_of: date | None, write: bool, locale: str | None,
                config_path: Path | None) -> None:
    """Show how each tab of SOURCE is read: the table, its header rows, each column's role,
    the period band scored for --as-of, the rows taken as objectives, key results or KPIs,
    and what was ignored. SOURCE is only read, never written.

    With --write the mapping is saved to sheets-okr.toml, where any column or tab can be
    corrected by hand; recompute and check use it before guessing.

    \b
    Examples:
      sheets-okr map team-okrs.xlsx --as-of 2026-11-15
      sheets-okr map team-okrs.xlsx --write
      sheets-okr map kpis.xlsx --locale de --write
    """
    with lasting_imports():
        from .io import open_backend
        from .read.explain import describe
        from .read.mapping import save_mapping
        from .read.pipeline import read_book

    settings = _settings(config_path)
    if locale:
        settings = settings.with_overrides(locale=locale)
    day = as_of or date.today()
    book = open_backend(source).read()
    reading = read_book(book, settings, day, explain=True)
    click.echo(describe(reading.model, book, reading.layouts, day))
    if reading.refused:
        click.echo(f"\nNothing was read: {reading.refused}\nEach tab above shows its best "
                   "guess; `map --write` saves them for you to correct, then run again.")
    if write:
        path, count = save_mapping(reading.layouts, book, config_path, locale)
        if path is None:
            click.echo("\nNothing to save: every tab is read by its name and headers.")
        else:
            click.echo(f"\nMapping of {count} tab{'s' if count != 1 else ''} saved to {path}; "
                       f"edit it to correct a column, then run sheets-okr recompute {source}")


def main() -> None:
    """The ``sheets-okr`` program. What its imports made is set aside from the cyclic
    collector's passes (it lives as long as the process): a pass then walks only what
    the command makes, and the process ends without a last walk over all of it."""
    gc.freeze()
    cli(prog_name="sheets-okr")
