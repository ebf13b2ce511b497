"""The `briefing` command: parse options, call one library function, report, exit.

Exit codes:
  0  success: every input was stored, already stored, linked as a duplicate, or skipped as a page
     that is not an article (only boilerplate: a widget, notice or error page; named on stderr)
  1  finished, but some inputs were rejected or some memos failed (each is named with its reason)
  2  usage error (unknown option, missing argument, unknown story or writer, broken template)
  3  fatal: the database cannot be used, nothing could be read at all, or the output cannot be written
  `briefing run` also: 4 nothing new (every memo current, nothing written), 5 another run holds
  the lock (this run did nothing); its 1 includes feeds and pages that failed, and a run whose
  every memo fell back to the extractive writer for the same reason.
"""
from __future__ import annotations

import json
import sqlite3
import sys
from contextlib import contextmanager
from pathlib import Path
from typing import Callable, Iterator, Optional, TypeVar

import click
from rich.console import Console
from rich.markup import escape
from rich.table import Table
from rich.text import Text

from . import api
from .errors import (EXIT_FATAL, EXIT_INTERRUPTED, EXIT_OK, EXIT_PARTIAL, EXIT_USAGE, ArgumentError, BriefingError,
                     FatalError, UsageError)
from .models import NOT_ARTICLE_REASONS, IngestReport
from .printable import plain
from .render.pages import FORMATS

out = Console(soft_wrap=True, highlight=False)
if not out.is_terminal:
    out = Console(soft_wrap=True, highlight=False, width=160)  # pipes and logs: wide tables, no folding
err = Console(stderr=True, highlight=False, soft_wrap=True)


def shown(value) -> str:
    """User or article text (a path, URL, title, reason) as printed: control and format characters
    made visible (no terminal escape sequence or bidi override reaches the terminal) and rich markup
    escaped (a `[/bold]` in a file name is text, not markup)."""
    return escape(plain(value))


class Context:
    def __init__(self, db: Optional[str], quiet: bool, config: Optional[str] = None):
        self.db = db
        self.quiet = quiet
        self.config = config


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="briefing")
@click.option("--db", metavar="PATH", envvar="BRIEFING_DB", show_envvar=True,
              help="SQLite database file [default: $XDG_DATA_HOME/briefing/briefing.db].")
@click.option("--config", metavar="PATH", envvar="BRIEFING_CONFIG", show_envvar=True,
              help="TOML settings file (writer and its settings) [default: $XDG_CONFIG_HOME/briefing/config.toml].")
@click.option("-q", "--quiet", is_flag=True, help="No progress and no summary on stderr; errors only.")
@click.pass_context
def cli(ctx: click.Context, db: Optional[str], config: Optional[str], quiet: bool) -> None:
    """Turn news articles into stories and cited briefing memos.

    Exit codes: 0 success (pages that are only boilerplate are skipped and named);
    1 some inputs rejected or memos failed (named on stderr or
    in --json); 2 usage error (also: unknown story or writer, broken template);
    3 fatal (database unusable, nothing readable). `run` also: 4 nothing new
    (nothing written), 5 another run holds the lock.
    """
    ctx.obj = Context(db, quiet, config)


def _store(ctx: Context):
    return api.session(ctx.db)


_T = TypeVar("_T")


def _arguments(read: Callable[..., _T], *args, **kwargs) -> _T:
    """`read(...)`, whose ArgumentError is shown as click shows its own: under the command's usage line."""
    try:
        return read(*args, **kwargs)
    except ArgumentError as e:
        raise click.UsageError(str(e)) from None


@contextmanager
def _progress(ctx: Context, json_mode: bool) -> Iterator:
    """A progress bar on stderr, only when stderr is a terminal and output is for people: the step,
    and where the step has a count (files, feeds, memos), done/total and the time left."""
    if ctx.quiet or json_mode or not err.is_terminal:
        yield None
        return
    from rich.progress import (BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn,
                               TimeElapsedColumn, TimeRemainingColumn)

    with Progress(SpinnerColumn(), TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                  TimeElapsedColumn(), TimeRemainingColumn(), console=err, transient=True) as bar:
        state = {"task": bar.add_task("starting", total=None), "total": None}

        def update(message: str, done: Optional[int] = None, total: Optional[int] = None) -> None:
            # the step's kind before its count: a long path is cut in the middle, never its start
            text = str(message)
            if len(text) > 70:
                text = text[:40] + "…" + text[-29:]
            if total != state["total"]:  # another kind of step: its own bar (or none: a spinner)
                bar.remove_task(state["task"])
                state["task"], state["total"] = bar.add_task(shown(text), total=total, completed=done or 0), total
                bar.refresh()
                return
            bar.update(state["task"], description=shown(text), completed=done or 0)
            if total is not None and done == total:
                bar.refresh()  # a step that ends between two redraws still shows its last count
        yield update


def _print_report(ctx: Context, report: IngestReport) -> None:
    for r in report.rejected:
        where = f"{r.path} ({r.record})" if r.record else r.path
        verb = "skipped" if r.reason in NOT_ARTICLE_REASONS else "[yellow]rejected[/yellow]"
        err.print(f"{verb} {shown(where)}: {shown(r.reason)}" + (f" - {shown(r.detail)}" if r.detail else ""),
                  markup=True)
    if ctx.quiet:
        return
    for d in report.duplicates:
        err.print(f"duplicate {shown(d.ext_id)} ({shown(d.path)}): {d.kind} copy of {shown(d.canonical_ext_id)}"
                  + (f", similarity {d.similarity:.2f}" if d.kind == "near" else ""))
    err.print(f"{report.files_seen:,} files: {len(report.stored):,} articles stored, {len(report.unchanged):,} already "
              f"stored, {len(report.duplicates):,} duplicates linked, {len(report.rejected):,} rejected")


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
        policy = api.input_policy(ctx.config)
        with _progress(ctx, json_mode) as progress:
            step = (lambda n, path, total: progress(f"reading file {n:,}/{total:,}: {path}", n, total)) if progress else None
            report = api.ingest_paths(store, paths, step, policy)
    if json_mode:
        click.echo(json.dumps(report.to_dict(), indent=2))
    _print_report(ctx, report)
    sys.exit(report.exit_code())


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
    with _store(ctx) as store:
        policy = api.input_policy(ctx.config) if paths else None
        with _progress(ctx, json_mode) as progress:
            done = api.cluster_stories(store, paths, progress, policy)
    if done.ingest is not None:
        _print_report(ctx, done.ingest)
    if json_mode:
        click.echo(json.dumps({"stories": [s.to_dict() for s in done.stories]}, indent=2, ensure_ascii=False))
    else:
        _print_story_table(done.stories)
    if not ctx.quiet:
        err.print(f"{len(done.result.new_stories)} new stories, {len(done.result.grown_stories)} stories grew, "
                  f"{done.result.assigned:,} articles assigned")
    sys.exit(done.exit_code)


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
        dates = s.date_range(" – ") or "unknown"
        outlets = ", ".join(s.outlets[:4]) + (f" +{len(s.outlets) - 4}" if len(s.outlets) > 4 else "")
        table.add_row(*(Text(plain(v)) for v in (s.id, str(s.size), outlets or "unknown", dates, s.title)))
    out.print(table)


def _fail(message: str, code: int) -> None:
    err.print(f"[red]error:[/red] {shown(message)}", markup=True)  # messages quote paths, TOML tables, URLs
    sys.exit(code)


def _writer(ctx: Context, store, name: Optional[str], model: Optional[str], base_url: Optional[str],
            api_key: Optional[str], options: tuple[str, ...]):
    """The writer chosen by flag, BRIEFING_WRITER or the config file, with its settings; exit 2 if unusable."""
    from .config import load_config

    flags = {"model": model, "base_url": base_url, "api_key": api_key}
    for option in options:
        key, sep, value = option.partition("=")
        if not sep or not key.strip():
            raise UsageError(f"--writer-option takes KEY=VALUE, not {option!r}")
        flags[key.strip().replace("-", "_")] = value.strip()
    return api.configured_writer(name, store, load_config(ctx.config), **flags)


_WRITER_HELP = ("Who writes the memo: llama (local GGUF model; the bundled SmolLM2 unless --model), openai "
                "(any OpenAI-compatible server) or extractive (no model; quotes the sources) "
                "[default: $BRIEFING_WRITER, the config file's writer, else llama].")
_TEMPLATE_HELP = ("Your own layout: a Jinja2 template file, or a folder of memo.<format>.j2 / "
                  "index.<format>.j2 files (missing ones stay built-in).")


def _writer_options(command):
    """The options every command that writes memos takes."""
    for option in reversed([
        click.option("--writer", "writer_name", default=None, metavar="NAME", help=_WRITER_HELP),
        click.option("--model", default=None, metavar="PATH|NAME",
                     help="llama: a .gguf file [default: the bundled SmolLM2-135M-Instruct]; openai: the model "
                          "name [env: BRIEFING_MODEL]."),
        click.option("--base-url", default=None, metavar="URL",
                     help="openai: the server's base URL, e.g. http://127.0.0.1:8080/v1 [env: OPENAI_BASE_URL]."),
        click.option("--api-key", default=None, metavar="KEY",
                     help="openai: the API key; prefer OPENAI_API_KEY, which other users cannot see in `ps`."),
        click.option("-O", "--writer-option", "writer_options", multiple=True, metavar="KEY=VALUE",
                     help="Any other writer setting, e.g. key_points=10, bottom_line=3 (every writer), n_ctx=4096, "
                          "n_threads=2, temperature=0.2, parts=all, judge=true, timeout=60, retries=3, concurrency=4 (see the "
                          "README)."),
    ]):
        command = option(command)
    return command


@cli.command()
@click.argument("targets", nargs=-1, required=True, metavar="PATH...|STORY_ID")
@click.option("--one-story", is_flag=True, help="Treat every article in PATHS as one story (no clustering).")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="md", show_default=True,
              help="Output format; json is the memo data itself.")
@click.option("--json", "json_mode", is_flag=True, help="Same as --format json.")
@_writer_options
@click.option("--template", type=click.Path(exists=True), help=_TEMPLATE_HELP)
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Write the memo to this file, not stdout.")
@click.pass_obj
def memo(ctx: Context, targets: tuple[str, ...], one_story: bool, fmt: str, json_mode: bool,
         writer_name: Optional[str], model: Optional[str], base_url: Optional[str], api_key: Optional[str],
         writer_options: tuple[str, ...], template: Optional[str], output: Optional[str]) -> None:
    """Write the cited briefing memo of one story.

    Give a STORY_ID (see `briefing stories`), or PATHS to ingest: with
    --one-story all their articles make one memo; without it they are
    clustered and must form one story.
    """
    fmt = "json" if json_mode else fmt
    target = _arguments(api.memo_target, targets, one_story)
    with _store(ctx) as store:
        chosen = _writer(ctx, store, writer_name, model, base_url, api_key, writer_options)
        policy = api.input_policy(ctx.config) if target.paths else None
        try:
            with _progress(ctx, fmt == "json") as progress:
                done = api.memo_for_target(store, target, chosen, progress, policy)
        except BriefingError as e:
            if e.ingest_report is not None:
                _print_report(ctx, e.ingest_report)
            raise
        text = api.render_memo(done.memo, fmt, template)
    if done.ingest is not None:
        _print_report(ctx, done.ingest)
    if done.memo.fallback:
        err.print(f"[yellow]fell back[/yellow] to the extractive writer: {shown(done.memo.fallback)}", markup=True)
    if output:
        from .job.runner import write_atomic

        try:
            write_atomic(Path(output), text)
        except OSError as e:
            raise FatalError(f"cannot write the memo to {output}: {e.strerror or e}") from None
    else:
        click.echo(text, nl=False)
    sys.exit(done.exit_code)


def _split_formats(value: str) -> list[str]:
    formats = [f.strip() for f in value.split(",") if f.strip()]
    bad = [f for f in formats if f not in FORMATS]
    if bad or not formats:
        raise click.BadParameter(f"choose from {', '.join(FORMATS)} (comma-separated), not {value!r}")
    return list(dict.fromkeys(formats))


_RUN_EXITS = ("Exit codes: 0 something was written (new or updated memos); 1 partial failure: some feed, page, "
              "file or memo failed (named on stderr), the rest was written, or every memo fell back to the "
              "extractive writer for one reason (named once); 2 usage or config error; 3 fatal "
              "(database or lock file unusable, output folder not writable, nothing readable); 4 nothing new: every memo was current, "
              "nothing written; 5 another run holds the lock (this one did nothing).")


@cli.command(epilog=_RUN_EXITS)
@click.argument("paths", nargs=-1, type=click.Path())
@click.option("--out", "out_dir", default=None, type=click.Path(file_okay=False),
              help="Folder for index.<fmt>, stories/<story_id>.<fmt> and archive/ (created if missing) "
                   "[default: the config file's [output] dir].")
@click.option("--format", "formats", default=None, metavar="FMT[,FMT]",
              help="Comma-separated output formats: md, html, txt, json [default: the config file's, else md,html].")
@click.option("--feed", "feeds", multiple=True, metavar="URL",
              help="An RSS/Atom feed to fetch (repeatable). With PATHS or --feed, the config file's [sources] "
                   "are not read.")
@_writer_options
@click.option("--template", type=click.Path(exists=True), help=_TEMPLATE_HELP)
@click.option("--keep-days", type=click.IntRange(min=1), default=None, metavar="N",
              help="Delete articles published (else stored) more than N days ago; their ids are never stored again.")
@click.option("--wait", type=click.FloatRange(min=0), default=None, metavar="SECONDS",
              help="Wait this long for another run on the same database to finish [default: 0: exit 5 at once].")
@click.option("--log-file", type=click.Path(dir_okay=False), default=None, metavar="PATH",
              help="Append timestamped progress, problems and the summary to this file.")
@click.option("--json", "json_mode", is_flag=True, help="Print what the run did as JSON on stdout.")
@click.pass_obj
def run(ctx: Context, paths: tuple[str, ...], out_dir: Optional[str], formats: Optional[str], feeds: tuple[str, ...],
        writer_name: Optional[str], model: Optional[str], base_url: Optional[str], api_key: Optional[str],
        writer_options: tuple[str, ...], template: Optional[str], keep_days: Optional[int], wait: Optional[float],
        log_file: Optional[str], json_mode: bool) -> None:
    """The main job: ingest PATHS and feeds, cluster, and write the memo of every
    story that changed, and an index.

    Without PATHS or --feed, the sources are the config file's [sources]
    (feeds and folders), so a crontab line is `briefing run --config
    briefing.toml`. Memos go to OUT/stories/<story_id>.<fmt> (a stable path
    per story; earlier versions to OUT/archive/<date>/), the index to
    OUT/index.<fmt>. Only stories that gained or lost articles are rewritten,
    each with a "New since the last briefing" part (and all of them when the
    writer, its settings or the memo layout changed); one run at a time per
    database (a lock file next to it).
    """
    plan = _arguments(api.plan_run, ctx.config, paths, feeds, out_dir, _split_formats(formats) if formats else None,
                      template, keep_days, wait, log_file)
    with _progress(ctx, json_mode) as progress:
        done = api.run_job(plan, ctx.db,
                           lambda store: _writer(ctx, store, writer_name, model, base_url, api_key, writer_options),
                           progress, _log_file_warning)
    if done.error:
        err.print(f"[red]error:[/red] {shown(done.error)}", markup=True)
    if done.report.ingest is not None:
        _print_report(ctx, done.report.ingest)
    for verb, text in done.problems():
        err.print(f"[yellow]{verb}[/yellow] {shown(text)}", markup=True)
    if not done.error and not json_mode and not ctx.quiet and done.report.changed:
        indexes = ", ".join(str(Path(plan.out_dir) / f"index.{fmt}") for fmt in plan.formats)
        out.print(f"{len(done.report.memos)} memos written in {Path(plan.out_dir) / 'stories'}; index: {indexes}",
                  markup=False)
    if json_mode:
        click.echo(json.dumps(done.to_dict(), indent=2, ensure_ascii=False))
    if not ctx.quiet:
        err.print(plain(done.summary), markup=False)
    sys.exit(done.exit_code)


def _log_file_warning(path: Path, reason: str) -> None:
    err.print(f"[yellow]warning:[/yellow] cannot write log file {shown(path)}: {shown(reason)}", markup=True)


@cli.command()
@click.argument("path", default="briefing.toml", type=click.Path(dir_okay=False))
@click.option("--force", is_flag=True, help="Overwrite PATH if it exists.")
def init(path: str, force: bool) -> None:
    """Write a commented example config file for the scheduled job to PATH
    [default: briefing.toml]; then `briefing run --config PATH`."""
    target = api.write_example_config(path, force)
    err.print(f"wrote {plain(target)}: edit [sources] and [output], then run `briefing run --config {plain(target)}`",
              markup=False)


@cli.command()
@click.option("--json", "json_mode", is_flag=True, help="Print the figures as JSON on stdout.")
@click.option("--recent", type=int, default=10, show_default=True, help="Also list this many most recent memos.")
@click.pass_obj
def stats(ctx: Context, json_mode: bool, recent: int) -> None:
    """How memos were written: per writer and model, memos, fallbacks, model calls,
    cache hits, tokens and seconds; then the most recent memos."""
    with _store(ctx) as store:
        figures = api.memo_stats(store, recent)
    if json_mode:
        click.echo(json.dumps(figures, indent=2))
        return
    if not figures["writers"]:
        out.print("no memos written yet: run `briefing run` or `briefing memo`")
        return
    table = Table(title="memos by writer")
    for column in ("writer", "model", "memos", "fallbacks", "model calls", "cache hits", "prompt tokens",
                   "completion tokens", "s/memo", "model s/memo"):
        table.add_column(column, justify="left" if column in ("writer", "model") else "right")
    for w in figures["writers"]:
        n = max(1, w["memos"])
        table.add_row(*(Text(plain(v)) for v in (w["writer"], w["model"] or "-")), f"{w['memos']:,}", f"{w['fallbacks']:,}", f"{w['calls']:,}",
                      f"{w['cached']:,}", f"{w['prompt_tokens']:,}", f"{w['completion_tokens']:,}",
                      f"{w['seconds'] / n:.2f}", f"{w['model_seconds'] / n:.2f}")
    out.print(table)
    if figures["recent"]:
        table = Table(title="recent memos")
        for column in ("when", "story", "writer", "calls", "cached", "tokens in/out", "seconds", "fallback"):
            table.add_column(column)
        for m in figures["recent"]:
            table.add_row(*(Text(plain(v)) for v in (
                m["created_at"][:19], m["story_id"], m["writer"], str(m["calls"]), str(m["cached"]),
                f"{m['prompt_tokens']}/{m['completion_tokens']}", f"{m['seconds']:.2f}", m["fallback"] or "")))
        out.print(table)


_VERIFY_EXITS = ("Exit codes: 0 every claim is supported by the sentences it cites; 1 some claims are "
                 "unsupported or some citations do not resolve to a stored sentence; 2 usage error, or the memo "
                 "file is unreadable or not a memo; 3 the database cannot be used.")


@cli.command(epilog=_VERIFY_EXITS)
@click.argument("memo_file", metavar="MEMO.json", type=click.Path(dir_okay=False))
@click.option("--json", "json_mode", is_flag=True, help="Print the report as JSON on stdout.")
@click.option("--all", "show_all", is_flag=True, help="List every claim, not only those with problems.")
@click.pass_obj
def verify(ctx: Context, memo_file: str, json_mode: bool, show_all: bool) -> None:
    """Re-check a memo (the JSON of `briefing memo --json`, or another tool's in that shape)
    against the stored articles: each citation must name a stored sentence and each claim must
    be supported by the sentences it cites (names, roles, numbers, dates, negation, overlap)."""
    with _store(ctx) as store:
        report = api.verify_memo(store, memo_file)
    if json_mode:
        click.echo(json.dumps(report.to_dict(), indent=2, ensure_ascii=False))
    else:
        for c in report.claims:
            if c.ok and not show_all:
                continue
            mark = "ok" if c.ok else "UNSUPPORTED" if not c.supported else "UNRESOLVED"
            click.echo(f"{mark:<12}{plain(c.part)} ({plain(c.kind)}), support {c.score:.2f}: {plain(c.text)}")
            for line in c.problems + c.unresolved:
                click.echo(f"{'':<12}- {plain(line)}")
        n = report.counts()
        click.echo(f"{plain(memo_file)}: {n['claims']} claims checked, {n['supported']} supported, {n['unsupported']} "
                   f"unsupported, {n['unresolved_citations']} citations that do not resolve")
    sys.exit(EXIT_OK if report.ok else EXIT_PARTIAL)


def _set_global(name: str):
    def callback(ctx: click.Context, _param, value) -> None:
        if value not in (None, False):
            setattr(ctx.find_object(Context), name, value)
    return callback


# The global options also work after the command (`briefing run -q --db x.db ...`), as cron lines
# are often written; given in both places, the one after the command wins.
_GLOBAL_OPTIONS = [
    click.Option(["--db"], metavar="PATH", default=None, expose_value=False, callback=_set_global("db"),
                 help="SQLite database file; the same as `briefing --db PATH` before the command."),
    click.Option(["--config"], metavar="PATH", default=None, expose_value=False, callback=_set_global("config"),
                 help="TOML settings file; the same as `briefing --config PATH` before the command."),
    click.Option(["-q", "--quiet"], is_flag=True, default=False, expose_value=False, callback=_set_global("quiet"),
                 help="No progress and no summary on stderr; errors only."),
]
for _command in cli.commands.values():
    _have = {name for param in _command.params for name in param.opts}
    _command.params.extend(o for o in _GLOBAL_OPTIONS if not set(o.opts) & _have)


def main() -> None:
    try:
        cli.main(standalone_mode=False)
    except click.exceptions.Exit as e:
        sys.exit(e.exit_code)
    except click.ClickException as e:
        e.show()
        sys.exit(EXIT_USAGE)
    except BriefingError as e:  # each error says what went wrong and carries its exit code (errors.py)
        _fail(str(e), e.exit_code)
    except sqlite3.Error as e:  # found only when used: a corrupted page, a read-only file, a full disk
        _fail(f"the database cannot be used: {e}", EXIT_FATAL)
    except click.exceptions.Abort:
        err.print("aborted")
        sys.exit(EXIT_INTERRUPTED)
    except KeyboardInterrupt:
        err.print("interrupted")
        sys.exit(EXIT_INTERRUPTED)
