"""Danish column headers of the exports, from the dbt manifest's column entries.

The rules of `danish_header`; `LABELS_DA` holds the headers of columns whose dbt description is
in English (a column's `meta.label_da` wins; the vocabulary is moving into the dbt YAML).
"""

from __future__ import annotations

import re
from typing import Any

# Danish headers of the columns that recur across marts, for columns whose dbt description is
# in English. A column's own `meta: {label_da: ...}` in the dbt YAML wins over this list.
LABELS_DA = {
    "kommunekode": "Kommunekode",
    "municipality_name": "Kommune",
    "period_code": "Periode",
    "period_type": "Listetype",
    "period_year": "År",
    "benefit_group": "Ydelsesgruppe",
    "expected_count": "Forventet antal fuldtidspersoner",
    "actual_count": "Faktisk antal fuldtidspersoner",
    "diff_count": "Forskel i antal (faktisk − forventet)",
    "expected_share_pct": "Forventet andel (pct.)",
    "actual_share_pct": "Faktisk andel (pct.)",
    "diff_share_pp": "Forskel i andel (pct.-point)",
    "is_better_than_expected": "Bedre end forventet",
    "published_rank": "Offentliggjort placering",
    "rank_computed": "Beregnet placering",
    "rank_band_low": "Bedst mulige placering",
    "rank_band_high": "Dårligst mulige placering",
    "rank_national": "Placering i hele landet",
    "municipalities_in_list": "Kommuner på listen",
    "region": "Region",
    "rank_region": "Placering i regionen",
    "municipalities_in_region": "Kommuner i regionen",
    "landsdel": "Landsdel",
    "rank_landsdel": "Placering i landsdelen",
    "municipalities_in_landsdel": "Kommuner i landsdelen",
    "is_jutland": "I Jylland",
    "jutland_or_islands": "Jylland/Øerne",
    "rank_jutland_or_islands": "Placering i Jylland/på Øerne",
    "peer_group_description": "Sammenligningsgruppe",
    "peer_group_size": "Kommuner i sammenligningsgruppen",
    "rank_in_peer_group": "Placering i sammenligningsgruppen",
    "peer_group_members": "Sammenligningsgruppens kommuner",
    "load_id": "Indlæsnings-id",
    "version_number": "Version",
    "is_synthetic": "Syntetiske data",
    "plan_year": "Planår",
    "goal_code": "Målnummer",
    "title_da": "Hvad følges der op på?",
    "measure_code": "Målekode",
    "unit": "Enhed",
    "measured_value": "Værdi",
    "target_value": "Målsætning",
    "required_value": "Krav",
    "national_value": "Landsplan",
    "status": "Status",
    "status_reason": "Begrundelse for status",
    "gap": "Afstand til krav",
    "trend": "Udvikling",
    "comparator": "Sammenligning",
    "as_of_date": "Opgjort pr.",
    "risk_year": "Vurderingsår",
    "risk_status": "Risiko for skærpet tilsyn",
    "reason_da": "Begrundelse",
    "reason_en": "Begrundelse (engelsk)",
    "run_id": "Kørsels-id",
    "data_version": "Dataversion",
    "checked_at": "Kontrolleret",
    "municipalities_in_jutland_or_islands": "Kommuner i Jylland/på Øerne",
    "peer_group_id": "Sammenligningsgruppe (id)",
    "previous_period_code_same_type": "Forrige liste af samme type",
    "previous_rank_same_type": "Placering på forrige liste af samme type",
    "rank_change_previous": "Ændring siden forrige liste af samme type (pladser)",
    "previous_period_code_any": "Forrige liste",
    "previous_rank_any": "Placering på forrige liste",
    "rank_change_previous_any": "Ændring siden forrige liste (pladser)",
    "first_period_code": "Første liste",
    "first_rank": "Placering på første liste",
    "rank_change_first": "Ændring siden første liste (pladser)",
    "best_rank_so_far": "Bedste placering hidtil",
    "population_16_66": "Indbyggere 16-66 år",
    "population_source": "Kilde til befolkningstal",
    "diff_per_1000_pop_16_66": "Forskel pr. 1.000 indbyggere 16-66 år",
    "value_per_fulltime_person_dkk": "Værdi pr. fuldtidsperson (kr.)",
    "value_price_year": "Prisniveau (år)",
    "estimated_value_dkk": "Anslået værdi af forskellen (kr. pr. år)",
    "estimated_municipal_saving_low_dkk": "Anslået kommunal besparelse, lav (kr.)",
    "estimated_municipal_saving_high_dkk": "Anslået kommunal besparelse, høj (kr.)",
    "period_label_da": "Periode (tekst)",
    "period_label_en": "Periode (engelsk)",
    "first_month": "Første måned",
    "last_month": "Sidste måned",
    "approx_publication_month": "Forventet offentliggørelse",
    "list_sequence": "Listenummer",
    "list_sequence_in_type": "Listenummer inden for typen",
    "is_latest": "Nyeste liste",
    "is_latest_of_type": "Nyeste liste af typen",
    "benchmark_period_code": "Benchmarkliste",
    "benchmark_load_id": "Benchmarkliste, indlæsnings-id",
    "is_worse_than_expected": "Flere end forventet",
    "samtaler_share_pct": "Fokusmål samtaler (pct.)",
    "samtaler_threshold_pct": "Krav, samtaler (pct.)",
    "is_samtaler_met": "Samtaler opfyldt",
    "tilbud_share_pct": "Fokusmål tilbud (pct.)",
    "tilbud_threshold_pct": "Krav, tilbud (pct.)",
    "tilbud_hours_rule": "Timer der tæller som tilbud",
    "is_tilbud_suspended": "Tilbudsmål suspenderet",
    "is_tilbud_met": "Tilbud opfyldt",
    "are_focus_goals_met": "Fokusmål opfyldt",
    "focus_months_with_data": "Måneder med data",
    "goal_level": "Måltype",
    "ministermaal": "Ministermål",
    "direction": "Retning",
    "period_end_date": "Periodens slutdato",
    "due_date": "Forfaldsdato",
    "evaluated_as_of": "Vurderet pr.",
    "numerator": "Tæller",
    "denominator": "Nævner",
    "baseline_period_code": "Basisperiode",
    "baseline_value": "Basisværdi",
    "national_value_basis": "Grundlag for landstal",
    "previous_period_code": "Forrige periode",
    "previous_value": "Forrige værdi",
    "change_vs_previous": "Ændring fra forrige periode",
    "is_last_period_of_year": "Årets sidste periode",
    "source_table": "Kilde",
    "sort_order": "Rækkefølge",
    "region_code": "Regionskode",
    "landsdel_nuts3_code": "NUTS-3-kode",
    "rule_id": "Regel",
    "rule_description": "Regel (beskrivelse)",
    "check_source": "Kontrolværktøj",
    "suite": "Kontrolsuite",
    "layer": "Lag",
    "asset": "Tabel",
    "severity": "Alvorlighed",
    "observed_value": "Observeret værdi",
    "threshold": "Grænse",
    "is_passed": "Bestået",
    "failing_count": "Antal fejlende rækker",
    "failing_keys": "Fejlende nøgler",
    "message": "Besked",
    "git_commit": "Git-commit",
    "check_result_id": "Kontrolresultat-id",
    "input_load_count": "Antal indlæsninger",
    "input_files": "Indlæste filer",
    # fct_benchmark_explained, fct_benchmark_top_bottom, fct_benchmark_trajectory
    "list_position": "Placering i listen (kvartil)",
    "strongest_benefit_group": "Stærkeste ydelsesområde",
    "weakest_benefit_group": "Svageste ydelsesområde",
    "list_end": "Top eller bund",
    "position_from_end": "Nummer fra toppen/bunden",
    "period_end_month": "Periodens sidste måned",
    # dim_municipality, dim_benefit_group
    "population_2024_01_01": "Folketal 1. januar 2024",
    "population_2026_01_01": "Folketal 1. januar 2026",
    "population_16_66_latest": "Indbyggere 16-66 år, seneste",
    "population_16_66_quarter": "Kvartal for indbyggere 16-66 år",
    "benefit_group_label_da": "Ydelsesgruppe",
    "benefit_group_name_en": "Ydelsesgruppe (engelsk)",
    "is_total": "Alle ydelsesgrupper i alt",
    "benefit_area_description_da": "Indhold (ministeriets beskrivelse)",
    # dim_goal, fct_goal_measurement
    "goal_key": "Målnøgle",
    "measured_da": "Hvad måles der på?",
    "target_da": "Mål",
    "follow_up_da": "Hvornår følges der op?",
    "comparator_rule_da": "Regel for opfyldelse",
    "comparator_rule_en": "Regel for opfyldelse (engelsk)",
    "target_year": "Målår",
    "baseline_rule": "Basisværdi findes ved",
    "cadence": "Opfølgningsfrekvens",
    "publication_lag_days": "Dage fra periodens slut til data",
    "data_source_kind": "Datakildetype",
    "data_source": "Datakilde",
    "responsible_unit": "Ansvarlig enhed",
    "note": "Bemærkning",
    "catalogue_source": "Målkatalogets kilde",
    "catalogue_load_id": "Målkatalog, indlæsnings-id",
    "months_in_window": "Måneder med data i perioden",
}
# fct_benchmark_explained has the same five columns for each benefit area
for _group, _label in (
    ("unemployment_benefit", "A-dagpenge mv."),
    ("sickness_benefit", "Sygedagpenge mv."),
    ("social_assistance", "Kontanthjælp mv."),
):
    LABELS_DA |= {
        f"rank_{_group}": f"Placering, {_label}",
        f"position_{_group}": f"Kvartil, {_label}",
        f"diff_count_{_group}": f"Forskel antal, {_label}",
        f"diff_share_pp_{_group}": f"Forskel (pct.-point), {_label}",
        f"gap_share_{_group}_pct": f"Andel af forskellen (pct.), {_label}",
    }


def danish_header(column: dict[str, Any]) -> str:
    """A Danish column header from a dbt column entry of the manifest.

    In order: the column's `meta.label_da`; the common Danish label of the column name
    (`LABELS_DA`); the Danish term the description gives in parentheses and quotes (the docs
    write e.g. 'Municipality name ("kommune")'); the description up to its first period,
    parenthesis, colon or ' = '; the column name.
    """
    meta = {**(column.get("config", {}) or {}).get("meta", {}), **(column.get("meta") or {})}
    if meta.get("label_da"):
        return str(meta["label_da"])
    if column.get("name") in LABELS_DA:
        return LABELS_DA[column["name"]]
    description = (column.get("description") or "").strip()
    quoted = re.search(r'\("([^"]{2,60})"\)', description)
    if quoted:
        term = quoted.group(1).strip()
        return term[:1].upper() + term[1:]
    head = re.split(r"\.\s|\.$|\(|:|\s=\s|;|\n", description, maxsplit=1)[0].strip(" ,`")
    if head and len(head) <= 80:
        return head
    return column.get("name", "")
