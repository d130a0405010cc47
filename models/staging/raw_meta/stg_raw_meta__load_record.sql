with

source as (
    select * from {{ source('raw_meta', 'load_record') }}
),

renamed as (
    select
        load_id,
        source as source_name,
        table_name,
        file_name,
        sha256,
        row_count,
        received_at,
        fmt as file_format,
        is_synthetic,
        request_params,
        loaded_at
    from source
)

select * from renamed
