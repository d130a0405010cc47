-- Every benchmark period that was loaded reaches the mart: a list that is in the raw layer but
-- not in fct_benchmark was lost on the way (a join, a filter or a version pick gone wrong).
{{ config(meta={'dagster': {'ref': {'name': 'fct_benchmark'}}}) }}

with

loaded as (
    select distinct period_code from {{ ref('stg_jobindsats__benchmark') }}
),

published as (
    select distinct period_code from {{ ref('fct_benchmark') }}
),

final as (
    select loaded.period_code
    from loaded
    left join published
        on loaded.period_code = published.period_code
    where published.period_code is null
)

select * from final
