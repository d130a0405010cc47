-- Every published version of every Y30R21 period, numbered 1, 2, … by time of receipt; the
-- newest load of a period is its current version (macros/versions/load_recency.sql).
with

benchmark as (
    select * from {{ ref('stg_jobindsats__benchmark') }}
),

loads as (
    select * from {{ ref('stg_raw_meta__load_record') }}
),

period_loads as (
    select distinct
        benchmark.period_code,
        benchmark.load_id,
        loads.received_at,
        loads.is_synthetic
    from benchmark
    inner join loads
        on benchmark.load_id = loads.load_id
),

numbered as (
    select
        period_code,
        load_id,
        received_at,
        is_synthetic,
        row_number() over (
            partition by period_code order by received_at, load_id
        ) as version_number,
        {{ load_recency(['period_code']) }} as load_recency
    from period_loads
),

final as (
    select
        benchmark.*,
        numbered.received_at,
        numbered.is_synthetic,
        numbered.version_number,
        numbered.load_recency = 1 as is_current_version
    from benchmark
    inner join numbered
        on
            benchmark.period_code = numbered.period_code
            and benchmark.load_id = numbered.load_id
)

select * from final
