{#- Cast text to integer, NULL where the text is not a whole number ("IALT", "100+", "").
    DuckDB has try_cast; PostgreSQL does not, so there a regular expression guards the cast.
    Use it instead of try_cast(... as integer) so the models build on every target. -#}
{% macro try_cast_integer(expression) -%}
    {{ return(adapter.dispatch('try_cast_integer', 'jobcenter')(expression)) }}
{%- endmacro %}

{% macro default__try_cast_integer(expression) -%}
    try_cast({{ expression }} as integer)
{%- endmacro %}

{% macro postgres__try_cast_integer(expression) -%}
    case
        when trim(cast({{ expression }} as text)) ~ '^[+-]?[0-9]{1,9}$'
            then cast(trim(cast({{ expression }} as text)) as integer)
    end
{%- endmacro %}
