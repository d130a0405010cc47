{#- One row per month of the person-level data (the months of the current benefit_weeks files):
    month_index, month_start and the load id of the month's current benefit_weeks file, as
    literal rows, so a model can reach every month (an offer's months, a month's thresholds)
    without a calendar table or an engine's series function, and a result can name the file a
    month was computed from without carrying a load id through every person row. -#}
{% macro person_month_spine() -%}
    {%- set files = person_dataset_files('benefit_weeks') -%}
    {%- if files | length == 0 -%}
    select
        cast(null as integer) as month_index,
        cast(null as date) as month_start,
        cast(null as {{ type_string() }}) as load_id
    where 1 = 0
    {%- else -%}
    {%- for file in files %}
    select
        {{ person_month_index(file.month) }} as month_index,
        date '{{ file.month }}-01' as month_start,
        '{{ file.load_id }}' as load_id
    {{- '\n    union all' if not loop.last }}
    {%- endfor %}
    {%- endif -%}
{%- endmacro %}
