"""Goal fulfilment in Dagster: asset checks on the goal marts beyond the dbt tests.

The goal models themselves are dbt assets (models/*/goals/); their dbt tests and unit tests run as
asset checks already. These checks add what needs the catalogue and the marts together:

- `every_goal_evaluated_every_period` on `fct_goal_fulfilment`: every goal of the catalogue has
  one row per follow-up period of its plan year (cadence × period type), whatever the data; a
  goal that disappears fails the check. The metadata holds the status counts per municipality and
  plan year, and for each goal its status for the year.
- `supervision_risk_covers_all_municipalities` on `fct_supervision_risk`: every assessed year has
  all 98 municipalities; the metadata counts at_risk / not_at_risk / no_data per year.

Both also write their result to the check history (quality.check_result, check_source
'dagster'), so fct_data_quality holds every check of a run, not only GX rules and dbt tests.
"""

from dagster import (
    AssetCheckExecutionContext,
    AssetCheckResult,
    AssetCheckSeverity,
    Definitions,
    MetadataValue,
    asset_check,
)
from dagster_dbt import get_asset_key_for_model

from orchestration import raw_store
from orchestration.assets.dbt import jobcenter_dbt_assets
from orchestration.quality.record import record_asset_check
from orchestration.settings import Settings

FULFILMENT_KEY = get_asset_key_for_model([jobcenter_dbt_assets], "fct_goal_fulfilment")
RISK_KEY = get_asset_key_for_model([jobcenter_dbt_assets], "fct_supervision_risk")

MISSING_GOAL_ROWS_SQL = """
with expected as (
    select
        catalogue.kommunekode,
        catalogue.plan_year,
        catalogue.goal_code,
        count(*) as expected_periods
    from intermediate.int_goals__catalogue as catalogue
    inner join reference.goal_cadence_periods as cadence
        on catalogue.cadence = cadence.cadence and catalogue.period_type = cadence.period_type
    group by 1, 2, 3
),
actual as (
    select kommunekode, plan_year, goal_code, count(*) as actual_periods
    from marts.fct_goal_fulfilment
    group by 1, 2, 3
)
select
    expected.kommunekode,
    expected.plan_year,
    expected.goal_code,
    expected.expected_periods,
    coalesce(actual.actual_periods, 0) as actual_periods
from expected
left join actual
    on expected.kommunekode = actual.kommunekode
    and expected.plan_year = actual.plan_year
    and expected.goal_code = actual.goal_code
where coalesce(actual.actual_periods, 0) <> expected.expected_periods
order by 1, 2, 3
"""


def goal_status_summary(con) -> dict[str, dict[str, int]]:
    """'<kommunekode>/<plan_year>' → {status: goals} on each goal's last period of the year."""
    rows = con.execute(
        """
        select kommunekode, plan_year, status, count(*)
        from marts.fct_goal_fulfilment
        where is_last_period_of_year
        group by 1, 2, 3
        order by 1, 2, 3
        """
    ).fetchall()
    summary: dict[str, dict[str, int]] = {}
    for kommunekode, plan_year, status, goals in rows:
        summary.setdefault(f"{kommunekode}/{plan_year}", {})[status] = goals
    return summary


EVERY_GOAL_DESCRIPTION = (
    "Every goal of the catalogue has one fct_goal_fulfilment row per follow-up period of its "
    "plan year (from its cadence), with or without data: no goal ever disappears."
)
ALL_MUNICIPALITIES_DESCRIPTION = (
    "Every assessed year of fct_supervision_risk has all 98 municipalities."
)


@asset_check(asset=FULFILMENT_KEY, description=EVERY_GOAL_DESCRIPTION)
def every_goal_evaluated_every_period(context: AssetCheckExecutionContext) -> AssetCheckResult:
    with raw_store.connect(Settings.from_env().warehouse_path) as con:
        missing = con.execute(MISSING_GOAL_ROWS_SQL).fetchall()
        summary = goal_status_summary(con)
        year_status = con.execute(
            """
            select kommunekode, plan_year, goal_code, status
            from marts.fct_goal_fulfilment
            where is_last_period_of_year
            order by kommunekode, plan_year, sort_order
            """
        ).fetchall()
    record_asset_check(
        context,
        asset="marts.fct_goal_fulfilment",
        rule_id="every_goal_evaluated_every_period",
        description=EVERY_GOAL_DESCRIPTION,
        passed=not missing,
        observed_value=f"{len(missing)} goal(s) with missing periods",
        threshold="0 goals with missing periods",
        failing_keys=[
            {"kommunekode": k, "plan_year": y, "goal_code": g, "periods": f"{a} of {e}"}
            for k, y, g, e, a in missing
        ],
    )
    return AssetCheckResult(
        passed=not missing,
        severity=AssetCheckSeverity.ERROR,
        description=(
            "every goal has all its periods"
            if not missing
            else f"{len(missing)} goal(s) with missing periods, e.g. {missing[:3]}"
        ),
        metadata={
            "goals_with_missing_periods": len(missing),
            "status_counts_by_municipality_and_plan_year": MetadataValue.json(summary),
            "status_for_the_year": MetadataValue.md(
                "| kommune | plan year | goal | status |\n|---|---|---|---|\n"
                + "\n".join(f"| {k} | {y} | {g} | {s} |" for k, y, g, s in year_status)
            ),
        },
    )


@asset_check(asset=RISK_KEY, description=ALL_MUNICIPALITIES_DESCRIPTION)
def supervision_risk_covers_all_municipalities(
    context: AssetCheckExecutionContext,
) -> AssetCheckResult:
    with raw_store.connect(Settings.from_env().warehouse_path) as con:
        per_year = con.execute(
            """
            select
                risk_year,
                count(*) as municipalities,
                sum(case when risk_status = 'at_risk' then 1 else 0 end) as at_risk,
                sum(case when risk_status = 'not_at_risk' then 1 else 0 end) as not_at_risk,
                sum(case when risk_status = 'no_data' then 1 else 0 end) as no_data
            from marts.fct_supervision_risk
            group by risk_year
            order by risk_year
            """
        ).fetchall()
    incomplete = [row for row in per_year if row[1] != 98]
    record_asset_check(
        context,
        asset="marts.fct_supervision_risk",
        rule_id="supervision_risk_covers_all_municipalities",
        description=ALL_MUNICIPALITIES_DESCRIPTION,
        passed=not incomplete,
        observed_value=f"{len(per_year) - len(incomplete)} of {len(per_year)} year(s) complete",
        threshold="98 municipalities per year",
        failing_keys=[{"risk_year": year, "municipalities": n} for year, n, *_ in incomplete],
    )
    return AssetCheckResult(
        passed=not incomplete,
        severity=AssetCheckSeverity.ERROR,
        description=(
            f"{len(per_year)} year(s), 98 municipalities each"
            if not incomplete
            else f"years without 98 municipalities: {[r[0] for r in incomplete]}"
        ),
        metadata={
            "by_year": MetadataValue.json(
                {
                    str(year): {"municipalities": n, "at_risk": a, "not_at_risk": b, "no_data": c}
                    for year, n, a, b, c in per_year
                }
            )
        },
    )


defs = Definitions(
    asset_checks=[every_goal_evaluated_every_period, supervision_risk_covers_all_municipalities]
)
