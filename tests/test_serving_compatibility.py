"""A BI driver built on DuckDB 1.x opens the serving copy and reads what DuckDB 2 reads.

Each DuckDB release below is installed once (pip, into pytest's cache folder: `.pytest_cache`)
and imported by a separate interpreter, so it never meets the project's DuckDB 2.
"""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import UTC, date, datetime, time
from decimal import Decimal
from pathlib import Path
from typing import Any

import duckdb
import pytest

# The oldest and the newest 1.x release (docs/bi.md).
READERS = ("1.0.0", "1.5.6")
CONTENT_SCHEMAS = ("marts", "reference", "serving_meta")

READER = r"""
import json, sys
sys.path.insert(0, sys.argv[1])
import duckdb
from datetime import date, datetime, time, timezone
from decimal import Decimal

def canonical(value):
    if isinstance(value, datetime):
        return (value.astimezone(timezone.utc) if value.tzinfo else value).isoformat()
    if isinstance(value, (date, time, Decimal)):
        return str(value)
    if isinstance(value, (list, tuple)):
        return [canonical(v) for v in value]
    return value

out = {"version": duckdb.__version__}
try:
    con = duckdb.connect(sys.argv[2], read_only=True)
except Exception as exc:
    out["error"] = str(exc).splitlines()[0]
    print(json.dumps(out)); sys.exit(0)
relations = con.execute(
    "select table_schema, table_name, table_type from information_schema.tables "
    "where table_schema not in ('information_schema', 'pg_catalog') order by all").fetchall()
out["relations"] = {f"{s}.{t}": kind for s, t, kind in relations}
out["counts"], out["rows"] = {}, {}
for schema, table, _ in relations:
    name = f'"{schema}"."{table}"'
    count = con.execute(f"select count(*) from {name}").fetchall()[0][0]
    out["counts"][f"{schema}.{table}"] = count
    if schema in sys.argv[3].split(","):
        rows = con.execute(f"select * from {name} order by all").fetchall()
        out["rows"][f"{schema}.{table}"] = [[canonical(v) for v in row] for row in rows]
out["norddjurs_2021QMAT04"] = con.execute(
    "select rank_national from marts.fct_benchmark where kommunekode = 707 "
    "and period_code = '2021QMAT04' and benefit_group = 'total'").fetchall()[0][0]
print(json.dumps(out))
"""


def _canonical(value: Any) -> Any:
    """As the reader writes a value (JSON cannot hold dates and decimals)."""
    if isinstance(value, datetime):
        return (value.astimezone(UTC) if value.tzinfo else value).isoformat()
    if isinstance(value, date | time | Decimal):
        return str(value)
    if isinstance(value, list | tuple):
        return [_canonical(v) for v in value]
    return value


@pytest.fixture(scope="session")
def duckdb_release(pytestconfig: pytest.Config):
    """A function: DuckDB release → folder it is installed in (cached across sessions)."""

    def install(version: str) -> Path:
        folder = Path(pytestconfig.cache.mkdir(f"duckdb-{version}"))
        if not (folder / "duckdb").is_dir():
            subprocess.run(
                [
                    sys.executable,
                    "-m",
                    "pip",
                    "install",
                    "--quiet",
                    "--disable-pip-version-check",
                    "--no-deps",
                    "--only-binary=:all:",
                    "--target",
                    str(folder),
                    f"duckdb=={version}",
                ],
                check=True,
                capture_output=True,
                timeout=600,
            )
        return folder

    return install


def _read_with(folder: Path, database: Path) -> dict[str, Any]:
    result = subprocess.run(
        [sys.executable, "-c", READER, str(folder), str(database), ",".join(CONTENT_SCHEMAS)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout)


@pytest.mark.parametrize("version", READERS)
def test_duckdb_1x_opens_the_serving_copy(demo_warehouse: Path, duckdb_release, version):
    serving = demo_warehouse / "serving" / "warehouse.duckdb"
    seen = _read_with(duckdb_release(version), serving)
    assert seen["version"] == version
    assert "error" not in seen, seen.get("error")

    with duckdb.connect(str(serving), read_only=True) as con:
        relations = con.execute(
            "select table_schema, table_name from information_schema.tables "
            "where table_schema not in ('information_schema', 'pg_catalog') order by all"
        ).fetchall()
        counts = {
            f"{s}.{t}": con.execute(f'select count(*) from "{s}"."{t}"').fetchone()[0]
            for s, t in relations
        }
        rows = {
            f"{s}.{t}": [
                [_canonical(v) for v in row]
                for row in con.execute(f'select * from "{s}"."{t}" order by all').fetchall()
            ]
            for s, t in relations
            if s in CONTENT_SCHEMAS
        }
    # every relation DuckDB 2 sees, the old release sees too, with the same rows
    assert set(seen["counts"]) == set(counts)
    assert seen["counts"] == counts
    assert {"marts.fct_benchmark", "marts.fct_data_quality", "reference.benefit_groups"} <= set(
        seen["rows"]
    )
    assert seen["rows"] == json.loads(json.dumps(rows))
    assert seen["relations"]["marts.fct_data_quality"] == "BASE TABLE"
    assert seen["norddjurs_2021QMAT04"] == 17  # the demo's "17th of 98" (April 2022)


def test_duckdb_1x_cannot_open_the_build_file(demo_warehouse: Path, duckdb_release):
    """Why the copy is written in an older format: the build file is DuckDB 2 storage."""
    seen = _read_with(duckdb_release(READERS[0]), demo_warehouse / "warehouse.duckdb")
    assert "error" in seen and "version" in seen["error"], seen.get("error")
