-- The goal catalogue in force, one row per goal condition: the seed's rows, except where a
-- municipality has dropped its own catalogue file for a plan year; then the newest drop's rows
-- replace the seed's rows for that municipality and plan year. A goal with several conditions
-- (6.1: besættelsesgrad and at least 50 job orders a month) has one row per condition; adding a
-- municipality or a condition is adding rows, never code.
with

seeded as (
    select * from {{ ref('goal_catalogue') }}
),

dropped as (
    select * from {{ ref('stg_local__goal_catalogue') }}
),

load_records as (
    select * from {{ ref('stg_raw_meta__load_record') }}
),

dropped_versions as (
    select
        dropped.*,
        load_records.received_at
    from dropped
    left join load_records
        on dropped.load_id = load_records.load_id
),

dropped_ranked as (
    select
        dropped_versions.*,
        {{ load_recency(['kommunekode', 'plan_year']) }} as load_recency_rank
    from dropped_versions
),

newest_drop as (
    select * from dropped_ranked
    where load_recency_rank = 1
),

columns_of_drop as (
    select
        kommunekode,
        plan_year,
        goal_code,
        condition_number,
        sort_order,
        goal_level,
        ministermaal,
        title_da,
        measured_da,
        target_da,
        follow_up_da,
        condition_da,
        measure_code,
        unit,
        direction,
        comparator,
        target_value,
        target_year,
        baseline_rule,
        cadence,
        period_type,
        data_source_kind,
        data_source,
        responsible_unit,
        publication_lag_days,
        is_interpretation,
        interpretation_da,
        note,
        'local/goal_catalogue' as catalogue_source,
        load_id as catalogue_load_id
    from newest_drop
),

columns_of_seed as (
    select
        seeded.kommunekode,
        seeded.plan_year,
        seeded.goal_code,
        seeded.condition_number,
        seeded.sort_order,
        seeded.goal_level,
        seeded.ministermaal,
        seeded.title_da,
        seeded.measured_da,
        seeded.target_da,
        seeded.follow_up_da,
        seeded.condition_da,
        seeded.measure_code,
        seeded.unit,
        seeded.direction,
        seeded.comparator,
        seeded.target_value,
        seeded.target_year,
        seeded.baseline_rule,
        seeded.cadence,
        seeded.period_type,
        seeded.data_source_kind,
        seeded.data_source,
        seeded.responsible_unit,
        seeded.publication_lag_days,
        seeded.is_interpretation,
        seeded.interpretation_da,
        seeded.note,
        'seeds/goal_catalogue.csv' as catalogue_source,
        cast(null as varchar) as catalogue_load_id
    from seeded
    where not exists (
        select 1
        from newest_drop
        where
            newest_drop.kommunekode = seeded.kommunekode
            and newest_drop.plan_year = seeded.plan_year
    )
),

final as (
    select * from columns_of_seed
    union all
    select * from columns_of_drop
)

select * from final
