"""The person-level dbt models on Spark give DuckDB's results row for row.

Synthetic person data (scale 0.001, 30 months) is landed in the contract's layout; the
person-level models (`tag:person_level`) and the three seeds they read are built with dbt on
DuckDB and on local Spark (dbt-spark, session mode: Spark inside the dbt process); then every
row of every person-level model that holds rows (tables, incremental tables and views alike) is
read from both engines and compared value by value: numbers rounded to 6 places, the same
columns, the same row count, rows sorted.

Needs the optional extra (`./scripts/setup.sh --spark`) and Java 17+; without them the test is
skipped and says why. .ci/run installs both and runs it.
"""

from __future__ import annotations

import datetime as dt
import decimal
import importlib.util
import json
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import duckdb
import pytest

from orchestration.settings import Settings
from tests.conftest import REPO_ROOT, isolated_env

pytestmark = pytest.mark.spark

DBT = str(Path(sys.executable).parent / "dbt")
# the seeds the person-level models read (seeding on Spark costs about 0.1 s a row: only these)
PERSON_SEEDS = ("person_benefits", "focus_goal_thresholds", "municipalities")
SCALE, START_MONTH, MONTHS = 0.001, "2022-01", 30


def _spark_missing() -> str | None:
    """Why Spark cannot run here, or None."""
    if (
        importlib.util.find_spec("pyspark") is None
        or importlib.util.find_spec("dbt.adapters.spark") is None
    ):
        return "pyspark/dbt-spark not installed: ./scripts/setup.sh --spark (the `spark` extra)"
    java = shutil.which("java")
    if java is None:
        return "no Java on PATH: Spark 4 needs Java 17+ (apt-get install openjdk-17-jre-headless)"
    version = subprocess.run([java, "-version"], capture_output=True, text=True, check=False)
    if version.returncode != 0:
        return f"`java -version` failed: {version.stderr.strip()[:200]}"
    return None


def _dbt(args: list[str], env: dict[str, str], target_path: Path) -> float:
    """Run dbt in the repo; fail with its output; return the seconds it took."""
    started = time.perf_counter()
    result = subprocess.run(
        [DBT, *args, "--target-path", str(target_path)],
        cwd=REPO_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    assert result.returncode == 0, (
        f"dbt {' '.join(args)} failed:\n{result.stdout[-6000:]}\n{result.stderr[-3000:]}"
    )
    return time.perf_counter() - started


def _land_person_data(data_dir: Path) -> int:
    """Generate the person-level files and land them in the contract's layout (the landing
    zone's own writer, with the load records orchestration/persons/landing.py writes; the
    warehouse's raw_meta row of each load is left out, as dbt never reads it). Returns the
    number of files."""
    import pyarrow.parquet as pq
    from pyarrow import BufferOutputStream

    from orchestration.landing import LandingZone
    from orchestration.persons.generator import generate_months

    zone = LandingZone(Settings(data_dir, data_dir / "warehouse.duckdb").landing_dir)
    count = 0
    for dataset, month, table in generate_months(SCALE, start_month=START_MONTH, months=MONTHS):
        sink = BufferOutputStream()
        pq.write_table(table, sink)
        zone.land(
            sink.getvalue().to_pybytes(),
            file_name=f"{dataset}_{month}.parquet",
            source="persons",
            table=dataset,
            row_count=table.num_rows,
            fmt="parquet",
            is_synthetic=True,
            request_params={"month": month, "dataset": dataset, "scale": SCALE},
        )
        count += 1
    return count


def _normalised(value: Any) -> Any:
    """A value as both engines' drivers can agree on it: numbers as floats rounded to 6 places
    (DuckDB returns DECIMAL as Decimal, doubles as float; Spark the same, but integer-valued
    results may come back as either), dates as ISO text."""
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, (int, float, decimal.Decimal)):
        return round(float(value), 6)
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return value


def _sort_key(row: tuple) -> tuple:
    # None first, then by value; the type name keeps mixed columns comparable
    return tuple((v is not None, type(v).__name__, v if v is not None else 0) for v in row)


def _rows(columns: list[str], rows: list[tuple]) -> list[tuple]:
    return sorted((tuple(_normalised(v) for v in row) for row in rows), key=_sort_key)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    reason = _spark_missing()
    if reason:
        pytest.skip(reason)
    data_dir = (tmp_path_factory.mktemp("spark_persons") / "data").resolve()
    files = _land_person_data(data_dir)
    # Spark cannot read the load records (macros/persons/read_person_dataset.sql): name the
    # synthetic loads, as a Spark user does
    synthetic = sorted(
        record["load_id"]
        for record in (
            json.loads(p.read_text(encoding="utf-8"))
            for p in (data_dir / "landing" / "persons").glob("*/*/_load.json")
        )
        if record["is_synthetic"]
    )
    spark_vars = ["--vars", json.dumps({"person_synthetic_load_ids": synthetic})]
    env = {
        **isolated_env(data_dir),
        "DBT_PROFILES_DIR": str(REPO_ROOT),
        "JOBCENTER_WAREHOUSE": str(data_dir / "warehouse.duckdb"),
        "SPARK_LOCAL_IP": "127.0.0.1",
    }
    seeds = ["seed", "--select", *PERSON_SEEDS]
    models = ["run", "--select", "tag:person_level", "--exclude", "resource_type:seed"]
    times: dict[str, float] = {}
    for target in ("duckdb", "spark"):
        target_env = {**env, "JOBCENTER_TARGET": target}
        target_path = data_dir / f"dbt_target_{target}"
        extra = spark_vars if target == "spark" else []
        times[f"{target} seed"] = _dbt(seeds, target_env, target_path)
        times[f"{target} run"] = _dbt(models + extra, target_env, target_path)
    listed = subprocess.run(
        [
            DBT,
            "ls",
            "--select",
            "tag:person_level",
            "--resource-type",
            "model",
            "--output",
            "json",
            "--output-keys",
            "name",
            "schema",
            "--target-path",
            str(data_dir / "dbt_ls"),
        ],
        cwd=REPO_ROOT,
        env={**env, "JOBCENTER_TARGET": "duckdb"},
        capture_output=True,
        text=True,
        check=True,
    )
    person_models = sorted(
        (node["schema"], node["name"])
        for node in (
            json.loads(line) for line in listed.stdout.splitlines() if line.startswith("{")
        )
    )
    print(
        f"\nperson-level files landed: {files}; dbt times: "
        + ", ".join(f"{k} {v:.0f} s" for k, v in times.items())
    )
    yield {"data_dir": data_dir, "models": person_models, "times": times}


def _spark_session(data_dir: Path):
    """A Spark session on the catalogue and warehouse dbt built (profiles.yml's spark output)."""
    from pyspark.sql import SparkSession

    spark_dir = data_dir / "spark"
    return (
        SparkSession.builder.master("local[2]")
        .config("spark.sql.warehouse.dir", str(spark_dir / "warehouse"))
        .config("spark.driver.extraJavaOptions", f"-Dderby.system.home={spark_dir}")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.ansi.enabled", "false")
        .config("spark.sql.session.timeZone", "UTC")
        .enableHiveSupport()
        .getOrCreate()
    )


def test_person_models_identical_on_spark_and_duckdb(built: dict[str, Any]):
    data_dir: Path = built["data_dir"]
    models: list[tuple[str, str]] = built["models"]
    assert {name for _, name in models} >= {
        "fct_fokusmaal_computed",
        "fct_full_time_persons_computed",
        "int_persons__fokusmaal_monthly",
        "int_persons__full_time_persons",
        "int_persons__fokus_target_group",
    }, models
    os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
    spark = _spark_session(data_dir)
    con = duckdb.connect(str(data_dir / "warehouse.duckdb"), read_only=True)
    try:
        compared = {}
        for schema, name in models:
            duck = con.execute(f"select * from {schema}.{name}")
            duck_columns = [d[0] for d in duck.description]
            duck_rows = duck.fetchall()
            frame = spark.table(f"{schema}.{name}")
            # Spark keeps a partitioned table's partition column last: compare by name
            assert sorted(frame.columns) == sorted(duck_columns), (name, frame.columns)
            spark_rows = [tuple(r) for r in frame.select(*duck_columns).collect()]
            assert len(spark_rows) == len(duck_rows), (name, len(spark_rows), len(duck_rows))
            duck_sorted, spark_sorted = (
                _rows(duck_columns, duck_rows),
                _rows(duck_columns, spark_rows),
            )
            for duck_row, spark_row in zip(duck_sorted, spark_sorted, strict=True):
                assert duck_row == spark_row, f"{schema}.{name} differs:\n" + "\n".join(
                    f"  {c}: duckdb={d!r} spark={s!r}"
                    for c, d, s in zip(duck_columns, duck_row, spark_row, strict=True)
                    if d != s
                )
            compared[name] = len(duck_rows)
        print("rows compared per model: " + ", ".join(f"{k} {v}" for k, v in compared.items()))
        # the data must exercise the models: every aggregated model has rows
        for name in ("fct_fokusmaal_computed", "fct_full_time_persons_computed"):
            assert compared[name] > 0, name
    finally:
        con.close()
        spark.stop()
