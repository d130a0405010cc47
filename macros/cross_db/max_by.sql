{#- The value of `value_expression` on the row where `order_expression` is largest, as an
    aggregate (DuckDB and Spark: max_by; PostgreSQL has no such aggregate: the first element of
    an array ordered descending). Ties: any one of the tied rows' values. -#}
{% macro max_by(value_expression, order_expression) -%}
    {{ return(adapter.dispatch('max_by', 'jobcenter')(value_expression, order_expression)) }}
{%- endmacro %}

{% macro default__max_by(value_expression, order_expression) -%}
    max_by({{ value_expression }}, {{ order_expression }})
{%- endmacro %}

{% macro postgres__max_by(value_expression, order_expression) -%}
    (array_agg({{ value_expression }} order by {{ order_expression }} desc))[1]
{%- endmacro %}
