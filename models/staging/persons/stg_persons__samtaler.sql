-- One row per samtale (a dated job interview with the jobcentre), from the current file of
-- every month (newest load), with its month as a month index.
with

source as (
    select * from {{ read_person_dataset('samtaler') }} as source
),

renamed as (
    select
        -- keys
        person_id,
        samtale_date,
        -- the samtale
        kommunekode,
        month_start,
        {{ month_index('month_start') }} as month_index,
        -- lineage
        load_id
    from source
)

select * from renamed
