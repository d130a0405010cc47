{#- The first day of the month with month index `index_expression` (year * 12 + month, as
    month_index makes it), as a date: month_start_of(month_index(d)) is d's month's first day.
    Integer arithmetic only (no integer division operator differs: // DuckDB, div Spark). -#}
{% macro month_start_of(index_expression) -%}
    {{ return(adapter.dispatch('month_start_of', 'jobcenter')(index_expression)) }}
{%- endmacro %}

{% macro default__month_start_of(index_expression) -%}
    make_date(
        cast(({{ index_expression }} - 1) // 12 as integer),
        cast(({{ index_expression }} - 1) % 12 + 1 as integer),
        1
    )
{%- endmacro %}

{% macro postgres__month_start_of(index_expression) -%}
    make_date(
        cast(({{ index_expression }} - 1) / 12 as integer),
        cast(({{ index_expression }} - 1) % 12 + 1 as integer),
        1
    )
{%- endmacro %}

{% macro spark__month_start_of(index_expression) -%}
    make_date(
        cast(({{ index_expression }} - 1) div 12 as int),
        cast(({{ index_expression }} - 1) % 12 + 1 as int),
        1
    )
{%- endmacro %}
