-- One row per person × week on a benefit, from the current file of every month (newest load):
-- the week's benefit and municipality, its month as a month index and its Monday as a day
-- number, so that gaps are plain subtraction in every engine.
with

source as (
    select * from {{ read_person_dataset('benefit_weeks') }} as source
),

renamed as (
    select
        -- keys
        person_id,
        week_start,
        -- the week
        kommunekode,
        benefit_code,
        month_start,
        {{ month_index('month_start') }} as month_index,
        {{ day_number('week_start') }} as week_start_day,
        -- lineage
        load_id
    from source
)

select * from renamed
