{#
    The freshness of a raw source: when its newest load was received, from the landing zone's
    load records (raw_meta.load_record, written with each load's rows). The raw tables carry only
    the load id; the time of receipt lives once, in the load record.
    Used as a source table's `loaded_at_query` (`dbt source freshness`).
#}
{% macro load_record_received_at(source_name, table_name) %}
    select max(received_at)
    from {{ source('raw_meta', 'load_record') }}
    where source = '{{ source_name }}' and table_name = '{{ table_name }}'
{% endmacro %}
