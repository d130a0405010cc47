-- One row per person × month with any activity the fokusmål count: samtaler held, ordinary
-- hours worked and whether an active offer ran in the month (an offer spans every month from
-- its start to its end). Months without a benefit count too: the fokusmål look at the 12 months
-- before, whatever the person received in each of them.
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

month_spine as (
    -- every month of the data, which an offer spans from its start to its end
    {{ person_month_spine() }}
),

samtale_months as (
    select
        person_id,
        month_index,
        count(*) as samtaler_count,
        cast(0 as decimal(12, 2)) as ordinary_hours,
        0 as has_offer
    from samtaler
    group by person_id, month_index
),

hour_months as (
    select
        person_id,
        month_index,
        0 as samtaler_count,
        sum(ordinary_hours) as ordinary_hours,
        0 as has_offer
    from ordinary_hours
    group by person_id, month_index
),

offer_months as (
    select distinct
        offers.person_id,
        month_spine.month_index,
        0 as samtaler_count,
        cast(0 as decimal(12, 2)) as ordinary_hours,
        1 as has_offer
    from offers
    inner join month_spine
        on
            month_spine.month_index >= offers.offer_start_month_index
            and month_spine.month_index <= offers.offer_end_month_index
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
        -- the month's activity
        cast(sum(samtaler_count) as integer) as samtaler_count,
        cast(sum(ordinary_hours) as decimal(12, 2)) as ordinary_hours,
        cast(max(has_offer) as integer) as has_offer
    from unioned
    group by person_id, month_index
)

select * from final
