{#- Row-level assertion, as dbt_utils.expression_is_true: fails with the rows where the
    expression is not true. -#}
{% test expression_is_true(model, expression, where_clause=none) %}
    select *
    from {{ model }}
    where not ({{ expression }})
    {%- if where_clause %} and ({{ where_clause }}){% endif %}
{% endtest %}
