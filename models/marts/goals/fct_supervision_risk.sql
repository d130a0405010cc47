-- Risk of skærpet tilsyn per municipality and year (the bekendtgørelse, §1; docs/domain.md): more
-- people on public support than expected on the calendar-year benchmark (QMAT04, all benefit
-- groups) AND a fokusmål not met on the 12-month average of the calendar year (M12, full windows
-- only), judged against the national thresholds in force at the end of the year
-- (seeds/focus_goal_thresholds.csv), not against the municipality's own plan targets: the share
-- WITHOUT an offer must be below 30 % (strict), and years before 2021 are not applicable. The
-- reason is spelled out in Danish and English.
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

risk_statuses as (
    select * from {{ ref('supervision_risk_statuses') }}
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
    -- the fokusmål are 12-month averages: the value of December covers the calendar year
    select
        kommunekode,
        cast(left(period_code, 4) as integer) as risk_year,
        max(case when measure_code = 'fokus_samtaler_share' then measured_value end)
            as samtaler_share_pct,
        max(case when measure_code = 'fokus_tilbud_share' then measured_value end)
            as tilbud_share_pct,
        min(months_in_window) as focus_months_with_data,
        min(window_months) as focus_window_months,
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
                when thresholds.threshold_code = 'tilbud_max_share_without_pct'
                    then thresholds.threshold_value
            end
        ) as tilbud_max_share_without_pct,
        max(
            case
                when thresholds.threshold_code = 'tilbud_min_ordinary_hours'
                    then thresholds.threshold_value
            end
        ) as tilbud_hours_rule,
        max(case when thresholds.threshold_code = 'tilbud_goal_suspended' then 1 else 0 end)
            as tilbud_suspended_flag,
        max(
            case when thresholds.threshold_code = 'supervision_selection_possible' then 1 else 0 end
        ) as selection_possible_flag
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
        coalesce(applied_thresholds.selection_possible_flag, 0) = 1 as is_assessable_year,
        benchmark_years.benchmark_period_code,
        benchmark_years.diff_count,
        benchmark_years.diff_share_pp,
        benchmark_years.diff_share_pp > 0 as is_worse_than_expected,
        focus_values.samtaler_share_pct,
        applied_thresholds.samtaler_threshold_pct,
        focus_values.tilbud_share_pct,
        100 - focus_values.tilbud_share_pct as tilbud_share_without_pct,
        applied_thresholds.tilbud_max_share_without_pct,
        applied_thresholds.tilbud_hours_rule,
        coalesce(applied_thresholds.tilbud_suspended_flag, 0) = 1 as is_tilbud_suspended,
        focus_values.focus_months_with_data,
        -- a fokusmål value is a 12-month average or none (STAR): judge full windows only
        coalesce(
            focus_values.focus_months_with_data >= focus_values.focus_window_months, false
        ) as is_focus_window_complete,
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

assessed as (
    select
        joined.*,
        case
            when joined.is_focus_window_complete
                then joined.samtaler_share_pct >= joined.samtaler_threshold_pct
        end as is_samtaler_met,
        -- "mindre end 30 pct." without an offer: strict, 70.0 % with an offer is not enough
        case
            when joined.is_focus_window_complete
                then joined.tilbud_share_without_pct < joined.tilbud_max_share_without_pct
        end as is_tilbud_met
    from joined
),

judged as (
    select
        assessed.*,
        coalesce(assessed.is_samtaler_met = false, false)
        or (not assessed.is_tilbud_suspended and coalesce(assessed.is_tilbud_met = false, false))
            as is_focus_goal_missed,
        coalesce(assessed.is_samtaler_met, false)
        and (assessed.is_tilbud_suspended or coalesce(assessed.is_tilbud_met, false))
            as are_focus_goals_met,
        -- number texts for the reasons
        cast(round(assessed.diff_share_pp, 2) as varchar) as diff_text,
        cast(round(assessed.samtaler_share_pct, 1) as varchar) as samtaler_text,
        cast(round(assessed.samtaler_threshold_pct, 0) as varchar) as samtaler_bar_text,
        cast(round(assessed.tilbud_share_without_pct, 1) as varchar) as tilbud_without_text,
        cast(round(assessed.tilbud_max_share_without_pct, 0) as varchar) as tilbud_bar_text,
        case
            when assessed.is_samtaler_met = false
                then
                    'samtaler ' || cast(round(assessed.samtaler_share_pct, 1) as varchar)
                    || ' % < ' || cast(round(assessed.samtaler_threshold_pct, 0) as varchar)
                    || ' %'
        end as samtaler_missed_text,
        case
            when assessed.is_tilbud_met = false and not assessed.is_tilbud_suspended
                then cast(round(assessed.tilbud_share_without_pct, 1) as varchar)
        end as tilbud_missed_without_text
    from assessed
),

statused as (
    select
        judged.*,
        case
            when not judged.is_assessable_year then 'not_applicable'
            when judged.is_worse_than_expected is null then 'no_data'
            when judged.is_worse_than_expected = false then 'not_at_risk'
            when judged.is_focus_goal_missed then 'at_risk'
            when judged.are_focus_goals_met then 'not_at_risk'
            when
                judged.samtaler_share_pct is not null
                and judged.tilbud_share_pct is not null
                and not judged.is_focus_window_complete
                then 'incomplete'
            else 'no_data'
        end as risk_status,
        -- which fokusmål failed, in words (concat_ws leaves out the one not missed)
        concat_ws(
            '; ',
            judged.samtaler_missed_text,
            'tilbud: ' || judged.tilbud_missed_without_text || ' % without, not below '
            || judged.tilbud_bar_text || ' %'
        ) as missed_text,
        concat_ws(
            '; ',
            judged.samtaler_missed_text,
            'tilbud: ' || judged.tilbud_missed_without_text || ' % uden, ikke under '
            || judged.tilbud_bar_text || ' %'
        ) as missed_text_da
    from judged
),

statuses_labelled as (
    select
        statused.*,
        risk_statuses.label_da as risk_status_label_da
    from statused
    left join risk_statuses
        on statused.risk_status = risk_statuses.risk_status
),

final as (
    select
        -- keys
        kommunekode,
        municipality_name,
        risk_year,
        is_assessable_year,
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
        cast(tilbud_share_without_pct as decimal(18, 4)) as tilbud_share_without_pct,
        tilbud_max_share_without_pct,
        cast(100 - tilbud_max_share_without_pct as decimal(18, 4)) as tilbud_threshold_pct,
        cast(tilbud_hours_rule as integer) as tilbud_hours_rule,
        is_tilbud_suspended,
        is_tilbud_met,
        are_focus_goals_met,
        focus_months_with_data,
        is_focus_window_complete,
        -- verdict
        risk_status,
        risk_status_label_da,
        case risk_status
            when 'not_applicable'
                then
                    'Ikke relevant: udvælgelse til skærpet tilsyn kan tidligst ske på grundlag af '
                    || 'opgørelsen for 2021.'
            when 'at_risk'
                then
                    'Risiko for skærpet tilsyn: flere på offentlig forsørgelse end forventet ('
                    || replace(diff_text, '.', ',') || ' pct.-point, '
                    || benchmark_period_code || ') og fokusmål ikke opfyldt ('
                    || replace(missed_text_da, '.', ',') || ').'
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
                                    ', tilbud: ' || replace(tilbud_without_text, '.', ',')
                                    || ' % uden < ' || tilbud_bar_text || ' %)'
                            end
                            || '.'
                    end
            when 'incomplete'
                then
                    'Ikke vurderet: fokusmålingerne dækker '
                    || cast(focus_months_with_data as varchar)
                    || ' af 12 måneder (et fokusmål er et 12-måneders gennemsnit).'
            else
                'Ikke nok data: '
                || case
                    when diff_share_pp is null then 'intet benchmark for året (QMAT04)'
                    else 'fokusmålingerne for året mangler eller er diskretioneret'
                end
                || '.'
        end as reason_da,
        case risk_status
            when 'not_applicable'
                then
                    'Not applicable: selection for skærpet tilsyn can at the earliest rest on '
                    || 'calendar 2021.'
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
                                    ', tilbud: ' || tilbud_without_text || ' % without < '
                                    || tilbud_bar_text || ' %)'
                            end
                            || '.'
                    end
            when 'incomplete'
                then
                    'Not judged: the fokusmål values cover '
                    || cast(focus_months_with_data as varchar)
                    || ' of 12 months (a fokusmål is a 12-month average).'
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
    from statuses_labelled
)

select * from final
