#!/usr/bin/env bash
# Memory of smmkpi as inputs grow, and on inputs larger than the memory it
# is allowed.
#
#   benches/large_inputs.sh                                   (every reader, by rows)
#   ROWS="100000 1000000" benches/large_inputs.sh --write      (and rewrite BENCHMARKS.md's table)
#   KINDS=posts benches/large_inputs.sh [--limit-mb N] [SIZE_MB...]   (default: 25 100 400)
#   KINDS=activity benches/large_inputs.sh 100 900
#
# KINDS=readers (the default): for each row count in ROWS (default 100000
# 300000 1000000), writes post exports with benches/gen_inputs.py — CSV in
# two layouts, XLSX in three (one posts sheet; a notes sheet, a title row,
# Russian headers and Excel dates; one row repeated, a few hundred KB that
# unpack to millions of rows) and a Telegram result.json — and runs
# `smmkpi report` on each as a table, JSON and NDJSON posts, printing a
# Markdown table of rows, file size, seconds and peak RSS. Peak RSS should
# level off as rows grow: what grows with posts is 24 bytes a post for the
# JSON's order and 8 for medians. A JSON export past its size limit is
# refused (exit 1), by design. With --write the table replaces the section
# "Memory as input grows" of BENCHMARKS.md.
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
write=""
if [ "${1:-}" = "--write" ]; then
    write=1
    shift
fi
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
    # After a failed command GNU time writes a line about it first.
    read -r secs kb < <(tail -n 1 "$t")
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

# One row of the readers' table: INPUT LAYOUT FILE OUTPUT [ARGS...].
reader_row() {
    local input="$1" layout="$2" file="$3" output="$4"
    shift 4
    local rows secs rss status bytes
    rows=$(basename "$file" | sed -E 's/^[a-z_]+_([0-9]+)\..*/\1/')
    bytes=$(stat -c %s "$file")
    read -r secs rss status < <(measure "$bin" report "$file" "$@")
    local note=""
    [ "$status" = 0 ] || note=" (exit $status)"
    printf '| %s | %s | %s | %s | %s | %s s | %s MB%s |\n' "$input" "$layout" \
        "$(printf "%'d" "$rows")" "$(awk -v b="$bytes" 'BEGIN { printf "%.1f MB", b / 1048576 }')" \
        "$output" "$secs" "$rss" "$note"
}

# Every reader and output, at each row count.
measure_readers() {
    local rows_list="${ROWS:-100000 300000 1000000}" gen="python3 benches/gen_inputs.py" n f
    echo "| input | layout | rows | file | output | time | peak RSS |"
    echo "|---|---|---:|---:|---|---:|---:|"
    for n in $rows_list; do
        f="bench-data/csv_meta_$n.csv"
        [ -f "$f" ] || $gen csv "$n" "$f" --layout meta
        reader_row CSV "Meta, \`,\`" "$f" table
        reader_row CSV "Meta, \`,\`" "$f" JSON --format json
        reader_row CSV "Meta, \`,\`" "$f" "NDJSON posts" --format ndjson --section posts
        f="bench-data/csv_ru_$n.csv"
        [ -f "$f" ] || $gen csv "$n" "$f" --layout ru
        reader_row CSV "Russian, \`;\`" "$f" JSON --format json
        f="bench-data/xlsx_plain_$n.xlsx"
        [ -f "$f" ] || $gen xlsx "$n" "$f" --layout plain
        reader_row XLSX "one sheet" "$f" table
        reader_row XLSX "one sheet" "$f" JSON --format json
        f="bench-data/xlsx_titled_$n.xlsx"
        [ -f "$f" ] || $gen xlsx "$n" "$f" --layout titled
        reader_row XLSX "notes sheet, title row, Excel dates" "$f" JSON --format json
        f="bench-data/xlsx_repeated_$((n * 3)).xlsx"
        [ -f "$f" ] || $gen xlsx "$((n * 3))" "$f" --layout repeated
        reader_row XLSX "one row repeated" "$f" table
        f="bench-data/telegram_$n.json"
        [ -f "$f" ] || $gen telegram "$n" "$f"
        reader_row "Telegram JSON" "channel" "$f" JSON --format json
    done
}

# Replaces the section "Memory as input grows" of BENCHMARKS.md ($1) with
# the text of file $2 (or adds it before "How to reproduce").
write_section() {
    python3 - "$1" "$2" <<'PY'
import sys
path = sys.argv[1]
body = open(sys.argv[2], encoding="utf-8").read().rstrip("\n") + "\n"
text = open(path, encoding="utf-8").read()
head = "## Memory as input grows\n"
if head in text:
    start = text.index(head)
    nxt = text.find("\n## ", start + len(head))
    end = len(text) if nxt < 0 else nxt + 1
    text = text[:start] + body + "\n" + text[end:]
else:
    at = text.find("## How to reproduce")
    at = len(text) if at < 0 else at
    text = text[:at] + body + "\n" + text[at:]
open(path, "w", encoding="utf-8").write(text)
PY
}

kinds="${KINDS:-readers}"
if [[ " $kinds " == *" readers "* ]]; then
    table=$(mktemp)
    measure_readers | tee "$table"
    if [ -n "$write" ]; then
        section=$(mktemp)
        {
            echo "## Memory as input grows"
            echo
            echo "Peak memory (RSS) of \`smmkpi report\` on post exports of each reader as rows grow, from one run"
            echo "of \`benches/large_inputs.sh\` ($(nproc) cores, $(date -u +%Y-%m-%d)); inputs from"
            echo "\`benches/gen_inputs.py\`. Memory levels off: posts stream into running sums, and the posts"
            echo "JSON and NDJSON list wait in a temporary file (24 bytes a post stay in memory, for their"
            echo "order). A CSV is memory-mapped, and its pages count in RSS while they are read. A JSON"
            echo "export is parsed whole, up to 64 MB; a larger one is refused (exit 1)."
            echo
            cat "$table"
        } >"$section"
        write_section BENCHMARKS.md "$section"
        rm -f "$section"
        echo "== wrote the section 'Memory as input grows' of BENCHMARKS.md"
    fi
    rm -f "$table"
fi
if [[ " $kinds " == *" posts "* ]]; then
    echo "== posts (smmkpi report)"
    measure_kind posts gen_posts report 0
fi
if [[ " $kinds " == *" activity "* ]]; then
    echo "== activity log (smmkpi core)"
    measure_kind activity gen_activity core 300
fi
