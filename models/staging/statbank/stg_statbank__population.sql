-- Population aged 16-66 on the first day of each quarter, one row per kommune × quarter.
-- FOLK1A comes one row per age (ALDER 16 … 66) and sex total (KØN = TOT); the ages are summed
-- here. A quarter fetched more than once (a revision, or an overlapping request) takes the
-- newest load that holds it.
with

source as (
    select * from {{ source('statbank', 'folk1a') }}
),

loads as (
    select * from {{ ref('stg_raw_meta__load_record') }}
),

ages_16_66 as (
    select
        source.load_id,
        source.kommunekode,
        -- lang=en writes 2024Q1; the warehouse uses Statbank's Danish 2024K1
        replace(source.quarter_code, 'Q', 'K') as quarter_code,
        source.persons,
        loads.received_at
    from source
    inner join loads
        on source.load_id = loads.load_id
    where
        source.sex_code = 'TOT'
        and try_cast(source.age_code as integer) between 16 and 66
),

load_per_quarter as (
    select
        quarter_code,
        load_id,
        row_number() over (
            partition by quarter_code order by max(received_at) desc, load_id desc
        ) as recency
    from ages_16_66
    group by quarter_code, load_id
),

summed as (
    select
        ages_16_66.kommunekode,
        ages_16_66.quarter_code,
        sum(ages_16_66.persons) as population_16_66
    from ages_16_66
    inner join load_per_quarter
        on
            ages_16_66.quarter_code = load_per_quarter.quarter_code
            and ages_16_66.load_id = load_per_quarter.load_id
    where load_per_quarter.recency = 1
    group by ages_16_66.kommunekode, ages_16_66.quarter_code
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
