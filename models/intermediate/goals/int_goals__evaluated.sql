-- One row per goal × follow-up period of the plan year: the measurement (left-joined, so a goal
-- without data keeps its row), its target, baseline and national value, the comparator's verdict,
-- the gap to the bar and the trend since the previous period. Ministermål that roll up their
-- local goals are judged on those goals' last period of the year.
{%- set as_of_var = var('goal_as_of_date', none) %}
with

grid as (
    select * from {{ ref('int_goals__period_grid') }}
),

catalogue as (
    select * from {{ ref('int_goals__catalogue') }}
),

comparators as (
    select * from {{ ref('goal_comparators') }}
),

measurements as (
    select * from {{ ref('int_goals__measurements') }}
),

as_of as (
    select
        {% if as_of_var -%}
            cast('{{ as_of_var }}' as date)
        {%- else -%}
            current_date
        {%- endif %} as evaluated_as_of
),

goals as (
    select
        grid.kommunekode,
        grid.plan_year,
        grid.goal_code,
        grid.period_code,
        grid.period_end_date,
        grid.due_date,
        grid.previous_period_code,
        grid.baseline_period_code,
        catalogue.goal_level,
        catalogue.ministermaal,
        catalogue.measure_code,
        catalogue.unit,
        catalogue.direction,
        catalogue.comparator,
        catalogue.target_value,
        coalesce(comparators.needs_target, false) as needs_target,
        coalesce(comparators.needs_baseline, false) as needs_baseline,
        coalesce(comparators.needs_national, false) as needs_national
    from grid
    inner join catalogue
        on
            grid.kommunekode = catalogue.kommunekode
            and grid.plan_year = catalogue.plan_year
            and grid.goal_code = catalogue.goal_code
    left join comparators
        on catalogue.comparator = comparators.comparator
),

measured as (
    select
        goals.*,
        as_of.evaluated_as_of,
        this_period.measured_value,
        this_period.numerator,
        this_period.denominator,
        this_period.months_in_window,
        this_period.source_table,
        this_period.load_id,
        this_period.as_of_date,
        this_period.is_synthetic,
        baseline.measured_value as baseline_value,
        previous_period.measured_value as previous_value,
        -- a municipality-specific comparison value in the file beats the national row
        coalesce(this_period.comparison_value, national_row.measured_value) as national_value,
        case
            when this_period.comparison_value is not null then 'comparison_value'
            when national_row.measured_value is not null then 'national'
        end as national_value_basis
    from goals
    cross join as_of
    left join measurements as this_period
        on
            goals.kommunekode = this_period.kommunekode
            and goals.measure_code = this_period.measure_code
            and goals.period_code = this_period.period_code
    left join measurements as baseline
        on
            goals.kommunekode = baseline.kommunekode
            and goals.measure_code = baseline.measure_code
            and goals.baseline_period_code = baseline.period_code
    left join measurements as previous_period
        on
            goals.kommunekode = previous_period.kommunekode
            and goals.measure_code = previous_period.measure_code
            and goals.previous_period_code = previous_period.period_code
    left join measurements as national_row
        on
            national_row.kommunekode = 0
            and goals.measure_code = national_row.measure_code
            and goals.period_code = national_row.period_code
),

judged as (
    select
        measured.*,
        case measured.comparator
            when '>=' then measured.target_value
            when '>' then measured.target_value
            when '<=' then measured.target_value
            when '<' then measured.target_value
            when 'increase_vs_baseline' then measured.baseline_value
            when 'decrease_vs_baseline' then measured.baseline_value
            when 'not_above_baseline' then measured.baseline_value
            when 'fewer_than_expected' then 0
            when 'at_or_better_than_national' then measured.national_value
            when 'national_plus_pp' then measured.national_value + measured.target_value
            when 'follows_national'
                then
                    case
                        when
                            measured.direction = 'lower_is_better'
                            then measured.national_value + measured.target_value
                        else measured.national_value - measured.target_value
                    end
        end as required_value,
        case measured.comparator
            when '>=' then measured.measured_value >= measured.target_value
            when '>' then measured.measured_value > measured.target_value
            when '<=' then measured.measured_value <= measured.target_value
            when '<' then measured.measured_value < measured.target_value
            when 'increase_vs_baseline' then measured.measured_value > measured.baseline_value
            when 'decrease_vs_baseline' then measured.measured_value < measured.baseline_value
            when 'not_above_baseline' then measured.measured_value <= measured.baseline_value
            -- resultatmål: fewer on public support than expected (diff_count < 0)
            when 'fewer_than_expected' then measured.measured_value < 0
            when 'at_or_better_than_national'
                then
                    case
                        when
                            measured.direction = 'lower_is_better'
                            then measured.measured_value <= measured.national_value
                        else measured.measured_value >= measured.national_value
                    end
            when
                'national_plus_pp'
                then measured.measured_value <= measured.national_value + measured.target_value
            when 'follows_national'
                then
                    case
                        when measured.direction = 'lower_is_better'
                            then
                                measured.measured_value
                                <= measured.national_value + measured.target_value
                        else
                            measured.measured_value
                            >= measured.national_value - measured.target_value
                    end
        end as is_met
    from measured
),

statused as (
    select
        judged.*,
        case
            when
                judged.measured_value is null and judged.evaluated_as_of <= judged.due_date
                then 'not_yet_due'
            when judged.measured_value is null then 'no_data'
            when judged.needs_target and judged.target_value is null then 'no_data'
            when judged.needs_baseline and judged.baseline_value is null then 'no_data'
            when judged.needs_national and judged.national_value is null then 'no_data'
            when judged.is_met is null then 'no_data'
            when judged.is_met then 'met'
            else 'not_met'
        end as status,
        case
            when judged.measured_value is null and judged.evaluated_as_of <= judged.due_date
                then 'not due before ' || cast(judged.due_date as varchar)
            when judged.measured_value is null then 'no measurement for ' || judged.period_code
            when
                judged.needs_target and judged.target_value is null
                then 'target missing in the catalogue'
            when judged.needs_baseline and judged.baseline_value is null
                then 'baseline missing: no measurement for ' || coalesce(
                    judged.baseline_period_code, 'the baseline period'
                )
            when judged.needs_national and judged.national_value is null
                then 'national value missing for ' || judged.period_code
            when judged.is_met is null then 'comparator ' || judged.comparator || ' not implemented'
            when judged.is_met then 'met by the rule ' || judged.comparator
            else 'not met by the rule ' || judged.comparator
        end as status_reason
    from judged
),

last_of_year as (
    select
        statused.*,
        row_number() over (
            partition by statused.kommunekode, statused.plan_year, statused.goal_code
            order by statused.period_end_date desc
        ) as period_rank_desc
    from statused
    where statused.comparator <> 'all_local_goals_met'
),

rollup_inputs as (
    select
        kommunekode,
        plan_year,
        ministermaal,
        count(*) as served_goals,
        sum(case when status = 'met' then 1 else 0 end) as met_goals,
        sum(case when status = 'not_met' then 1 else 0 end) as not_met_goals,
        sum(case when status = 'not_yet_due' then 1 else 0 end) as not_yet_due_goals
    from last_of_year
    where period_rank_desc = 1 and goal_level = 'lokalt mål'
    group by kommunekode, plan_year, ministermaal
),

rolled_up as (
    select
        statused.kommunekode,
        statused.plan_year,
        statused.goal_code,
        statused.period_code,
        statused.period_end_date,
        statused.due_date,
        statused.previous_period_code,
        statused.baseline_period_code,
        statused.goal_level,
        statused.ministermaal,
        statused.measure_code,
        statused.unit,
        statused.direction,
        statused.comparator,
        statused.target_value,
        statused.evaluated_as_of,
        cast(rollup_inputs.met_goals as decimal(18, 4)) as measured_value,
        cast(rollup_inputs.met_goals as decimal(18, 4)) as numerator,
        cast(rollup_inputs.served_goals as decimal(18, 4)) as denominator,
        cast(null as integer) as months_in_window,
        'int_goals__evaluated' as source_table,
        cast(null as varchar) as load_id,
        cast(null as date) as as_of_date,
        cast(null as boolean) as is_synthetic,
        cast(null as decimal(18, 4)) as baseline_value,
        cast(null as decimal(18, 4)) as previous_value,
        cast(null as decimal(18, 4)) as national_value,
        cast(null as varchar) as national_value_basis,
        cast(rollup_inputs.served_goals as decimal(18, 4)) as required_value,
        case
            when rollup_inputs.served_goals is null then 'no_data'
            when rollup_inputs.not_met_goals > 0 then 'not_met'
            when rollup_inputs.met_goals = rollup_inputs.served_goals then 'met'
            when rollup_inputs.not_yet_due_goals > 0 then 'not_yet_due'
            else 'no_data'
        end as status,
        case
            when rollup_inputs.served_goals is null
                then 'no local goal in the catalogue serves ministermål ' || statused.ministermaal
            else
                cast(rollup_inputs.met_goals as varchar) || ' of '
                || cast(rollup_inputs.served_goals as varchar)
                || ' local goals met in their last period of the year'
        end as status_reason
    from statused
    left join rollup_inputs
        on
            statused.kommunekode = rollup_inputs.kommunekode
            and statused.plan_year = rollup_inputs.plan_year
            and statused.ministermaal = rollup_inputs.ministermaal
    where statused.comparator = 'all_local_goals_met'
),

direct as (
    select
        kommunekode,
        plan_year,
        goal_code,
        period_code,
        period_end_date,
        due_date,
        previous_period_code,
        baseline_period_code,
        goal_level,
        ministermaal,
        measure_code,
        unit,
        direction,
        comparator,
        target_value,
        evaluated_as_of,
        measured_value,
        numerator,
        denominator,
        months_in_window,
        source_table,
        load_id,
        as_of_date,
        is_synthetic,
        baseline_value,
        previous_value,
        national_value,
        national_value_basis,
        required_value,
        status,
        status_reason
    from statused
    where comparator <> 'all_local_goals_met'
),

combined as (
    select * from direct
    union all
    select * from rolled_up
),

final as (
    select
        combined.*,
        combined.measured_value - combined.required_value as gap,
        combined.measured_value - combined.previous_value as change_vs_previous,
        case
            when combined.measured_value is null or combined.previous_value is null then null
            when combined.measured_value = combined.previous_value then 'unchanged'
            when
                (combined.measured_value > combined.previous_value)
                = (combined.direction = 'higher_is_better')
                then 'improving'
            else 'worsening'
        end as trend,
        row_number() over (
            partition by combined.kommunekode, combined.plan_year, combined.goal_code
            order by combined.period_end_date desc
        ) = 1 as is_last_period_of_year
    from combined
)

select * from final
