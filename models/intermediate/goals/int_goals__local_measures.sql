-- One row per municipality (0 = Hele landet in the generic template) × measure × period × load:
-- the values the municipality delivers in its own files, with the load's receipt. The dedicated
-- templates rank before the generic one for the same key (source_priority); the version is
-- picked in int_goals__measurements.
with

rehab_cases as (
    select * from {{ ref('stg_local__rehab_cases') }}
),

firm_cooperation as (
    select * from {{ ref('stg_local__firm_cooperation') }}
),

danish_classes as (
    select * from {{ ref('stg_local__danish_classes') }}
),

apprentices as (
    select * from {{ ref('stg_local__apprentices') }}
),

generic as (
    select * from {{ ref('stg_local__goal_measurements') }}
),

load_records as (
    select * from {{ ref('stg_raw_meta__load_record') }}
),

unioned as (
    select
        kommunekode,
        'rehab_pension_wandering_cases' as measure_code,
        period_code,
        cast(wandering_cases as decimal(18, 4)) as measured_value,
        cast(wandering_cases as decimal(18, 4)) as numerator,
        cast(team_cases as decimal(18, 4)) as denominator,
        cast(null as decimal(18, 4)) as comparison_value,
        'local/rehab_cases' as source_table,
        2 as source_priority,
        load_id
    from rehab_cases
    union all
    select
        kommunekode,
        'firm_cooperation_share' as measure_code,
        period_code,
        cast(100.0 * firms_cooperating_count / nullif(firms_count, 0) as decimal(18, 4))
            as measured_value,
        cast(firms_cooperating_count as decimal(18, 4)) as numerator,
        cast(firms_count as decimal(18, 4)) as denominator,
        cast(null as decimal(18, 4)) as comparison_value,
        'local/firm_cooperation' as source_table,
        2 as source_priority,
        load_id
    from firm_cooperation
    union all
    select
        kommunekode,
        'migrant_workers_danish_classes' as measure_code,
        period_code,
        cast(participants_count as decimal(18, 4)) as measured_value,
        cast(participants_count as decimal(18, 4)) as numerator,
        cast(null as decimal(18, 4)) as denominator,
        cast(null as decimal(18, 4)) as comparison_value,
        'local/danish_classes' as source_table,
        2 as source_priority,
        load_id
    from danish_classes
    union all
    select
        kommunekode,
        'apprentices_hired' as measure_code,
        period_code,
        cast(hired_count as decimal(18, 4)) as measured_value,
        cast(hired_count as decimal(18, 4)) as numerator,
        cast(null as decimal(18, 4)) as denominator,
        cast(null as decimal(18, 4)) as comparison_value,
        'local/apprentices' as source_table,
        2 as source_priority,
        load_id
    from apprentices
    union all
    select
        kommunekode,
        measure_code,
        period_code,
        measured_value,
        numerator,
        denominator,
        comparison_value,
        'local/goal_measurements' as source_table,
        3 as source_priority,
        load_id
    from generic
),

final as (
    select
        -- keys
        unioned.kommunekode,
        unioned.measure_code,
        unioned.period_code,
        unioned.source_table,
        unioned.load_id,
        -- the value
        unioned.measured_value,
        unioned.numerator,
        unioned.denominator,
        unioned.comparison_value,
        -- lineage
        'local' as source_kind,
        unioned.source_priority,
        load_records.received_at,
        coalesce(load_records.is_synthetic, false) as is_synthetic
    from unioned
    left join load_records
        on unioned.load_id = load_records.load_id
)

select * from final
