{#- The days from date `a` to date `b` (b - a: positive when b is later), as an integer. DuckDB's
    datediff('day', a, b), Spark's datediff(b, a) and PostgreSQL's b - a, in one order. -#}
{% macro days_between(a, b) -%}
    {{ return(adapter.dispatch('days_between', 'jobcenter')(a, b)) }}
{%- endmacro %}

{% macro default__days_between(a, b) -%}
    cast(datediff('day', {{ a }}, {{ b }}) as integer)
{%- endmacro %}

{% macro postgres__days_between(a, b) -%}
    ({{ b }} - {{ a }})
{%- endmacro %}

{% macro spark__days_between(a, b) -%}
    datediff({{ b }}, {{ a }})
{%- endmacro %}
