-- PostgreSQL misjudges the rows of the target CTEs: macros/cross_db/prefer_hash_joins.sql
{{ config(pre_hook="{{ prefer_hash_joins() }}") }}

-- The retrospective what-if: on a published list, how many fewer full-time persons on public
-- support would have put the municipality at a target place (seed benchmark_what_if_targets),
-- everyone else and its own expected number held fixed. Exact arithmetic on the published
-- figures:
--   population 16-66      P = expected count ÷ expected share × 100 (the list's own
--                           denominator; from the total group, whose counts round least)
--   fewer persons needed  = (own pct-point difference − the target's) ÷ 100 × P; 0 when the
--                           municipality is already there
-- Ranks order the unrounded differences; the published ones are rounded to 0.01 pp and the
-- counts to 10, so a tie in the rounded difference may go either way. Low and high carry that:
-- both differences ± half a rounding step, P from the counts ± half a step and the share ∓
-- half a step.
with

benchmark as (
    select * from {{ ref('fct_benchmark') }}
),

targets as (
    select * from {{ ref('benchmark_what_if_targets') }}
),

peer_members as (
    select * from {{ ref('int_benchmark__peer_group_members') }}
),

-- the list's population, with the range the rounding of its published figures allows
populations as (
    select
        kommunekode,
        period_code,
        cast(expected_count as decimal(18, 6))
        / nullif(expected_share_pct, 0) * 100 as population,
        (expected_count - {{ var('y30r21_count_rounding_unit') }} / 2.0)
        / nullif(expected_share_pct + {{ var('y30r21_share_rounding_unit_pp') }} / 2.0, 0)
        * 100 as population_low,
        (expected_count + {{ var('y30r21_count_rounding_unit') }} / 2.0)
        / nullif(expected_share_pct - {{ var('y30r21_share_rounding_unit_pp') }} / 2.0, 0)
        * 100 as population_high
    from benchmark
    where benefit_group = 'total'
),

-- every target that applies: the general ones, and a municipality's own (which replaces a
-- general one of the same code)
candidate_targets as (
    select
        benchmark.kommunekode,
        benchmark.municipality_name,
        benchmark.period_code,
        benchmark.benefit_group,
        benchmark.rank_national,
        benchmark.municipalities_in_list,
        benchmark.diff_share_pp,
        benchmark.landsdel,
        benchmark.rank_landsdel,
        benchmark.rank_in_peer_group,
        benchmark.peer_group_size,
        benchmark.value_per_fulltime_person_dkk,
        benchmark.is_synthetic,
        targets.target_code,
        targets.target_kind,
        targets.target_value,
        targets.sort_order as target_sort_order,
        targets.label_da as target_label_da,
        -- the national rank to reach, where the kind names one
        case
            when targets.target_kind = 'rank_at_most'
                then cast(targets.target_value as integer)
            when targets.target_kind = 'places_up'
                then benchmark.rank_national - cast(targets.target_value as integer)
        end as rank_to_reach,
        -- the middle place of the peer group (5th of 10)
        cast(floor((benchmark.peer_group_size + 1) / 2.0) as integer) as peer_middle_position,
        row_number() over (
            partition by
                benchmark.kommunekode,
                benchmark.period_code,
                benchmark.benefit_group,
                targets.target_code
            order by case when targets.kommunekode is null then 1 else 0 end
        ) as specificity
    from benchmark
    inner join targets
        on benchmark.kommunekode = targets.kommunekode or targets.kommunekode is null
),

applicable as (
    select
        kommunekode,
        municipality_name,
        period_code,
        benefit_group,
        rank_national,
        municipalities_in_list,
        diff_share_pp,
        landsdel,
        rank_landsdel,
        rank_in_peer_group,
        peer_group_size,
        value_per_fulltime_person_dkk,
        is_synthetic,
        target_code,
        target_kind,
        target_value,
        target_sort_order,
        target_label_da,
        rank_to_reach,
        peer_middle_position
    from candidate_targets
    where specificity = 1
),

-- whose place is to be matched: one municipality per target row, found by its kind (a national
-- rank, the first place of the landsdel, the middle member of the peer group). One left join per
-- kind rather than a union joined back: a planner that underestimates the target rows (PostgreSQL
-- does, after the specificity filter) would otherwise recompute the union once per row.
located as (
    select
        applicable.kommunekode,
        applicable.municipality_name,
        applicable.period_code,
        applicable.benefit_group,
        applicable.rank_national,
        applicable.diff_share_pp,
        applicable.value_per_fulltime_person_dkk,
        applicable.is_synthetic,
        applicable.target_code,
        applicable.target_kind,
        applicable.target_sort_order,
        applicable.target_label_da,
        coalesce(
            by_rank.municipality_name,
            by_landsdel.municipality_name,
            by_peer_group.municipality_name
        ) as target_municipality_name,
        case
            when applicable.target_kind = 'diff_below' then null
            else
                coalesce(
                    by_rank.rank_national,
                    by_landsdel.rank_national,
                    by_peer_group.rank_national
                )
        end as target_rank,
        case
            when applicable.target_kind = 'diff_below' then applicable.target_value
            else
                coalesce(
                    by_rank.diff_share_pp,
                    by_landsdel.diff_share_pp,
                    by_peer_group.diff_share_pp
                )
        end as target_diff_share_pp,
        case
            when applicable.target_kind = 'rank_at_most'
                then applicable.rank_national <= applicable.rank_to_reach
            when applicable.target_kind = 'places_up' then false
            when applicable.target_kind = 'diff_below'
                then applicable.diff_share_pp < applicable.target_value
            when applicable.target_kind = 'first_in_landsdel'
                then applicable.rank_landsdel = 1
            when applicable.target_kind = 'peer_group_median'
                then applicable.rank_in_peer_group <= applicable.peer_middle_position
        end as is_already_there,
        -- a place that does not exist on this list: above the 1st, below the last
        applicable.target_kind in ('rank_at_most', 'places_up')
        and (
            applicable.rank_to_reach < 1
            or applicable.rank_to_reach > applicable.municipalities_in_list
        ) as is_target_missing
    from applicable
    left join benchmark as by_rank
        on
            applicable.target_kind in ('rank_at_most', 'places_up')
            and applicable.period_code = by_rank.period_code
            and applicable.benefit_group = by_rank.benefit_group
            and applicable.rank_to_reach = by_rank.rank_national
    left join benchmark as by_landsdel
        on
            applicable.target_kind = 'first_in_landsdel'
            and applicable.period_code = by_landsdel.period_code
            and applicable.benefit_group = by_landsdel.benefit_group
            and applicable.landsdel = by_landsdel.landsdel
            and by_landsdel.rank_landsdel = 1
    left join peer_members
        on
            applicable.target_kind = 'peer_group_median'
            and applicable.kommunekode = peer_members.kommunekode
            and applicable.period_code = peer_members.period_code
            and applicable.benefit_group = peer_members.benefit_group
            and applicable.peer_middle_position = peer_members.member_position
    left join benchmark as by_peer_group
        on
            peer_members.member_kommunekode = by_peer_group.kommunekode
            and peer_members.period_code = by_peer_group.period_code
            and peer_members.benefit_group = by_peer_group.benefit_group
),

-- the gap in pct points to close, and its range under the rounding (a target difference given
-- as data is exact; a published one is rounded like the own)
gaps as (
    select
        located.kommunekode,
        located.municipality_name,
        located.period_code,
        located.benefit_group,
        located.rank_national,
        located.diff_share_pp,
        located.value_per_fulltime_person_dkk,
        located.is_synthetic,
        located.target_code,
        located.target_kind,
        located.target_sort_order,
        located.target_label_da,
        located.target_rank,
        located.target_municipality_name,
        located.target_diff_share_pp,
        case
            when located.is_already_there then 'already_there'
            when located.is_target_missing or located.target_diff_share_pp is null
                then 'no_target'
            else 'needs_fewer'
        end as target_status,
        greatest(located.diff_share_pp - located.target_diff_share_pp, 0) as gap_pp,
        greatest(
            located.diff_share_pp - located.target_diff_share_pp
            - case when located.target_kind = 'diff_below' then 0.5 else 1.0 end
            * {{ var('y30r21_share_rounding_unit_pp') }},
            0
        ) as gap_pp_low,
        located.diff_share_pp - located.target_diff_share_pp
        + case when located.target_kind = 'diff_below' then 0.5 else 1.0 end
        * {{ var('y30r21_share_rounding_unit_pp') }} as gap_pp_high
    from located
),

final as (
    select
        -- keys
        gaps.kommunekode,
        gaps.municipality_name,
        gaps.period_code,
        gaps.benefit_group,
        gaps.target_code,
        gaps.target_label_da,
        cast(gaps.target_sort_order as integer) as target_sort_order,
        -- where the municipality is
        cast(gaps.rank_national as integer) as rank_national,
        gaps.diff_share_pp,
        -- the target
        gaps.target_status,
        cast(gaps.target_rank as integer) as target_rank,
        gaps.target_municipality_name,
        cast(gaps.target_diff_share_pp as decimal(9, 2)) as target_diff_share_pp,
        -- what it would have taken
        cast(round(populations.population) as integer) as population_16_66_derived,
        cast(case
            when gaps.target_status = 'already_there' then 0
            when gaps.target_status = 'needs_fewer'
                then round(gaps.gap_pp / 100 * populations.population, 1)
        end as decimal(12, 1)) as fewer_persons_needed,
        cast(case
            when gaps.target_status = 'already_there' then 0
            when gaps.target_status = 'needs_fewer'
                then round(gaps.gap_pp_low / 100 * populations.population_low, 1)
        end as decimal(12, 1)) as fewer_persons_needed_low,
        cast(case
            when gaps.target_status = 'already_there' then 0
            when gaps.target_status = 'needs_fewer'
                then round(gaps.gap_pp_high / 100 * populations.population_high, 1)
        end as decimal(12, 1)) as fewer_persons_needed_high,
        -- what those persons are worth a year (seed public_finance_value_per_fulltime_person)
        cast(round(case
            when gaps.target_status = 'already_there' then 0
            when gaps.target_status = 'needs_fewer'
                then gaps.gap_pp / 100 * populations.population
        end) * gaps.value_per_fulltime_person_dkk as bigint) as estimated_value_dkk,
        -- lineage
        gaps.is_synthetic
    from gaps
    inner join populations
        on
            gaps.kommunekode = populations.kommunekode
            and gaps.period_code = populations.period_code
)

select * from final
