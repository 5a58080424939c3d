#!/usr/bin/env bash
# The HTML pages in a real browser: each command's page (report, with its
# money and web sections too, core, growth, goals, mentions; English and
# Russian) is rendered by headless Chromium to a
# PNG and a DOM dump, and one is printed to PDF. It fails when a page is
# blank, a chart is missing or draws nothing, a script element appears, a
# hostile caption (<script>, </svg>, quotes) is not shown as text, or the
# PDF has a page count out of reason. check.py does the checks with the
# Python standard library.
#
# Debian's chromium is installed when missing (as root, with apt-get); where
# it cannot be (no apt, no network, not root) the check is skipped with a
# message, so a clean clone passes anywhere. SMMKPI_BROWSER=0 skips it.
# The pages and pictures are left in $SMMKPI_BROWSER_OUT (default: a new
# temporary folder, named at the end) for a person to look at.
set -euo pipefail
cd "$(dirname "$0")/../.."

if [ "${SMMKPI_BROWSER:-1}" = 0 ]; then
    echo "SMMKPI_BROWSER=0: browser check skipped"
    exit 0
fi

browser=""
for name in chromium chromium-browser; do
    if command -v "$name" >/dev/null 2>&1; then
        browser=$(command -v "$name")
        break
    fi
done
if [ -z "$browser" ]; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
        echo "installing Debian's chromium (apt-get)"
        log=$(mktemp)
        if apt-get update -qq >"$log" 2>&1 &&
            DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
                -o DPkg::Lock::Timeout=600 chromium >>"$log" 2>&1; then
            browser=$(command -v chromium || true)
        else
            tail -5 "$log"
        fi
        rm -f "$log"
    fi
    if [ -z "$browser" ]; then
        echo "chromium is not installed and cannot be installed here (needs apt-get as root and the network): browser check skipped"
        exit 0
    fi
fi
echo "browser: $("$browser" --version 2>/dev/null || echo "$browser")"

cargo build --locked --quiet
bin=$PWD/target/debug/smmkpi
out=${SMMKPI_BROWSER_OUT:-$(mktemp -d)}
mkdir -p "$out"
check=tests/browser/check.py
export SMMKPI_TODAY=2025-07-01

# Chromium runs as root here, so without its sandbox; nothing it loads comes
# from the network (the pages fetch nothing, and the flags keep it from
# calling home). Each run gets a profile of its own.
chrome() {
    local profile
    profile=$(mktemp -d)
    timeout 120 "$browser" --headless --no-sandbox --disable-gpu --disable-quic \
        --no-first-run --disable-background-networking --disable-component-update \
        --disable-sync --hide-scrollbars --user-data-dir="$profile" "$@" \
        2>>"$out/chromium.log"
    rm -rf "$profile"
}

# A goals file whose first goal is named with markup and quotes.
hostile='<script>alert(1)</script> </svg> "q" '"'"'a'"'"
python3 - "$out/goals_hostile.toml" "$hostile" <<'EOF'
import re, sys
text = open("examples/goals_coffee_ru.toml", encoding="utf-8").read()
quoted = '"' + sys.argv[2].replace("\\", "\\\\").replace('"', '\\"') + '"'
text = re.sub(r"^name = .*$", lambda _: "name = " + quoted, text, count=1, flags=re.M)
open(sys.argv[1], "w", encoding="utf-8").write(text)
EOF

# A mention export whose source is markup and quotes (the brand is named
# with markup too).
python3 - "$out/mentions_hostile.csv" <<'EOF2'
import sys
open(sys.argv[1], "w", encoding="utf-8").write(
    "Date,Source,Text,Sentiment,Reach\n"
    "2025-03-01,\"</svg>\"\"'&amp;\",Acme <script>alert(1)</script>,positive,100\n"
    "2025-03-02,vk.com,Acme again,negative,50\n"
)
EOF2

VK=examples/vk_coffee_ru.csv
ACTIVITY=examples/coffee_activity_ru.csv
FOLLOWERS=examples/vk_followers_coffee_ru.csv

# name | smmkpi arguments | charts | texts that must show as text (| between)
pages=(
    "report_en|report $VK --since 2025-03-01 --until 2025-03-31 --compare previous --lang en|chart-comparison chart-periods chart-hashtags chart-heatmap|"
    "report_hostile_ru|report tests/data/hostile_captions.csv --top 20 --lang ru|chart-periods chart-hashtags chart-heatmap|<script>alert(1)</script> #<b>x</b>|\"><img src=x onerror=alert(1)>"
    "core_ru|core $ACTIVITY --lang ru|chart-core-months chart-distribution|"
    "core_hostile_en|core tests/data/activity_hostile_actions.csv -n 1 -m 2 --lang en|chart-core-months chart-distribution|<script>alert(1)</script>|</svg>\"'&amp;"
    "growth_ru|growth $FOLLOWERS --lang ru|chart-growth|"
    "growth_platforms_en|growth tests/data/tiktok_follower_history.csv $FOLLOWERS --year 2025 --lang en|chart-growth|"
    "goals_hostile_en|goals $out/goals_hostile.toml $VK $ACTIVITY --as-of 2025-04-01 --lang en|chart-goal|$hostile"
    "goals_ru|goals examples/goals_coffee_ru.toml $VK $ACTIVITY --as-of 2025-04-01 --lang ru|chart-goal|"
    "report_money_ru|report $VK --web examples/metrica_utm_coffee_ru.csv --costs examples/costs_coffee_ru.csv --lang ru|chart-periods chart-money chart-campaigns chart-visits|"
    "mentions_ru|mentions examples/mentions_coffee_ru.csv --brand Набережная=набережн --brand Бариста-бар --brand Крафт=крафт --lang ru|chart-mentions chart-sources chart-share-of-voice|"
    "mentions_hostile_en|mentions $out/mentions_hostile.csv --brand <b>Acme</b>=acme --lang en|chart-mentions chart-sources chart-share-of-voice|<b>Acme</b>|</svg>\"'&amp;"
)

for spec in "${pages[@]}"; do
    IFS='|' read -r -a part <<<"$spec"
    name=${part[0]}
    read -r -a args <<<"${part[1]}"
    html="$out/$name.html"
    "$bin" "${args[@]}" --format html -o "$html" 2>/dev/null
    chrome --screenshot="$out/$name.png" --window-size=1280,2000 "file://$html" >/dev/null
    chrome --dump-dom "file://$html" >"$out/$name.dom.html"
    python3 "$check" png "$out/$name.png"
    checks=()
    for c in ${part[2]}; do
        checks+=(--chart "$c")
    done
    for t in "${part[@]:3}"; do
        [ -n "$t" ] && checks+=(--text "$t")
    done
    python3 "$check" dom "$out/$name.dom.html" "${checks[@]}"
done

# Printed to A4: the report's sections on a handful of pages.
chrome --no-pdf-header-footer --print-to-pdf="$out/report_en.pdf" "file://$out/report_en.html" >/dev/null
python3 "$check" pdf "$out/report_en.pdf" 2 12

echo "browser check passed; pages and pictures in $out"
