-- Population 16-66 per municipality and list period, read by fct_benchmark (the gap per 1,000
-- inhabitants) and by the nowcast's inputs. Danmarks Statistik FOLK1A, the average of the
-- quarters that start inside the period; where FOLK1A has none, derived from the overall list as
-- expected_count / expected_share_pct × 100 (the shares are percentages of the population 16-66
-- and the counts are rounded to 10, so the derived figure is good to ±0.5 %).
with

ranked as (
    select * from {{ ref('int_benchmark__ranked') }}
),

periods as (
    select * from {{ ref('int_benchmark__periods') }}
),

statbank_population as (
    select * from {{ ref('int_population__current_version') }}
),

derived_population as (
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

population_from_statbank as (
    select
        derived_population.kommunekode,
        derived_population.period_code,
        cast(round(avg(statbank_population.population_16_66)) as integer) as population_16_66
    from derived_population
    inner join periods
        on derived_population.period_code = periods.period_code
    inner join statbank_population
        on
            derived_population.kommunekode = statbank_population.kommunekode
            and statbank_population.quarter_start between periods.first_month
            and periods.last_month
    group by derived_population.kommunekode, derived_population.period_code
),

final as (
    select
        derived_population.kommunekode,
        derived_population.period_code,
        coalesce(
            population_from_statbank.population_16_66, derived_population.population_16_66
        ) as population_16_66,
        case
            when population_from_statbank.population_16_66 is not null then 'statbank'
            else 'derived_from_expected_share'
        end as population_source
    from derived_population
    left join population_from_statbank
        on
            derived_population.kommunekode = population_from_statbank.kommunekode
            and derived_population.period_code = population_from_statbank.period_code
)

select * from final
