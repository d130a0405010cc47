-- One row per load of jobindsats' table catalogue × published table: id, name, subject, the
-- dimensions and measures (v2), the area hierarchy, period categories, first and latest period,
-- latest and next update. table_name_key is the name compared case- and whitespace-blind, as the
-- client does when it finds a table by its published name.
with

source as (
    select * from {{ source('jobindsats', 'table_catalogue') }}
),

renamed as (
    select
        -- keys
        load_id,
        source_row_number,
        api_version,
        lower(table_id) as table_id,
        -- the table
        table_name,
        lower(trim(regexp_replace(table_name, '\s+', ' ', 'g'))) as table_name_key,
        subject_id,
        subject_name,
        table_group_name,
        -- its dimensions, measures and periods
        dimensions,
        measurements,
        area_hierarchy,
        period_categories,
        first_period,
        latest_period,
        -- its release calendar
        cast(latest_update as date) as latest_update,
        cast(next_update as date) as next_update,
        update_frequency
    from source
)

select * from renamed
