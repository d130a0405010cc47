{#- Days since 1970-01-01 of a date, as an integer: date arithmetic without the engines'
    different datediff signatures (DuckDB datediff('day', a, b), Spark datediff(b, a),
    PostgreSQL date - date). Two days' numbers subtract to the days between them. -#}
{% macro day_number(date_expression) -%}
    {{ return(adapter.dispatch('day_number', 'jobcenter')(date_expression)) }}
{%- endmacro %}

{% macro default__day_number(date_expression) -%}
    cast(datediff('day', date '1970-01-01', {{ date_expression }}) as integer)
{%- endmacro %}

{% macro postgres__day_number(date_expression) -%}
    ({{ date_expression }} - date '1970-01-01')
{%- endmacro %}

{% macro spark__day_number(date_expression) -%}
    datediff({{ date_expression }}, date '1970-01-01')
{%- endmacro %}
