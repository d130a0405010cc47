-- One row per goal condition × follow-up period of the plan year: the measurement (left-joined,
-- so a condition without data keeps its row), its target, baseline and national value, the bar
-- the comparator sets, the status with its reason, the gap and the trend. Where the target year
-- is after the period's year (6.6: 90 % in 2030), the bar is the straight path from the baseline
-- to the target and the verdict is on_track / off_track. Roll-up conditions (a ministermål judged
-- on its local goals) are judged in int_goals__goal_status.
{%- set as_of_var = var('goal_as_of_date', none) %}
with

grid as (
    select * from {{ ref('int_goals__period_grid') }}
),

conditions as (
    select * from {{ ref('int_goals__conditions') }}
),

comparators as (
    select * from {{ ref('goal_comparators') }}
),

measurements as (
    select * from {{ ref('int_goals__measurements') }}
),

statuses as (
    select * from {{ ref('goal_statuses') }}
),

as_of as (
    select
        {% if as_of_var -%}
            cast('{{ as_of_var }}' as date)
        {%- else -%}
            current_date
        {%- endif %} as evaluated_as_of
),

periods as (
    select
        grid.kommunekode,
        grid.plan_year,
        grid.goal_code,
        conditions.condition_number,
        grid.period_code,
        grid.period_year,
        grid.period_end_date,
        grid.due_date,
        grid.previous_period_code,
        grid.is_last_period_of_year,
        conditions.goal_level,
        conditions.ministermaal,
        conditions.condition_da,
        conditions.measure_code,
        conditions.unit,
        conditions.direction,
        conditions.comparator,
        conditions.target_value,
        conditions.target_year,
        conditions.baseline_rule,
        case conditions.baseline_rule
            when 'same_period_previous_year' then grid.same_period_previous_year_code
            when 'end_of_year_before_plan' then grid.end_of_year_before_plan_code
        end as baseline_period_code,
        -- months from the baseline to the period and to the end of the target year
        grid.period_month_index - case conditions.baseline_rule
            when 'same_period_previous_year' then grid.same_period_previous_year_month_index
            when 'end_of_year_before_plan' then grid.end_of_year_before_plan_month_index
        end as months_since_baseline,
        conditions.target_year * 12 + 12 - case conditions.baseline_rule
            when 'same_period_previous_year' then grid.same_period_previous_year_month_index
            when 'end_of_year_before_plan' then grid.end_of_year_before_plan_month_index
        end as months_baseline_to_target,
        coalesce(conditions.target_year > grid.period_year, false) as is_before_target_year,
        coalesce(comparators.needs_target, false) as needs_target,
        coalesce(comparators.needs_baseline, false) as needs_baseline,
        coalesce(comparators.needs_national, false) as needs_national
    from grid
    inner join conditions
        on
            grid.kommunekode = conditions.kommunekode
            and grid.plan_year = conditions.plan_year
            and grid.goal_code = conditions.goal_code
    left join comparators
        on conditions.comparator = comparators.comparator
    where conditions.comparator <> 'all_local_goals_met'
),

measured as (
    select
        periods.*,
        as_of.evaluated_as_of,
        this_period.measured_value,
        this_period.numerator,
        this_period.denominator,
        this_period.months_in_window,
        this_period.window_months,
        this_period.source_kind,
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
        end as national_value_basis,
        -- a windowed value (or the baseline or national value it is held against) over fewer
        -- months than the measure's minimum is no 12-month value
        case
            when this_period.is_window_complete = false then 'value'
            when periods.needs_national and national_row.is_window_complete = false
                then 'national value'
            when
                (periods.needs_baseline or periods.is_before_target_year)
                and baseline.is_window_complete = false
                then 'baseline'
        end as incomplete_part,
        this_period.months_in_window as value_months,
        national_row.months_in_window as national_months
    from periods
    cross join as_of
    left join measurements as this_period
        on
            periods.kommunekode = this_period.kommunekode
            and periods.measure_code = this_period.measure_code
            and periods.period_code = this_period.period_code
    left join measurements as baseline
        on
            periods.kommunekode = baseline.kommunekode
            and periods.measure_code = baseline.measure_code
            and periods.baseline_period_code = baseline.period_code
    left join measurements as previous_period
        on
            periods.kommunekode = previous_period.kommunekode
            and periods.measure_code = previous_period.measure_code
            and periods.previous_period_code = previous_period.period_code
    left join measurements as national_row
        on
            national_row.kommunekode = 0
            and periods.measure_code = national_row.measure_code
            and periods.period_code = national_row.period_code
),

barred as (
    select
        measured.*,
        case
            -- before the target year: the point on the straight path from baseline to target
            when measured.is_before_target_year
                then
                    measured.baseline_value
                    + (measured.target_value - measured.baseline_value)
                    * measured.months_since_baseline
                    / nullif(measured.months_baseline_to_target, 0)
            when measured.comparator in ('>=', '>', '<=', '<') then measured.target_value
            when
                measured.comparator in (
                    'increase_vs_baseline', 'decrease_vs_baseline', 'not_above_baseline'
                )
                then measured.baseline_value
            when measured.comparator = 'fewer_than_expected' then 0
            when measured.comparator = 'at_or_better_than_national' then measured.national_value
            when measured.comparator = 'national_plus_pp'
                then measured.national_value + measured.target_value
            when measured.comparator = 'follows_national'
                then
                    case
                        when measured.direction = 'lower_is_better'
                            then measured.national_value + measured.target_value
                        else measured.national_value - measured.target_value
                    end
        end as required_value
    from measured
),

judged as (
    select
        barred.*,
        case barred.comparator
            when '>=' then barred.measured_value >= barred.required_value
            when '>' then barred.measured_value > barred.required_value
            when '<=' then barred.measured_value <= barred.required_value
            when '<' then barred.measured_value < barred.required_value
            when 'increase_vs_baseline' then barred.measured_value > barred.required_value
            when 'decrease_vs_baseline' then barred.measured_value < barred.required_value
            when 'not_above_baseline' then barred.measured_value <= barred.required_value
            -- resultatmål: fewer on public support than expected (diff_count < 0)
            when 'fewer_than_expected' then barred.measured_value < barred.required_value
            when 'national_plus_pp' then barred.measured_value <= barred.required_value
            when 'at_or_better_than_national'
                then
                    case
                        when barred.direction = 'lower_is_better'
                            then barred.measured_value <= barred.required_value
                        else barred.measured_value >= barred.required_value
                    end
            when 'follows_national'
                then
                    case
                        when barred.direction = 'lower_is_better'
                            then barred.measured_value <= barred.required_value
                        else barred.measured_value >= barred.required_value
                    end
        end as is_met
    from barred
),

statused as (
    select
        judged.*,
        case
            when judged.comparator = 'context_only' then 'context_only'
            when
                judged.measured_value is null and judged.evaluated_as_of <= judged.due_date
                then 'not_yet_due'
            when judged.measured_value is null then 'no_data'
            when judged.incomplete_part is not null then 'incomplete'
            when judged.needs_target and judged.target_value is null then 'no_data'
            when
                (judged.needs_baseline or judged.is_before_target_year)
                and judged.baseline_value is null
                then 'no_data'
            when judged.needs_national and judged.national_value is null then 'no_data'
            when judged.is_met is null then 'no_data'
            when judged.is_before_target_year and judged.is_met then 'on_track'
            when judged.is_before_target_year then 'off_track'
            when judged.is_met then 'met'
            else 'not_met'
        end as status,
        case
            when judged.comparator = 'context_only'
                then 'context only: the plan sets no target for this indicator'
            when judged.measured_value is null and judged.evaluated_as_of <= judged.due_date
                then 'not due before ' || cast(judged.due_date as varchar)
            when judged.measured_value is null then 'no measurement for ' || judged.period_code
            when judged.incomplete_part = 'value'
                then
                    'incomplete: ' || cast(judged.value_months as varchar) || ' of '
                    || cast(judged.window_months as varchar) || ' months in the window'
            when judged.incomplete_part is not null
                then 'incomplete: the ' || judged.incomplete_part || ' covers too few months'
            when judged.needs_target and judged.target_value is null
                then 'target missing in the catalogue'
            when
                (judged.needs_baseline or judged.is_before_target_year)
                and judged.baseline_value is null
                then
                    'baseline missing: no measurement for '
                    || coalesce(judged.baseline_period_code, 'the baseline period')
            when judged.needs_national and judged.national_value is null
                then 'national value missing for ' || judged.period_code
            when judged.is_met is null then 'comparator ' || judged.comparator || ' not implemented'
            when judged.is_before_target_year
                then
                    case when judged.is_met then 'on' else 'off' end
                    || ' the straight path from ' || judged.baseline_period_code || ' to '
                    || cast(judged.target_value as varchar) || ' in '
                    || cast(judged.target_year as varchar)
            when judged.is_met then 'met by the rule ' || judged.comparator
            else 'not met by the rule ' || judged.comparator
        end as status_reason
    from judged
),

final as (
    select
        -- keys
        statused.kommunekode,
        statused.plan_year,
        statused.goal_code,
        statused.condition_number,
        statused.period_code,
        -- the condition
        statused.goal_level,
        statused.ministermaal,
        statused.condition_da,
        statused.measure_code,
        statused.unit,
        statused.direction,
        statused.comparator,
        statused.target_value,
        statused.target_year,
        -- the period
        statused.period_end_date,
        statused.due_date,
        statused.evaluated_as_of,
        statused.is_last_period_of_year,
        -- value against the bar
        statused.measured_value,
        statused.numerator,
        statused.denominator,
        statused.months_in_window,
        statused.window_months,
        statused.baseline_period_code,
        statused.baseline_value,
        statused.national_value,
        statused.national_value_basis,
        statused.required_value,
        statused.status,
        statuses.label_da as status_label_da,
        statuses.combine_rank as status_rank,
        statused.status_reason,
        statused.measured_value - statused.required_value as gap,
        -- trend
        statused.previous_period_code,
        statused.previous_value,
        statused.measured_value - statused.previous_value as change_vs_previous,
        case
            when statused.measured_value is null or statused.previous_value is null then null
            when statused.measured_value = statused.previous_value then 'unchanged'
            when
                (statused.measured_value > statused.previous_value)
                = (statused.direction = 'higher_is_better')
                then 'improving'
            else 'worsening'
        end as trend,
        -- lineage
        statused.source_kind,
        statused.source_table,
        statused.load_id,
        statused.as_of_date,
        statused.is_synthetic
    from statused
    left join statuses
        on statused.status = statuses.status
)

select * from final
