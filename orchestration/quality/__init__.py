"""Data quality: run id and data version, the Great Expectations runner, dbt test results, and the
check history (`quality.check_result`) that `marts.fct_data_quality` exposes."""
