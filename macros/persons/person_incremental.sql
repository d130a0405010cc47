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
        cast(null as {{ type_string() }})
    {%- else -%}
        '{{ load_ids | max }}'
    {%- endif -%}
{%- endmacro %}

{#- The month index from which an incremental build recomputes: the earliest month of a file
    landed after the newest load the table was built through. The month after the data's last
    (so nothing is recomputed) when no file is new; none on a full build. -#}
{% macro person_rebuild_from_month(datasets) -%}
    {%- if not execute or not is_incremental() -%}
        {{ return(none) }}
    {%- endif -%}
    {%- set built = run_query('select max(built_through_load_id) from ' ~ this) -%}
    {%- set built_through = built.columns[0].values()[0] -%}
    {%- set new_months = [] -%}
    {%- set current_months = [] -%}
    {%- for dataset in datasets -%}
        {%- for file in person_dataset_files(dataset) -%}
            {%- do current_months.append(person_month_index(file.month)) -%}
            {%- if built_through is none or file.load_id > built_through -%}
                {%- do new_months.append(person_month_index(file.month)) -%}
            {%- endif -%}
        {%- endfor -%}
    {%- endfor -%}
    {%- if new_months -%}
        {{ return(new_months | min) }}
    {%- endif -%}
    {#- nothing new: the month after the data's last, a real month (its first day is a date)
        later than any row -#}
    {{ return((current_months | max) + 1 if current_months else person_month_index('9999-12')) }}
{%- endmacro %}

{#- A filter keeping the months an incremental build recomputes (from `rebuild_from` on,
    `offset` months earlier for a model reading a window back): every month on a full build. -#}
{% macro months_from(column, rebuild_from, offset=0) -%}
    {%- if rebuild_from is none -%}
        1 = 1
    {%- else -%}
        {{ column }} >= {{ rebuild_from - offset }}
    {%- endif -%}
{%- endmacro %}

{#- The rows of an incremental person model's own table in the `months` months before
    `rebuild_from` (what a recomputed month carries forward from), as a relation; an empty one
    with the same columns on a full build, when there is nothing before. -#}
{% macro rows_before_rebuild(rebuild_from, months, columns) -%}
    {%- if rebuild_from is none -%}
        (select
        {%- for column, data_type in columns %}
            cast(null as {{ data_type }}) as {{ column }}{{ ',' if not loop.last }}
        {%- endfor %}
        where 1 = 0)
    {%- else -%}
        (select
        {%- for column, data_type in columns %}
            {{ column }}{{ ',' if not loop.last }}
        {%- endfor %}
        from {{ this }}
        where month_index >= {{ rebuild_from - months }} and month_index < {{ rebuild_from }})
    {%- endif -%}
{%- endmacro %}

{#- The same filter on a month's first day (a date column read straight from the files, such as
    the staging models' month_start): a filter on a column computed from it (month_index)
    cannot skip a Parquet file by its statistics and reads every file, this one reads the
    recomputed months' files alone. -#}
{% macro month_starts_from(column, rebuild_from, offset=0) -%}
    {%- if rebuild_from is none -%}
        1 = 1
    {%- else -%}
        {{ column }} >= {{ person_month_date(rebuild_from - offset) }}
    {%- endif -%}
{%- endmacro %}

{#- The month index (year × 12 + month) of a month written YYYY-MM, as the files are named. -#}
{% macro person_month_index(month) -%}
    {{ return((month[0:4] | int) * 12 + (month[5:7] | int)) }}
{%- endmacro %}

{#- The first day of a month index as a date literal (person_month_index's inverse). -#}
{% macro person_month_date(month_index) -%}
    {%- set year = ((month_index - 1) // 12) -%}
    {%- set month = ((month_index - 1) % 12) + 1 -%}
    date '{{ "%04d-%02d-01" | format(year, month) }}'
{%- endmacro %}

{#- The partitions an incremental person model's table is written in: the period column on
    Spark, whose insert_overwrite replaces the recomputed partitions; none elsewhere (DuckDB
    would warn on every build that it partitions DuckLake relations only). -#}
{% macro person_partitions(column) -%}
    {{ return([column] if target.type == 'spark' else none) }}
{%- endmacro %}
