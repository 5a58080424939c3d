#!/usr/bin/env bash
# Memory of smmkpi on inputs larger than the memory it is allowed.
#
#   benches/large_inputs.sh [--limit-mb N] [SIZE_MB...]      (default: 25 100 400)
#   KINDS=activity benches/large_inputs.sh 100 900            (posts, activity or both)
#
# For each size, writes a post export of about that many megabytes to
# bench-data/ (not committed), runs `smmkpi report` on it as a table (which
# streams) and as JSON (which lists every post), and prints rows, seconds,
# peak RSS and RSS per byte of file. Then runs the largest file again, as a
# table, under an address-space limit of N MB (default: half the largest
# file) with prlimit or `ulimit -v`, and says whether it completed:
# "bounded" means smmkpi read a file larger than the memory it was allowed.
#
# Activity logs (`smmkpi core`): the same measurements on a per-user action
# log of the same sizes, from a pool of 50,000 users: `core` keeps counts per
# user and month, so its memory grows with users × months, and a fixed pool
# shows that it does not grow with rows. Its buffers take about 150 MB
# whatever the log, so its bounded check allows at least 300 MB: pass a size
# above that (e.g. 900) to see a log larger than the memory allowed.
#
# Needs GNU time (/usr/bin/time) for peak RSS and awk to generate data.
# docs/large-inputs.md records the figures measured with it.
set -euo pipefail
cd "$(dirname "$0")/.."

limit_mb=""
if [ "${1:-}" = "--limit-mb" ]; then
    limit_mb="${2:?--limit-mb needs a number}"
    shift 2
fi
sizes=("$@")
[ "${#sizes[@]}" -gt 0 ] || sizes=(25 100 400)

cargo build --release --locked --quiet
bin=target/release/smmkpi
mkdir -p bench-data

# A post export: Meta-like headers, ~150 bytes a row, captions with hashtags,
# dates over two years so every period has posts.
gen_posts() {
    local mb="$1" out="$2"
    awk -v bytes=$((mb * 1024 * 1024)) 'BEGIN {
        print "Post ID,Publish time,Reach,Likes,Comments,Shares,Saves,Description"
        n = 0; size = 0; srand(42)
        while (size < bytes) {
            n++
            day = n % 730; m = int(day / 30.5) % 12 + 1; d = day % 28 + 1; y = 2024 + int(day / 366)
            line = sprintf("%d,%02d/%02d/%d %02d:%02d,%d,%d,%d,%d,%d,\"Post %d about #tag%d and #общее, with a comma\"",
                100000000 + n, m, d, y, n % 24, n % 60, 500 + n % 9000, n % 300, n % 40, n % 15, n % 25, n, n % 50)
            print line
            size += length(line) + 1
        }
    }' >"$out"
}

# An activity log: one action per row, users drawn from a pool of 50,000,
# over eighteen months.
gen_activity() {
    local mb="$1" out="$2"
    awk -v bytes=$((mb * 1024 * 1024)) 'BEGIN {
        print "user_id,timestamp,action"
        split("like comment repost poll_vote click", actions, " ")
        n = 0; size = 0
        while (size < bytes) {
            n++
            day = n % 540; m = int(day / 30.5) % 12 + 1; d = day % 28 + 1; y = 2024 + int(day / 366)
            line = sprintf("id%d,%d-%02d-%02dT%02d:%02d:00,%s", (n * 7919) % 50000, y, m, d, n % 24, n % 60, actions[n % 5 + 1])
            print line
            size += length(line) + 1
        }
    }' >"$out"
}

# Runs "$@", printing seconds, peak RSS (MB) and the exit status.
measure() {
    local t
    t=$(mktemp)
    local status=0
    /usr/bin/time -f "%e %M" -o "$t" "$@" >/dev/null 2>&1 || status=$?
    read -r secs kb <"$t"
    rm -f "$t"
    echo "$secs $((kb / 1024)) $status"
}

# Runs "$@" with its address space limited to $1 MB; prints the exit status.
limited() {
    local mb="$1"
    shift
    local status=0
    if command -v prlimit >/dev/null 2>&1; then
        prlimit --as=$((mb * 1024 * 1024)) "$@" >/dev/null 2>&1 || status=$?
    else
        (ulimit -v $((mb * 1024)) && "$@") >/dev/null 2>&1 || status=$?
    fi
    echo "$status"
}

report_row() {
    local kind="$1" format="$2" file="$3"
    shift 3
    local bytes rows secs rss status
    bytes=$(stat -c %s "$file")
    rows=$(($(wc -l <"$file") - 1))
    read -r secs rss status < <(measure "$@" "$file" --format "$format")
    printf '%-9s %-6s %8d MB %10d rows %8s s %7d MB peak RSS %6.2f × file  exit %s\n' \
        "$kind" "$format" $((bytes / 1048576)) "$rows" "$secs" "$rss" \
        "$(awk -v r="$rss" -v b="$bytes" 'BEGIN { print r * 1048576 / b }')" "$status"
}

bounded_check() {
    local kind="$1" floor="$2" file="$3"
    shift 3
    local mb=$(($(stat -c %s "$file") / 1048576))
    local allowed="${limit_mb:-$((mb / 2 > floor ? mb / 2 : floor))}"
    local status
    # The table streams; JSON lists every post, so it grows with them.
    status=$(limited "$allowed" "$@" "$file" --format table)
    if [ "$status" = 0 ] && [ "$allowed" -lt "$mb" ]; then
        echo "$kind: bounded: a $mb MB file read within $allowed MB"
    elif [ "$status" = 0 ]; then
        echo "$kind: read within $allowed MB, but the $mb MB file is not larger than that: pass a larger size"
    else
        echo "$kind: not bounded: a $mb MB file did not fit in $allowed MB (exit $status)"
    fi
}

# measure_kind KIND GENERATOR COMMAND FLOOR_MB: every size, then the bounded
# check, allowing half the largest file but at least FLOOR_MB.
measure_kind() {
    local kind="$1" generate="$2" command="$3" floor="$4" f=""
    for mb in "${sizes[@]}"; do
        f="bench-data/${kind}_${mb}MB.csv"
        [ -f "$f" ] || "$generate" "$mb" "$f"
        report_row "$kind" table "$f" "$bin" "$command"
        report_row "$kind" json "$f" "$bin" "$command"
    done
    bounded_check "$kind" "$floor" "$f" "$bin" "$command"
}

kinds="${KINDS:-posts activity}"
if [[ " $kinds " == *" posts "* ]]; then
    echo "== posts (smmkpi report)"
    measure_kind posts gen_posts report 0
fi
if [[ " $kinds " == *" activity "* ]]; then
    echo "== activity log (smmkpi core)"
    measure_kind activity gen_activity core 300
fi
