{#- unique_combination_of_columns over the months an incremental person-level table's latest
    build wrote (docs/person_level.md#incremental-builds): from the first month (or quarter:
    period_column) of the rows with the newest built_through_load_id on. Two rows of a key can
    only come from that build (an overlap with rows it should have replaced), so this finds
    every duplicate, while after an incremental build it reads the new month, not the whole
    history. A full build wrote every month: then the whole table. -#}
{% test unique_combination_in_latest_build(model, combination_of_columns, period_column='month_index') %}
    {%- set columns_csv = combination_of_columns | join(', ') %}
    with

    latest_build as (
        select min({{ period_column }}) as first_period
        from {{ model }}
        where built_through_load_id = (select max(built_through_load_id) from {{ model }})
    )

    select
        {{ columns_csv }},
        count(*) as n_records
    from {{ model }}
    where {{ period_column }} >= (select first_period from latest_build)
    group by {{ columns_csv }}
    having count(*) > 1
{% endtest %}
