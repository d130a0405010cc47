"""The severity model end to end, as a user meets it (`jobcenter load` + `jobcenter build`):

- the real lists deviate from their own arithmetic in two ways (areas' shares off the total with
  the counts agreeing; a large municipality's area counts off with the shares agreeing). The real
  2020 lists perturbed in exactly those ways publish, with warnings that name exactly the
  perturbed municipalities, and the ranks are those of the unperturbed lists;
- the six real lists publish with their 7 warnings;
- one real list alone publishes (checks that need more data say "not enough data");
- a structural corruption (a municipality missing, a rank repeated) blocks the build and leaves
  the serving copy byte for byte as it was; a duplicated list never gets past the loader.
"""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import duckdb
import pytest

from tests.conftest import FIXTURES, run_cli

LISTS = FIXTURES / "jobindsats"
# column positions in the Y30R21 v2 CSV
AREA, PERIOD, GROUP, EXP_COUNT, ACT_COUNT, DIFF_COUNT, EXP_SHARE, ACT_SHARE, DIFF_SHARE, RANK = (
    range(10)
)


def _rows(path: Path) -> tuple[str, list[list[str]]]:
    header, *lines = path.read_bytes().decode("utf-8").split("\r\n")  # CRLF, kept as it is
    return header, [line.split(";") for line in lines if line]


def _write(path: Path, header: str, rows: list[list[str]]) -> Path:
    path.write_bytes(("\r\n".join([header, *(";".join(r) for r in rows)]) + "\r\n").encode())
    return path


def _shift(row: list[str], column: int, by: float, decimals: int) -> None:
    value = float(row[column].replace(",", ".")) + by
    row[column] = f"{value:.{decimals}f}".replace(".", ",") if decimals else str(round(value))


def _perturbed_2020_lists(folder: Path) -> list[Path]:
    """The real 2020 lists, perturbed the way later real lists deviate:
    - 2020QMAT04: Holbæk's and Svendborg's Sygedagpenge shares (expected and actual alike, so
      the pct-point difference stays) shifted by +0.30 and −0.30 pp, counts unchanged;
    - 2020QMAT02: Aarhus' Kontanthjælp counts (expected and actual alike) moved by 40, shares
      unchanged."""
    header, q4 = _rows(LISTS / "y30r21_2020QMAT04.csv")
    for row in q4:
        if row[GROUP] == "Sygedagpenge mv." and row[AREA] in ("Holbæk", "Svendborg"):
            by = 0.30 if row[AREA] == "Holbæk" else -0.30
            _shift(row, EXP_SHARE, by, 2)
            _shift(row, ACT_SHARE, by, 2)
    header2, q2 = _rows(LISTS / "y30r21_2020QMAT02.csv")
    for row in q2:
        if row[GROUP] == "Kontanthjælp mv." and row[AREA] == "Aarhus":
            _shift(row, EXP_COUNT, 40, 0)
            _shift(row, ACT_COUNT, 40, 0)
    return [
        _write(folder / "y30r21_2020QMAT02.csv", header2, q2),
        _write(folder / "y30r21_2020QMAT04.csv", header, q4),
    ]


def _load_and_build(data_dir: Path, files: list[Path]):
    loaded = run_cli(["load", *map(str, files)], data_dir)
    assert loaded.returncode == 0, loaded.stdout[-3000:] + loaded.stderr[-3000:]
    return run_cli(["build"], data_dir)


def _query(path: Path, sql: str, params: list | None = None) -> list[tuple]:
    with duckdb.connect(str(path), read_only=True) as con:
        return con.execute(sql, params or []).fetchall()


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _serving(data_dir: Path) -> Path:
    return data_dir / "serving" / "warehouse.duckdb"


def _warning_keys(data_dir: Path) -> dict[str, list[dict]]:
    """rule name → failing keys of the latest run's warnings, read from the serving copy."""
    rows = _query(
        _serving(data_dir),
        """
        select rule_id, failing_keys from marts.fct_data_quality
        where status = 'warn' and check_source = 'dbt' and run_id = (
            select run_id from marts.fct_data_quality order by checked_at desc limit 1
        )
        """,
    )
    return {rule.split(".")[2]: json.loads(keys) for rule, keys in rows}


def _who(keys: list[dict]) -> list[tuple]:
    return sorted((k["kommunekode"], k["municipality_name"], k["period_code"]) for k in keys)


# -- the source's own inconsistencies: warnings, published ----------------------------------------


@pytest.fixture(scope="module")
def perturbed(tmp_path_factory: pytest.TempPathFactory):
    root = tmp_path_factory.mktemp("perturbed")
    files = _perturbed_2020_lists(root)
    data_dir = root / "data"
    return data_dir, _load_and_build(data_dir, files)


def test_perturbed_lists_publish_with_warnings_naming_exactly_them(perturbed) -> None:
    data_dir, built = perturbed
    output = built.stdout + built.stderr
    assert built.returncode == 0, output[-6000:]
    assert _serving(data_dir).exists()
    # the CLI says "warning", with the municipalities; never "failed" for a warning
    assert "! warning fct_benchmark_area_shares_sum_to_total" in output
    assert "Holbæk 2020QMAT04 (expected_share_pct_residual=0.3" in output
    assert "failed" not in output.lower()
    warnings = _warning_keys(data_dir)
    assert set(warnings) == {
        "fct_benchmark_area_shares_sum_to_total",
        "fct_benchmark_area_counts_sum_to_total",
    }
    assert _who(warnings["fct_benchmark_area_shares_sum_to_total"]) == [
        (316, "Holbæk", "2020QMAT04"),
        (479, "Svendborg", "2020QMAT04"),
    ]
    (aarhus,) = warnings["fct_benchmark_area_counts_sum_to_total"]
    assert (aarhus["kommunekode"], aarhus["municipality_name"], aarhus["period_code"]) == (
        751,
        "Aarhus",
        "2020QMAT02",
    )
    assert (aarhus["expected_count_residual"], aarhus["actual_count_residual"]) == (40, 40)
    severities = _query(
        _serving(data_dir),
        "select distinct severity from marts.fct_data_quality where status = 'warn'",
    )
    assert severities == [("warning",)]


def test_perturbed_lists_keep_the_published_ranks(perturbed, real_warehouse: Path) -> None:
    data_dir, _ = perturbed
    sql = (
        "select period_code, benefit_group, kommunekode, rank_national, published_rank "
        "from marts.fct_benchmark where period_code in ('2020QMAT02', '2020QMAT04') "
        "order by 1, 2, 3"
    )
    perturbed_ranks = _query(_serving(data_dir), sql)
    assert len(perturbed_ranks) == 784
    assert perturbed_ranks == _query(_serving(real_warehouse), sql)


def test_report_footer_names_the_warned_municipalities(perturbed) -> None:
    data_dir, _ = perturbed
    footer = (data_dir / "reports" / "707_2020QMAT04.html").read_text(encoding="utf-8")
    assert (
        "3 advarsler i kildedata: Aarhus (2020QMAT02); Holbæk (2020QMAT04); Svendborg (2020QMAT04)"
    ) in footer


def test_six_real_lists_publish_with_their_seven_warnings(real_warehouse: Path) -> None:
    assert _serving(real_warehouse).exists()
    warnings = _warning_keys(real_warehouse)
    assert _who(warnings["fct_benchmark_area_shares_sum_to_total"]) == [
        (163, "Herlev", "2021QMAT04"),
        (190, "Furesø", "2021QMAT04"),
    ]
    assert _who(warnings["fct_benchmark_area_counts_sum_to_total"]) == [
        (101, "København", "2021QMAT04"),
        (101, "København", "2022QMAT04"),
        (751, "Aarhus", "2021QMAT04"),
        (751, "Aarhus", "2022QMAT02"),
        (751, "Aarhus", "2022QMAT04"),
    ]
    footer = (real_warehouse / "reports" / "707_2022QMAT04.html").read_text(encoding="utf-8")
    assert "7 advarsler i kildedata: Aarhus (2021QMAT04, 2022QMAT02, 2022QMAT04)" in footer
    # and in the Data Docs, beside the Great Expectations validations
    docs = real_warehouse / "quality"
    assert "2 warning(s), 0 failed" in (docs / "index.html").read_text(encoding="utf-8")
    page = (docs / "dbt_tests.html").read_text(encoding="utf-8")
    assert "<td>fct_benchmark_area_shares_sum_to_total</td>" in page
    assert "Furesø 2021QMAT04 (expected_share_pct_residual=0.33" in page


# -- one list alone ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def one_list(tmp_path_factory: pytest.TempPathFactory):
    """Each real 2020 list loaded alone and built: period → (data folder, build result)."""
    built = {}
    for period in ("2020QMAT02", "2020QMAT04"):
        data_dir = tmp_path_factory.mktemp(f"alone_{period}") / "data"
        built[period] = data_dir, _load_and_build(data_dir, [LISTS / f"y30r21_{period}.csv"])
    return built


@pytest.mark.parametrize("period", ["2020QMAT02", "2020QMAT04"])
def test_one_real_list_alone_publishes(one_list, period: str) -> None:
    data_dir, built = one_list[period]
    assert built.returncode == 0, (built.stdout + built.stderr)[-6000:]
    serving = _serving(data_dir)
    assert _query(serving, "select count(*), min(period_code) from marts.fct_benchmark") == [
        (392, period)
    ]
    risk_checks = _query(
        serving,
        "select status, message from marts.fct_data_quality "
        "where asset = 'marts.fct_supervision_risk' and check_source = 'great_expectations'",
    )
    if period == "2020QMAT02":  # no calendar-year list: no year to assess yet
        assert _query(serving, "select count(*) from marts.fct_supervision_risk") == [(0,)]
        assert {status for status, _ in risk_checks} == {"skipped"}
        assert all(message.startswith("not enough data") for _, message in risk_checks)
    else:
        assert _query(serving, "select count(*) from marts.fct_supervision_risk") == [(98,)]


# -- structural corruption: an error, nothing published -------------------------------------------


def _corrupt(kind: str, folder: Path) -> Path:
    header, rows = _rows(LISTS / "y30r21_2020QMAT04.csv")
    if kind == "municipality_missing":
        rows = [r for r in rows if r[AREA] != "Aarhus"]
    elif kind == "rank_repeated":
        for row in rows:  # the 6th of the overall list also claims 5th place
            if row[GROUP] == "Ydelsesgrupper i alt" and row[RANK] == "6":
                row[RANK] = "5"
    elif kind == "list_duplicated":
        rows = rows + [r for r in rows if r[GROUP] == "Ydelsesgrupper i alt"]
    return _write(folder / f"y30r21_2020QMAT04_{kind}.csv", header, rows)


@pytest.mark.parametrize(
    ("kind", "rule"),
    [
        ("municipality_missing", "fct_benchmark_covers_every_municipality_and_benefit_group"),
        ("rank_repeated", "fct_benchmark_published_rank_is_a_permutation"),
    ],
)
def test_structural_corruption_blocks_and_keeps_the_serving_copy(
    one_list, tmp_path: Path, kind: str, rule: str
) -> None:
    published, _ = one_list["2020QMAT04"]
    data_dir = tmp_path / "data"
    shutil.copytree(published, data_dir)
    before = _sha(_serving(data_dir))
    loaded = run_cli(["load", str(_corrupt(kind, tmp_path))], data_dir)
    assert loaded.returncode == 0, loaded.stdout  # well-formed: only the whole list tells
    built = run_cli(["build"], data_dir)
    output = built.stdout + built.stderr
    assert built.returncode == 1, output[-6000:]
    assert f"✗ check {rule} on marts/fct_benchmark failed" in output
    assert _sha(_serving(data_dir)) == before
    # the failure is in the check history with its business keys
    failed = _query(
        data_dir / "warehouse.duckdb",
        "select failing_keys from quality.check_result where status = 'fail' and rule_id like ?",
        [f"test.jobcenter.{rule}.%"],
    )
    assert failed, output[-3000:]
    if kind == "municipality_missing":
        keys = json.loads(failed[-1][0])
        assert {(k["kommunekode"], k["municipality_name"]) for k in keys} == {(751, "Aarhus")}
        assert {k["benefit_group"] for k in keys} == {
            "total",
            "unemployment_benefit",
            "sickness_benefit",
            "social_assistance",
        }


def test_duplicated_list_is_rejected_at_load_and_nothing_changes(one_list, tmp_path: Path) -> None:
    published, _ = one_list["2020QMAT04"]
    data_dir = tmp_path / "data"
    shutil.copytree(published, data_dir)
    before = {p: _sha(p) for p in (_serving(data_dir), data_dir / "warehouse.duckdb")}
    loaded = run_cli(["load", str(_corrupt("list_duplicated", tmp_path))], data_dir)
    message = loaded.stdout + loaded.stderr
    assert loaded.returncode == 1
    assert "duplicate row" in message and "line 394" in message, message
    assert {p: _sha(p) for p in before} == before
