-- The benchmark list periods loaded in the warehouse: months, Danish label, approximate
-- publication month and the list sequence (see int_benchmark__periods).
with

periods as (
    select * from {{ ref('int_benchmark__periods') }}
),

final as (
    select
        period_code,
        period_type,
        period_year,
        first_month,
        last_month,
        period_label_da,
        period_label_en,
        approx_publication_month,
        list_sequence,
        list_sequence_in_type,
        previous_period_code_same_type,
        previous_period_code_any,
        is_latest,
        is_latest_of_type
    from periods
)

select * from final
