{#- Primary-key test over several columns, named and shaped as dbt_utils names it
    (the dbt hub is not reachable here). Fails with one row per duplicated key. -#}
{% test unique_combination_of_columns(model, combination_of_columns) %}
    {%- set columns_csv = combination_of_columns | join(', ') %}
    select
        {{ columns_csv }},
        count(*) as n_records
    from {{ model }}
    group by {{ columns_csv }}
    having count(*) > 1
{% endtest %}
