-- Every table the warehouse reads (seeds/source_tables.csv), with what jobindsats' newest
-- catalogue says about it (its id, found by the published name where the id is not published;
-- the latest and next update) and what the warehouse holds of it (loads, the last one received).
with

source_tables as (
    select * from {{ ref('source_tables') }}
),

catalogue as (
    select * from {{ ref('stg_jobindsats__table_catalogue') }}
),

load_records as (
    select * from {{ ref('stg_raw_meta__load_record') }}
),

catalogue_received as (
    select
        catalogue.*,
        load_records.received_at
    from catalogue
    inner join load_records
        on catalogue.load_id = load_records.load_id
),

catalogue_versions as (
    select
        catalogue_received.*,
        {{ load_recency(['1']) }} as load_recency_rank
    from catalogue_received
),

newest_catalogue as (
    select * from catalogue_versions
    where load_recency_rank = 1
),

loads as (
    select
        source_name,
        table_name,
        count(*) as loads_count,
        max(received_at) as last_received_at,
        bool_or(is_synthetic) as is_synthetic
    from load_records
    group by source_name, table_name
),

matched as (
    select
        source_tables.*,
        newest_catalogue.table_id as catalogue_table_id,
        newest_catalogue.table_name as catalogue_table_name,
        newest_catalogue.subject_name,
        newest_catalogue.latest_update,
        newest_catalogue.next_update,
        newest_catalogue.update_frequency,
        newest_catalogue.latest_period,
        newest_catalogue.api_version as catalogue_api_version,
        newest_catalogue.load_id as catalogue_load_id
    from source_tables
    left join newest_catalogue
        on
            source_tables.source = 'jobindsats'
            and (
                lower(source_tables.publisher_table_id) = newest_catalogue.table_id
                or (
                    coalesce(source_tables.publisher_table_id, '') = ''
                    and lower(trim(regexp_replace(
                        source_tables.publisher_table_name, '\s+', ' ', 'g'
                    ))) = newest_catalogue.table_name_key
                )
            )
),

final as (
    select
        -- keys
        matched.source_table_key,
        -- the table
        matched.source,
        matched.raw_table,
        matched.description_da,
        coalesce(matched.catalogue_table_id, lower(matched.publisher_table_id)) as table_id,
        coalesce(matched.catalogue_table_name, matched.publisher_table_name) as table_name,
        matched.publisher_table_name,
        matched.is_name_verified,
        matched.catalogue_table_id is not null as is_in_catalogue,
        matched.subject_name,
        -- the publisher's release calendar (newest catalogue)
        matched.latest_update,
        matched.next_update,
        matched.update_frequency,
        matched.latest_period,
        matched.catalogue_api_version,
        matched.catalogue_load_id,
        -- what the warehouse holds
        coalesce(loads.loads_count, 0) as loads_count,
        loads.last_received_at,
        coalesce(loads.is_synthetic, false) as is_synthetic
    from matched
    left join loads
        on
            matched.source = loads.source_name
            and matched.raw_table = loads.table_name
)

select * from final
