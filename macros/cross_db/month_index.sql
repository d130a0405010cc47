{#- A date's month as one integer, year × 12 + month (January 2024 = 24289), so that months
    subtract and window frames can be ranges of months ("the 12 months ending in M" =
    `range between 11 preceding and current row`). Portable SQL in every engine. -#}
{% macro month_index(date_expression) -%}
    cast(extract(year from {{ date_expression }}) * 12 + extract(month from {{ date_expression }}) as integer)
{%- endmacro %}
