{#- One row per month of the person-level data (the months of the current benefit_weeks files):
    month_index and month_start, as literal rows, so a model can reach every month (an offer's
    months, a month's thresholds) without a calendar table or an engine's series function. -#}
{% macro person_month_spine() -%}
    {%- set months = person_dataset_files('benefit_weeks') | map(attribute='month') | list -%}
    {%- if months | length == 0 -%}
    select cast(null as integer) as month_index, cast(null as date) as month_start where 1 = 0
    {%- else -%}
    {%- for month in months %}
    select
        {{ (month[0:4] | int) * 12 + (month[5:7] | int) }} as month_index,
        date '{{ month }}-01' as month_start
    {{- '\n    union all' if not loop.last }}
    {%- endfor %}
    {%- endif -%}
{%- endmacro %}
