{#- Use the folder's schema name as is (staging, intermediate, marts, reference) instead of dbt's
    default "<target schema>_<custom>", so BI users find the marts in a schema called "marts". -#}
{% macro generate_schema_name(custom_schema_name, node) -%}
    {%- if custom_schema_name is none -%}
        {{ target.schema }}
    {%- else -%}
        {{ custom_schema_name | trim }}
    {%- endif -%}
{%- endmacro %}
