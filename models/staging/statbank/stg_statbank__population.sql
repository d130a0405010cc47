-- Population aged 16-66 on the first day of each quarter, one row per load × kommune × quarter.
-- The client asks Statbank for the ages summed into one group (ALDER = '16-66'); a file with one
-- row per age (ALDER 16 … 66) is summed here instead, and where a load has both the group wins.
-- Only KØN = TOT. Every load is kept: int_population__current_version picks the newest load of
-- each quarter.
with

source as (
    select * from {{ source('statbank', 'folk1a') }}
),

population as (
    select
        load_id,
        kommunekode,
        -- lang=en writes 2024Q1; the warehouse uses Statbank's Danish 2024K1
        replace(quarter_code, 'Q', 'K') as quarter_code,
        age_code = '16-66' as is_age_group,
        persons
    from source
    where
        sex_code = 'TOT'
        and (
            age_code = '16-66'
            -- a single age: digits only (portable to PostgreSQL, which has no try_cast)
            or case
                when
                    age_code <> ''
                    and translate(age_code, '0123456789', '') = ''
                    then cast(age_code as integer)
            end between 16 and 66
        )
),

summed as (
    select
        load_id,
        kommunekode,
        quarter_code,
        coalesce(
            sum(persons) filter (where is_age_group),
            sum(persons) filter (where not is_age_group)
        ) as population_16_66
    from population
    group by load_id, kommunekode, quarter_code
),

final as (
    select
        cast(load_id as varchar) as load_id,
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
