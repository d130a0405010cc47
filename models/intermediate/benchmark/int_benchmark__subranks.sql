-- Ranks within subsets of the country: region, landsdel, and Jutland against the islands.
-- A sub-rank follows the order of rank_national inside the subset, so it is what a reader counts
-- on the ministry's national list ("number 1 in Østjylland, 4th in Jutland"), ties included.
with

ranked as (
    select * from {{ ref('int_benchmark__ranked') }}
),

municipalities as (
    select * from {{ ref('municipalities') }}
),

landsdele as (
    select * from {{ ref('landsdele') }}
),

located as (
    select
        ranked.kommunekode,
        ranked.period_code,
        ranked.benefit_group,
        ranked.rank_national,
        municipalities.region,
        municipalities.landsdel,
        landsdele.is_jutland,
        landsdele.jutland_or_islands
    from ranked
    inner join municipalities
        on ranked.kommunekode = municipalities.kommunekode
    inner join landsdele
        on municipalities.landsdel = landsdele.landsdel
),

final as (
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
)

select * from final
