-- The person-level workload as an engineer writes it by hand for DuckDB: the lower bound that
-- benchmarks/bench_national.py sets the dbt build against. It computes the same two unsuppressed
-- results as the dbt models (docs/person_level.md, "Benchmark: bench_national.py"):
--
--   handwritten_fokus      kommunekode x month_start: persons_count, samtaler_meeting_count,
--                          tilbud_meeting_count of the fokusmål target group
--   handwritten_full_time  kommunekode x benefit_group (and 'total') x quarter: person_weeks,
--                          persons_count
--
-- straight from the landing zone's Parquet files. The runner sets these variables first:
--   benefit_weeks_files, samtaler_files, offers_files, ordinary_hours_files
--       lists of Parquet paths, the newest load of each month (chosen in Python from the folders)
--   person_benefits_csv, thresholds_csv
--       seeds/person_benefits.csv and seeds/focus_goal_thresholds.csv
--   fokus_min_anciennitet_months
--       the dbt var of the same name (12)
--
-- Month index mi = year * 12 + month, so "the previous month" is mi - 1 across year ends.
-- Design: the benefit weeks (by far the biggest input) are read once and folded to one row per
-- person x month x kommune x benefit; both results come from that. The spells take one sort of
-- the person-months; the 12-month look-back takes one sort of a single event stream per person.

-- 1. One read of the weeks. The month of a week is its week_start's month (the month_start
-- column), and its quarter is that month's quarter, so the full-time persons need nothing finer.
create temp table week_parts as
select
    person_id,
    month_start,
    kommunekode,
    benefit_code,
    count(*) as weeks,
    min(week_start) as first_week,
    max(week_start) as last_week
from read_parquet(getvariable('benefit_weeks_files'))
group by all;

create temp table benefits as
select benefit_code, benefit_group, spell_rule, continues_from
from read_csv(getvariable('person_benefits_csv'), header = true, all_varchar = true);

-- Rule 4: full-time persons per kommune (of the week) x benefit group (of the week's benefit,
-- plus 'total') x quarter. First one row per person and cell (its group's and its 'total'
-- cell), so the persons are a count(*), not a count(distinct) over the grouping sets.
create table handwritten_full_time as
with person_cells as (
    select
        w.kommunekode,
        b.benefit_group,
        year(w.month_start) * 10 + quarter(w.month_start) as year_quarter,
        sum(w.weeks) as weeks
    from week_parts as w
    inner join benefits as b using (benefit_code)
    group by grouping sets (
        (w.person_id, w.kommunekode, b.benefit_group, year_quarter),
        (w.person_id, w.kommunekode, year_quarter)
    )
)

select
    kommunekode,
    coalesce(benefit_group, 'total') as benefit_group,
    (year_quarter // 10) || 'Q' || (year_quarter % 10) as quarter,
    sum(weeks)::bigint as person_weeks,
    count(*) as persons_count
from person_cells
group by all;

-- Rules 1-2: person-months and their spells, in one window pass (partition person, order mi).
create temp table target_group as
with person_months as (
    -- the LAST week of the month decides benefit and kommune (one benefit per person and week,
    -- so the last week is one row)
    select
        person_id,
        month_start,
        year(month_start) * 12 + month(month_start) as mi,
        arg_max(benefit_code, last_week) as benefit_code,
        arg_max(kommunekode, last_week) as kommunekode,
        min(first_week) as first_week,
        max(last_week) as last_week,
        sum(weeks)::bigint as weeks_in_month
    from week_parts
    group by person_id, month_start
),

with_prev as (
    select
        pm.*,
        b.spell_rule,
        b.continues_from,
        lag(pm.benefit_code) over person_order as prev_code,
        lag(pm.mi) over person_order as prev_mi,
        lag(pm.last_week) over person_order as prev_last_week,
        row_number() over person_order as month_number
    from person_months as pm
    inner join benefits as b using (benefit_code)
    window person_order as (partition by pm.person_id order by pm.mi)
),

spell_starts as (
    select
        *,
        case
            when prev_mi is null then true
            -- another benefit, unless it continues the previous one (kontanthjælp after
            -- selvforsørgelse)
            when benefit_code <> prev_code and prev_code is distinct from continues_from then true
            when spell_rule = 'calendar_month' then mi - prev_mi > 1
            when spell_rule = 'continuous_weeks' then
                mi - prev_mi > 1
                or first_week > prev_last_week + 7
                -- a week missing inside the month: fewer weeks than Mondays first..last
                or weeks_in_month < datediff('day', first_week, last_week) // 7 + 1
            -- sammenlagt ledighed: only 12 full months without the benefit end the spell
            when spell_rule = 'cumulative' then mi - prev_mi - 1 >= 12
            else error('unknown spell_rule ' || coalesce(spell_rule, 'NULL')
                || ' for benefit_code ' || benefit_code || ' in person_benefits.csv')
        end as is_spell_start
    from with_prev
),

anciennitet as (
    -- months in the spell so far = this month's number - the number of the spell's first month
    -- + 1; the latest start at or before this month is a running max (no second partition)
    select
        person_id,
        month_start,
        mi,
        kommunekode,
        month_number - max(case when is_spell_start then month_number end) over (
            partition by person_id order by mi rows between unbounded preceding and current row
        ) + 1 as anciennitet_months
    from spell_starts
)

select person_id, month_start, mi, kommunekode
from anciennitet
where anciennitet_months >= getvariable('fokus_min_anciennitet_months');

-- Rule 3: per target person-month, the 12 months M-11..M. One stream per person of target rows
-- and activity rows (samtaler per month, ordinary hours per month, offers at their start
-- month), ordered by mi; RANGE frames count whole months, and all rows of month M are peers of
-- the target row, so order within a month does not matter. An offer overlaps
-- [first day of M-11, last day of M] exactly when it starts in a month <= M and ends in a month
-- >= M-11: the running max of end months over offers started by M answers that.
create table handwritten_fokus as
with events as (
    select person_id, mi, kommunekode, month_start, true as is_target,
        0 as samtaler, 0::decimal(12, 2) as hours, null::integer as offer_end_mi
    from target_group
    union all
    select person_id, year(samtale_date) * 12 + month(samtale_date), null, null, false,
        count(*), 0, null
    from read_parquet(getvariable('samtaler_files'))
    group by all
    union all
    select person_id, year(month_start) * 12 + month(month_start), null, null, false,
        -- hours come in hundredths: summed exactly, so 225.00 in all meets 225
        0, ordinary_hours::decimal(12, 2), null
    from read_parquet(getvariable('ordinary_hours_files'))
    union all
    select person_id, year(offer_start) * 12 + month(offer_start), null, null, false,
        0, 0, year(offer_end) * 12 + month(offer_end)
    from read_parquet(getvariable('offers_files'))
),

looked_back as (
    select
        person_id,
        mi,
        kommunekode,
        month_start,
        is_target,
        sum(samtaler) over last_12 as samtaler_count,
        sum(hours) over last_12 as ordinary_hours,
        max(offer_end_mi) over (
            partition by person_id order by mi range between unbounded preceding and current row
        ) >= mi - 11 as has_offer
    from events
    window last_12 as (
        partition by person_id order by mi range between 11 preceding and current row
    )
),

-- the thresholds valid on the first day of each month (seeds/focus_goal_thresholds.csv, applied
-- rows only); a month with none applied meets nothing
thresholds as (
    select
        threshold_code,
        valid_from::date as valid_from,
        nullif(valid_to, '')::date as valid_to,
        threshold_value::double as threshold_value
    from read_csv(getvariable('thresholds_csv'), header = true, all_varchar = true)
    where is_applied = 'true'
        and threshold_code in ('samtaler_min_count', 'tilbud_min_ordinary_hours')
),

monthly_thresholds as (
    select
        m.month_start,
        max(t.threshold_value) filter (where t.threshold_code = 'samtaler_min_count')
            as samtaler_min_count,
        max(t.threshold_value) filter (where t.threshold_code = 'tilbud_min_ordinary_hours')
            as tilbud_min_ordinary_hours
    from (
        select unnest(generate_series(date '1990-01-01', date '2100-12-01', interval 1 month))::date
            as month_start
    ) as m
    inner join thresholds as t
        on m.month_start >= t.valid_from
        and (t.valid_to is null or m.month_start <= t.valid_to)
    group by m.month_start
)

select
    l.kommunekode,
    l.month_start,
    count(*) as persons_count,
    count(*) filter (where l.samtaler_count >= th.samtaler_min_count) as samtaler_meeting_count,
    count(*) filter (
        where coalesce(l.has_offer, false) or l.ordinary_hours >= th.tilbud_min_ordinary_hours
    ) as tilbud_meeting_count
from looked_back as l
left join monthly_thresholds as th using (month_start)
where l.is_target
group by l.kommunekode, l.month_start;
