-- The four benefit groups of the benchmark, with the public-finance value of one full-time
-- person that applies to each (its own seed row where there is one, else the all-groups row).
with

benefit_groups as (
    select * from {{ ref('benefit_groups') }}
),

value_rates as (
    select * from {{ ref('public_finance_value_per_fulltime_person') }}
    where value_basis = 'public_finance_gain'
),

rated as (
    select
        benefit_groups.benefit_group,
        value_rates.value_dkk_per_fulltime_person_year,
        value_rates.price_year,
        row_number() over (
            partition by benefit_groups.benefit_group
            order by case when value_rates.benefit_group is null then 1 else 0 end
        ) as specificity
    from benefit_groups
    inner join value_rates
        on
            benefit_groups.benefit_group = value_rates.benefit_group
            or value_rates.benefit_group is null
),

final as (
    select
        benefit_groups.benefit_group,
        benefit_groups.benefit_group_label_da,
        benefit_groups.benefit_group_name_en,
        benefit_groups.sort_order,
        benefit_groups.is_total,
        benefit_groups.benefit_area_description_da,
        rated.value_dkk_per_fulltime_person_year as value_per_fulltime_person_dkk,
        rated.price_year as value_price_year
    from benefit_groups
    left join rated
        on
            benefit_groups.benefit_group = rated.benefit_group
            and rated.specificity = 1
)

select * from final
