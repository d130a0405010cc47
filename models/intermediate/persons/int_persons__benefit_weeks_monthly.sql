{{ config(
    materialized='incremental',
    unique_key='month_index',
    partition_by=person_partitions('month_index'),
) }}
{%- set datasets = ['benefit_weeks'] -%}
{%- set rebuild_from = person_rebuild_from_month(datasets) -%}
-- One row per person × month × municipality × benefit: the benefit weeks folded once, the
-- only model that reads the weeks (by far the biggest input). Spells and full-time persons
-- both need nothing finer: a week's quarter is its month's quarter, the spell rules read a
-- month's first and last week and its count of weeks. A month depends on its own file only,
-- so an incremental build folds the new (or revised) months and keeps the rest.
with

weeks as (
    select * from {{ ref('stg_persons__benefit_weeks') }}
    where {{ month_starts_from('month_start', rebuild_from) }}
),

final as (
    select
        -- keys
        person_id,
        month_index,
        kommunekode,
        benefit_code,
        -- the weeks
        month_start,
        cast(min(week_start_day) as integer) as first_week_day,
        cast(max(week_start_day) as integer) as last_week_day,
        cast(count(*) as integer) as weeks_on_benefit,
        -- lineage
        {{ person_inputs_watermark(datasets) }} as built_through_load_id
    from weeks
    group by person_id, month_index, kommunekode, benefit_code, month_start
)

select * from final
