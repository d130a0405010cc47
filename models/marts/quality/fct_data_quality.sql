-- Every check result of every run (Great Expectations rules and dbt tests), with the input files
-- of the data version it checked. A view: always current, history is never rewritten.
with

check_results as (
    select * from {{ ref('stg_quality__check_result') }}
),

data_version_loads as (
    select * from {{ ref('stg_quality__data_version_load') }}
),

load_records as (
    select * from {{ ref('stg_raw_meta__load_record') }}
),

inputs as (
    select
        data_version_loads.data_version,
        count(*) as input_load_count,
        string_agg(
            load_records.source_name || '/' || load_records.table_name || '/'
            || load_records.file_name || ' (' || load_records.load_id || ')',
            '; '
            order by load_records.source_name, load_records.table_name, load_records.load_id
        ) as input_files
    from data_version_loads
    inner join load_records
        on data_version_loads.load_id = load_records.load_id
    group by data_version_loads.data_version
),

final as (
    select
        -- keys
        check_results.check_result_id,
        check_results.run_id,
        -- code and data checked
        check_results.git_commit,
        check_results.data_version,
        cast(coalesce(inputs.input_load_count, 0) as integer) as input_load_count,
        inputs.input_files,
        -- the rule
        check_results.check_source,
        check_results.suite,
        check_results.rule_id,
        check_results.rule_description,
        check_results.layer,
        check_results.asset,
        check_results.severity,
        check_results.threshold,
        -- the outcome
        check_results.status,
        check_results.status = 'pass' as is_passed,
        check_results.observed_value,
        check_results.failing_count,
        check_results.failing_keys,
        check_results.message,
        check_results.checked_at
    from check_results
    left join inputs
        on check_results.data_version = inputs.data_version
)

select * from final
