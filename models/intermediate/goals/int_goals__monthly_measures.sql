-- One row per area (0 = Hele landet) × monthly goal measure × month × source: the newest load's
-- numerator, denominator and monthly value of the fokusmål, OTIJ01 and the job orders. The job
-- orders come from jobindsats (the plan's source, and the only source of the national value) and
-- from the municipality's own file; each source keeps its own rows here and
-- int_goals__measurements picks one. The fokusmål come from jobindsats and, computed locally
-- from the person-level data (int_persons__fokusmaal_monthly, discreet), as a second source:
-- jobindsats' value wins where both have a month, the local one fills the months jobindsats
-- has not published yet.
with

fokus as (
    select * from {{ ref('stg_jobindsats__fokusmaal') }}
),

computed_fokus as (
    select * from {{ ref('int_persons__fokusmaal_monthly') }}
),

otij01 as (
    select * from {{ ref('stg_jobindsats__otij01') }}
),

published_job_orders as (
    select * from {{ ref('stg_jobindsats__job_orders') }}
),

local_job_orders as (
    select * from {{ ref('stg_local__job_orders') }}
),

load_records as (
    select * from {{ ref('stg_raw_meta__load_record') }}
),

fokus_rows as (
    select
        kommunekode,
        measure_code,
        period_code,
        period_year,
        period_month,
        cast(persons_meeting_count as decimal(18, 4)) as numerator,
        cast(persons_count as decimal(18, 4)) as denominator,
        cast(share_meeting_pct as decimal(18, 4)) as monthly_value,
        'published' as source_kind,
        'jobindsats/fokusmaal' as source_table,
        1 as source_priority,
        load_id
    from fokus
),

computed_fokus_rows as (
    select
        kommunekode,
        measure_code,
        period_code,
        period_year,
        period_month,
        cast(meeting_count as decimal(18, 4)) as numerator,
        cast(persons_count as decimal(18, 4)) as denominator,
        cast(share_meeting_pct as decimal(18, 4)) as monthly_value,
        'computed_locally' as source_kind,
        'persons/fokusmaal' as source_table,
        2 as source_priority,
        load_id
    from computed_fokus
    -- a month before the data's 12th undercounts (its 12 months are not seen whole)
    where is_history_complete
),

otij01_rows as (
    -- one level of OTIJ01's dimensions: the counted members (seeds/otij01_dimension_values.csv),
    -- never a total together with its members
    select
        kommunekode,
        'ordinary_hours_share' as measure_code,
        period_code,
        period_year,
        period_month,
        cast(sum(persons_with_hours_count) as decimal(18, 4)) as numerator,
        cast(sum(persons_count) as decimal(18, 4)) as denominator,
        cast(
            100.0 * sum(persons_with_hours_count) / nullif(sum(persons_count), 0)
            as decimal(18, 4)
        ) as monthly_value,
        'published' as source_kind,
        'jobindsats/otij01' as source_table,
        1 as source_priority,
        load_id
    from otij01
    where is_counted
    group by kommunekode, period_code, period_year, period_month, load_id
),

job_order_months as (
    -- both sources of job orders in one shape; the published rate implies the filled orders,
    -- so 12 months combine as a ratio of sums
    select
        kommunekode,
        period_code,
        period_year,
        period_month,
        fill_rate_pct * orders_created / 100.0 as orders_filled,
        orders_created,
        fill_rate_pct,
        'published' as source_kind,
        'jobindsats/jobordrer' as source_table,
        1 as source_priority,
        load_id
    from published_job_orders
    union all
    select
        kommunekode,
        period_code,
        period_year,
        period_month,
        orders_filled,
        orders_created,
        100.0 * orders_filled / nullif(orders_created, 0) as fill_rate_pct,
        'local' as source_kind,
        'local/job_orders' as source_table,
        2 as source_priority,
        load_id
    from local_job_orders
),

job_order_rows as (
    select
        kommunekode,
        'job_order_fill_rate' as measure_code,
        period_code,
        period_year,
        period_month,
        cast(orders_filled as decimal(18, 4)) as numerator,
        cast(orders_created as decimal(18, 4)) as denominator,
        cast(fill_rate_pct as decimal(18, 4)) as monthly_value,
        source_kind,
        source_table,
        source_priority,
        load_id
    from job_order_months
    union all
    select
        kommunekode,
        'job_orders_created_per_month' as measure_code,
        period_code,
        period_year,
        period_month,
        cast(orders_created as decimal(18, 4)) as numerator,
        cast(null as decimal(18, 4)) as denominator,
        cast(orders_created as decimal(18, 4)) as monthly_value,
        source_kind,
        source_table,
        source_priority,
        load_id
    from job_order_months
),

unioned as (
    select * from fokus_rows
    union all
    select * from computed_fokus_rows
    union all
    select * from otij01_rows
    union all
    select * from job_order_rows
),

with_receipt as (
    select
        unioned.*,
        load_records.received_at,
        coalesce(load_records.is_synthetic, false) as is_synthetic
    from unioned
    left join load_records
        on unioned.load_id = load_records.load_id
),

versioned as (
    select
        with_receipt.*,
        {{ load_recency(['kommunekode', 'measure_code', 'period_code', 'source_table']) }}
            as load_recency_rank
    from with_receipt
),

final as (
    select
        -- keys
        kommunekode,
        measure_code,
        period_code,
        source_table,
        -- the month
        period_year,
        period_month,
        numerator,
        denominator,
        monthly_value,
        -- lineage
        source_kind,
        source_priority,
        load_id,
        received_at,
        is_synthetic
    from versioned
    where load_recency_rank = 1
)

select * from final
