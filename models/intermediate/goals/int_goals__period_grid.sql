-- One row per goal of the catalogue × follow-up period of its plan year (from the cadence and the
-- measure's period type), with the previous period (for the trend), the baseline period (the
-- same period a year earlier) and the date the period's value is due. Built from the catalogue,
-- not from the data, so a goal without data still has its rows.
with

catalogue as (
    select * from {{ ref('int_goals__catalogue') }}
),

cadence_periods as (
    select * from {{ ref('goal_cadence_periods') }}
),

year_offsets as (
    -- the plan year and the year before it (for the previous period of the first one)
    select 0 as year_offset
    union all
    select 1 as year_offset
),

periods as (
    select
        catalogue.kommunekode,
        catalogue.plan_year,
        catalogue.goal_code,
        catalogue.baseline_rule,
        catalogue.publication_lag_days,
        catalogue.plan_year - 1 + year_offsets.year_offset as period_year,
        case
            when cadence_periods.period_suffix = '-' then ''
            else cadence_periods.period_suffix
        end as period_suffix,
        cadence_periods.period_end_month
    from catalogue
    inner join cadence_periods
        on
            catalogue.cadence = cadence_periods.cadence
            and catalogue.period_type = cadence_periods.period_type
    cross join year_offsets
),

dated as (
    select
        periods.*,
        cast(periods.period_year as varchar) || periods.period_suffix as period_code,
        -- first day of the month after the period (date arithmetic portable to PostgreSQL)
        cast(
            cast(
                case
                    when periods.period_end_month = 12 then periods.period_year + 1
                    else periods.period_year
                end as varchar
            )
            || '-'
            || lpad(
                cast(
                    case
                        when periods.period_end_month = 12 then 1
                        else periods.period_end_month + 1
                    end as varchar
                ),
                2,
                '0'
            )
            || '-01'
            as date
        ) as next_period_start
    from periods
),

sequenced as (
    select
        dated.*,
        dated.next_period_start - 1 as period_end_date,
        lag(dated.period_code) over (
            partition by dated.kommunekode, dated.plan_year, dated.goal_code
            order by dated.period_year, dated.period_end_month
        ) as previous_period_code
    from dated
),

final as (
    select
        -- keys
        kommunekode,
        plan_year,
        goal_code,
        period_code,
        -- the period
        period_year,
        period_end_date,
        period_end_date + publication_lag_days as due_date,
        previous_period_code,
        case
            when baseline_rule = 'same_period_previous_year'
                then cast(period_year - 1 as varchar) || period_suffix
        end as baseline_period_code
    from sequenced
    where period_year = plan_year
)

select * from final
