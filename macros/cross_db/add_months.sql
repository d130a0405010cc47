{#- A date `n` calendar months after `date_expression` (n may be negative or an expression), as a
    date; the day of month is clamped to the target month's last day (2024-01-31 + 1 month =
    2024-02-29) in every engine. Use it on a month's first day to step months. -#}
{% macro add_months(date_expression, n) -%}
    {{ return(adapter.dispatch('add_months', 'jobcenter')(date_expression, n)) }}
{%- endmacro %}

{% macro default__add_months(date_expression, n) -%}
    cast({{ date_expression }} + to_months(cast({{ n }} as integer)) as date)
{%- endmacro %}

{% macro postgres__add_months(date_expression, n) -%}
    cast({{ date_expression }} + make_interval(months => cast({{ n }} as integer)) as date)
{%- endmacro %}

{% macro spark__add_months(date_expression, n) -%}
    add_months({{ date_expression }}, cast({{ n }} as int))
{%- endmacro %}
