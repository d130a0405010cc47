"""Publishing what a successful build produced, one job per module:

- `serving`: the read-only serving copy BI tools, the exports and the report read;
- `exports`: Parquet files and one XLSX workbook of the marts (with `marts`, what the exports
  read from the dbt manifest: keys, Danish headers and descriptions, code labels; and `xlsx`,
  the workbook);
- `leftovers`: temporary folders that tell a live writer from a dead run's leftovers.

The run information a publication carries (run id, data version, checks) has its one home in
orchestration/quality/run_info.py.
"""
