{#- The date `n` days after `date_expression` (n an integer, may be negative), as a date. -#}
{% macro date_add_days(date_expression, n) -%}
    {{ return(adapter.dispatch('date_add_days', 'jobcenter')(date_expression, n)) }}
{%- endmacro %}

{% macro default__date_add_days(date_expression, n) -%}
    cast({{ date_expression }} + to_days(cast({{ n }} as integer)) as date)
{%- endmacro %}

{% macro postgres__date_add_days(date_expression, n) -%}
    ({{ date_expression }} + cast({{ n }} as integer))
{%- endmacro %}

{% macro spark__date_add_days(date_expression, n) -%}
    date_add({{ date_expression }}, cast({{ n }} as int))
{%- endmacro %}
