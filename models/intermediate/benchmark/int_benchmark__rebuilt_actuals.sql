-- The actual side of every published list rebuilt from the monthly actuals: the mean of the
-- full-time persons in the 12 months of the list's window (int_benchmark__periods), per
-- municipality and benefit group. Y30R21's "Faktisk antal" is that mean (rounded to 10) if
-- the two sources count alike; fct_benchmark_monthly_reconciliation shows whether they do.
with

monthly as (
    select * from {{ ref('int_benchmark__monthly_actuals') }}
),

periods as (
    select * from {{ ref('int_benchmark__periods') }}
),

windowed as (
    select
        monthly.kommunekode,
        periods.period_code,
        monthly.benefit_group,
        monthly.month_start,
        monthly.fulltime_persons,
        monthly.benefits_suppressed,
        monthly.is_synthetic
    from monthly
    inner join periods
        on monthly.month_start between periods.first_month and periods.last_month
),

final as (
    select
        kommunekode,
        period_code,
        benefit_group,
        cast(count(*) as integer) as months_found,
        cast(sum(benefits_suppressed) as integer) as benefit_months_suppressed,
        min(month_start) as first_month_found,
        max(month_start) as last_month_found,
        cast(avg(fulltime_persons) as decimal(18, 2)) as rebuilt_actual_count,
        max(case when is_synthetic then 1 else 0 end) = 1 as is_synthetic
    from windowed
    group by kommunekode, period_code, benefit_group
)

select * from final
