-- Reconciliation: the three benefit areas (A-dagpenge mv., Sygedagpenge mv., Kontanthjælp mv.)
-- add up to the overall list ("Ydelsesgrupper i alt") for every municipality and period.
-- What the real 2020QMAT02 and 2020QMAT04 files show (196 municipality-lists):
--   * shares and the pct-point difference add up EXACTLY (max deviation 0.00);
--   * expected and actual counts (each rounded to 10) deviate by at most 10;
--   * diff_count (a difference of two rounded counts) deviates by at most 20.
-- The tolerances are the bounds rounding allows when the four figures are rounded
-- independently (four half-units): 0.02 pp for shares, 20 for counts, 40 for diff_count. They hold
-- on the real files with room to spare, and on the synthetic demo lists, which round the total
-- and the areas independently and so do not reproduce the exact share sums.
-- A row here means a list whose areas do not add up: a corrupted or partial file.
{% set share_tolerance = 0.02 %}
{% set count_tolerance = 20 %}
{% set diff_count_tolerance = 40 %}

with

benchmark as (
    select * from {{ ref('fct_benchmark') }}
),

signed as (
    select
        kommunekode,
        period_code,
        case when benefit_group = 'total' then 1 else -1 end as sign,
        case when benefit_group = 'total' then 1 else 0 end as is_total,
        expected_count,
        actual_count,
        diff_count,
        expected_share_pct,
        actual_share_pct,
        diff_share_pp
    from benchmark
),

balances as (
    select
        kommunekode,
        period_code,
        sum(is_total) as total_rows,
        count(*) - sum(is_total) as area_rows,
        sum(sign * expected_count) as expected_count_residual,
        sum(sign * actual_count) as actual_count_residual,
        sum(sign * diff_count) as diff_count_residual,
        sum(sign * expected_share_pct) as expected_share_residual,
        sum(sign * actual_share_pct) as actual_share_residual,
        sum(sign * diff_share_pp) as diff_share_residual
    from signed
    group by kommunekode, period_code
)

select *
from balances
where
    total_rows <> 1
    or area_rows <> 3
    or abs(expected_count_residual) > {{ count_tolerance }}
    or abs(actual_count_residual) > {{ count_tolerance }}
    or abs(diff_count_residual) > {{ diff_count_tolerance }}
    or abs(expected_share_residual) > {{ share_tolerance }}
    or abs(actual_share_residual) > {{ share_tolerance }}
    or abs(diff_share_residual) > {{ share_tolerance }}
