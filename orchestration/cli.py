"""`jobcenter`: the command line of the warehouse."""

from __future__ import annotations

import os
import shlex
import sys
import time
from pathlib import Path
from typing import Annotated

import typer

from orchestration.console import console
from orchestration.errors import JobcenterError
from orchestration.settings import Settings
from orchestration.tabular_output import OutputFormat, print_rows

app = typer.Typer(
    help="Jobcentre benchmark and goal-fulfilment warehouse (dbt on DuckDB, Dagster).",
    no_args_is_help=True,
    add_completion=False,
)


@app.callback()
def _every_command() -> None:
    """Jobcentre benchmark and goal-fulfilment warehouse (dbt on DuckDB, Dagster)."""
    from orchestration.processes import export_parent_pid, forward_sigterm_as_interrupt
    from orchestration.secrets import scrub_logging

    # dbt children die with this process, and a SIGTERM stops a run cleanly (processes.py)
    export_parent_pid()
    forward_sigterm_as_interrupt()
    scrub_logging()  # no secret in any log line (the console scrubs what it prints itself)


def _fail(message: str, code: int = 1) -> None:
    console.print(f"[red]error:[/red] {message}")
    raise typer.Exit(code)


def _print_rejection(exc: JobcenterError) -> None:
    """What `load` and `persons load` say of a refused file: why, and where its copy is."""
    console.print(f"[red]✗ rejected[/red] {exc}")
    kept = getattr(exc, "quarantine_path", None)
    console.print(
        "  nothing was loaded from it" + (f"; a copy and the reason are in {kept}" if kept else "")
    )


def _require_writable_warehouse(settings: Settings) -> None:
    """Stop before any work when another process holds the warehouse file (DuckDB: one writer,
    and no reader beside it), instead of failing half-way through every step. A dbt left
    running by a killed `jobcenter` is stopped, another `jobcenter` command is waited for; a BI
    tool or notebook is named and left alone."""
    from orchestration.processes import holder_of, stop
    from orchestration.raw_store import lock_conflict

    waited_since = time.monotonic()
    announced: set[int] = set()
    stopped: dict[int, float] = {}
    while conflict := lock_conflict(settings.warehouse_path):
        holder = holder_of(conflict)
        if holder is not None and time.monotonic() - stopped.get(holder.pid, -60.0) < 30.0:
            # a process we stopped is still closing its files (its /proc entry is already
            # empty, so it no longer looks like our dbt): give it a moment
            time.sleep(0.2)
        elif holder is not None and holder.kind == "orphan_dbt":
            console.print(
                f"! the warehouse was held by a dbt left running by a killed `jobcenter` "
                f"(PID {holder.pid}: {holder.command}); stopped it"
            )
            stop(holder.pid)
            stopped[holder.pid] = time.monotonic()
        elif holder is not None and holder.kind == "jobcenter":
            waited = time.monotonic() - waited_since
            if waited > LOCK_WAIT_SECONDS:
                _fail(
                    f"another jobcenter command (PID {holder.pid}) still holds the warehouse "
                    f"after {waited:.0f} s: let it finish, then run again"
                )
            if holder.pid not in announced:
                announced.add(holder.pid)
                console.print(
                    f"… waiting for another jobcenter command (PID {holder.pid}: "
                    f"{holder.command}) to finish with the warehouse (at most "
                    f"{LOCK_WAIT_SECONDS:.0f} s, JOBCENTER_LOCK_WAIT_SECONDS)"
                )
            time.sleep(1.0)
        else:
            _fail(
                f"the warehouse is in use by another process: {conflict}. Close that "
                f"connection and run again; BI tools and notebooks should read the serving copy "
                f"{settings.serving_dir / 'warehouse.duckdb'}, never the build file."
            )


# How long a command waits for another jobcenter command that holds the warehouse.
LOCK_WAIT_SECONDS = float(os.environ.get("JOBCENTER_LOCK_WAIT_SECONDS", "600"))


def _require_built_warehouse(settings: Settings) -> None:
    """Stop with one line when there is nothing to check: no warehouse, or one that files were
    loaded into but that was never built (no marts)."""
    import duckdb

    if not settings.warehouse_path.exists():
        _fail(
            f"there is no warehouse at {settings.warehouse_path} yet: load files and run "
            "`jobcenter build` (or `jobcenter demo`) first"
        )
    with duckdb.connect(str(settings.warehouse_path), read_only=True) as con:
        marts = con.execute(
            "select count(*) from information_schema.tables where table_schema = 'marts'"
        ).fetchall()[0][0]
    if not marts:
        _fail(
            f"the warehouse {settings.warehouse_path} has never been built (no marts): run "
            "`jobcenter build` first, then `jobcenter check`"
        )


@app.command()
def load(
    paths: Annotated[list[Path], typer.Argument(help="Files to land and load.")],
    source: Annotated[str, typer.Option(help="Source system of the files.")] = "jobindsats",
    table: Annotated[str, typer.Option(help="Source table id, e.g. y30r21.")] = "y30r21",
    fmt: Annotated[
        str | None,
        typer.Option(
            "--format",
            help="Reader (jobindsats_v2_csv, jobindsats_v2_json); default: from the file name.",
        ),
    ] = None,
) -> None:
    """Land files unchanged and load them into the raw layer (all or nothing per file)."""
    from orchestration.ingest import ingest_file

    settings = Settings.from_env()
    _require_writable_warehouse(settings)
    failures = 0
    for path in paths:
        started = time.perf_counter()
        try:
            result = ingest_file(path, source=source, table=table, settings=settings, fmt=fmt)
        except JobcenterError as exc:
            failures += 1
            _print_rejection(exc)
            continue
        took = time.perf_counter() - started
        if result.is_new:
            console.print(
                f"✓ {path}: {result.rows_loaded} rows → {source}/{table} "
                f"(load {result.record.load_id}, {took:.1f} s)"
            )
        else:
            console.print(f"= {path}: already loaded as {result.record.load_id}, nothing to do")
    if failures:
        raise typer.Exit(1)


VerboseOption = Annotated[
    bool, typer.Option("--verbose", "-v", help="Show every dbt log line, not a summary.")
]


@app.command()
def build(verbose: VerboseOption = False) -> None:
    """Run the full refresh job: raw sync, dbt seeds, models and tests."""
    from orchestration.runner import run_job

    settings = Settings.from_env()
    _require_writable_warehouse(settings)
    if not run_job("refresh", settings, verbose=verbose):
        raise typer.Exit(1)


# The query the demo's closing line suggests (a test runs it as printed).
DEMO_QUERY = (
    "select period_code, rank_national, diff_count from marts.fct_benchmark "
    "where kommunekode = 707 and benefit_group = 'total' order by period_code"
)


def _shell_quoted(text: str) -> str:
    """`text` as one shell word a reader can paste: in double quotes when nothing in it is
    special there (SQL's single quotes then read as they are), else shlex's quoting."""
    if not any(c in text for c in '"$`\\!'):
        return f'"{text}"'
    return shlex.quote(text)


def _this_command() -> str:
    """How the user called this program (`.venv/bin/jobcenter`), to print runnable hints."""
    called = Path(sys.argv[0])
    return shlex.quote(str(called)) if called.name == "jobcenter" else "jobcenter"


@app.command()
def demo(verbose: VerboseOption = False) -> None:
    """The main job: land the SYNTHETIC demo data (fixed seed) and build everything."""
    from orchestration.dbt_parse import start_dbt_parse

    settings = Settings.from_env()
    started = time.perf_counter()
    console.print(f"Warehouse: {settings.warehouse_path}")
    _require_writable_warehouse(settings)
    settings.export_to_environment()
    # dbt parses the project (about 8 s on a fresh clone) while the data is landed
    parse = start_dbt_parse()
    from orchestration.demo.bundled_data import land_demo_data

    try:
        for summary in land_demo_data(settings):
            console.print(f"  ✓ land demo data: {summary} ({time.perf_counter() - started:.1f} s)")
    except JobcenterError as exc:
        if parse is not None:
            parse.wait()  # not left running behind the error message
        _fail(str(exc))
    from orchestration.runner import run_job

    if not run_job("refresh", settings, parse=parse, verbose=verbose):
        raise typer.Exit(1)
    console.print(
        f"Done in {time.perf_counter() - started:.1f} s. Query the marts (read-only, the "
        f"serving copy {settings.serving_dir / 'warehouse.duckdb'}) with:\n"
        f"  {_this_command()} query {_shell_quoted(DEMO_QUERY)}\n"
        f"Exports in {settings.data_dir / 'exports'}, committee reports in "
        f"{settings.data_dir / 'reports'}"
    )


ingest_app = typer.Typer(help="Fetch from the real APIs and land the answers unchanged.")
# One overall time limit per ingest command, every request and wait included: a hanging server
# costs this, not attempts × timeout for every period.
DEFAULT_DEADLINE_SECONDS = 900.0
DeadlineOption = Annotated[
    float,
    typer.Option("--deadline", help="Seconds the command may spend on the API in all.", min=1.0),
]


def _start_deadline(seconds: float):
    from datetime import datetime, timedelta

    from orchestration.sources.http import Deadline

    until = datetime.now() + timedelta(seconds=seconds)
    console.print(
        f"Deadline: {seconds:g} s for all requests of this command (until {until:%H:%M:%S}; "
        "--deadline to change)"
    )
    return Deadline(seconds)


app.add_typer(ingest_app, name="ingest")


@ingest_app.command("jobindsats")
def ingest_jobindsats(
    table: Annotated[
        str,
        typer.Option(
            help="jobindsats table id (y30r21, otij01), a table found by name in jobindsats' "
            "catalogue (fokusmaal, jobordrer), or catalogue (the catalogue only)."
        ),
    ] = "y30r21",
    period: Annotated[
        list[str] | None,
        typer.Option(help="Period code(s) to (re)fetch; default: every period not landed yet."),
    ] = None,
    api_version: Annotated[str, typer.Option(help="API version: v2 or v3.")] = "v2",
    base_url: Annotated[
        str | None, typer.Option(help="API base URL (default $JOBINDSATS_BASE_URL or the real).")
    ] = None,
    deadline: DeadlineOption = DEFAULT_DEADLINE_SECONDS,
) -> None:
    """Fetch a jobindsats table (key in $JOBINDSATS_API_KEY) and land each period."""
    from orchestration.sources.jobindsats import (
        HOW_TO_GET_A_KEY,
        JobindsatsClient,
        MissingApiKeyError,
        ingest_by_name,
        resolution_report,
    )

    settings = Settings.from_env()
    try:
        client = JobindsatsClient.from_env(version=api_version, base_url=base_url)
    except MissingApiKeyError:
        console.print(f"No jobindsats API key: {HOW_TO_GET_A_KEY}.")
        raise typer.Exit(2) from None
    _require_writable_warehouse(settings)
    client.deadline = _start_deadline(deadline)
    try:
        with client:
            catalogue, summaries = ingest_by_name(client, settings, table, period)
    except JobcenterError as exc:
        _fail(str(exc))
    if catalogue is not None:
        state = "new version" if catalogue.load.is_new else "unchanged"
        console.print(
            f"✓ jobindsats catalogue ({client.version}): {len(catalogue.entries)} tables, "
            f"{state} (load {catalogue.load.record.load_id})"
        )
        if not summaries:
            for key, looked_for, table_id, message in resolution_report(catalogue):
                mark = "✓" if table_id else "✗"
                console.print(f"  {mark} {key}: {looked_for!r} → {table_id or '–'}: {message}")
    for summary in summaries:
        found = f" ({summary.found_as})" if summary.found_as else ""
        console.print(
            f"✓ jobindsats/{summary.table}{found}: {len(summary.available)} period(s) published, "
            f"{len(summary.requested)} fetched, {summary.new_loads} new load(s) with "
            f"{summary.rows} rows; run `jobcenter build` to update the marts"
        )


@ingest_app.command("statbank")
def ingest_statbank(
    table: Annotated[str, typer.Option(help="Statbank table id (folk1a).")] = "folk1a",
    quarter: Annotated[
        list[str] | None,
        typer.Option(help="Quarter(s) to (re)fetch, e.g. 2024K1; default: those not landed."),
    ] = None,
    deadline: DeadlineOption = DEFAULT_DEADLINE_SECONDS,
) -> None:
    """Fetch FOLK1A population 16-66 per kommune and quarter from api.statbank.dk (no key)."""
    from orchestration.sources.statbank import TABLES, StatbankClient, ingest_folk1a

    if table.lower() not in TABLES:
        _fail(f"unknown Statbank table '{table}' (known: {', '.join(sorted(TABLES))})", 2)
    settings = Settings.from_env()
    _require_writable_warehouse(settings)
    try:
        with StatbankClient.from_env() as client:
            client.deadline = _start_deadline(deadline)
            summary = ingest_folk1a(client, settings, quarter)
    except JobcenterError as exc:
        _fail(str(exc))
    console.print(
        f"✓ statbank/folk1a: {len(summary.requested)} quarter(s) fetched, "
        f"{summary.new_loads} new load(s) with {summary.rows} rows; run `jobcenter build`"
    )


persons_app = typer.Typer(
    help="Person-level data (benefit weeks, samtaler, offers, ordinary hours): monthly Parquet "
    "files landed under data/landing/persons/ (docs/person_level.md)."
)
app.add_typer(persons_app, name="persons")


@persons_app.command("generate")
def persons_generate(
    scale: Annotated[
        float,
        typer.Option(
            help="Share of the country: 1 = all of Denmark, 0.001 the smallest.", min=0.001, max=1.0
        ),
    ],
    start_month: Annotated[str, typer.Option(help="First month, YYYY-MM.")] = "2020-01",
    months: Annotated[int, typer.Option(help="Number of months.", min=1)] = 60,
    seed: Annotated[int, typer.Option(help="Seed of the generator (same seed, same bytes).")] = 16,
) -> None:
    """Generate SYNTHETIC person-level months (deterministic) and land them, marked synthetic."""
    from orchestration.persons.datasets import parse_month
    from orchestration.persons.generator import generate_months
    from orchestration.persons.landing import land_person_months

    try:
        parse_month(start_month)
    except ValueError as exc:
        _fail(f"--start-month: {exc}", 2)
    settings = Settings.from_env()
    _require_writable_warehouse(settings)
    started = block_started = time.perf_counter()
    rows = block_rows = new = already = 0
    block_months: list[str] = []
    generated = generate_months(scale, start_month=start_month, months=months, seed=seed)
    params = {"scale": scale, "seed": seed}
    try:
        for dataset, month, table, landed in land_person_months(
            settings, generated, is_synthetic=True, request_params=params
        ):
            new += landed.is_new
            already += not landed.is_new
            block_rows += table.num_rows
            if not block_months or block_months[-1] != month:
                block_months.append(month)
            if dataset == "ordinary_hours" and (
                len(block_months) == 12 or _is_last(month, start_month, months)
            ):
                console.print(
                    f"  ✓ {block_months[0]} … {block_months[-1]}: {block_rows:,} rows "
                    f"({time.perf_counter() - block_started:.1f} s)"
                )
                rows += block_rows
                block_rows, block_months, block_started = 0, [], time.perf_counter()
    except JobcenterError as exc:
        _fail(str(exc))
    console.print(
        f"✓ SYNTHETIC persons (scale {scale:g}, seed {seed}): {rows:,} rows, {new} new file(s), "
        f"{already} already landed, in {time.perf_counter() - started:.1f} s; run `jobcenter "
        "build` to update the marts"
    )


def _is_last(month: str, start_month: str, months: int) -> bool:
    from orchestration.persons.datasets import add_months, month_text, parse_month

    return month == month_text(add_months(parse_month(start_month), months - 1))


@persons_app.command("load")
def persons_load(
    paths: Annotated[
        list[Path], typer.Argument(help="Monthly Parquet files, <dataset>_<YYYY-MM>.parquet.")
    ],
    dataset: Annotated[
        str | None,
        typer.Option(
            help="benefit_weeks, samtaler, offers or ordinary_hours; default: from the file name."
        ),
    ] = None,
) -> None:
    """Check your own monthly person-level Parquet files against the contract and land them
    (all or nothing per file; a rejected file is kept in the quarantine)."""
    from orchestration.persons.landing import load_person_file

    settings = Settings.from_env()
    _require_writable_warehouse(settings)
    failures = 0
    for path in paths:
        started = time.perf_counter()
        try:
            landed = load_person_file(settings, path, dataset=dataset)
        except JobcenterError as exc:
            failures += 1
            _print_rejection(exc)
            continue
        record = landed.record
        if landed.is_new:
            console.print(
                f"✓ {path}: {record.row_count} rows → persons/{record.table_name} "
                f"{record.request_params.get('month')} (load {record.load_id}, "
                f"{time.perf_counter() - started:.1f} s)"
            )
        else:
            console.print(f"= {path}: already loaded as {record.load_id}, nothing to do")
    if failures:
        raise typer.Exit(1)


@app.command()
def report(
    municipality: Annotated[
        str, typer.Option(help="Kommunekode, e.g. 707 (Norddjurs), or 'all'.")
    ] = "707",
    period: Annotated[
        str | None, typer.Option(help="Benchmark list, e.g. 2024QMAT04; default: the latest.")
    ] = None,
) -> None:
    """Write the committee follow-up report: data/reports/<kommunekode>_<period>.html."""
    from orchestration.report.report import ReportError, write_reports

    settings = Settings.from_env()
    started = time.perf_counter()
    try:
        codes = None if municipality == "all" else [int(municipality)]
    except ValueError:
        _fail(f"--municipality must be a kommunekode such as 707 or 'all', not {municipality!r}")
    try:
        results = write_reports(settings, codes, period)
    except ReportError as exc:
        _fail(str(exc))
    for result in results[:5]:
        synthetic = " (SYNTETISKE DATA)" if result.is_synthetic else ""
        console.print(
            f"✓ {result.municipality_name} {result.period_code}{synthetic}: {result.path}"
        )
    if len(results) > 5:
        console.print(f"  … and {len(results) - 5} more in {results[0].path.parent}")
    console.print(f"{len(results)} report(s) in {time.perf_counter() - started:.1f} s")


@app.command()
def postgres() -> None:
    """Copy the raw layer to PostgreSQL (JOBCENTER_PG_*) and `dbt build --target postgres`."""
    from orchestration.postgres import PgConnection, build_on_postgres

    settings = Settings.from_env()
    pg = PgConnection.from_env()
    started = time.perf_counter()
    console.print(f"PostgreSQL: {pg.user}@{pg.host}:{pg.port}/{pg.dbname}")
    result = build_on_postgres(settings, pg)
    rows = sum(result.copied.tables.values())
    console.print(f"  ✓ copied {len(result.copied.tables)} source table(s), {rows} rows")
    print(result.output)
    if not result.success:
        _fail(f"dbt build --target postgres failed (log in {result.target_path})")
    console.print(f"✓ marts built on PostgreSQL in {time.perf_counter() - started:.1f} s")


@app.command()
def check() -> None:
    """Run the Great Expectations suites on the warehouse as it is (no build): record the
    results in quality.check_result and rebuild the Data Docs (data/quality/index.html)."""
    from orchestration.quality.gx_runner import run_suites
    from orchestration.quality.record import record_rows

    settings = Settings.from_env()
    _require_writable_warehouse(settings)  # the results are recorded in the warehouse
    _require_built_warehouse(settings)
    run = run_suites(settings)
    record_rows(settings, run.info, run.rows)
    words = {"pass": "passed", "warn": "warning", "skipped": "not enough data"}
    for outcome in run.outcomes:
        mark = {"pass": "✓", "warn": "!", "skipped": "-"}.get(outcome.status, "✗")
        console.print(f"  {mark} {outcome.suite.name}: {words.get(outcome.status, 'failed')}")
        for row in outcome.failed_rules + outcome.warned_rules:
            kind = "warning" if row.status == "warn" else "failed"
            console.print(
                f"      {kind} {row.rule_id}: observed {row.observed_value}, "
                f"threshold {row.threshold}"
                + (f", keys {row.failing_keys[:3]}" if row.failing_keys else "")
            )
    console.print(
        f"run {run.info.run_id}, data version {run.info.data_version}: {len(run.rows)} results "
        f"in {run.seconds:.1f} s; Data Docs {run.docs_index}"
    )
    if any(o.status in ("fail", "error") for o in run.outcomes):
        raise typer.Exit(1)  # an error-severity rule failed; warnings never change the exit code


FormatOption = Annotated[
    OutputFormat,
    typer.Option("--format", help="table for reading; csv or json for a pipe or a file."),
]


@app.command()
def goals(
    municipality: Annotated[int, typer.Option(help="Kommunekode, e.g. 707 (Norddjurs).")] = 707,
    year: Annotated[int, typer.Option(help="Plan year of the Beskæftigelsesplan.")] = 2024,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """Print each goal's status for the year (marts.fct_goal_fulfilment, last follow-up period)
    on stdout; the summary line goes to stderr."""
    import duckdb

    from orchestration.report.report import ReportError, report_source

    settings = Settings.from_env()
    try:
        # the serving copy (the last build whose checks passed) when there is one: it is never
        # locked by a running build
        source = report_source(settings)
    except ReportError as exc:
        _fail(str(exc))
    with duckdb.connect(str(source), read_only=True) as con:
        result = con.execute(
            """
            select goal_code as goal, title_da as title, period_code as period,
                   round(measured_value, 2) as value, comparator as rule,
                   round(target_value, 2) as target, status, round(gap, 2) as gap, trend
            from marts.fct_goal_fulfilment
            where kommunekode = ? and plan_year = ? and is_last_period_of_year
            order by sort_order
            """,
            [municipality, year],
        )
        columns = [d[0] for d in result.description]
        rows = result.fetchall()
        is_synthetic = con.execute(
            "select coalesce(bool_or(is_synthetic), false) from marts.fct_goal_fulfilment "
            "where kommunekode = ? and plan_year = ?",
            [municipality, year],
        ).fetchall()[0][0]
    if not rows:
        _fail(f"no goals for kommunekode {municipality} and plan year {year} in the catalogue")
    # in a narrow terminal the text columns fold onto more lines; the figures never do
    print_rows(columns, rows, fmt, wrap=["title", "rule", "status", "trend"])
    counts: dict[str, int] = {}
    for row in rows:
        counts[row[columns.index("status")]] = counts.get(row[columns.index("status")], 0) + 1
    synthetic = " (SYNTHETIC demo data)" if is_synthetic else ""
    summary = ", ".join(f"{n} {status}" for status, n in sorted(counts.items()))
    console.print(f"{len(rows)} goals: {summary}{synthetic}")


@app.command()
def query(
    sql: Annotated[
        str, typer.Argument(help='Read-only SQL, e.g. "select * from marts.dim_period".')
    ],
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """Run read-only SQL on the serving copy (data/serving/warehouse.duckdb) and print the
    rows on stdout. The marts are in schema `marts`, the seeds in `reference`."""
    from orchestration.publish.serving import serving_path
    from orchestration.serving_query import QueryError, run_read_only

    settings = Settings.from_env()
    try:
        columns, rows = run_read_only(serving_path(settings), sql)
    except QueryError as exc:
        _fail(str(exc))
    print_rows(columns, rows, fmt)


@app.command()
def status() -> None:
    """Every table the warehouse reads: its id, the latest and next update jobindsats announces
    ("næste opdatering", from the newest catalogue) and the loads the warehouse holds
    (marts.dim_source_table)."""
    import duckdb

    from orchestration.report.report import ReportError, report_source

    settings = Settings.from_env()
    try:
        source = report_source(settings)
    except ReportError as exc:
        _fail(str(exc))
    with duckdb.connect(str(source), read_only=True) as con:
        try:
            rows = con.execute(
                """
                select source_table_key, source, table_id, table_name, is_in_catalogue,
                       latest_update, next_update, loads_count, last_received_at, is_synthetic
                from marts.dim_source_table
                order by source, source_table_key
                """
            ).fetchall()
        except duckdb.CatalogException:
            _fail(f"{source} has no marts.dim_source_table: run `jobcenter build` first")
    console.print(f"Source tables ({source}):")
    for key, src, table_id, name, in_catalogue, latest, next_update, loads, last, _ in rows:
        found = "" if in_catalogue or src != "jobindsats" else " (not in the catalogue)"
        last_load = f", last {last:%Y-%m-%d}" if last else ""
        title = f"  {name}" if name and src == "jobindsats" else ""
        console.print(
            f"  {src + '/' + key:32} {table_id or '–':8} next update {next_update or '–'!s:10}  "
            f"latest {latest or '–'!s:10}  {loads} load(s){last_load}{found}{title}"
        )
    synthetic = " (SYNTHETIC demo catalogue)" if any(r[-1] for r in rows if r[6]) else ""
    benchmark = next((r for r in rows if r[0] == "y30r21" and r[6] is not None), None)
    upcoming = sorted({r[6] for r in rows if r[6] is not None})
    if not upcoming:
        console.print(
            "Næste opdatering: unknown — land jobindsats' catalogue with "
            "`jobcenter ingest jobindsats --table catalogue`"
        )
        return
    first = upcoming[0]
    keys = ", ".join(sorted(r[0] for r in rows if r[6] == first))
    line = f"Næste opdatering: {first} ({keys})"
    if benchmark:
        line += f"; benchmark (Y30R21) {benchmark[6]}"
    console.print(line + synthetic)


@app.command()
def whatif(
    municipality: Annotated[int, typer.Option(help="Kommunekode, e.g. 707 (Norddjurs).")] = 707,
    period: Annotated[
        str | None, typer.Option(help="Benchmark list, e.g. 2020QMAT04; default: the latest.")
    ] = None,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """How many fewer full-time persons would have reached each target place on a list
    (marts.fct_benchmark_what_if), and on the latest list the band for the next ones."""
    import duckdb

    from orchestration.report.report import ReportError, report_source

    settings = Settings.from_env()
    try:
        source = report_source(settings)
    except ReportError as exc:
        _fail(str(exc))
    with duckdb.connect(str(source), read_only=True) as con:
        if not con.execute(
            "select count(*) from information_schema.tables "
            "where table_schema = 'marts' and table_name = 'fct_benchmark_what_if'"
        ).fetchall()[0][0]:
            _fail(f"{source} has no marts.fct_benchmark_what_if: run `jobcenter build` first")
        chosen = (
            period
            or con.execute(
                "select max(period_code) from marts.fct_benchmark_what_if where kommunekode = ?",
                [municipality],
            ).fetchall()[0][0]
        )
        rows = con.execute(
            """
            select municipality_name, rank_national, diff_share_pp, target_code, target_status,
                   target_rank, target_municipality_name, fewer_persons_needed,
                   fewer_persons_needed_low, fewer_persons_needed_high, estimated_value_dkk,
                   is_synthetic
            from marts.fct_benchmark_what_if
            where kommunekode = ? and period_code = ? and benefit_group = 'total'
            order by target_sort_order, target_code
            """,
            [municipality, chosen],
        ).fetchall()
        bands = con.execute(
            """
            select period_code, method, rank_predicted, rank_low, rank_high, backtest_coverage,
                   backtest_lists
            from marts.fct_benchmark_nowcast
            where kommunekode = ? and origin_period_code = ? and benefit_group = 'total'
            order by horizon
            """,
            [municipality, chosen],
        ).fetchall()
    if not rows:
        _fail(f"no benchmark list {chosen or ''} for kommunekode {municipality} in {source}")
    name, rank, diff = rows[0][:3]
    console.print(f"{name} on {chosen}: rank {rank}, {diff:+.2f} pct points")
    # the rows on stdout (a table to read, csv or json for a pipe), the context on stderr
    state = {"already_there": "yes", "needs_fewer": "no", "no_target": "–"}
    print_rows(
        ["target", "there", "rank", "to_match", "fewer", "fewer_low", "fewer_high", "mio_kr"],
        [
            (
                code,
                state.get(status, status),
                target_rank,
                holder,
                None if fewer is None else round(float(fewer), 1),
                None if low is None else round(float(low), 1),
                None if high is None else round(float(high), 1),
                None if value is None else round(float(value) / 1e6, 1),
            )
            for *_, code, status, target_rank, holder, fewer, low, high, value, _ in rows
        ],
        fmt,
    )
    for target, method, predicted, low, high, coverage, lists in bands:
        console.print(
            f"{target} (not published): rank {low}–{high}, best guess {predicted} ({method}; "
            f"the band covered {coverage:.0%} of published ranks over {lists} lists in the "
            "backtest). Experimental: our calculation, not a forecast by the ministry."
        )
    if rows[0][-1]:
        console.print("SYNTHETIC demo data")


if __name__ == "__main__":
    app()
