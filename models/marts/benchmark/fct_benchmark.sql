-- The benchmark mart: one row per municipality × list (period × benefit group): the published
-- figures, the national rank (int_benchmark__ranked), and what this model derives from it:
--   * sub-ranks inside region, landsdel and Jutland/islands,
--   * the peer group (the nearest municipalities in expected share) and the place in it,
--   * rank movements against the previous lists and the first list,
--   * the gap per 1,000 inhabitants aged 16-66 and what the gap is worth a year.
-- A derivation read only by this mart is a block of CTEs here rather than a model of its own
-- (dbt-project-evaluator: no rejoining of upstream concepts); the peer-group members and the
-- population are intermediate models because the what-if and the nowcast read them too.
-- Sign conventions: diff_count < 0 = fewer on public support than expected (good); rank changes
-- > 0 = climbed; estimated values > 0 = a saving.
with

ranked as (
    select * from {{ ref('int_benchmark__ranked') }}
),

periods as (
    select * from {{ ref('int_benchmark__periods') }}
),

-- region, landsdel and the Jutland/islands split: the one join of the municipality seeds
municipalities as (
    select * from {{ ref('dim_municipality') }}
),

population as (
    select * from {{ ref('int_benchmark__population') }}
),

peer_members as (
    select * from {{ ref('int_benchmark__peer_group_members') }}
),

value_rates as (
    select * from {{ ref('public_finance_value_per_fulltime_person') }}
),

-- sub-ranks: a sub-rank follows the order of rank_national inside the subset, so it is what a
-- reader counts on the ministry's national list ("number 1 in Østjylland, 4th in Jutland")
located as (
    select
        ranked.kommunekode,
        ranked.period_code,
        ranked.benefit_group,
        ranked.rank_national,
        municipalities.region,
        municipalities.landsdel,
        municipalities.is_jutland,
        municipalities.jutland_or_islands
    from ranked
    inner join municipalities
        on ranked.kommunekode = municipalities.kommunekode
),

subranks as (
    select
        kommunekode,
        period_code,
        benefit_group,
        region,
        landsdel,
        is_jutland,
        jutland_or_islands,
        cast(row_number() over (
            partition by period_code, benefit_group, region
            order by rank_national, kommunekode
        ) as integer) as rank_region,
        cast(count(*) over (
            partition by period_code, benefit_group, region
        ) as integer) as municipalities_in_region,
        cast(row_number() over (
            partition by period_code, benefit_group, landsdel
            order by rank_national, kommunekode
        ) as integer) as rank_landsdel,
        cast(count(*) over (
            partition by period_code, benefit_group, landsdel
        ) as integer) as municipalities_in_landsdel,
        cast(row_number() over (
            partition by period_code, benefit_group, jutland_or_islands
            order by rank_national, kommunekode
        ) as integer) as rank_jutland_or_islands,
        cast(count(*) over (
            partition by period_code, benefit_group, jutland_or_islands
        ) as integer) as municipalities_in_jutland_or_islands
    from located
),

-- peer groups: "kommuner med tilsvarende rammevilkår" are those with a similar expected share
-- (who is in each group, and the nearness rule: int_benchmark__peer_group_members). Each
-- municipality has its own group: the group id is the list plus the anchor municipality.
peer_groups as (
    select
        peer_members.kommunekode,
        peer_members.period_code,
        peer_members.benefit_group,
        max(anchor.municipality_name) as anchor_name,
        cast(count(*) as integer) as peer_group_size,
        cast(1 + sum(
            case when member.rank_national < anchor.rank_national then 1 else 0 end
        ) as integer) as rank_in_peer_group,
        min(member.expected_share_pct) as peer_group_expected_share_min,
        max(member.expected_share_pct) as peer_group_expected_share_max,
        string_agg(
            member.municipality_name, ', ' order by member.rank_national, member.kommunekode
        ) as peer_group_members
    from peer_members
    inner join ranked as anchor
        on
            peer_members.kommunekode = anchor.kommunekode
            and peer_members.period_code = anchor.period_code
            and peer_members.benefit_group = anchor.benefit_group
    inner join ranked as member
        on
            peer_members.member_kommunekode = member.kommunekode
            and peer_members.period_code = member.period_code
            and peer_members.benefit_group = member.benefit_group
    group by peer_members.kommunekode, peer_members.period_code, peer_members.benefit_group
),

-- rank movements against the previous list of the same type, of either type, and the first list
-- of the benefit group loaded here (int_benchmark__periods: a gap in the history is bridged)
first_lists as (
    select
        ranked.benefit_group,
        min(periods.list_sequence) as first_list_sequence
    from ranked
    inner join periods
        on ranked.period_code = periods.period_code
    group by ranked.benefit_group
),

first_periods as (
    select
        first_lists.benefit_group,
        periods.period_code as first_period_code
    from first_lists
    inner join periods
        on first_lists.first_list_sequence = periods.list_sequence
),

rank_changes as (
    select
        ranked.kommunekode,
        ranked.period_code,
        ranked.benefit_group,
        periods.previous_period_code_same_type,
        previous_same_type.rank_national as previous_rank_same_type,
        cast(
            previous_same_type.rank_national - ranked.rank_national as integer
        ) as rank_change_previous,
        periods.previous_period_code_any,
        previous_any.rank_national as previous_rank_any,
        cast(
            previous_any.rank_national - ranked.rank_national as integer
        ) as rank_change_previous_any,
        first_periods.first_period_code,
        first_list.rank_national as first_rank,
        cast(first_list.rank_national - ranked.rank_national as integer) as rank_change_first
    from ranked
    inner join periods
        on ranked.period_code = periods.period_code
    inner join first_periods
        on ranked.benefit_group = first_periods.benefit_group
    left join ranked as previous_same_type
        on
            periods.previous_period_code_same_type = previous_same_type.period_code
            and ranked.benefit_group = previous_same_type.benefit_group
            and ranked.kommunekode = previous_same_type.kommunekode
    left join ranked as previous_any
        on
            periods.previous_period_code_any = previous_any.period_code
            and ranked.benefit_group = previous_any.benefit_group
            and ranked.kommunekode = previous_any.kommunekode
    left join ranked as first_list
        on
            first_periods.first_period_code = first_list.period_code
            and ranked.benefit_group = first_list.benefit_group
            and ranked.kommunekode = first_list.kommunekode
),

-- the value of the gap: the most specific rate of a basis, the benefit group's own row, else the
-- all-groups row
rates_by_group as (
    select
        ranked.kommunekode,
        ranked.period_code,
        ranked.benefit_group,
        value_rates.value_basis,
        value_rates.value_dkk_per_fulltime_person_year,
        value_rates.price_year,
        row_number() over (
            partition by
                ranked.kommunekode, ranked.period_code, ranked.benefit_group,
                value_rates.value_basis
            order by case when value_rates.benefit_group is null then 1 else 0 end
        ) as specificity
    from ranked
    inner join value_rates
        on
            ranked.benefit_group = value_rates.benefit_group
            or value_rates.benefit_group is null
),

rates as (
    select
        kommunekode,
        period_code,
        benefit_group,
        max(case
            when value_basis = 'public_finance_gain' then value_dkk_per_fulltime_person_year
        end) as value_per_fulltime_person_dkk,
        max(case
            when value_basis = 'public_finance_gain' then price_year
        end) as value_price_year,
        max(case
            when value_basis = 'municipal_saving_implied_low'
                then value_dkk_per_fulltime_person_year
        end) as municipal_saving_low_per_person_dkk,
        max(case
            when value_basis = 'municipal_saving_implied_high'
                then value_dkk_per_fulltime_person_year
        end) as municipal_saving_high_per_person_dkk
    from rates_by_group
    where specificity = 1
    group by kommunekode, period_code, benefit_group
),

final as (
    select
        -- keys
        ranked.kommunekode,
        ranked.municipality_name,
        ranked.period_code,
        ranked.period_type,
        ranked.period_year,
        ranked.benefit_group,
        -- expected against actual
        ranked.expected_count,
        ranked.actual_count,
        ranked.diff_count,
        ranked.expected_share_pct,
        ranked.actual_share_pct,
        ranked.diff_share_pp,
        ranked.diff_share_pp < 0 as is_better_than_expected,
        -- national ranks
        ranked.published_rank,
        ranked.rank_computed,
        ranked.rank_band_low,
        ranked.rank_band_high,
        ranked.rank_national,
        cast(ranked.municipalities_in_list as integer) as municipalities_in_list,
        -- ranks inside parts of the country
        subranks.region,
        subranks.rank_region,
        subranks.municipalities_in_region,
        subranks.landsdel,
        subranks.rank_landsdel,
        subranks.municipalities_in_landsdel,
        subranks.is_jutland,
        subranks.jutland_or_islands,
        subranks.rank_jutland_or_islands,
        subranks.municipalities_in_jutland_or_islands,
        -- peer group (nearest in expected share)
        ranked.period_code || '-' || ranked.benefit_group || '-'
        || cast(ranked.kommunekode as varchar) as peer_group_id,
        cast(peer_groups.peer_group_size as varchar)
        || ' municipalities nearest to ' || peer_groups.anchor_name
        || ' in expected share ('
        || cast(peer_groups.peer_group_expected_share_min as varchar) || '–'
        || cast(peer_groups.peer_group_expected_share_max as varchar) || ' %)'
            as peer_group_description,
        peer_groups.peer_group_size,
        peer_groups.rank_in_peer_group,
        peer_groups.peer_group_members,
        -- rank movements (positive = climbed)
        rank_changes.previous_period_code_same_type,
        rank_changes.previous_rank_same_type,
        rank_changes.rank_change_previous,
        rank_changes.previous_period_code_any,
        rank_changes.previous_rank_any,
        rank_changes.rank_change_previous_any,
        rank_changes.first_period_code,
        rank_changes.first_rank,
        rank_changes.rank_change_first,
        -- gap per population
        population.population_16_66,
        population.population_source,
        cast(
            round(
                cast(ranked.diff_count as decimal(18, 4)) * 1000
                / nullif(population.population_16_66, 0),
                2
            ) as decimal(9, 2)
        ) as diff_per_1000_pop_16_66,
        -- what the gap is worth a year (positive = saving)
        rates.value_per_fulltime_person_dkk,
        rates.value_price_year,
        cast(-ranked.diff_count as bigint)
        * rates.value_per_fulltime_person_dkk as estimated_value_dkk,
        cast(-ranked.diff_count as bigint)
        * rates.municipal_saving_low_per_person_dkk as estimated_municipal_saving_low_dkk,
        cast(-ranked.diff_count as bigint)
        * rates.municipal_saving_high_per_person_dkk as estimated_municipal_saving_high_dkk,
        -- lineage
        ranked.load_id,
        cast(ranked.version_number as integer) as version_number,
        ranked.is_synthetic
    from ranked
    left join subranks
        on
            ranked.kommunekode = subranks.kommunekode
            and ranked.period_code = subranks.period_code
            and ranked.benefit_group = subranks.benefit_group
    left join peer_groups
        on
            ranked.kommunekode = peer_groups.kommunekode
            and ranked.period_code = peer_groups.period_code
            and ranked.benefit_group = peer_groups.benefit_group
    left join rank_changes
        on
            ranked.kommunekode = rank_changes.kommunekode
            and ranked.period_code = rank_changes.period_code
            and ranked.benefit_group = rank_changes.benefit_group
    left join population
        on
            ranked.kommunekode = population.kommunekode
            and ranked.period_code = population.period_code
    left join rates
        on
            ranked.kommunekode = rates.kommunekode
            and ranked.period_code = rates.period_code
            and ranked.benefit_group = rates.benefit_group
)

select * from final
