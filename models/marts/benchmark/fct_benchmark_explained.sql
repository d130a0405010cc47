-- "Why are we 17th?" in one row: per municipality and list period, the overall rank beside the
-- rank in each of the three benefit areas, each area's part of the total gap, and where in the
-- list each area places the municipality.
-- gap_share_*_pct = the area's pct-point difference as a percentage of the sum over the three
-- areas (which equals the overall difference within rounding: assert_benefit_areas_sum_to_total).
-- The three shares add up to 100; an area pulling the other way gets a negative share.
-- position_* splits the list in quarters: rank <= n/4 'top quarter', <= n/2 'above middle',
-- <= 3n/4 'below middle', else 'bottom quarter' (n = municipalities in the list).
with

benchmark as (
    select * from {{ ref('fct_benchmark') }}
),

periods as (
    select * from {{ ref('dim_period') }}
),

positioned as (
    select
        *,
        case
            when rank_national * 4 <= municipalities_in_list then 'top quarter'
            when rank_national * 2 <= municipalities_in_list then 'above middle'
            when rank_national * 4 <= 3 * municipalities_in_list then 'below middle'
            else 'bottom quarter'
        end as list_position
    from benchmark
),

pivoted as (
    select
        kommunekode,
        period_code,
        max(municipality_name) as municipality_name,
        max(region) as region,
        max(landsdel) as landsdel,
        -- overall list
        max(case when benefit_group = 'total' then rank_national end) as rank_national,
        max(case when benefit_group = 'total' then rank_landsdel end) as rank_landsdel,
        max(
            case when benefit_group = 'total' then rank_jutland_or_islands end
        ) as rank_jutland_or_islands,
        max(case when benefit_group = 'total' then jutland_or_islands end) as jutland_or_islands,
        max(case when benefit_group = 'total' then rank_in_peer_group end) as rank_in_peer_group,
        max(
            case when benefit_group = 'total' then rank_change_previous_any end
        ) as rank_change_previous_any,
        max(case when benefit_group = 'total' then rank_change_first end) as rank_change_first,
        max(case when benefit_group = 'total' then diff_count end) as diff_count,
        max(case when benefit_group = 'total' then diff_share_pp end) as diff_share_pp,
        max(case when benefit_group = 'total' then list_position end) as list_position,
        max(
            case when benefit_group = 'total' then estimated_value_dkk end
        ) as estimated_value_dkk,
        -- unemployment benefit area (A-dagpenge mv.)
        max(
            case when benefit_group = 'unemployment_benefit' then rank_national end
        ) as rank_unemployment_benefit,
        max(
            case when benefit_group = 'unemployment_benefit' then diff_count end
        ) as diff_count_unemployment_benefit,
        max(
            case when benefit_group = 'unemployment_benefit' then diff_share_pp end
        ) as diff_share_pp_unemployment_benefit,
        max(
            case when benefit_group = 'unemployment_benefit' then list_position end
        ) as position_unemployment_benefit,
        -- sickness benefit area (Sygedagpenge mv.)
        max(
            case when benefit_group = 'sickness_benefit' then rank_national end
        ) as rank_sickness_benefit,
        max(
            case when benefit_group = 'sickness_benefit' then diff_count end
        ) as diff_count_sickness_benefit,
        max(
            case when benefit_group = 'sickness_benefit' then diff_share_pp end
        ) as diff_share_pp_sickness_benefit,
        max(
            case when benefit_group = 'sickness_benefit' then list_position end
        ) as position_sickness_benefit,
        -- social assistance area (Kontanthjælp mv.)
        max(
            case when benefit_group = 'social_assistance' then rank_national end
        ) as rank_social_assistance,
        max(
            case when benefit_group = 'social_assistance' then diff_count end
        ) as diff_count_social_assistance,
        max(
            case when benefit_group = 'social_assistance' then diff_share_pp end
        ) as diff_share_pp_social_assistance,
        max(
            case when benefit_group = 'social_assistance' then list_position end
        ) as position_social_assistance,
        bool_or(is_synthetic) as is_synthetic
    from positioned
    group by kommunekode, period_code
),

shared as (
    select
        *,
        diff_share_pp_unemployment_benefit
        + diff_share_pp_sickness_benefit
        + diff_share_pp_social_assistance as areas_diff_share_pp
    from pivoted
),

final as (
    select
        shared.kommunekode,
        shared.municipality_name,
        shared.period_code,
        periods.period_label_da,
        shared.region,
        shared.landsdel,
        -- overall list
        shared.rank_national,
        shared.list_position,
        shared.rank_landsdel,
        shared.jutland_or_islands,
        shared.rank_jutland_or_islands,
        shared.rank_in_peer_group,
        shared.rank_change_previous_any,
        shared.rank_change_first,
        shared.diff_count,
        shared.diff_share_pp,
        shared.estimated_value_dkk,
        -- the three areas
        shared.rank_unemployment_benefit,
        shared.position_unemployment_benefit,
        shared.diff_count_unemployment_benefit,
        shared.diff_share_pp_unemployment_benefit,
        cast(round(
            100 * shared.diff_share_pp_unemployment_benefit
            / nullif(shared.areas_diff_share_pp, 0), 1
        ) as decimal(9, 1)) as gap_share_unemployment_benefit_pct,
        shared.rank_sickness_benefit,
        shared.position_sickness_benefit,
        shared.diff_count_sickness_benefit,
        shared.diff_share_pp_sickness_benefit,
        cast(round(
            100 * shared.diff_share_pp_sickness_benefit
            / nullif(shared.areas_diff_share_pp, 0), 1
        ) as decimal(9, 1)) as gap_share_sickness_benefit_pct,
        shared.rank_social_assistance,
        shared.position_social_assistance,
        shared.diff_count_social_assistance,
        shared.diff_share_pp_social_assistance,
        cast(round(
            100 * shared.diff_share_pp_social_assistance
            / nullif(shared.areas_diff_share_pp, 0), 1
        ) as decimal(9, 1)) as gap_share_social_assistance_pct,
        -- strongest and weakest area (best and worst area rank; ties: the listed order)
        case
            when
                shared.rank_unemployment_benefit <= shared.rank_sickness_benefit
                and shared.rank_unemployment_benefit <= shared.rank_social_assistance
                then 'unemployment_benefit'
            when shared.rank_sickness_benefit <= shared.rank_social_assistance
                then 'sickness_benefit'
            else 'social_assistance'
        end as strongest_benefit_group,
        case
            when
                shared.rank_unemployment_benefit >= shared.rank_sickness_benefit
                and shared.rank_unemployment_benefit >= shared.rank_social_assistance
                then 'unemployment_benefit'
            when shared.rank_sickness_benefit >= shared.rank_social_assistance
                then 'sickness_benefit'
            else 'social_assistance'
        end as weakest_benefit_group,
        shared.is_synthetic
    from shared
    inner join periods
        on shared.period_code = periods.period_code
)

select * from final
