-- One row per check and run, as orchestration/quality/store.py appends them.
with

source as (
    select * from {{ source('quality', 'check_result') }}
),

renamed as (
    select
        -- keys
        check_result_id,
        run_id,
        -- what was checked, on which code and data
        git_commit,
        data_version,
        check_source,
        suite,
        rule_id,
        rule_description,
        layer,
        asset,
        -- outcome
        status,
        severity,
        observed_value,
        threshold,
        failing_count,
        failing_keys,
        message,
        checked_at
    from source
)

select * from renamed
