-- Population aged 16-66 on the first day of each quarter, one row per kommune × quarter.
-- The client asks Statbank for the ages summed into one group (ALDER = '16-66'); a file with one
-- row per age (ALDER 16 … 66) is summed here instead, and where a load has both the group wins.
-- Only KØN = TOT. A quarter fetched more than once (a revision, or an overlapping request) takes
-- the newest load that holds it.
with

source as (
    select * from {{ source('statbank', 'folk1a') }}
),

loads as (
    select * from {{ ref('stg_raw_meta__load_record') }}
),

population as (
    select
        source.load_id,
        source.kommunekode,
        -- lang=en writes 2024Q1; the warehouse uses Statbank's Danish 2024K1
        replace(source.quarter_code, 'Q', 'K') as quarter_code,
        source.age_code = '16-66' as is_age_group,
        source.persons,
        loads.received_at
    from source
    inner join loads
        on source.load_id = loads.load_id
    where
        source.sex_code = 'TOT'
        and (
            source.age_code = '16-66'
            -- a single age: digits only (portable to PostgreSQL, which has no try_cast)
            or case
                when
                    source.age_code <> ''
                    and translate(source.age_code, '0123456789', '') = ''
                    then cast(source.age_code as integer)
            end between 16 and 66
        )
),

load_per_quarter as (
    select
        quarter_code,
        load_id,
        row_number() over (
            partition by quarter_code order by max(received_at) desc, load_id desc
        ) as recency
    from population
    group by quarter_code, load_id
),

summed as (
    select
        population.kommunekode,
        population.quarter_code,
        coalesce(
            sum(population.persons) filter (where population.is_age_group),
            sum(population.persons) filter (where not population.is_age_group)
        ) as population_16_66
    from population
    inner join load_per_quarter
        on
            population.quarter_code = load_per_quarter.quarter_code
            and population.load_id = load_per_quarter.load_id
    where load_per_quarter.recency = 1
    group by population.kommunekode, population.quarter_code
),

final as (
    select
        cast(kommunekode as integer) as kommunekode,
        cast(quarter_code as varchar) as quarter_code,
        make_date(
            cast(left(quarter_code, 4) as integer),
            (cast(right(quarter_code, 1) as integer) - 1) * 3 + 1,
            1
        ) as quarter_start,
        cast(population_16_66 as integer) as population_16_66
    from summed
)

select * from final
