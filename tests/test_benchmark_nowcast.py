"""The nowcast and its backtest on the six real published lists and on the synthetic demo:
rolling origin, calibrated empirical bands, the persistence baseline, and the shipped method."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from tests.conftest import REAL_LISTS, build_real_benchmark_mart


@pytest.fixture(scope="module")
def real_con(tmp_path_factory: pytest.TempPathFactory):
    settings = build_real_benchmark_mart(
        tmp_path_factory.mktemp("nowcast") / "data",
        select="+fct_benchmark_nowcast +fct_benchmark_nowcast_backtest_summary",
        lists=REAL_LISTS,
    )
    with duckdb.connect(str(settings.warehouse_path), read_only=True) as con:
        yield con


def test_same_rank_as_last_list_errs_as_the_real_lists_show(real_con) -> None:
    # docs/benchmark_forecast.md: over the five consecutive real pairs "same rank as last time"
    # misses by a median of 4-5 places and a 90th percentile of 14-20
    [(lists, predictions, median, p90)] = real_con.execute(
        """
        select count(distinct period_code), count(*), quantile_cont(abs_rank_error, 0.5),
               quantile_cont(abs_rank_error, 0.9)
        from marts.fct_benchmark_nowcast_backtest
        where method = 'persistence' and horizon = 1 and benefit_group = 'total'
        """
    ).fetchall()
    assert (lists, predictions) == (5, 5 * 98)
    assert 4 <= median <= 5 and 14 <= p90 <= 20
    # persistence predicts exactly the previous rank
    assert real_con.execute(
        "select count(*) from intermediate.int_benchmark__nowcast_bands "
        "where method = 'persistence' and rank_predicted <> origin_rank"
    ).fetchone() == (0,)


def test_the_band_is_calibrated_on_the_real_lists(real_con) -> None:
    [(lists, coverage, width, baseline_coverage)] = real_con.execute(
        """
        select lists_backtested, coverage, median_band_width, baseline_coverage
        from marts.fct_benchmark_nowcast_backtest_summary
        where method = 'persistence' and horizon = 1 and benefit_group = 'total'
        """
    ).fetchall()
    # the first pair has no earlier errors to learn from: four lists carry a band
    assert lists == 4 and coverage == baseline_coverage
    assert 0.75 <= coverage <= 0.85 and 15 <= width <= 30


def test_nothing_is_learnt_from_a_list_published_after_the_origin(real_con) -> None:
    late = real_con.execute(
        """
        select count(*) from intermediate.int_benchmark__nowcast_predictions as p
        inner join intermediate.int_benchmark__forecast_pairs as f
            using (origin_period_code, target_period_code)
        inner join intermediate.int_benchmark__periods as last_used
            on p.last_training_period_code = last_used.period_code
        where p.method <> 'persistence' and last_used.list_sequence > f.origin_list_sequence
        """
    ).fetchone()
    assert late == (0,)
    # a band learns from the pairs of the same horizon whose target was published by the
    # origin: two lists ahead, 2020QMAT04 -> 2021QMAT04 has none, 2021QMAT02 -> 2022QMAT02 has
    # 2021QMAT02's errors, 2021QMAT04 -> 2022QMAT04 those of 2021QMAT02 and 2021QMAT04
    bands = dict(
        real_con.execute(
            "select target_period_code, max(band_training_lists) "
            "from intermediate.int_benchmark__nowcast_bands "
            "where method = 'persistence' and horizon = 2 and is_target_published group by 1"
        ).fetchall()
    )
    assert bands == {"2021QMAT02": None, "2021QMAT04": None, "2022QMAT02": 1, "2022QMAT04": 2}


def test_nowcast_of_the_next_real_lists(real_con) -> None:
    rows = real_con.execute(
        """
        select period_code, horizon, count(*), bool_and(is_experimental), min(method),
               max(method), bool_and(rank_low <= rank_predicted and rank_predicted <= rank_high)
        from marts.fct_benchmark_nowcast group by 1, 2 order by 1
        """
    ).fetchall()
    assert [r[:4] for r in rows] == [
        ("2023QMAT02", 1, 4 * 98, True),
        ("2023QMAT04", 2, 4 * 98, True),
    ]
    assert all(r[6] for r in rows)
    assert {r[4] for r in rows} | {r[5] for r in rows} <= {"persistence", "shrinkage"}
    [(method, origin, rank, low, high)] = real_con.execute(
        """
        select method, origin_rank, rank_predicted, rank_low, rank_high
        from marts.fct_benchmark_nowcast
        where municipality_name = 'Norddjurs' and period_code = '2023QMAT02'
          and benefit_group = 'total'
        """
    ).fetchall()
    # 29th on 2022QMAT04; the band is wide, as the real lists' movements are
    assert (method, origin, rank) == ("persistence", 29, 29)
    assert low < 29 < high and high - low >= 20


def test_demo_backtest_and_nowcast_use_the_monthly_actuals(demo_warehouse: Path) -> None:
    with duckdb.connect(str(demo_warehouse / "warehouse.duckdb"), read_only=True) as con:
        summary = {
            (method, horizon): (coverage, score, baseline_score, preference)
            for method, horizon, coverage, score, baseline_score, preference in con.execute(
                """
                select method, horizon, coverage, mean_interval_score,
                       baseline_mean_interval_score, preference_rank
                from marts.fct_benchmark_nowcast_backtest_summary where benefit_group = 'total'
                """
            ).fetchall()
        }
        chosen = dict(
            con.execute(
                "select period_code, min(method) from marts.fct_benchmark_nowcast "
                "where benefit_group = 'total' group by 1"
            ).fetchall()
        )
        [(months,)] = con.execute(
            "select distinct months_used from marts.fct_benchmark_nowcast "
            "where period_code = '2025QMAT04'"
        ).fetchall()
    coverage, score, baseline_score, preference = summary[("monthly_actuals", 1)]
    # knowing the new half-year's actuals narrows the band at the same calibration
    assert 0.75 <= coverage <= 0.9 and score < baseline_score and preference == 1
    assert 0.75 <= summary[("persistence", 1)][0] <= 0.9
    # the demo's months run to 2025M12: the whole new half of 2025QMAT04 is there, not the
    # twelve new months of 2026QMAT02
    assert chosen["2025QMAT04"] == "monthly_actuals" and months == 6
    assert chosen["2026QMAT02"] != "monthly_actuals"
