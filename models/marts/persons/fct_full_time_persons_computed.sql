-- One row per municipality × benefit area (and 'total') × quarter: full-time persons on public
-- support computed from the person-level data, the actual side of the benchmark by quarter,
-- with jobindsats' discretion rule: a cell of fewer than 3 persons is suppressed, and where a
-- municipality's quarter has exactly one suppressed area the next smallest area is suppressed
-- too, since the total minus the others would give it away.
with

full_time as (
    select * from {{ ref('int_persons__full_time_persons') }}
),

municipalities as (
    select * from {{ ref('municipalities') }}
),

flagged as (
    select
        full_time.*,
        {{ hides_count('full_time.persons_count') }} as is_small
    from full_time
),

areas_ranked as (
    select
        flagged.*,
        sum(case when flagged.benefit_group != 'total' and flagged.is_small then 1 else 0 end)
            over (partition by flagged.kommunekode, flagged.quarter_code)
            as small_areas_in_quarter,
        row_number() over (
            partition by flagged.kommunekode, flagged.quarter_code,
            (flagged.benefit_group = 'total' or flagged.is_small)
            order by flagged.persons_count, flagged.benefit_group
        ) as rank_among_shown_areas
    from flagged
),

suppressed as (
    select
        areas_ranked.*,
        (
            areas_ranked.is_small
            or (
                areas_ranked.benefit_group != 'total'
                and not areas_ranked.is_small
                and areas_ranked.small_areas_in_quarter = 1
                and areas_ranked.rank_among_shown_areas = 1
            )
        ) as is_suppressed
    from areas_ranked
),

final as (
    select
        -- keys
        suppressed.kommunekode,
        suppressed.benefit_group,
        suppressed.quarter_code,
        -- the municipality and quarter
        municipalities.kommune as municipality_name,
        suppressed.quarter_index,
        -- the figures, NULL where suppressed
        case when not suppressed.is_suppressed then suppressed.person_weeks end as person_weeks,
        case when not suppressed.is_suppressed then suppressed.persons_count end as persons_count,
        case
            when not suppressed.is_suppressed then suppressed.full_time_persons
        end as full_time_persons,
        suppressed.is_suppressed,
        -- lineage
        'computed_locally' as source_kind,
        suppressed.load_id,
        {{ person_load_is_synthetic('suppressed.load_id') }} as is_synthetic
    from suppressed
    left join municipalities
        on suppressed.kommunekode = municipalities.kommunekode
)

select * from final
