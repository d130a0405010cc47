-- Population aged 16-66 per kommune and quarter from the newest load that holds the quarter: a
-- quarter fetched more than once (a revision, or an overlapping request) takes the load received
-- last (macros/versions/load_recency.sql), all of whose rows then count.
with

population as (
    select * from {{ ref('stg_statbank__population') }}
),

loads as (
    select * from {{ ref('stg_raw_meta__load_record') }}
),

versioned as (
    select
        population.kommunekode,
        population.quarter_code,
        population.quarter_start,
        population.population_16_66,
        population.load_id,
        {{ load_recency(['population.quarter_code'], received_at='loads.received_at',
                        load_id='population.load_id') }} as load_recency
    from population
    inner join loads
        on population.load_id = loads.load_id
),

final as (
    select
        kommunekode,
        quarter_code,
        quarter_start,
        population_16_66,
        load_id
    from versioned
    where load_recency = 1
)

select * from final
