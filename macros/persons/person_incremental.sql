{#- Incremental person-level models (docs/person_level.md#incremental-builds).

    Every row of an incremental person model records `built_through_load_id`: the newest load
    id among the files its build read. The next build rebuilds from the earliest month of any
    file landed since (a new month, or a revision of an earlier one), because a person's spell
    and 12-month window carry forward: everything from that month on is computed again, the
    months before are kept. A first build (or --full-refresh) computes every month. -#}

{#- The newest load id among the current files of these datasets: the literal the model writes
    into built_through_load_id. -#}
{% macro person_inputs_watermark(datasets) -%}
    {%- set load_ids = [] -%}
    {%- for dataset in datasets -%}
        {%- for file in person_dataset_files(dataset) -%}
            {%- do load_ids.append(file.load_id) -%}
        {%- endfor -%}
    {%- endfor -%}
    {%- if load_ids | length == 0 -%}
        cast(null as {{ dbt.type_string() }})
    {%- else -%}
        '{{ load_ids | max }}'
    {%- endif -%}
{%- endmacro %}

{#- The month index from which an incremental build recomputes: the earliest month of a file
    landed after the newest load the table was built through. A month past every month of
    the data (so nothing is recomputed) when no file is new; none on a full build. -#}
{% macro person_rebuild_from_month(datasets) -%}
    {%- if not execute or not is_incremental() -%}
        {{ return(none) }}
    {%- endif -%}
    {%- set built = run_query('select max(built_through_load_id) from ' ~ this) -%}
    {%- set built_through = built.columns[0].values()[0] -%}
    {%- set months = [] -%}
    {%- for dataset in datasets -%}
        {%- for file in person_dataset_files(dataset) -%}
            {%- if built_through is none or file.load_id > built_through -%}
                {%- do months.append(file.month) -%}
            {%- endif -%}
        {%- endfor -%}
    {%- endfor -%}
    {%- if months | length == 0 -%}
        {{ return(99999999) }}
    {%- endif -%}
    {%- set first = months | min -%}
    {{ return((first[0:4] | int) * 12 + (first[5:7] | int)) }}
{%- endmacro %}

{#- The config of an incremental person model: rows of the months it recomputes replace the
    table's rows of those months (DuckDB and PostgreSQL delete+insert on the month; Spark
    overwrites the month's partitions). -#}
{% macro person_incremental_config(month_column='month_index') -%}
    {%- if target.type == 'spark' -%}
        {{ return({'materialized': 'incremental', 'incremental_strategy': 'insert_overwrite',
                   'partition_by': [month_column], 'file_format': 'parquet'}) }}
    {%- else -%}
        {{ return({'materialized': 'incremental', 'incremental_strategy': 'delete+insert',
                   'unique_key': month_column}) }}
    {%- endif -%}
{%- endmacro %}
