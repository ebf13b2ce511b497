"""The `briefing` command: parse options, call one library function, report, exit.

Exit codes:
  0  success: every input was stored, already stored, or linked as a duplicate
  1  finished, but some inputs were rejected (each is named with its reason)
  2  usage error (unknown option, missing argument)
  3  fatal: the database cannot be used, or nothing could be read at all
"""
from __future__ import annotations

import json
import sys
from contextlib import contextmanager
from typing import Iterator, Optional

import click
from rich.console import Console
from rich.table import Table

from . import api
from .models import IngestReport
from .store import StoreError

EXIT_OK, EXIT_REJECTED, EXIT_USAGE, EXIT_FATAL = 0, 1, 2, 3

out = Console(soft_wrap=True, highlight=False)
if not out.is_terminal:
    out = Console(soft_wrap=True, highlight=False, width=160)  # pipes and logs: wide tables, no folding
err = Console(stderr=True, highlight=False, soft_wrap=True)


class Context:
    def __init__(self, db: Optional[str], quiet: bool):
        self.db = db
        self.quiet = quiet


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="briefing")
@click.option("--db", metavar="PATH", envvar="BRIEFING_DB", show_envvar=True,
              help="SQLite database file [default: $XDG_DATA_HOME/briefing/briefing.db].")
@click.option("-q", "--quiet", is_flag=True, help="No progress and no summary on stderr; errors only.")
@click.pass_context
def cli(ctx: click.Context, db: Optional[str], quiet: bool) -> None:
    """Turn news articles into stories (and, later, cited briefing memos).

    Exit codes: 0 success; 1 some inputs rejected (named on stderr or in --json);
    2 usage error; 3 fatal (database unusable, nothing readable).
    """
    ctx.obj = Context(db, quiet)


@contextmanager
def _store(ctx: Context) -> Iterator:
    try:
        store = api.open_store(ctx.db)
    except StoreError as e:
        err.print(f"[red]error:[/red] {e}")
        sys.exit(EXIT_FATAL)
    try:
        yield store
    finally:
        store.close()


@contextmanager
def _progress(ctx: Context, json_mode: bool) -> Iterator:
    """A rich progress line on stderr, only when stderr is a terminal and output is for people."""
    if ctx.quiet or json_mode or not err.is_terminal:
        yield None
        return
    from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    with Progress(SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn(), console=err,
                  transient=True) as bar:
        task = bar.add_task("starting")
        yield lambda *args: bar.update(task, description=" ".join(str(a) for a in args)[-100:])


def _ingest(ctx: Context, store, paths, json_mode: bool) -> IngestReport:
    with _progress(ctx, json_mode) as progress:
        step = (lambda n, path: progress(f"reading file {n:,}: {path}")) if progress else None
        return api.ingest(store, paths, step)


def _print_report(ctx: Context, report: IngestReport) -> None:
    for r in report.rejected:
        where = f"{r.path} ({r.record})" if r.record else r.path
        err.print(f"[yellow]rejected[/yellow] {where}: {r.reason}" + (f" - {r.detail}" if r.detail else ""),
                  markup=True)
    if ctx.quiet:
        return
    for d in report.duplicates:
        err.print(f"duplicate {d.ext_id} ({d.path}): {d.kind} copy of {d.canonical_ext_id}"
                  + (f", similarity {d.similarity:.2f}" if d.kind == "near" else ""))
    err.print(f"{report.files_seen:,} files: {len(report.stored):,} articles stored, {len(report.unchanged):,} already "
              f"stored, {len(report.duplicates):,} duplicates linked, {len(report.rejected):,} rejected")


def _exit_for(report: IngestReport) -> int:
    if report.files_seen and not (report.stored or report.unchanged or report.duplicates) and report.rejected:
        return EXIT_FATAL if all(r.reason == "unreadable" for r in report.rejected) else EXIT_REJECTED
    return EXIT_OK if report.ok else EXIT_REJECTED


@cli.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option("--json", "json_mode", is_flag=True, help="Print the report as JSON on stdout.")
@click.pass_obj
def ingest(ctx: Context, paths: tuple[str, ...], json_mode: bool) -> None:
    """Read articles from files and folders (recursive) into the database.

    Formats: .txt/.md, .html, news-please .json, JSON arrays, .jsonl, RSS/Atom
    (.rss/.atom/.xml); other files are sniffed. Re-ingesting changes nothing.
    """
    with _store(ctx) as store:
        report = _ingest(ctx, store, paths, json_mode)
    if json_mode:
        click.echo(json.dumps(report.to_dict(), indent=2))
    _print_report(ctx, report)
    sys.exit(_exit_for(report))


@cli.command()
@click.argument("paths", nargs=-1, type=click.Path())
@click.option("--json", "json_mode", is_flag=True,
              help='Print {"stories": [{"id", "title", "article_ids", ...}]} on stdout.')
@click.pass_obj
def cluster(ctx: Context, paths: tuple[str, ...], json_mode: bool) -> None:
    """Ingest PATHS (if any), then group all stored articles into stories.

    Existing stories keep their ids and members; new articles join them or open new
    stories. With PATHS, only the stories holding those inputs are printed.
    """
    report = None
    with _store(ctx) as store:
        if paths:
            report = _ingest(ctx, store, paths, json_mode)
        with _progress(ctx, json_mode) as progress:
            result = api.cluster(store, progress)
        if report is not None:
            ids = report.stored + report.unchanged + [d.ext_id for d in report.duplicates]
            found = api.stories(store, ids)
        else:
            found = api.stories(store)
    if report is not None:
        _print_report(ctx, report)
    if json_mode:
        click.echo(json.dumps({"stories": [s.to_dict() for s in found]}, indent=2, ensure_ascii=False))
    else:
        _print_story_table(found)
    if not ctx.quiet:
        err.print(f"{len(result.new_stories)} new stories, {len(result.grown_stories)} stories grew, "
                  f"{result.assigned:,} articles assigned")
    sys.exit(_exit_for(report) if report is not None else EXIT_OK)


@cli.command()
@click.option("--json", "json_mode", is_flag=True, help="Print the stories as JSON on stdout.")
@click.option("--limit", type=int, default=None, help="Show at most this many stories.")
@click.pass_obj
def stories(ctx: Context, json_mode: bool, limit: Optional[int]) -> None:
    """List stories: size, outlets, date range and title, largest first."""
    with _store(ctx) as store:
        found = api.stories(store)[:limit]
    if json_mode:
        click.echo(json.dumps({"stories": [s.to_dict() for s in found]}, indent=2, ensure_ascii=False))
    else:
        _print_story_table(found)


def _print_story_table(found) -> None:
    if not found:
        out.print("no stories yet: ingest articles, then run `briefing cluster`")
        return
    table = Table(show_lines=False)
    table.add_column("story", no_wrap=True)
    table.add_column("articles", justify="right")
    table.add_column("outlets")
    table.add_column("dates")
    table.add_column("title")
    for s in found:
        dates = (s.first_published if s.first_published == s.last_published
                 else f"{s.first_published} – {s.last_published}") if s.first_published else "unknown"
        outlets = ", ".join(s.outlets[:4]) + (f" +{len(s.outlets) - 4}" if len(s.outlets) > 4 else "")
        table.add_row(s.id, str(s.size), outlets or "unknown", dates, s.title)
    out.print(table)


def main() -> None:
    try:
        cli.main(standalone_mode=False)
    except click.exceptions.Exit as e:
        sys.exit(e.exit_code)
    except click.ClickException as e:
        e.show()
        sys.exit(EXIT_USAGE)
    except click.exceptions.Abort:
        err.print("aborted")
        sys.exit(130)
    except KeyboardInterrupt:
        err.print("interrupted")
        sys.exit(130)
