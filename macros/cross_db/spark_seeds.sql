{#- Seeds on Spark. The seeds' column_types are written for DuckDB and PostgreSQL (`varchar`),
    which Spark refuses without a length (DATATYPE_MISSING_SIZE); its string type is `string`.
    These are dbt-spark 1.11's spark__create_csv_table and spark__load_csv_rows (the root
    project's macros take precedence over the adapter's) with that translation, so one seed
    config serves every engine; and the rows are inserted as plain VALUES cast once per column
    in a projection, not one cast per cell (dbt-spark's way, slow to analyse for Spark). Only
    the person-level models' few seeds are loaded on Spark (docs/person_level.md#spark). -#}
{% macro spark_seed_column_type(model, agate_table, index) -%}
    {%- set column_override = model['config'].get('column_types', {}) -%}
    {%- set inferred_type = adapter.convert_type(agate_table, index) -%}
    {%- set type = column_override.get(agate_table.column_names[index], inferred_type) -%}
    {{ return('string' if type | lower in ('varchar', 'text') else type) }}
{%- endmacro %}

{% macro spark__create_csv_table(model, agate_table) %}
  {%- set column_override = model['config'].get('column_types', {}) -%}
  {%- set quote_seed_column = model['config'].get('quote_columns', None) -%}

  {% set sql %}
    create table {{ this.render() }} (
        {%- for col_name in agate_table.column_names -%}
            {%- set type = spark_seed_column_type(model, agate_table, loop.index0) -%}
            {%- set column_name = (col_name | string) -%}
            {{ adapter.quote_seed_column(column_name, quote_seed_column) }} {{ type }} {%- if not loop.last -%}, {%- endif -%}
        {%- endfor -%}
    )
    {{ file_format_clause() }}
    {{ partition_cols(label="partitioned by") }}
    {{ clustered_cols(label="clustered by") }}
    {{ location_clause() }}
    {{ comment_clause() }}
  {% endset %}

  {% call statement('_') -%}
    {{ sql }}
  {%- endcall %}

  {{ return(sql) }}
{% endmacro %}

{#- The rows are written as literals here, not bound: dbt-spark 1.11's session cursor binds a
    value as '<value>' unescaped, so a quote in a seed (STAR's) breaks the statement and an
    empty cell arrives as the string 'None'. -#}
{% macro spark__load_csv_rows(model, agate_table) %}
  {%- set statements = [] -%}
  {%- for chunk in agate_table.rows | batch(get_batch_size()) -%}
      {%- set sql -%}
          insert into {{ this.render() }}
          select
          {%- for col_name in agate_table.column_names %}
              cast(`col{{ loop.index0 }}` as {{ spark_seed_column_type(model, agate_table, loop.index0) }})
              {{- ',' if not loop.last }}
          {%- endfor %}
          from values
          {% for row in chunk -%}
              ({%- for value in row -%}
                  {{ spark_seed_literal(value) }}{{ ',' if not loop.last }}
              {%- endfor -%}){{ ',' if not loop.last }}
          {%- endfor %}
          as seed_rows(
          {%- for col_name in agate_table.column_names -%}
              `col{{ loop.index0 }}`{{ ', ' if not loop.last }}
          {%- endfor -%})
      {%- endset -%}
      {%- do adapter.add_query(sql, abridge_sql_log=True) -%}
      {%- if loop.index0 == 0 -%}{%- do statements.append(sql) -%}{%- endif -%}
  {%- endfor -%}
  {{ return(statements[0]) }}
{% endmacro %}

{#- A seed cell as a Spark SQL literal: NULL for an empty cell, true/false, a number as written,
    anything else (text, a date agate parsed) as a string literal with backslash escapes. The
    projection's cast gives it the column's type. -#}
{% macro spark_seed_literal(value) -%}
    {%- if value is none -%}
        null
    {%- elif value is sameas true or value is sameas false -%}
        {{ 'true' if value else 'false' }}
    {%- elif value is number -%}
        {{ value }}
    {%- else -%}
        '{{ (value | string) | replace('\\', '\\\\') | replace("'", "\\'") }}'
    {%- endif -%}
{%- endmacro %}
