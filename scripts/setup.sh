#!/usr/bin/env bash
# Set up (or update) the project's virtual environment from the lock file.
# Needs only Python 3.11 and pip; everything else comes from PyPI at the pinned versions.
set -euo pipefail
cd "$(dirname "$0")/.."

# --spark: the lock with the optional Spark extra (dbt-spark, pyspark) instead; it pins every
# package of requirements.lock to the same version (compiled with it as constraints), so the
# DuckDB side is unchanged. Spark also needs Java 17 or newer (docs/person_level.md#spark).
LOCK=requirements.lock
for arg in "$@"; do
    case "$arg" in
        --spark) LOCK=requirements-spark.lock ;;
        *) echo "usage: $0 [--spark]" >&2; exit 2 ;;
    esac
done

PYTHON="${PYTHON:-python3.11}"
command -v "$PYTHON" >/dev/null 2>&1 || PYTHON=python3
if ! "$PYTHON" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11))'; then
    echo "error: Python 3.11 is required ($PYTHON is $("$PYTHON" --version 2>&1))" >&2
    exit 2
fi

if [ ! -x .venv/bin/python ]; then
    echo "creating .venv"
    "$PYTHON" -m venv .venv
fi
echo "installing pinned dependencies ($LOCK)"
.venv/bin/python -m pip install --quiet --disable-pip-version-check "uv==0.13.9" 2>/dev/null
# --compile-bytecode: uv, unlike pip, does not write .pyc files at install time. Without them
# every process (the CLI, each dbt subprocess) compiles dbt, Dagster and pandas from source
# again whenever Python may not write its cache (PYTHONDONTWRITEBYTECODE=1, read-only venv):
# about 4 s per process, 6 s of the demo (docs/toolchain.md).
.venv/bin/uv pip sync --quiet --compile-bytecode --python .venv/bin/python "$LOCK"
.venv/bin/uv pip install --quiet --compile-bytecode --python .venv/bin/python --no-deps -e .
echo "ready: .venv/bin/jobcenter --help"
