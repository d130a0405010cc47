"""Publishing: the serving copy is replaced atomically (a reader never sees a half-built or
missing file, and keeps seeing the previous version until the new one is complete), a failed
build leaves it untouched, and the exports hold every mart."""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import time
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from orchestration.ingest import ingest_file
from orchestration.publish.exports import export_marts
from orchestration.publish.headers import danish_header
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


def test_danish_header_rules():
    assert danish_header({"name": "x", "meta": {"label_da": "Placering"}}) == "Placering"
    assert danish_header({"name": "k", "description": 'Municipality name ("kommune") as'}) == (
        "Kommune"
    )
    assert danish_header({"name": "rank_national", "description": "Rank"}) == (
        "Placering i hele landet"
    )
    assert (
        danish_header({"name": "e", "description": "Forventet andel (pct.) of the population."})
        == "Forventet andel"
    )
    assert danish_header({"name": "z", "description": ""}) == "z"


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


def test_every_mart_column_has_a_danish_header(demo_warehouse: Path):
    """A new mart column needs a Danish header (`meta.label_da`, LABELS_DA, or a ("term") in its
    description): the fallback, the English description's first words, reaches Excel users."""
    import json
    import re

    from orchestration.publish.headers import LABELS_DA
    from orchestration.publish.marts import MART_SCHEMA

    manifest = json.loads((demo_warehouse / "dbt_target" / "manifest.json").read_text())
    without = []
    for node in manifest["nodes"].values():
        if node["resource_type"] != "model" or node["schema"] != MART_SCHEMA:
            continue
        for name, column in node["columns"].items():
            meta = {**(column.get("config") or {}).get("meta", {}), **(column.get("meta") or {})}
            quoted = re.search(r'\("([^"]{2,60})"\)', column.get("description") or "")
            if not (meta.get("label_da") or name in LABELS_DA or quoted):
                without.append(f"{node['name']}.{name}")
    assert not without, without
