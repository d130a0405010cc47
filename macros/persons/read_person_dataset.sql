{#- Reading the person-level Parquet files in place (docs/person_level.md).

    Layout: <person_landing_dir>/<dataset>/<load_id>/payload/<dataset>_<YYYY-MM>.parquet, one
    file per month, each one landing load. A later load of the same month is a revision: per
    month the file of the newest load id wins (load ids sort by time of receipt). The files are
    listed when the model is compiled, so a view built by `dbt build` sees exactly the files that
    were current then; `dbt build` again after a landing. -#}

{#- The columns and types of each dataset (the contract the landing validates files against,
    orchestration/persons/). -#}
{% macro person_dataset_columns(dataset) -%}
    {%- set columns = {
        'benefit_weeks': [('person_id', 'bigint'), ('kommunekode', 'integer'),
            ('week_start', 'date'), ('benefit_code', dbt.type_string()), ('month_start', 'date')],
        'samtaler': [('person_id', 'bigint'), ('kommunekode', 'integer'),
            ('samtale_date', 'date'), ('month_start', 'date')],
        'offers': [('person_id', 'bigint'), ('kommunekode', 'integer'),
            ('offer_start', 'date'), ('offer_end', 'date'), ('month_start', 'date')],
        'ordinary_hours': [('person_id', 'bigint'), ('month_start', 'date'),
            ('ordinary_hours', 'decimal(12, 2)')],
    } -%}
    {%- if dataset not in columns -%}
        {{ exceptions.raise_compiler_error("unknown person-level dataset '" ~ dataset ~ "'") }}
    {%- endif -%}
    {{ return(columns[dataset]) }}
{%- endmacro %}

{#- The current file of every month of a dataset: a list of {month, load_id, path}, oldest
    month first. Empty while parsing (nothing is listed before execution) and when no file of
    the dataset has been landed. -#}
{% macro person_dataset_files(dataset) -%}
    {%- if not execute -%}{{ return([]) }}{%- endif -%}
    {%- set pattern = var('person_landing_dir') ~ '/' ~ dataset ~ '/*/payload/' ~ dataset ~ '_*.parquet' -%}
    {%- set listed = list_person_files(pattern) -%}
    {%- set name = modules.re.compile('([^/]+)/payload/' ~ dataset ~ '_([0-9]{4}-[0-9]{2})[.]parquet$') -%}
    {%- set newest = {} -%}
    {%- for path in listed -%}
        {%- set found = name.search(path) -%}
        {%- if found -%}
            {%- set month = found.group(2) -%}
            {%- if month not in newest or newest[month]['load_id'] < found.group(1) -%}
                {%- do newest.update({month: {'month': month, 'load_id': found.group(1), 'path': path}}) -%}
            {%- endif -%}
        {%- endif -%}
    {%- endfor -%}
    {{ return(newest.values() | sort(attribute='month') | list) }}
{%- endmacro %}

{#- The paths that match a glob pattern, as a list of strings (run at compile time). -#}
{% macro list_person_files(pattern) -%}
    {{ return(adapter.dispatch('list_person_files', 'jobcenter')(pattern)) }}
{%- endmacro %}

{% macro default__list_person_files(pattern) -%}
    {%- set listed = run_query("select file from glob('" ~ pattern ~ "') order by file") -%}
    {{ return(listed.columns[0].values() | list) }}
{%- endmacro %}

{#- A relation (for `from {{ read_person_dataset('x') }} as source`) over the dataset's current
    files with the dataset's columns and `load_id`; an empty relation of the same columns when
    there is no file, so a warehouse without person-level data builds as before. -#}
{% macro read_person_dataset(dataset) -%}
    {%- set files = person_dataset_files(dataset) -%}
    {%- set columns = person_dataset_columns(dataset) -%}
    {%- if files | length == 0 -%}
        (select
        {%- for column, data_type in columns %}
            cast(null as {{ data_type }}) as {{ column }},
        {%- endfor %}
            cast(null as {{ dbt.type_string() }}) as load_id
        where 1 = 0)
    {%- else -%}
        {{ adapter.dispatch('read_person_files', 'jobcenter')(files, columns) }}
    {%- endif -%}
{%- endmacro %}

{#- DuckDB: one scan of every current file (parallel, with filters on month_start pushed into
    the files' statistics), the load id from the file's folder. -#}
{% macro default__read_person_files(files, columns) -%}
    (select
    {%- for column, data_type in columns %}
        cast({{ column }} as {{ data_type }}) as {{ column }},
    {%- endfor %}
        regexp_extract(filename, '([^/]+)/payload/[^/]+$', 1) as load_id
    from read_parquet([
        {%- for file in files %}'{{ file.path }}'{{ ',' if not loop.last }}{% endfor -%}
    ], filename = true))
{%- endmacro %}

{#- PostgreSQL reads no Parquet: there the person-level models are built empty (the data is
    computed on DuckDB or Spark, and only its discreet aggregates are copied). -#}
{% macro postgres__list_person_files(pattern) -%}
    {{ return([]) }}
{%- endmacro %}

{#- An expression true when `load_id_expression` names a load recorded as synthetic (the
    demo's and the benchmark's generated data): the load records beside the files are read
    when the model is compiled, so the marts say what they are made of without joining the
    warehouse's raw_meta (which Spark does not have). -#}
{% macro person_load_is_synthetic(load_id_expression) -%}
    {%- set synthetic = [] -%}
    {%- if execute -%}
        {%- set pattern = var('person_landing_dir') ~ '/*/*/_load.json' -%}
        {%- for load_id in adapter.dispatch('synthetic_person_load_ids', 'jobcenter')(pattern) -%}
            {%- do synthetic.append(load_id) -%}
        {%- endfor -%}
    {%- endif -%}
    {%- if synthetic | length == 0 -%}
        false
    {%- else -%}
        ({{ load_id_expression }} in (
            {%- for load_id in synthetic | sort %}'{{ load_id }}'{{ ', ' if not loop.last }}{% endfor -%}
        ))
    {%- endif -%}
{%- endmacro %}

{% macro default__synthetic_person_load_ids(pattern) -%}
    {%- if list_person_files(pattern) | length == 0 -%}
        {{ return([]) }}
    {%- endif -%}
    {%- set found = run_query(
        "select load_id from read_json('" ~ pattern ~ "', format = 'auto') where is_synthetic"
    ) -%}
    {{ return(found.columns[0].values() | list) }}
{%- endmacro %}

{% macro postgres__synthetic_person_load_ids(pattern) -%}
    {{ return([]) }}
{%- endmacro %}
