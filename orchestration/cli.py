"""`jobcenter`: the command line of the warehouse."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Annotated

import typer

from orchestration.errors import JobcenterError
from orchestration.runner import console, run_job
from orchestration.settings import Settings

app = typer.Typer(
    help="Jobcentre benchmark and goal-fulfilment warehouse (dbt on DuckDB, Dagster).",
    no_args_is_help=True,
    add_completion=False,
)


def _fail(message: str, code: int = 1) -> None:
    console.print(f"[red]error:[/red] {message}")
    raise typer.Exit(code)


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
    failures = 0
    for path in paths:
        started = time.perf_counter()
        try:
            result = ingest_file(path, source=source, table=table, settings=settings, fmt=fmt)
        except JobcenterError as exc:
            failures += 1
            console.print(f"[red]✗ rejected[/red] {exc}")
            console.print(f"  nothing was loaded from it; a copy is in {settings.quarantine_dir}")
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


@app.command()
def build() -> None:
    """Run the full refresh job: raw sync, dbt seeds, models and tests."""
    if not run_job("refresh", Settings.from_env()):
        raise typer.Exit(1)


@app.command()
def demo() -> None:
    """The main job: land the bundled demo data and build everything."""
    from orchestration.demo.bundled_data import land_demo_data

    settings = Settings.from_env()
    started = time.perf_counter()
    console.print(f"Warehouse: {settings.warehouse_path}")
    try:
        for summary in land_demo_data(settings):
            console.print(f"  ✓ land demo data: {summary} ({time.perf_counter() - started:.1f} s)")
    except JobcenterError as exc:
        _fail(str(exc))
    if not run_job("refresh", settings):
        raise typer.Exit(1)
    console.print(
        f"Done in {time.perf_counter() - started:.1f} s. Query the marts with:\n"
        f"  duckdb -readonly {settings.warehouse_path} "
        '"select * from marts.fct_benchmark limit 5"'
    )


if __name__ == "__main__":
    app()
