"""The same marts on PostgreSQL: a real local server (Debian's `postgresql`, installed by .ci/run)
is started in a temporary folder, the raw layer of the demo warehouse is copied into it, and
`dbt build --target postgres` builds and tests every model there."""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest

from orchestration.postgres import PgConnection, pg_type
from tests.conftest import JOBCENTER, REPO_ROOT, isolated_env


def _pg_bin(name: str) -> str:
    found = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}")) or (
        [shutil.which(name)] if shutil.which(name) else []
    )
    if not found:
        # Not a skip: CI installs the server (.ci/run), so a missing one is a broken setup.
        pytest.fail(f"PostgreSQL server program {name!r} not found: apt-get install postgresql")
    return found[-1]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _as_server_user(args: list[str]) -> list[str]:
    """PostgreSQL refuses to run as root: run the server programs as the `postgres` user."""
    if os.geteuid() != 0:
        return args
    return ["runuser", "-u", "postgres", "--", *args]


@pytest.fixture(scope="module")
def pg_server() -> Iterator[PgConnection]:
    initdb, pg_ctl, psql = _pg_bin("initdb"), _pg_bin("pg_ctl"), _pg_bin("psql")
    folder = Path(tempfile.mkdtemp(prefix="jobcenter-pg-server-"))
    if os.geteuid() == 0:
        user = pwd.getpwnam("postgres")
        os.chown(folder, user.pw_uid, user.pw_gid)
    data, port = folder / "data", _free_port()
    subprocess.run(
        _as_server_user(
            [
                initdb,
                "-D",
                str(data),
                "-U",
                "jobcenter",
                "--auth=trust",
                "-E",
                "UTF8",
                "--locale=C.UTF-8",
            ]
        ),
        check=True,
        capture_output=True,
    )
    options = f"-h 127.0.0.1 -p {port} -k {folder} -c fsync=off -c full_page_writes=off"
    subprocess.run(
        _as_server_user(
            [pg_ctl, "-D", str(data), "-o", options, "-l", str(folder / "log"), "-w", "start"]
        ),
        check=True,
        capture_output=True,
        timeout=120,
    )
    try:
        subprocess.run(
            [
                psql,
                "-h",
                "127.0.0.1",
                "-p",
                str(port),
                "-U",
                "jobcenter",
                "-d",
                "postgres",
                "-c",
                "create database jobcenter",
            ],
            check=True,
            capture_output=True,
        )
        yield PgConnection(host="127.0.0.1", port=port, user="jobcenter", dbname="jobcenter")
    finally:
        subprocess.run(
            _as_server_user([pg_ctl, "-D", str(data), "-m", "fast", "-w", "stop"]),
            capture_output=True,
            check=False,
            timeout=120,
        )
        shutil.rmtree(folder, ignore_errors=True)


def test_type_mapping():
    assert pg_type("VARCHAR") == "text"
    assert pg_type("DECIMAL(18,4)") == "numeric(18,4)"
    assert pg_type("TIMESTAMP WITH TIME ZONE") == "timestamp with time zone"
    assert pg_type("JSON") == "jsonb"


def test_marts_build_on_postgres(pg_server: PgConnection, demo_warehouse: Path):
    env = {**isolated_env(demo_warehouse), **pg_server.env()}
    started = time.perf_counter()
    result = subprocess.run(
        [JOBCENTER, "postgres"],
        cwd=REPO_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    took = time.perf_counter() - started
    assert result.returncode == 0, result.stdout[-6000:] + result.stderr[-3000:]
    assert "ERROR=0" in result.stdout

    with pg_server.connect() as con, con.cursor() as cur:
        cur.execute(
            "select table_name from information_schema.tables where table_schema = 'marts' "
            "order by 1"
        )
        pg_marts = [r[0] for r in cur.fetchall()]
        cur.execute(
            "select period_code, kommunekode, benefit_group, rank_national, diff_share_pp "
            "from marts.fct_benchmark order by 1, 2, 3"
        )
        pg_rows = [(p, k, b, int(r), float(d)) for p, k, b, r, d in cur.fetchall()]
        cur.execute("select count(*) from raw_meta.load_record")
        pg_loads = cur.fetchone()[0]
    serving = demo_warehouse / "serving" / "warehouse.duckdb"
    with duckdb.connect(str(serving), read_only=True) as con:
        duck_marts = [
            r[0]
            for r in con.execute(
                "select table_name from information_schema.tables "
                "where table_schema = 'marts' order by 1"
            ).fetchall()
        ]
        duck_rows = [
            (p, k, b, int(r), float(d))
            for p, k, b, r, d in con.execute(
                "select period_code, kommunekode, benefit_group, rank_national, diff_share_pp "
                "from marts.fct_benchmark order by 1, 2, 3"
            ).fetchall()
        ]
        duck_loads = con.execute("select count(*) from raw_meta.load_record").fetchone()[0]
    # the same marts, row for row
    assert pg_marts == duck_marts
    assert pg_loads == duck_loads
    assert len(pg_rows) == len(duck_rows) > 0
    assert pg_rows == duck_rows
    norddjurs = {(p, b): r for p, k, b, r, _ in pg_rows if k == 707}
    assert norddjurs[("2024QMAT04", "total")] == next(
        r for p, k, b, r, _ in duck_rows if (p, k, b) == ("2024QMAT04", 707, "total")
    )
    print(f"postgres copy + dbt build: {took:.1f} s")
