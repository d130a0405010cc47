"""Publishing: the serving copy is replaced atomically (a reader never sees a half-built or
missing file, and keeps seeing the previous version until the new one is complete), a failed
build leaves it untouched, and the exports hold every mart."""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from orchestration.ingest import ingest_file
from orchestration.publish.exports import export_marts
from orchestration.publish.serving import publish_serving_copy
from orchestration.quality.run_info import RunInfo, read_run_info
from orchestration.settings import Settings
from tests.conftest import FIXTURES, JOBCENTER, REPO_ROOT, isolated_env

RANK_SQL = (
    "select rank_national from marts.fct_benchmark where municipality_name = 'Gladsaxe' "
    "and period_code = '2020QMAT04' and benefit_group = 'total'"
)


def _copy_of(demo_warehouse: Path, tmp_path: Path) -> Path:
    data_dir = tmp_path / "data"
    shutil.copytree(demo_warehouse, data_dir, ignore=shutil.ignore_patterns("reports"))
    return data_dir


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _read_serving(path: Path) -> tuple[int, int, int]:
    """(loads, Gladsaxe's 2020QMAT04 rank, mart rows whose load is missing) in one snapshot."""
    with duckdb.connect(str(path), read_only=True) as con:
        loads = con.execute("select count(*) from raw_meta.load_record").fetchone()[0]
        rank = con.execute(RANK_SQL).fetchone()[0]
        orphans = con.execute(
            "select count(*) from marts.fct_benchmark b "
            "where not exists (select 1 from raw_meta.load_record r where r.load_id = b.load_id)"
        ).fetchone()[0]
    return loads, rank, orphans


def _load_as_demo_revision(path: Path, data_dir: Path) -> None:
    """Land a file as a new version in a copy of the demo folder. Flagged synthetic like the rest
    of the folder: one table never holds synthetic and real loads together (ingest refuses)."""
    settings = Settings(data_dir=data_dir, warehouse_path=data_dir / "warehouse.duckdb")
    result = ingest_file(
        path, source="jobindsats", table="y30r21", settings=settings, is_synthetic=True
    )
    assert result.is_new and result.rows_loaded == 392


def _build_env(data_dir: Path) -> dict[str, str]:
    env = isolated_env(data_dir)
    env["JOBCENTER_REPORTS"] = "707"
    return env


def test_reader_sees_previous_complete_version_while_a_build_runs(demo_warehouse, tmp_path):
    data_dir = _copy_of(demo_warehouse, tmp_path)
    serving = data_dir / "serving" / "warehouse.duckdb"
    old_loads, old_rank, _ = _read_serving(serving)
    # A new version of 2020QMAT04: the real published list, where Gladsaxe is 1st.
    _load_as_demo_revision(FIXTURES / "jobindsats" / "y30r21_2020QMAT04.csv", data_dir)

    build = subprocess.Popen(
        [JOBCENTER, "build"],
        cwd=REPO_ROOT,
        env=_build_env(data_dir),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    seen_during_build: list[tuple[int, int, int]] = []
    try:
        while build.poll() is None:
            # the serving file must exist and open read-only at every moment
            seen_during_build.append(_read_serving(serving))
            time.sleep(0.2)
        output = build.stdout.read()
    finally:
        if build.poll() is None:
            build.kill()
    assert build.returncode == 0, output[-4000:]
    after = _read_serving(serving)

    assert len(seen_during_build) > 10
    old, new = (old_loads, old_rank, 0), (old_loads + 1, 1, 0)
    # every read saw one complete version, the old or the new one, never a mixture
    assert set(seen_during_build) <= {old, new}, set(seen_during_build)
    # while the build ran (it takes far longer than the copy), readers saw the previous version
    assert seen_during_build[0] == old
    assert seen_during_build.count(old) > len(seen_during_build) // 2
    assert after == new


def test_failed_build_leaves_serving_copy_and_exports_untouched(demo_warehouse, tmp_path):
    data_dir = _copy_of(demo_warehouse, tmp_path)
    serving = data_dir / "serving" / "warehouse.duckdb"
    xlsx = data_dir / "exports" / "marts.xlsx"
    before = (_sha(serving), _sha(xlsx))
    # A list whose published ranks contradict its own numbers (1st and 98th swapped): the file
    # parses, but the dbt test "published rank within tie band" fails, so the run fails.
    lines = (FIXTURES / "jobindsats" / "y30r21_2020QMAT04.csv").read_text("utf-8").splitlines()
    first = next(i for i, line in enumerate(lines) if line.endswith(";1") and "i alt" in line)
    last = next(i for i, line in enumerate(lines) if line.endswith(";98") and "i alt" in line)
    lines[first] = lines[first][: -len(";1")] + ";98"
    lines[last] = lines[last][: -len(";98")] + ";1"
    bad = tmp_path / "y30r21_2020QMAT04_swapped.csv"
    bad.write_text("\n".join(lines) + "\n", encoding="utf-8")
    _load_as_demo_revision(bad, data_dir)

    build = subprocess.run(
        [JOBCENTER, "build"],
        cwd=REPO_ROOT,
        env=_build_env(data_dir),
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    assert build.returncode == 1, build.stdout[-3000:]
    assert "serving_warehouse" not in [
        line.split()[1] for line in build.stderr.splitlines() if line.strip().startswith("✓")
    ]
    assert (_sha(serving), _sha(xlsx)) == before
    assert not [p for p in serving.parent.iterdir() if p.name != "warehouse.duckdb"]


def test_exports_hold_every_mart_with_danish_headers(demo_warehouse: Path):
    serving = demo_warehouse / "serving" / "warehouse.duckdb"
    with duckdb.connect(str(serving), read_only=True) as con:
        marts = dict(
            con.execute(
                "select table_name, estimated_size from duckdb_tables() where schema_name = 'marts'"
            ).fetchall()
        )
        counts = {m: con.execute(f"select count(*) from marts.{m}").fetchone()[0] for m in marts}
        published = con.execute(
            "select run_id, check_summary from serving_meta.publication"
        ).fetchone()
        synthetic = con.execute("select bool_or(is_synthetic) from marts.fct_benchmark").fetchone()[
            0
        ]
    assert {"fct_benchmark"} <= set(marts)
    parquet = demo_warehouse / "exports" / "parquet"
    assert sorted(p.stem for p in parquet.glob("*.parquet")) == sorted(marts)
    with duckdb.connect() as con:
        for mart, count in counts.items():
            path = parquet / f"{mart}.parquet"
            rows = con.execute(f"select count(*) from '{path}'").fetchone()[0]
            assert rows == count, mart

    book = pd.read_excel(demo_warehouse / "exports" / "marts.xlsx", sheet_name=None)
    assert set(book) == {"Om data", "Kolonner", *(m[:31] for m in marts)}
    for mart, count in counts.items():
        assert len(book[mart[:31]]) == count
    headers = list(book["fct_benchmark"].columns)
    assert headers[:3] == ["Kommunekode", "Kommune", "Periode"]
    assert "Forventet antal fuldtidspersoner" in headers
    assert "Placering i hele landet" in headers
    assert "Forskel i andel (pct.-point)" in headers
    about = dict(zip(book["Om data"]["Felt"], book["Om data"]["Værdi"], strict=True))
    assert about["Kørsels-id (run id)"] == published[0]
    assert about["Kontroller (checks)"] == published[1]
    assert "bestået" in published[1]
    assert about["Data"] == ("SYNTETISKE DATA (demo)" if synthetic else "Offentliggjorte data")


def test_publish_refuses_a_warehouse_without_marts(tmp_path: Path, monkeypatch):
    monkeypatch.setenv("JOBCENTER_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("JOBCENTER_WAREHOUSE", raising=False)
    settings = Settings.from_env()
    settings.serving_dir.mkdir(parents=True)
    previous = settings.serving_dir / "warehouse.duckdb"
    with duckdb.connect(str(previous)) as con:
        con.execute("create schema marts; create table marts.fct_x as select 42 as answer")
    before = _sha(previous)
    with duckdb.connect(str(settings.warehouse_path)) as con:
        con.execute("create schema staging; create table staging.half as select 1 as x")
    with pytest.raises(RuntimeError, match="no tables in schema marts"):
        publish_serving_copy(settings)
    assert _sha(previous) == before
    assert [p.name for p in settings.serving_dir.iterdir()] == ["warehouse.duckdb"]

    # and a good build replaces it, with the publication facts inside the copy
    with duckdb.connect(str(settings.warehouse_path)) as con:
        con.execute("create schema marts; create table marts.fct_y as select 7 as seven")
    result = publish_serving_copy(settings, run_id="run-1")
    assert result.marts == {"fct_y": 1}
    with duckdb.connect(str(previous), read_only=True) as con:
        info = read_run_info(con)
        assert con.execute("select seven from marts.fct_y").fetchone()[0] == 7
    assert info.run_id == "run-1"
    exported = export_marts(
        previous, tmp_path / "exports", manifest_path=None, run_info=RunInfo(run_id="run-1")
    )
    assert set(exported.parquet) == {"fct_y"}


PERSON_MARKER = "PERSON-7a1e-0000000042"


def _warehouse_with_person_data(tmp_path: Path) -> Settings:
    """A build file with a mart, a seed, person-level schemas and views onto person data."""
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    parquet = tmp_path / "spells.parquet"
    settings = Settings(data_dir=data_dir, warehouse_path=data_dir / "warehouse.duckdb")
    with duckdb.connect(str(settings.warehouse_path)) as con:
        con.execute(
            f"""
            create schema marts; create schema reference; create schema staging;
            create schema persons; create schema raw_persons; create schema persons_staging;
            create table marts.fct_y as select 7 as seven, 'Norddjurs' as municipality_name;
            create table reference.benefit_groups as select 'total' as benefit_group;
            create table persons.spells as
                select '{PERSON_MARKER}' as person_id, 707 as kommunekode;
            create table raw_persons.spells as select * from persons.spells;
            create table persons_staging.spells as select * from persons.spells;
            copy (select * from persons.spells) to '{parquet}' (format parquet);
            create view staging.stg_persons__spells_file as
                select * from read_parquet('{parquet}');
            create view staging.stg_persons__spells as select * from persons.spells;
            create view staging.stg_y as select seven from marts.fct_y;
            checkpoint;
            """
        )
    assert PERSON_MARKER.encode() in settings.warehouse_path.read_bytes()
    return settings


def test_person_level_data_never_reaches_the_serving_copy_or_the_exports(tmp_path: Path):
    settings = _warehouse_with_person_data(tmp_path)
    result = publish_serving_copy(settings, run_id="run-p")
    with duckdb.connect(str(result.path), read_only=True) as con:
        schemas = {r[0] for r in con.execute("select schema_name from duckdb_schemas()").fetchall()}
        relations = {
            f"{s}.{t}"
            for s, t in con.execute(
                "select table_schema, table_name from information_schema.tables"
            ).fetchall()
        }
        assert con.execute("select seven from staging.stg_y").fetchone() == (7,)
    assert not {s for s in schemas if s.startswith(("persons", "raw_persons"))}
    assert {"marts.fct_y", "reference.benefit_groups", "staging.stg_y"} <= relations
    assert not {r for r in relations if "persons" in r}
    # the views onto person data (a table left out, a Parquet file) are named as left out
    left_out = "\n".join(result.left_out)
    for name in ("persons.*", "raw_persons.*", "persons_staging.*"):
        assert f"{name}: person-level data" in left_out
    assert "staging.stg_persons__spells_file:" in left_out
    assert "staging.stg_persons__spells:" in left_out
    assert PERSON_MARKER.encode() not in result.path.read_bytes()

    exported = export_marts(
        result.path, tmp_path / "exports", manifest_path=None, run_info=result.run_info
    )
    assert set(exported.parquet) == {"fct_y"}
    for path in [*exported.parquet.values(), exported.xlsx]:
        assert PERSON_MARKER.encode() not in path.read_bytes()
    import zipfile

    with zipfile.ZipFile(exported.xlsx) as book:
        text = b"".join(book.read(name) for name in book.namelist())
    assert b"persons" not in text and PERSON_MARKER.encode() not in text


def test_a_mart_that_cannot_be_copied_stops_the_publication(tmp_path: Path):
    settings = _warehouse_with_person_data(tmp_path)
    with duckdb.connect(str(settings.warehouse_path)) as con:
        con.execute("create view marts.fct_persons as select * from persons.spells")
    with pytest.raises(RuntimeError, match=r"marts that cannot be published: marts\.fct_persons"):
        publish_serving_copy(settings)
    assert not settings.serving_dir.joinpath("warehouse.duckdb").exists()
    assert list(settings.serving_dir.iterdir()) == []  # and no temporary folder is left


# A child process that publishes again and again, to be killed in the middle of it.
_PUBLISH_FOREVER = """
import sys
from pathlib import Path
from orchestration.publish.serving import publish_serving_copy
from orchestration.settings import Settings
data = Path(sys.argv[1])
settings = Settings(data_dir=data, warehouse_path=data / "warehouse.duckdb")
while True:
    publish_serving_copy(settings)
"""
# A child process that holds a temporary folder as a writer does, until it is killed.
_HOLD_TEMPORARY = """
import sys, time
from pathlib import Path
from orchestration.publish.leftovers import locked_temporary_folder
with locked_temporary_folder(Path(sys.argv[1]), sys.argv[2], sys.argv[3]) as folder:
    (folder / "part").write_bytes(b"x" * 1000)
    print(folder, flush=True)
    time.sleep(600)
"""


def _python(code: str, *args: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-c", code, *args],
        cwd=REPO_ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _kill_while_publishing(settings: Settings) -> Path:
    """Start publishing in a child process and kill -9 it while its temporary copy exists."""
    serving = settings.serving_dir
    for _ in range(20):
        child = _python(_PUBLISH_FOREVER, str(settings.data_dir))
        try:
            deadline = time.monotonic() + 60
            while time.monotonic() < deadline and child.poll() is None:
                temporary = (
                    list(serving.glob(".warehouse-*.duckdb.tmp")) if serving.is_dir() else []
                )
                if temporary and any(temporary[0].iterdir()):
                    child.kill()
                    child.wait()
                    if temporary[0].exists():
                        return temporary[0]
                    break
                time.sleep(0.001)
            assert child.poll() is not None or time.monotonic() < deadline, "no temporary copy"
        finally:
            if child.poll() is None:
                child.kill()
                child.wait()
        assert child.returncode == -9, child.stderr.read()[-2000:]
    raise AssertionError("could not kill the child while its temporary copy existed")


def test_a_killed_publish_leaves_nothing_the_next_run_does_not_remove(tmp_path: Path):
    data_dir = tmp_path / "data"
    settings = Settings(data_dir=data_dir, warehouse_path=data_dir / "warehouse.duckdb")
    settings.data_dir.mkdir()
    with duckdb.connect(str(settings.warehouse_path)) as con:
        con.execute("create schema marts")
        con.execute(
            "create table marts.fct_z as select range as n, 'x' || range as s from range(300000)"
        )
    dead = _kill_while_publishing(settings)
    # an earlier version's leftover: a file and its write-ahead log
    (settings.serving_dir / ".warehouse-old1234.duckdb.tmp").write_bytes(b"half a copy")
    (settings.serving_dir / ".warehouse-old1234.duckdb.tmp.wal").write_bytes(b"log")
    # a concurrent writer, alive: its folder must survive the next run
    live = _python(_HOLD_TEMPORARY, str(settings.serving_dir), ".warehouse-", ".duckdb.tmp")
    try:
        live_folder = Path(live.stdout.readline().strip())
        assert live_folder.is_dir()

        result = publish_serving_copy(settings, run_id="after-the-crash")

        assert sorted(p.name for p in result.removed_leftovers) == sorted(
            [dead.name, ".warehouse-old1234.duckdb.tmp", ".warehouse-old1234.duckdb.tmp.wal"]
        )
        assert not dead.exists() and live_folder.is_dir()
        with duckdb.connect(str(result.path), read_only=True) as con:
            assert con.execute("select count(*) from marts.fct_z").fetchone() == (300000,)
            assert con.execute("select run_id from serving_meta.publication").fetchone() == (
                "after-the-crash",
            )
    finally:
        live.kill()
        live.wait()
    # once the writer is dead, its folder goes at the next run too
    result = publish_serving_copy(settings)
    assert [p.name for p in result.removed_leftovers] == [live_folder.name]
    assert [p.name for p in settings.serving_dir.iterdir()] == ["warehouse.duckdb"]


def test_a_dead_exports_folder_is_removed_and_a_live_one_kept(tmp_path: Path):
    settings = _warehouse_with_person_data(tmp_path)
    published = publish_serving_copy(settings)
    exports = tmp_path / "exports"
    exports.mkdir()
    holders = [_python(_HOLD_TEMPORARY, str(exports), ".export-", "") for _ in range(2)]
    try:
        dead_folder, live_folder = (Path(h.stdout.readline().strip()) for h in holders)
        holders[0].kill()
        holders[0].wait()
        result = export_marts(
            published.path, exports, manifest_path=None, run_info=published.run_info
        )
        assert result.removed_leftovers == [dead_folder]
        assert live_folder.is_dir() and not dead_folder.exists()
        assert sorted(p.name for p in exports.iterdir()) == sorted(
            ["marts.xlsx", "parquet", live_folder.name]
        )
    finally:
        for holder in holders:
            holder.kill()
            holder.wait()


def test_the_postgres_copy_never_takes_person_level_schemas(tmp_path: Path):
    from orchestration.postgres import _tables_to_copy

    settings = _warehouse_with_person_data(tmp_path)
    with duckdb.connect(str(settings.warehouse_path)) as con:
        con.execute("create schema raw_jobindsats")
        con.execute("create table raw_jobindsats.y30r21 as select 1 as n")
        tables = {(s, t) for s, t, _ in _tables_to_copy(con, {"persons", "reference"})}
    assert tables == {("raw_jobindsats", "y30r21"), ("reference", "benefit_groups")}
