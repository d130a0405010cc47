-- Every assessed year of fct_supervision_risk has a row for every municipality of the seed, so
-- "not at risk" is never confused with "not assessed". Fails with the missing municipalities.
select *
from (
    {{ test_covers_every_municipality(ref('fct_supervision_risk'), ['risk_year']) }}
) as missing
