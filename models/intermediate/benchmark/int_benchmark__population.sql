-- Population aged 16-66 per municipality and list period, the denominator of
-- diff_per_1000_pop_16_66, and where it comes from (population_source):
--   * statbank: Danmarks Statistik FOLK1A (stg_statbank__population), the average of the
--     populations on the first day of the quarters that start inside the period (the four
--     quarters of a QMAT year; fewer if not all are loaded);
--   * derived_from_expected_share, where FOLK1A has no quarter of the period:
--     expected_count / expected_share_pct * 100 on the overall list ("Ydelsesgrupper i alt", the
--     largest counts, so the smallest rounding error). The shares are percentages of the
--     population 16-66 (DOMAIN §2.1 [inf]) and the counts are rounded to 10, so the derived
--     figure is good to about ±0.5 %.
with

ranked as (
    select * from {{ ref('int_benchmark__ranked') }}
),

periods as (
    select * from {{ ref('int_benchmark__periods') }}
),

statbank_population as (
    select * from {{ ref('stg_statbank__population') }}
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

from_statbank as (
    select
        derived.kommunekode,
        derived.period_code,
        cast(round(avg(statbank_population.population_16_66)) as integer) as population_16_66
    from derived
    inner join periods
        on derived.period_code = periods.period_code
    inner join statbank_population
        on
            derived.kommunekode = statbank_population.kommunekode
            and statbank_population.quarter_start between periods.first_month
            and periods.last_month
    group by derived.kommunekode, derived.period_code
),

final as (
    select
        derived.kommunekode,
        derived.period_code,
        coalesce(from_statbank.population_16_66, derived.population_16_66) as population_16_66,
        case
            when from_statbank.population_16_66 is not null then 'statbank'
            else 'derived_from_expected_share'
        end as population_source
    from derived
    left join from_statbank
        on
            derived.kommunekode = from_statbank.kommunekode
            and derived.period_code = from_statbank.period_code
)

select * from final
