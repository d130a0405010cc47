"""The status vocabularies of the marts, read from their seeds (the one home of each):
seeds/goal_statuses.csv for fct_goal_fulfilment and fct_goal_condition,
seeds/supervision_risk_statuses.csv for fct_supervision_risk, seeds/check_statuses.csv for
fct_data_quality. For Python readers (checks, report, Data Docs) that need the codes or the
labels before or beside dbt."""

from __future__ import annotations

import csv
from functools import cache

from orchestration.settings import SEEDS_DIR


@cache
def goal_status_labels() -> dict[str, str]:
    """Goal status code → Danish label, in the seed's order."""
    with (SEEDS_DIR / "goal_statuses.csv").open(encoding="utf-8", newline="") as fh:
        return {row["status"]: row["label_da"] for row in csv.DictReader(fh)}


@cache
def supervision_risk_status_labels() -> dict[str, str]:
    """Supervision risk status code → Danish label, in the seed's order."""
    with (SEEDS_DIR / "supervision_risk_statuses.csv").open(encoding="utf-8", newline="") as fh:
        return {row["risk_status"]: row["label_da"] for row in csv.DictReader(fh)}


@cache
def check_status_labels() -> dict[str, tuple[str, str]]:
    """Check status code → (English label, Danish label), in the seed's order."""
    with (SEEDS_DIR / "check_statuses.csv").open(encoding="utf-8", newline="") as fh:
        return {row["status"]: (row["label_en"], row["label_da"]) for row in csv.DictReader(fh)}
