-- One row per active offer (a dated spell), from the current file of every month (the month
-- the offer started, newest load), with its first and last month as month indexes.
with

source as (
    select * from {{ read_person_dataset('offers') }} as source
),

renamed as (
    select
        -- keys
        person_id,
        offer_start,
        -- the offer
        offer_end,
        kommunekode,
        month_start,
        {{ month_index('offer_start') }} as offer_start_month_index,
        {{ month_index('offer_end') }} as offer_end_month_index,
        -- lineage
        load_id
    from source
)

select * from renamed
