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
        {#- a load still being written sits in a .tmp-* folder (orchestration/landing.py): its
            file may be half written, and it is not a load yet -#}
        {%- if path.split('/')[-3].startswith('.') -%}
        {%- elif not found -%}
            {#- e.g. benefit_weeks_2024-1.parquet: skipping it would silently drop its rows -#}
            {{ exceptions.raise_compiler_error(
                "read_person_dataset('" ~ dataset ~ "'): landing file " ~ path ~ " is not named "
                ~ dataset ~ "_<YYYY-MM>.parquet, so the month it holds is unknown") }}
        {%- else -%}
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

{#- Spark: one scan per file, union all, each with its load id as a literal (Spark plans the
    scans as one job). Cast as on DuckDB, so both engines' columns have the same types. -#}
{% macro spark__read_person_files(files, columns) -%}
    (
    {%- for file in files %}
    select
        {%- for column, data_type in columns %}
        cast({{ column }} as {{ data_type }}) as {{ column }},
        {%- endfor %}
        '{{ file.load_id }}' as load_id
    from parquet.`{{ file.path }}`
    {{- '\n    union all' if not loop.last }}
    {%- endfor %}
    )
{%- endmacro %}

{#- Spark: `parquet.`<glob>`` and `binaryFile.`<glob>`` fail with PATH_NOT_FOUND when nothing
    matches (a dataset never landed), and Jinja cannot catch that; a catalogue table over a
    missing location reads as empty. So the listing is an external binaryFile table over the
    pattern's fixed leading folder, listed recursively: file metadata only (its content column
    is never selected, so no file is read), dropped again at once (dropping an external table
    leaves the files alone). The paths come back as file: URIs, which parquet.`…` reads; the
    rest of the pattern is matched here. -#}
{% macro spark__list_person_files(pattern) -%}
    {%- set fixed = namespace(parts=[], done=false) -%}
    {%- for part in pattern.split('/') -%}
        {%- if '*' in part or '?' in part or '[' in part -%}{%- set fixed.done = true -%}{%- endif -%}
        {%- if not fixed.done -%}{%- do fixed.parts.append(part) -%}{%- endif -%}
    {%- endfor -%}
    {%- set folder = fixed.parts | join('/') -%}
    {%- if '`' in pattern or "'" in pattern -%}
        {{ exceptions.raise_compiler_error(
            "list_person_files: Spark cannot list " ~ pattern ~ " (a quote or backtick in the path)") }}
    {%- endif -%}
    {%- set glob_regex = '^(file:)?' ~ (modules.re.escape(pattern)
        | replace('\\*', '[^/]*') | replace('\\?', '[^/]')) ~ '$' -%}
    {%- set table = adapter.dispatch('person_listing_table', 'jobcenter')() -%}
    {%- do run_query('drop table if exists ' ~ table) -%}
    {%- do run_query(
        'create table ' ~ table
        ~ ' (path string, modificationTime timestamp, length bigint, content binary)'
        ~ " using binaryFile options (recursiveFileLookup 'true') location '" ~ folder ~ "'") -%}
    {%- set listed = run_query('select path from ' ~ table ~ ' order by path') -%}
    {%- do run_query('drop table if exists ' ~ table) -%}
    {%- set matching = [] -%}
    {%- for path in listed.columns[0].values() -%}
        {%- if modules.re.match(glob_regex, path) -%}{%- do matching.append(path) -%}{%- endif -%}
    {%- endfor -%}
    {{ return(matching) }}
{%- endmacro %}

{#- The scratch table of spark__list_person_files: in the compiling model's schema, which dbt
    has created before it compiles the model (one per model: two threads never share one). -#}
{% macro default__person_listing_table() -%}
    {{ return(this.schema ~ '.' ~ this.identifier ~ '__person_files') }}
{%- endmacro %}

{#- Spark cannot read the load records: it skips every file whose name starts with `_` (its
    hidden files, such as _SUCCESS), in a folder listing and in a glob alike, so _load.json is
    invisible to it. The caller names the synthetic loads instead, in var
    person_synthetic_load_ids (a list; [] for real data), e.g. from the load records:
    dbt run --target spark --vars '{person_synthetic_load_ids: [...]}'. Without the var the
    build stops: a mart must never call synthetic data real. -#}
{% macro spark__synthetic_person_load_ids(pattern) -%}
    {%- set given = var('person_synthetic_load_ids', none) -%}
    {%- if given is none -%}
        {{ exceptions.raise_compiler_error(
            "On Spark the synthetic person-level loads must be named in var "
            ~ "person_synthetic_load_ids (Spark cannot read the _load.json records): "
            ~ "--vars '{person_synthetic_load_ids: [...]}', [] for real data (docs/person_level.md#spark)") }}
    {%- endif -%}
    {{ return(given | list) }}
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
