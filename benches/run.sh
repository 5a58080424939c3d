#!/usr/bin/env bash
# Benchmarks smmkpi against DuckDB, Polars and pandas and rewrites BENCHMARKS.md.
#
#   benches/run.sh             # 3 runs of each engine
#   RUNS=5 benches/run.sh
#
# Builds smmkpi (release), creates benches/.venv with the peers from PyPI,
# generates the data into benches/data/ (git-ignored) and runs benches/bench.py.
set -euo pipefail
cd "$(dirname "$0")/.."

RUNS=${RUNS:-3}
VENV=benches/.venv
DATA=benches/data

echo "== building smmkpi (release)"
cargo build --release --locked

if [ ! -x "$VENV/bin/python" ]; then
    echo "== creating $VENV"
    python3 -m venv "$VENV"
fi
echo "== installing DuckDB, Polars and pandas"
"$VENV/bin/python" -m pip install --quiet --upgrade -r benches/requirements.txt

echo "== generating data into $DATA (once)"
"$VENV/bin/python" benches/generate.py --dir "$DATA"

echo "== running"
"$VENV/bin/python" benches/bench.py --smmkpi target/release/smmkpi --data "$DATA" --runs "$RUNS" --out BENCHMARKS.md
echo "== wrote BENCHMARKS.md"
