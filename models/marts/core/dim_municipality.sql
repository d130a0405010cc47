-- The 98 municipalities with region, landsdel and the Jutland/islands split used by the
-- benchmark sub-ranks.
with

municipalities as (
    select * from {{ ref('municipalities') }}
),

landsdele as (
    select * from {{ ref('landsdele') }}
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
        municipalities.population_2026_01_01
    from municipalities
    inner join landsdele
        on municipalities.landsdel = landsdele.landsdel
)

select * from final
