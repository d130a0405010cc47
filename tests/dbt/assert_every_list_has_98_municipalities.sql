-- Completeness: every benchmark list (period × benefit group) ranks all 98 municipalities.
select
    period_code,
    benefit_group,
    count(*) as municipalities
from {{ ref('fct_benchmark') }}
group by period_code, benefit_group
having count(*) <> 98
