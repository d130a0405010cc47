-- The benchmark mart: one row per municipality × list (period × benefit group): the published
-- figures, the national rank, the ranks inside region, landsdel, Jutland/islands and peer group,
-- the rank movements, the gap per 1,000 inhabitants aged 16-66 and what the gap is worth.
-- Sign conventions: diff_count < 0 = fewer on public support than expected (good);
-- rank changes > 0 = climbed; estimated values > 0 = a saving (fewer than expected).
with

ranked as (
    select * from {{ ref('int_benchmark__ranked') }}
),

subranks as (
    select * from {{ ref('int_benchmark__subranks') }}
),

peer_groups as (
    select * from {{ ref('int_benchmark__peer_groups') }}
),

rank_changes as (
    select * from {{ ref('int_benchmark__rank_changes') }}
),

population as (
    select * from {{ ref('int_benchmark__population') }}
),

value_rates as (
    select * from {{ ref('public_finance_value_per_fulltime_person') }}
),

-- the most specific rate of a basis: the benefit group's own row, else the all-groups row
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
        peer_groups.peer_group_id,
        peer_groups.peer_group_description,
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
