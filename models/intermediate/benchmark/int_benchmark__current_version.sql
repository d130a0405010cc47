-- Revisions: a period may have been landed several times (a re-fetch with changed numbers is a
-- new load). Number the versions of each period by time of receipt and keep the newest; the
-- full history stays queryable in int_benchmark__versions.
with

benchmark as (
    select * from {{ ref('int_benchmark__versions') }}
),

current_version as (
    select *
    from benchmark
    where is_current_version
)

select * from current_version
