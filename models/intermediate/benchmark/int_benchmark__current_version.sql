-- Revisions: a period may have been landed several times (a re-fetch with changed numbers is a
-- new load). The marts use the newest load of each period (is_current_version, set once in
-- int_benchmark__versions); the full history stays queryable there.
with

versions as (
    select * from {{ ref('int_benchmark__versions') }}
),

current_version as (
    select *
    from versions
    where is_current_version
)

select * from current_version
