-- One row per person × month with ordinary (unsubsidised) working hours, from the current file
-- of every month (newest load).
with

source as (
    select * from {{ read_person_dataset('ordinary_hours') }} as source
),

renamed as (
    select
        -- keys
        person_id,
        month_start,
        {{ month_index('month_start') }} as month_index,
        -- the hours
        ordinary_hours,
        -- lineage
        load_id
    from source
)

select * from renamed
