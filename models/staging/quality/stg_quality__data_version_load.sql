-- One row per data version and load (landed file) it consists of.
with

source as (
    select * from {{ source('quality', 'data_version_load') }}
),

renamed as (
    select
        data_version,
        load_id,
        recorded_at
    from source
)

select * from renamed
