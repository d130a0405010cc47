-- One row per person × month with activity the fokusmål count: samtaler held, ordinary hours
-- worked, and the last month of the offers that started in the month. An offer runs in the 12
-- months ending in M exactly when it starts in a month up to M and ends in M − 11 or later, so
-- a running maximum of the end months (int_persons__fokus_target_group) answers it without
-- spreading each offer over its months. Months without a benefit count too: the fokusmål look
-- at the 12 months before, whatever the person received in each of them.
with

samtaler as (
    select * from {{ ref('stg_persons__samtaler') }}
),

ordinary_hours as (
    select * from {{ ref('stg_persons__ordinary_hours') }}
),

offers as (
    select * from {{ ref('stg_persons__offers') }}
),

samtale_months as (
    select
        person_id,
        month_index,
        month_start,
        count(*) as samtaler_count,
        cast(0 as decimal(12, 2)) as ordinary_hours,
        cast(null as integer) as offer_end_month_index
    from samtaler
    group by person_id, month_index, month_start
),

hour_months as (
    select
        person_id,
        month_index,
        month_start,
        0 as samtaler_count,
        sum(ordinary_hours) as ordinary_hours,
        cast(null as integer) as offer_end_month_index
    from ordinary_hours
    group by person_id, month_index, month_start
),

offer_months as (
    select
        person_id,
        offer_start_month_index as month_index,
        month_start,
        0 as samtaler_count,
        cast(0 as decimal(12, 2)) as ordinary_hours,
        max(offer_end_month_index) as offer_end_month_index
    from offers
    group by person_id, offer_start_month_index, month_start
),

unioned as (
    select * from samtale_months
    union all
    select * from hour_months
    union all
    select * from offer_months
),

final as (
    select
        -- keys
        person_id,
        month_index,
        -- the month
        month_start,
        -- the month's activity
        cast(sum(samtaler_count) as integer) as samtaler_count,
        cast(sum(ordinary_hours) as decimal(12, 2)) as ordinary_hours,
        cast(max(offer_end_month_index) as integer) as latest_offer_end_month_index
    from unioned
    group by person_id, month_index, month_start
)

select * from final
