#!/usr/bin/env bash
# Runs every fuzz target (or the ones named) for SECONDS each.
#
#   fuzz/run.sh SECONDS [TARGET...]
#
# Needs cargo-fuzz (`cargo install cargo-fuzz`). Builds with a nightly
# toolchain when rustup has one, else with the default (stable) toolchain and
# RUSTC_BOOTSTRAP=1, as libFuzzer needs unstable compiler flags; set
# FUZZ_TOOLCHAIN=nightly or =default to choose. Each target's corpus grows in
# fuzz/corpus/TARGET (not committed); the committed seeds in fuzz/seeds/,
# the fixtures in tests/data/ and any directories in FUZZ_EXTRA_SEEDS
# (colon-separated, read only) start it. FUZZ_MAX_LEN caps the input size
# (16384 bytes). FUZZ_CORPUS names another directory for the corpora (CI
# points it at an empty one: libFuzzer replays a whole corpus before its
# time limit starts, so a large one would stretch a short pass). A crash
# stops the run with exit 1 and leaves the input in fuzz/artifacts/TARGET/.
set -euo pipefail
cd "$(dirname "$0")"

secs="${1:?usage: fuzz/run.sh SECONDS [TARGET...]}"
shift
case "$secs" in
    '' | *[!0-9]*)
        echo "fuzz/run.sh: SECONDS must be a whole number, got '$secs'" >&2
        exit 2
        ;;
esac

toolchain="${FUZZ_TOOLCHAIN:-}"
if [ -z "$toolchain" ]; then
    if rustup run nightly rustc --version >/dev/null 2>&1; then
        toolchain=nightly
    else
        toolchain=default
    fi
fi
if [ "$toolchain" = default ]; then
    export RUSTC_BOOTSTRAP=1
    cargo_fuzz=(cargo fuzz)
else
    cargo_fuzz=(cargo "+$toolchain" fuzz)
fi

# The fuzz crate builds against the same dependency versions the crate root
# is tested with; only its own (libfuzzer-sys, arbitrary) are resolved here.
cp ../Cargo.lock Cargo.lock

if [ "$#" -gt 0 ]; then
    targets=("$@")
else
    mapfile -t targets < <("${cargo_fuzz[@]}" list)
fi

"${cargo_fuzz[@]}" build

corpora="${FUZZ_CORPUS:-corpus}"
mkdir -p corpus
for t in "${targets[@]}"; do
    corpus="$corpora/$t"
    mkdir -p "$corpus"
    seeds=()
    [ -d "seeds/$t" ] && seeds+=("seeds/$t")
    case "$t" in
        read_any | text | stream) seeds+=(../tests/data) ;;
    esac
    IFS=: read -r -a extra <<<"${FUZZ_EXTRA_SEEDS:-}"
    for d in "${extra[@]}"; do
        [ -n "$d" ] && seeds+=("$d")
    done
    # Exports are read from their start; 16 KB holds a header and many rows,
    # and keeps every input fast (a larger seed is cut to it).
    flags=(-max_total_time="$secs" -max_len="${FUZZ_MAX_LEN:-16384}" -timeout=10
        -rss_limit_mb=2048 -print_final_stats=1)
    # Structured targets decode their bytes into a whole export: short
    # inputs make files of a row or two, so they start at full length
    # rather than growing from a few bytes.
    case "$t" in
        telegram | vk | xlsx | activity) flags+=(-len_control=0) ;;
    esac
    dict="dicts/$t.dict"
    [ "$t" = text ] && dict=dicts/read_any.dict
    [ -f "$dict" ] && flags+=(-dict="$dict")
    echo "== fuzz $t for ${secs}s"
    if ! "${cargo_fuzz[@]}" run "$t" "$corpus" "${seeds[@]}" -- "${flags[@]}" \
        >"corpus/$t.log" 2>&1; then
        tail -n 60 "corpus/$t.log" >&2
        echo "fuzz/run.sh: $t failed; the input is in fuzz/artifacts/$t/" >&2
        exit 1
    fi
    grep -E '^(Done|stat::number_of_executed_units|stat::average_exec_per_sec)' "corpus/$t.log" || true
done
