-- The 98 municipalities with region, landsdel and the Jutland/islands split used by the
-- benchmark sub-ranks, total population (seed) and the newest population aged 16-66 loaded from
-- Danmarks Statistik FOLK1A (NULL when none is loaded).
with

municipalities as (
    select * from {{ ref('municipalities') }}
),

landsdele as (
    select * from {{ ref('landsdele') }}
),

statbank_population as (
    select * from {{ ref('int_population__current_version') }}
),

latest_population as (
    select
        kommunekode,
        quarter_code,
        population_16_66,
        row_number() over (partition by kommunekode order by quarter_start desc) as recency
    from statbank_population
),

final as (
    select
        municipalities.kommunekode,
        municipalities.kommune as municipality_name,
        municipalities.region_code,
        municipalities.region,
        municipalities.landsdel,
        landsdele.nuts3_code as landsdel_nuts3_code,
        landsdele.is_jutland,
        landsdele.jutland_or_islands,
        municipalities.population_2024_01_01,
        municipalities.population_2026_01_01,
        latest_population.population_16_66 as population_16_66_latest,
        latest_population.quarter_code as population_16_66_quarter
    from municipalities
    inner join landsdele
        on municipalities.landsdel = landsdele.landsdel
    left join latest_population
        on
            municipalities.kommunekode = latest_population.kommunekode
            and latest_population.recency = 1
)

select * from final
