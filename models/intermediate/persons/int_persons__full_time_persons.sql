{{ config(**person_incremental_config('quarter_index')) }}
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

weeks as (
    select * from {{ ref('stg_persons__benefit_weeks') }}
    {%- if rebuild_from_quarter_month is not none %}
    where month_index >= {{ rebuild_from_quarter_month }}
    {%- endif %}
),

benefits as (
    select * from {{ ref('person_benefits') }}
),

classified as (
    select
        weeks.person_id,
        weeks.kommunekode,
        benefits.benefit_group,
        cast(extract(year from weeks.week_start) as integer) as quarter_year,
        cast(extract(quarter from weeks.week_start) as integer) as quarter_number,
        weeks.load_id
    from weeks
    inner join benefits
        on weeks.benefit_code = benefits.benefit_code
),

aggregated as (
    select
        kommunekode,
        coalesce(benefit_group, 'total') as benefit_group,
        quarter_year,
        quarter_number,
        count(*) as person_weeks,
        count(distinct person_id) as persons_count,
        max(load_id) as load_id
    from classified
    group by grouping sets (
        (kommunekode, benefit_group, quarter_year, quarter_number),
        (kommunekode, quarter_year, quarter_number)
    )
),

final as (
    select
        -- keys
        kommunekode,
        benefit_group,
        cast(quarter_year as {{ dbt.type_string() }})
        || 'Q' || cast(quarter_number as {{ dbt.type_string() }}) as quarter_code,
        -- the quarter
        quarter_year * 4 + quarter_number as quarter_index,
        cast(person_weeks as bigint) as person_weeks,
        cast(persons_count as bigint) as persons_count,
        cast(round(person_weeks / 13.0, 2) as decimal(18, 2)) as full_time_persons,
        -- lineage
        load_id,
        {{ person_inputs_watermark(datasets) }} as built_through_load_id
    from aggregated
)

select * from final
