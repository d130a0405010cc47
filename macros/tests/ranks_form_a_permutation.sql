{#- Within each list (`partition_by`), the ranks are 1, 2, …, n with every rank once.

    n is the number of ranked rows in the list (rows whose rank is NULL are not ranked). Fails
    with one row per list that is not a permutation: the list's keys, n, the distinct ranks,
    the lowest and the highest rank. -#}
{% test ranks_form_a_permutation(model, column_name, partition_by) %}
    with

    lists as (
        select
            {%- for column in partition_by %}
                {{ column }},
            {%- endfor %}
            count({{ column_name }}) as ranked_rows,
            count(distinct {{ column_name }}) as distinct_ranks,
            min({{ column_name }}) as lowest_rank,
            max({{ column_name }}) as highest_rank
        from {{ model }}
        group by {{ partition_by | join(', ') }}
    )

    select *
    from lists
    where
        ranked_rows > 0
        and (
            distinct_ranks <> ranked_rows
            or lowest_rank <> 1
            or highest_rank <> ranked_rows
        )
{% endtest %}
