{#
    The kommunekode of a jobindsats area: 0 for the national row ("Hele landet"; "All Denmark"
    in the English export), else the municipality's code from the seed joined on its name (NULL
    for an area that is not one of the 98, which the parser refuses before it is loaded). The one
    home of this rule for every staging model of a jobindsats table with a national row.
#}
{% macro area_kommunekode(area_name, municipality_kommunekode) -%}
    case
        when {{ area_name }} in ('Hele landet', 'All Denmark') then 0
        else {{ municipality_kommunekode }}
    end
{%- endmacro %}
