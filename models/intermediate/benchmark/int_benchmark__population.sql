-- Population aged 16-66 per municipality and list period, the denominator of
-- diff_per_1000_pop_16_66.
-- Until a Danmarks Statistik population feed is in the warehouse, the population is derived from
-- the list itself: expected_count / expected_share_pct * 100 on the overall list ("Ydelsesgrupper
-- i alt", the largest counts, so the smallest rounding error). jobindsats gives the shares as a
-- percentage of the population 16-66 (DOMAIN §2.1 [inf]); counts are rounded to 10, so the
-- derived figure is only good to about ±0.5 %. population_source says which was used.
with

ranked as (
    select * from {{ ref('int_benchmark__ranked') }}
),

derived as (
    select
        kommunekode,
        period_code,
        cast(
            round(
                cast(expected_count as decimal(18, 4))
                / nullif(expected_share_pct, 0) * 100
            ) as integer
        ) as population_16_66
    from ranked
    where benefit_group = 'total'
),

final as (
    select
        kommunekode,
        period_code,
        population_16_66,
        'derived_from_expected_share' as population_source
    from derived
)

select * from final
