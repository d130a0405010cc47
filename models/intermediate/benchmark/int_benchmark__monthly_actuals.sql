-- A table, not a view: several models and tests read it, and a view would be computed again
-- for each of them.
{{ config(materialized='table') }}

-- Full-time persons on public support per municipality, month and benchmark area, rebuilt from
-- PTVA02: the benefits of each area (seed benchmark_area_benefits) summed, the total as the sum
-- of the three areas (the benchmark's "Ydelsesgrupper i alt"). A month fetched again is a new
-- load: the newest load of each row wins. Both sexes together: the sex total where the file has
-- it, else the sum of the sexes it has.
with

ptva02 as (
    select * from {{ ref('stg_jobindsats__ptva02') }}
),

loads as (
    select * from {{ ref('stg_raw_meta__load_record') }}
),

area_benefits as (
    select * from {{ ref('benchmark_area_benefits') }}
),

versioned as (
    select
        ptva02.kommunekode,
        ptva02.period_code,
        ptva02.month_start,
        ptva02.benefit_label_da,
        ptva02.sex_label,
        ptva02.fulltime_persons,
        loads.is_synthetic,
        {{ load_recency(
            ['ptva02.kommunekode', 'ptva02.period_code', 'ptva02.benefit_label_da',
             'ptva02.sex_label'],
            received_at='loads.received_at', load_id='loads.load_id'
        ) }} as load_recency
    from ptva02
    inner join loads
        on ptva02.load_id = loads.load_id
    where ptva02.kommunekode <> 0
),

per_benefit as (
    select
        kommunekode,
        period_code,
        month_start,
        benefit_label_da,
        coalesce(
            max(case
                when sex_label = '{{ var("ptva02_sex_total_label") }}' then fulltime_persons
            end),
            sum(case
                when sex_label <> '{{ var("ptva02_sex_total_label") }}' then fulltime_persons
            end)
        ) as fulltime_persons,
        max(case when is_synthetic then 1 else 0 end) = 1 as is_synthetic
    from versioned
    where load_recency = 1
    group by kommunekode, period_code, month_start, benefit_label_da
),

in_areas as (
    select
        per_benefit.kommunekode,
        per_benefit.period_code,
        per_benefit.month_start,
        area_benefits.benefit_group,
        per_benefit.fulltime_persons,
        per_benefit.is_synthetic
    from per_benefit
    inner join area_benefits
        on per_benefit.benefit_label_da = area_benefits.benefit_label_da
    where area_benefits.benefit_group is not null
),

with_total as (
    select
        kommunekode,
        period_code,
        month_start,
        benefit_group,
        fulltime_persons,
        is_synthetic
    from in_areas

    union all

    select
        kommunekode,
        period_code,
        month_start,
        'total' as benefit_group,
        fulltime_persons,
        is_synthetic
    from in_areas
),

final as (
    select
        kommunekode,
        period_code,
        month_start,
        benefit_group,
        cast(sum(fulltime_persons) as decimal(18, 2)) as fulltime_persons,
        -- months since year 0, so "the same month a year earlier" is month_index − 12
        cast(
            extract(year from month_start) * 12 + extract(month from month_start) - 1 as integer
        ) as month_index,
        cast(count(fulltime_persons) as integer) as benefits_published,
        cast(count(*) - count(fulltime_persons) as integer) as benefits_suppressed,
        max(case when is_synthetic then 1 else 0 end) = 1 as is_synthetic
    from with_total
    group by kommunekode, period_code, month_start, benefit_group
)

select * from final
