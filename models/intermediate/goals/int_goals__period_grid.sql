-- One row per goal of the catalogue × follow-up period of its plan year (from the cadence and the
-- measure's period type), with the previous period (for the trend), the two baseline periods a
-- condition can ask for (the same period a year earlier; the last period of the year before the
-- plan, where a path to a later target year starts) and the date the period's value is due.
-- Built from the catalogue, not from the data, so a goal without data still has its rows.
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
        periods.period_year * 12 + periods.period_end_month as period_month_index,
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
        ) as previous_period_code,
        row_number() over (
            partition by dated.kommunekode, dated.plan_year, dated.goal_code, dated.period_year
            order by dated.period_end_month desc
        ) as period_rank_in_year_desc
    from dated
),

last_of_year_before_plan as (
    select
        kommunekode,
        plan_year,
        goal_code,
        period_code as end_of_year_before_plan_code,
        period_month_index as end_of_year_before_plan_month_index
    from sequenced
    where period_year = plan_year - 1 and period_rank_in_year_desc = 1
),

final as (
    select
        -- keys
        sequenced.kommunekode,
        sequenced.plan_year,
        sequenced.goal_code,
        sequenced.period_code,
        -- the period
        sequenced.period_year,
        sequenced.period_month_index,
        sequenced.period_end_date,
        sequenced.period_end_date + sequenced.publication_lag_days as due_date,
        sequenced.previous_period_code,
        sequenced.period_rank_in_year_desc = 1 as is_last_period_of_year,
        -- the baselines a condition's baseline_rule can choose
        cast(sequenced.period_year - 1 as varchar)
        || sequenced.period_suffix as same_period_previous_year_code,
        sequenced.period_month_index - 12 as same_period_previous_year_month_index,
        last_of_year_before_plan.end_of_year_before_plan_code,
        last_of_year_before_plan.end_of_year_before_plan_month_index
    from sequenced
    left join last_of_year_before_plan
        on
            sequenced.kommunekode = last_of_year_before_plan.kommunekode
            and sequenced.plan_year = last_of_year_before_plan.plan_year
            and sequenced.goal_code = last_of_year_before_plan.goal_code
    where sequenced.period_year = sequenced.plan_year
)

select * from final
