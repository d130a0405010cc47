"""raw_local.job_orders: the municipality's job-order log (goal 6.1 Jobformidling)."""

from expectations.base import between
from expectations.raw_generic import suite_for_spec
from orchestration.tables import get_spec

SPEC = get_spec("local", "job_orders")

SUITE = suite_for_spec(
    SPEC,
    derived_columns="orders_created - orders_filled as orders_open",
    extra_rules=(
        between(
            "filled_not_more_than_created",
            "orders_open",
            0,
            None,
            "Filled job orders never exceed the orders created in the month",
            ("load_id", "kommunekode", "period_code"),
        ),
    ),
)
