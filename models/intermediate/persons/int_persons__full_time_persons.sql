{{ config(
    materialized='incremental',
    unique_key='quarter_index',
    partition_by=person_partitions('quarter_index'),
) }}
{%- set datasets = ['benefit_weeks'] -%}
{%- set rebuild_from = person_rebuild_from_month(datasets) -%}
{#- the first month of the quarter the rebuild starts in -#}
{%- set rebuild_from_quarter_month = none if rebuild_from is none
    else rebuild_from - ((rebuild_from - 1) % 12) % 3 -%}
-- One row per municipality × benefit area (and 'total') × quarter: the person-weeks on benefit
-- and the full-time persons they make (a full-time person is 52 weeks a year, 13 a quarter),
-- the actual side of the benchmark computed from the person-level data, by the municipality
-- of each week. Unsuppressed counts: this table stays in the person schema; the mart applies
-- the discretion rule. Incremental: recomputes from the quarter of the earliest new file on.
with

weeks_monthly as (
    select * from {{ ref('int_persons__benefit_weeks_monthly') }}
    where {{ months_from('month_index', rebuild_from_quarter_month) }}
),

benefits as (
    select * from {{ ref('person_benefits') }}
),

month_spine as (
    {{ person_month_spine() }}
),

classified as (
    -- a week's quarter is its month's quarter (every week lies in its file's month)
    select
        weeks_monthly.person_id,
        weeks_monthly.kommunekode,
        benefits.benefit_group,
        cast(extract(year from weeks_monthly.month_start) as integer) as quarter_year,
        cast(extract(quarter from weeks_monthly.month_start) as integer) as quarter_number,
        weeks_monthly.weeks_on_benefit
    from weeks_monthly
    inner join benefits
        on weeks_monthly.benefit_code = benefits.benefit_code
),

person_quarters as (
    -- one row per person × municipality × area × quarter first: the areas and the total are
    -- then two small aggregates (a person can be in two areas, or two municipalities, in a
    -- quarter: the total counts the person once)
    select
        person_id,
        kommunekode,
        benefit_group,
        quarter_year,
        quarter_number,
        sum(weeks_on_benefit) as person_weeks
    from classified
    group by person_id, kommunekode, benefit_group, quarter_year, quarter_number
),

aggregated as (
    select
        kommunekode,
        benefit_group,
        quarter_year,
        quarter_number,
        sum(person_weeks) as person_weeks,
        count(*) as persons_count
    from person_quarters
    group by kommunekode, benefit_group, quarter_year, quarter_number
    union all
    select
        kommunekode,
        'total' as benefit_group,
        quarter_year,
        quarter_number,
        sum(person_weeks) as person_weeks,
        count(distinct person_id) as persons_count
    from person_quarters
    group by kommunekode, quarter_year, quarter_number
),

quarter_loads as (
    -- the newest of the quarter's benefit_weeks files
    select
        cast(extract(year from month_start) as integer) * 4
        + cast(extract(quarter from month_start) as integer) as quarter_index,
        max(load_id) as load_id
    from month_spine
    group by
        cast(extract(year from month_start) as integer) * 4
        + cast(extract(quarter from month_start) as integer)
),

final as (
    select
        -- keys
        aggregated.kommunekode,
        aggregated.benefit_group,
        cast(aggregated.quarter_year as {{ type_string() }})
        || 'Q' || cast(aggregated.quarter_number as {{ type_string() }}) as quarter_code,
        -- the quarter
        aggregated.quarter_year * 4 + aggregated.quarter_number as quarter_index,
        cast(aggregated.person_weeks as bigint) as person_weeks,
        cast(aggregated.persons_count as bigint) as persons_count,
        cast(round(aggregated.person_weeks / 13.0, 2) as decimal(18, 2)) as full_time_persons,
        -- lineage
        quarter_loads.load_id,
        {{ person_inputs_watermark(datasets) }} as built_through_load_id
    from aggregated
    left join quarter_loads
        on aggregated.quarter_year * 4 + aggregated.quarter_number = quarter_loads.quarter_index
)

select * from final
