{#
  The check history that orchestration/quality/store.py appends to. The one definition of these
  tables: store.py reads and runs the statements between the macro tags. Run as on-run-start, so `marts.fct_data_quality` builds even before the first
  Dagster run has written a check result, e.g. with a plain `dbt build`.
#}
{% macro create_quality_history() %}
create schema if not exists quality;
create table if not exists quality.check_result (
    check_result_id varchar not null,
    run_id varchar not null,
    git_commit varchar,
    data_version varchar,
    check_source varchar not null,
    suite varchar,
    rule_id varchar not null,
    rule_description varchar,
    layer varchar,
    asset varchar,
    status varchar not null,
    severity varchar,
    observed_value varchar,
    threshold varchar,
    failing_count bigint,
    failing_keys varchar,
    message varchar,
    checked_at timestamp with time zone not null
);
create table if not exists quality.data_version_load (
    data_version varchar not null,
    load_id varchar not null,
    recorded_at timestamp with time zone not null default current_timestamp
);
{% endmacro %}
