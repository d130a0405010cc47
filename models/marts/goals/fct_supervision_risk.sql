-- Risk of skærpet tilsyn per municipality and year (bekendtgørelse §1, DOMAIN §3): more people on
-- public support than expected on the calendar-year benchmark (QMAT04, all benefit groups) AND a
-- fokusmål not met on the 12-month average of the calendar year (M12), judged against the national
-- thresholds in force at the end of the year (seeds/focus_goal_thresholds.csv), not against the
-- municipality's own plan targets. The reason is spelled out in Danish and English.
with

municipalities as (
    select * from {{ ref('municipalities') }}
),

benchmark as (
    select * from {{ ref('fct_benchmark') }}
),

measurements as (
    select * from {{ ref('int_goals__measurements') }}
),

thresholds as (
    select * from {{ ref('focus_goal_thresholds') }}
),

benchmark_years as (
    select
        kommunekode,
        period_year as risk_year,
        period_code as benchmark_period_code,
        diff_count,
        diff_share_pp,
        load_id as benchmark_load_id,
        is_synthetic
    from benchmark
    where benefit_group = 'total' and period_type = 'QMAT04'
),

focus_values as (
    select
        kommunekode,
        cast(left(period_code, 4) as integer) as risk_year,
        max(case when measure_code = 'fokus_samtaler_share' then measured_value end)
            as samtaler_share_pct,
        max(case when measure_code = 'fokus_tilbud_share' then measured_value end)
            as tilbud_share_pct,
        min(months_in_window) as focus_months_with_data,
        bool_or(is_synthetic) as is_synthetic
    from measurements
    where
        measure_code in ('fokus_samtaler_share', 'fokus_tilbud_share')
        and period_code like '%M12'
        and kommunekode <> 0
    group by kommunekode, cast(left(period_code, 4) as integer)
),

years as (
    select risk_year from benchmark_years
    union
    select risk_year from focus_values
),

grid as (
    select
        municipalities.kommunekode,
        municipalities.kommune as municipality_name,
        years.risk_year,
        cast(cast(years.risk_year as varchar) || '-12-31' as date) as year_end_date
    from municipalities
    cross join years
),

applied_thresholds as (
    select
        grid.kommunekode,
        grid.risk_year,
        max(
            case
                when thresholds.threshold_code = 'samtaler_min_share_pct'
                    then thresholds.threshold_value
            end
        ) as samtaler_threshold_pct,
        max(
            case
                when thresholds.threshold_code = 'tilbud_min_share_pct'
                    then thresholds.threshold_value
            end
        ) as tilbud_threshold_pct,
        max(
            case
                when thresholds.threshold_code = 'tilbud_min_ordinary_hours'
                    then thresholds.threshold_value
            end
        ) as tilbud_hours_rule,
        max(case when thresholds.threshold_code = 'tilbud_goal_suspended' then 1 else 0 end)
            as tilbud_suspended_flag
    from grid
    inner join thresholds
        on
            thresholds.is_applied
            and grid.year_end_date >= thresholds.valid_from
            and (thresholds.valid_to is null or grid.year_end_date <= thresholds.valid_to)
    group by grid.kommunekode, grid.risk_year
),

joined as (
    select
        grid.kommunekode,
        grid.municipality_name,
        grid.risk_year,
        benchmark_years.benchmark_period_code,
        benchmark_years.diff_count,
        benchmark_years.diff_share_pp,
        benchmark_years.diff_share_pp > 0 as is_worse_than_expected,
        focus_values.samtaler_share_pct,
        applied_thresholds.samtaler_threshold_pct,
        focus_values.samtaler_share_pct >= applied_thresholds.samtaler_threshold_pct
            as is_samtaler_met,
        focus_values.tilbud_share_pct,
        applied_thresholds.tilbud_threshold_pct,
        applied_thresholds.tilbud_hours_rule,
        coalesce(applied_thresholds.tilbud_suspended_flag, 0) = 1 as is_tilbud_suspended,
        focus_values.tilbud_share_pct >= applied_thresholds.tilbud_threshold_pct
            as is_tilbud_met,
        focus_values.focus_months_with_data,
        benchmark_years.benchmark_load_id,
        coalesce(benchmark_years.is_synthetic, false)
        or coalesce(focus_values.is_synthetic, false) as is_synthetic
    from grid
    left join benchmark_years
        on
            grid.kommunekode = benchmark_years.kommunekode
            and grid.risk_year = benchmark_years.risk_year
    left join focus_values
        on
            grid.kommunekode = focus_values.kommunekode
            and grid.risk_year = focus_values.risk_year
    left join applied_thresholds
        on
            grid.kommunekode = applied_thresholds.kommunekode
            and grid.risk_year = applied_thresholds.risk_year
),

judged as (
    select
        joined.*,
        case
            when joined.is_samtaler_met = false then true
            when joined.is_tilbud_suspended then false
            when joined.is_tilbud_met = false then true
            else false
        end as is_focus_goal_missed,
        coalesce(joined.is_samtaler_met, false)
        and (joined.is_tilbud_suspended or coalesce(joined.is_tilbud_met, false))
            as are_focus_goals_met,
        -- number texts for the reasons
        cast(round(joined.diff_share_pp, 2) as varchar) as diff_text,
        cast(round(joined.samtaler_share_pct, 1) as varchar) as samtaler_text,
        cast(round(joined.samtaler_threshold_pct, 0) as varchar) as samtaler_bar_text,
        cast(round(joined.tilbud_share_pct, 1) as varchar) as tilbud_text,
        cast(round(joined.tilbud_threshold_pct, 0) as varchar) as tilbud_bar_text
    from joined
),

statused as (
    select
        judged.*,
        case
            when judged.is_worse_than_expected and judged.is_focus_goal_missed then 'at_risk'
            when judged.is_worse_than_expected = false then 'not_at_risk'
            when judged.are_focus_goals_met then 'not_at_risk'
            else 'no_data'
        end as risk_status,
        -- which fokusmål failed, in words
        case
            when judged.is_samtaler_met = false
                then
                    'samtaler '
                    || judged.samtaler_text
                    || ' % < '
                    || judged.samtaler_bar_text
                    || ' %'
            else ''
        end
        || case
            when
                judged.is_samtaler_met = false
                and judged.is_tilbud_met = false
                and not judged.is_tilbud_suspended
                then '; '
            else ''
        end
        || case
            when judged.is_tilbud_met = false and not judged.is_tilbud_suspended
                then 'tilbud ' || judged.tilbud_text || ' % < ' || judged.tilbud_bar_text || ' %'
            else ''
        end as missed_text
    from judged
),

final as (
    select
        -- keys
        kommunekode,
        municipality_name,
        risk_year,
        -- resultatmål
        benchmark_period_code,
        diff_count,
        diff_share_pp,
        is_worse_than_expected,
        -- fokusmål
        samtaler_share_pct,
        samtaler_threshold_pct,
        is_samtaler_met,
        tilbud_share_pct,
        tilbud_threshold_pct,
        cast(tilbud_hours_rule as integer) as tilbud_hours_rule,
        is_tilbud_suspended,
        is_tilbud_met,
        are_focus_goals_met,
        focus_months_with_data,
        -- verdict
        risk_status,
        case risk_status
            when 'at_risk'
                then
                    'Risiko for skærpet tilsyn: flere på offentlig forsørgelse end forventet ('
                    || replace(diff_text, '.', ',') || ' pct.-point, '
                    || benchmark_period_code || ') og fokusmål ikke opfyldt ('
                    || replace(missed_text, '.', ',') || ').'
            when 'not_at_risk'
                then
                    case
                        when is_worse_than_expected = false
                            then
                                'Ingen risiko: færre eller lige så mange på offentlig forsørgelse'
                                || ' som forventet (' || replace(diff_text, '.', ',')
                                || ' pct.-point, ' || benchmark_period_code || ').'
                        else
                            'Ingen risiko: fokusmålene er opfyldt (samtaler '
                            || replace(samtaler_text, '.', ',') || ' % ≥ '
                            || samtaler_bar_text || ' %'
                            || case
                                when is_tilbud_suspended then ', tilbudsmålet suspenderet)'
                                else
                                    ', tilbud ' || replace(tilbud_text, '.', ',') || ' % ≥ '
                                    || tilbud_bar_text || ' %)'
                            end
                            || '.'
                    end
            else
                'Ikke nok data: '
                || case
                    when diff_share_pp is null then 'intet benchmark for året (QMAT04)'
                    else 'fokusmålingerne for året mangler eller er diskretioneret'
                end
                || '.'
        end as reason_da,
        case risk_status
            when 'at_risk'
                then
                    'At risk of skærpet tilsyn: more on public support than expected ('
                    || diff_text || ' pct-points, ' || benchmark_period_code
                    || ') and a fokusmål not met (' || missed_text || ').'
            when 'not_at_risk'
                then
                    case
                        when is_worse_than_expected = false
                            then
                                'Not at risk: no more on public support than expected ('
                                || diff_text || ' pct-points, ' || benchmark_period_code || ').'
                        else
                            'Not at risk: the fokusmål are met (samtaler ' || samtaler_text
                            || ' % >= ' || samtaler_bar_text || ' %'
                            || case
                                when is_tilbud_suspended then ', tilbud goal suspended)'
                                else
                                    ', tilbud ' || tilbud_text || ' % >= ' || tilbud_bar_text
                                    || ' %)'
                            end
                            || '.'
                    end
            else
                'Insufficient data: '
                || case
                    when diff_share_pp is null then 'no benchmark for the year (QMAT04)'
                    else 'the fokusmål values for the year are missing or suppressed'
                end
                || '.'
        end as reason_en,
        -- lineage
        benchmark_load_id,
        is_synthetic
    from statused
)

select * from final
