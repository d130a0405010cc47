"""The benchmark release sensor polls by the next update jobindsats announces (NextUpdate in its
catalogue, marts.dim_source_table), not by fixed months."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from dagster import RunRequest, SkipReason

from orchestration.assets.releases import announced_next_update, release_decision
from orchestration.settings import Settings


def test_no_run_before_the_announced_day_one_run_per_date_from_it() -> None:
    waiting = release_decision(date(2025, 10, 30), date(2025, 10, 29))
    assert isinstance(waiting, SkipReason)
    assert "announced for 2025-10-30" in waiting.skip_message
    due = release_decision(date(2025, 10, 30), date(2025, 10, 30))
    later = release_decision(date(2025, 10, 30), date(2025, 11, 2))
    assert isinstance(due, RunRequest) and isinstance(later, RunRequest)
    # the same announced date gives the same run key: Dagster starts one run for it
    assert due.run_key == later.run_key == "y30r21-next-update-2025-10-30"
    unknown = release_decision(None, date(2025, 10, 30))
    assert isinstance(unknown, SkipReason) and "--table catalogue" in unknown.skip_message


def test_the_sensor_reads_the_demo_catalogues_next_update(demo_warehouse: Path) -> None:
    settings = Settings(data_dir=demo_warehouse, warehouse_path=demo_warehouse / "warehouse.duckdb")
    assert announced_next_update(settings) == date(2025, 10, 30)
    assert announced_next_update(settings, "fokus_samtaler") == date(2025, 7, 15)


def test_without_a_serving_copy_nothing_is_known(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path, warehouse_path=tmp_path / "warehouse.duckdb")
    assert announced_next_update(settings) is None
