-- The goal catalogue as a dimension: one row per municipality × plan year × goal, with the
-- comparator's rule in words and, where the warehouse reads the plan rather than quotes it, the
-- interpretation flag and its sentence. The measure columns are those of the goal's first
-- condition; fct_goal_condition has every condition.
with

catalogue as (
    select * from {{ ref('int_goals__catalogue') }}
),

comparators as (
    select * from {{ ref('goal_comparators') }}
),

municipalities as (
    select * from {{ ref('municipalities') }}
),

final as (
    select
        -- keys
        cast(catalogue.kommunekode as varchar) || '-' || cast(catalogue.plan_year as varchar)
        || '-' || catalogue.goal_code as goal_key,
        catalogue.kommunekode,
        municipalities.kommune as municipality_name,
        catalogue.plan_year,
        catalogue.goal_code,
        catalogue.sort_order,
        -- what the plan says
        catalogue.goal_level,
        catalogue.ministermaal,
        catalogue.title_da,
        catalogue.measured_da,
        catalogue.target_da,
        catalogue.follow_up_da,
        -- how it is measured and judged (first condition)
        catalogue.conditions_count,
        catalogue.measure_code,
        catalogue.unit,
        catalogue.direction,
        catalogue.comparator,
        comparators.rule_en as comparator_rule_en,
        comparators.rule_da as comparator_rule_da,
        catalogue.target_value,
        catalogue.target_year,
        catalogue.baseline_rule,
        catalogue.cadence,
        catalogue.period_type,
        catalogue.publication_lag_days,
        -- our reading of the plan, where it is one
        catalogue.is_interpretation,
        catalogue.interpretation_da,
        -- where the value comes from and who answers for it
        catalogue.data_source_kind,
        catalogue.data_source,
        catalogue.responsible_unit,
        catalogue.note,
        -- where the row comes from: the seed or a dropped catalogue file
        catalogue.catalogue_source,
        catalogue.catalogue_load_id
    from catalogue
    left join comparators
        on catalogue.comparator = comparators.comparator
    left join municipalities
        on catalogue.kommunekode = municipalities.kommunekode
)

select * from final
