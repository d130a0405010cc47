-- One row per area (0 = Hele landet) × monthly measure × month: the newest load's numerator,
-- denominator and share of the monthly goal measures (fokusmål, OTIJ01, job orders). National job
-- orders are the sum over the municipalities that delivered.
with

fokus as (
    select * from {{ ref('stg_jobindsats__fokusmaal') }}
),

otij01 as (
    select * from {{ ref('stg_jobindsats__otij01') }}
),

job_orders as (
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
        cast(share_meeting_pct as decimal(18, 4)) as share_pct,
        -- STAR averages the monthly shares over 12 months (DOMAIN §3.3)
        'mean_of_monthly_shares' as aggregation_rule,
        'jobindsats/fokusmaal' as source_table,
        load_id
    from fokus
),

otij01_rows as (
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
        ) as share_pct,
        'ratio_of_sums' as aggregation_rule,
        'jobindsats/otij01' as source_table,
        load_id
    from otij01
    group by kommunekode, period_code, period_year, period_month, load_id
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
        cast(100.0 * orders_filled / nullif(orders_created, 0) as decimal(18, 4)) as share_pct,
        'ratio_of_sums' as aggregation_rule,
        'local/job_orders' as source_table,
        load_id
    from job_orders
),

unioned as (
    select * from fokus_rows
    union all
    select * from otij01_rows
    union all
    select * from job_order_rows
),

versioned as (
    select
        unioned.*,
        load_records.received_at,
        load_records.is_synthetic,
        row_number() over (
            partition by unioned.kommunekode, unioned.measure_code, unioned.period_code
            order by load_records.received_at desc, unioned.load_id desc
        ) as version_rank
    from unioned
    left join load_records
        on unioned.load_id = load_records.load_id
),

newest as (
    select
        kommunekode,
        measure_code,
        period_code,
        period_year,
        period_month,
        numerator,
        denominator,
        share_pct,
        aggregation_rule,
        source_table,
        load_id,
        received_at,
        is_synthetic
    from versioned
    where version_rank = 1
),

derived_national as (
    -- the national job-order fill rate: all municipalities that delivered
    select
        0 as kommunekode,
        measure_code,
        period_code,
        period_year,
        period_month,
        sum(numerator) as numerator,
        sum(denominator) as denominator,
        cast(100.0 * sum(numerator) / nullif(sum(denominator), 0) as decimal(18, 4)) as share_pct,
        max(aggregation_rule) as aggregation_rule,
        max(source_table) as source_table,
        max(load_id) as load_id,
        max(received_at) as received_at,
        bool_or(is_synthetic) as is_synthetic
    from newest
    where measure_code = 'job_order_fill_rate' and kommunekode <> 0
    group by measure_code, period_code, period_year, period_month
),

final as (
    select * from newest
    union all
    select * from derived_national
)

select * from final
