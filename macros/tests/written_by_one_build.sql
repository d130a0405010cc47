{#- An incremental person-level table (docs/person_level.md#incremental-builds) rewrites whole
    months (or quarters: period_column): every row of a period must come from one build, the
    one that last wrote it. Rows of a period with two built_through_load_id values mean a build
    added rows without replacing the period's old ones, which would count them twice. Within
    one build each key is one row by the model's own grouping, so this is what can break the
    key, and it reads two narrow columns instead of grouping the whole table by its key. -#}
{% test written_by_one_build(model, period_column='month_index') %}
    select
        {{ period_column }},
        count(distinct built_through_load_id) as builds
    from {{ model }}
    group by {{ period_column }}
    having count(distinct built_through_load_id) > 1
{% endtest %}
