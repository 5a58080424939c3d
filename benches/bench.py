"""Times smmkpi against DuckDB, Polars and pandas on the same questions,
checks that every engine gives the same answer, and writes BENCHMARKS.md.

Run through benches/run.sh, which builds smmkpi, makes the virtual
environment and generates the data. Every run is a process of its own,
measured from start to exit (wall time, CPU time and peak resident memory
from the kernel's accounting of that process); engines run in turn, in a
rotating order, RUNS times each.
"""

import argparse
import csv
import datetime
import json
import math
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ENGINES = ["smmkpi", "duckdb", "polars", "pandas"]
REPORT_FIELDS = ["posts", "reach", "views", "likes", "comments", "reposts", "saves", "interactions", "er_mean", "er_median", "er_ratio"]


def measure(cmd, stdout_path):
    """Runs cmd with stdout to a file; returns wall seconds, CPU seconds, peak RSS in MiB."""
    with open(stdout_path, "wb") as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        p = subprocess.Popen(cmd, stdout=out, stderr=err)
        _, status, usage = os.wait4(p.pid, 0)
        wall = time.perf_counter() - start
        p.returncode = os.waitstatus_to_exitcode(status)
        if p.returncode != 0:
            err.seek(0)
            sys.exit(f"{' '.join(cmd)} failed ({p.returncode}):\n{err.read().decode(errors='replace')}")
    rss = usage.ru_maxrss / 1024 if sys.platform != "darwin" else usage.ru_maxrss / 1024 / 1024
    return wall, usage.ru_utime + usage.ru_stime, rss


def engine_cmd(engine, task, path, smmkpi, python, extra=()):
    if engine == "smmkpi" and task == "report":
        # The summary and every month, one CSV row each: the peers' question.
        return [smmkpi, task, path, "--format", "csv", "--section", "summary"] + list(extra)
    if engine == "smmkpi":
        return [smmkpi, task, path, "--format", "json"] + list(extra)
    return [python, os.path.join(HERE, "engines.py"), engine, task, path] + list(extra)


def time_task(task, path, smmkpi, python, runs, workdir):
    """Runs every engine `runs` times; returns {engine: {"wall": [...], ...}} and
    where each engine's first answer was written."""
    results = {e: {"wall": [], "cpu": [], "rss": []} for e in ENGINES}
    outputs = {}
    for r in range(runs):
        order = ENGINES[r % len(ENGINES):] + ENGINES[: r % len(ENGINES)]
        for engine in order:
            stdout = os.path.join(workdir, f"{task}-{engine}-{r}.out")
            cmd = engine_cmd(engine, task, path, smmkpi, python)
            wall, cpu, rss = measure(cmd, stdout)
            results[engine]["wall"].append(wall)
            results[engine]["cpu"].append(cpu)
            results[engine]["rss"].append(rss)
            print(f"  {task} {engine:7} run {r + 1}: {wall:7.2f} s wall, {cpu:7.2f} s CPU, {rss:8.0f} MiB", flush=True)
            if engine in outputs:
                os.remove(stdout)
            else:
                outputs[engine] = stdout
    return results, outputs


def csv_value(s):
    if s == "":
        return None
    return float(s) if any(c in s for c in ".eE") else int(s)


def load_answer(engine, task, path):
    if engine == "smmkpi" and task == "report":
        out = {}
        with open(path, newline="") as f:
            for row in csv.DictReader(f):
                values = {k: csv_value(row[k]) for k in REPORT_FIELDS}
                if row["period"] == "total":
                    out["all"] = values
                elif values["posts"] > 0:
                    out[row["period"]] = values
        return out
    with open(path) as f:
        doc = json.load(f)
    if engine != "smmkpi":
        return doc
    return {"core_size": doc["core_size"]}


def close(a, b):
    if a is None or b is None:
        return a is None and b is None
    if isinstance(a, int) and isinstance(b, int):
        return a == b
    return math.isclose(float(a), float(b), rel_tol=1e-9, abs_tol=1e-9)


def compare_reports(ref, other):
    """Differences between two report answers, as text lines."""
    diffs = []
    if set(ref) != set(other):
        diffs.append(f"periods differ: {sorted(set(ref) ^ set(other))[:5]}")
    for period in sorted(set(ref) & set(other)):
        for k in REPORT_FIELDS:
            if not close(ref[period][k], other[period][k]):
                diffs.append(f"{period} {k}: {ref[period][k]} vs {other[period][k]}")
    return diffs


def smmkpi_core(smmkpi, path, n, m, as_of):
    cmd = [smmkpi, "core", path, "-n", str(n), "-m", str(m), "--format", "json"]
    if as_of:
        cmd += ["--as-of", as_of]
    doc = json.loads(subprocess.run(cmd, check=True, capture_output=True).stdout)
    monthly = {row["month"]: row["core"] for row in doc["monthly"] if row["core"] is not None}
    return doc["core_size"], monthly


def duckdb_core(python, path, n, m, as_of, extra):
    cmd = [python, os.path.join(HERE, "engines.py"), "duckdb", "core", path, "-n", str(n), "-m", str(m), "--monthly"] + extra
    if as_of:
        cmd += ["--as-of", as_of]
    doc = json.loads(subprocess.run(cmd, check=True, capture_output=True).stdout)
    return doc["core_size"], doc["monthly"]


def core_checks(smmkpi, python, data):
    """The core size, and the core of every month, of smmkpi and DuckDB under several rules."""
    ru = ["--sep", ";", "--user", "Пользователь", "--at", "Дата", "--timestamp-format", "%d.%m.%Y %H:%M:%S"]
    cases = [
        ("activity.csv", 3, 6, None, []),
        ("activity.csv", 1, 1, None, []),
        ("activity.csv", 2, 12, None, []),
        ("activity.csv", 5, 3, "2024-09", []),
        ("activity.csv", 10, 2, "2024-03", []),
        ("activity_ru.csv", 3, 6, None, ru),
        ("activity_ru.csv", 1, 4, "2024-07", ru),
        ("activity_ru.csv", 4, 2, None, ru),
    ]
    rows = []
    for name, n, m, as_of, extra in cases:
        path = os.path.join(data, name)
        s_size, s_monthly = smmkpi_core(smmkpi, path, n, m, as_of)
        d_size, d_monthly = duckdb_core(python, path, n, m, as_of, extra)
        agree = s_size == d_size and s_monthly == d_monthly
        rows.append((name, n, m, as_of or "latest", s_size, d_size, len(d_monthly), agree))
        print(f"  check {name} N={n} M={m} as-of {as_of or 'latest'}: smmkpi {s_size}, DuckDB {d_size}, "
              f"{len(d_monthly)} monthly cores {'agree' if agree else 'DIFFER'}", flush=True)
    return rows


def machine():
    cpu = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
        with open("/proc/meminfo") as f:
            mem = int(f.readline().split()[1]) / 1024 / 1024
    except OSError:
        mem = float("nan")
    return f"{cpu}, {os.cpu_count()} logical cores, {mem:.0f} GiB RAM, {platform.system()} {platform.release()}"


def load():
    try:
        return " / ".join(f"{x:.2f}" for x in os.getloadavg())
    except OSError:
        return "?"


def fmt_s(xs):
    return f"{statistics.median(xs):.2f} s" + (f" ({min(xs):.2f}–{max(xs):.2f})" if len(xs) > 1 else "")


def table(task, results, answers, agree):
    med = {e: statistics.median(results[e]["wall"]) for e in ENGINES}
    cpu = {e: statistics.median(results[e]["cpu"]) for e in ENGINES}
    rss = {e: max(results[e]["rss"]) for e in ENGINES}
    lines = [
        "| engine | wall time, median (min–max) | CPU time | cores used | peak memory (RSS) | time ÷ smmkpi's | memory ÷ smmkpi's | same answer |",
        "|---|---:|---:|---:|---:|---:|---:|:---:|",
    ]
    for e in ENGINES:
        lines.append(
            f"| {e} | {fmt_s(results[e]['wall'])} | {cpu[e]:.2f} s | {cpu[e] / med[e]:.1f} | {rss[e]:,.0f} MiB | "
            f"{med[e] / med['smmkpi']:.2f}× | {rss[e] / rss['smmkpi']:.2f}× | {'yes' if agree[e] else '**no**'} |"
        )
    return lines, med, cpu, rss


def versions(python):
    code = "import duckdb, polars, pandas; print(duckdb.__version__, polars.__version__, pandas.__version__)"
    out = subprocess.run([python, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    smmkpi_version = subprocess.run(["git", "-C", HERE, "rev-parse", "--short", "HEAD"], capture_output=True, text=True).stdout.strip()
    return dict(zip(["duckdb", "polars", "pandas"], out)), smmkpi_version


def import_times(python):
    out = {}
    for mod in ["duckdb", "polars", "pandas"]:
        wall, _, _ = measure([python, "-c", f"import {mod}"], os.devnull)
        out[mod] = wall
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--smmkpi", required=True)
    ap.add_argument("--data", required=True)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--out", required=True)
    a = ap.parse_args()
    python = sys.executable
    activity = os.path.join(a.data, "activity.csv")
    posts = os.path.join(a.data, "posts.csv")
    load_start = load()
    started = datetime.datetime.now().strftime("%Y-%m-%d %H:%M")
    # The answers are read only after every timed run: a child's peak memory,
    # as the kernel counts it, starts from its parent's size when it forks.
    with tempfile.TemporaryDirectory(dir=a.data) as work:
        print("core: timing", flush=True)
        core_res, core_out = time_task("core", activity, a.smmkpi, python, a.runs, work)
        print("report: timing", flush=True)
        rep_res, rep_out = time_task("report", posts, a.smmkpi, python, a.runs, work)
        imports = import_times(python)
        core_ans = {e: load_answer(e, "core", f) for e, f in core_out.items()}
        rep_ans = {e: load_answer(e, "report", f) for e, f in rep_out.items()}
    print("checks", flush=True)
    checks = core_checks(a.smmkpi, python, a.data)
    load_end = load()
    core_agree = {e: core_ans[e]["core_size"] == core_ans["smmkpi"]["core_size"] for e in ENGINES}
    rep_diffs = {e: compare_reports(rep_ans["smmkpi"], rep_ans[e]) for e in ENGINES}
    rep_agree = {e: not rep_diffs[e] for e in ENGINES}
    vers, commit = versions(python)
    act_size = os.path.getsize(activity) / 1e6
    post_size = os.path.getsize(posts) / 1e6
    with open(activity, "rb") as f:
        events = sum(1 for _ in f) - 1

    core_lines, core_med, core_cpu, core_rss = table("core", core_res, core_ans, core_agree)
    rep_lines, rep_med, rep_cpu, rep_rss = table("report", rep_res, rep_ans, rep_agree)
    fastest_peer = min(core_med["duckdb"], core_med["polars"])
    speedup = fastest_peer / core_med["smmkpi"]
    best = {e: min(core_res[e]["wall"]) for e in ENGINES}
    best_speedup = min(best["duckdb"], best["polars"]) / best["smmkpi"]
    mem_share = core_rss["smmkpi"] / core_rss["duckdb"] * 100
    rep_speedup = rep_med["duckdb"] / rep_med["smmkpi"]
    rep_best_speedup = min(rep_res["duckdb"]["wall"]) / min(rep_res["smmkpi"]["wall"])

    doc = [
        "# Benchmarks",
        "",
        "`smmkpi core` and `smmkpi report` against DuckDB, Polars and pandas answering the same",
        "questions on the same generated data, on the same machine, in one run of",
        "`benches/run.sh`. Every run is a fresh process, timed from start to exit; peak memory is",
        "the process's maximum resident set size as the kernel accounts it (the harness stays",
        "small while timing, since a child's count starts from its parent's size). Python engines'",
        "times include starting Python and importing the library (import alone: "
        + ", ".join(f"{m} {t:.2f} s" for m, t in imports.items())
        + ").",
        "",
        f"- Machine: {machine()}",
        f"- Load average (1 / 5 / 15 min) at the start: {load_start}; at the end: {load_end}."
        + " The machine is shared: absolute times vary from run to run, and when other work takes a core every"
        + " engine gets about one (`cores used` = CPU time ÷ wall time); the ratios of one run are what to read",
        f"- Versions: smmkpi {commit} (release build), DuckDB {vers['duckdb']}, Polars {vers['polars']}, pandas {vers['pandas']}",
        f"- Run on {started}, {a.runs} runs of each engine",
        "",
        "## Active core: `smmkpi core`",
        "",
        f"An activity log of {events:,} events (`user_id,timestamp,action`, {act_size:,.0f} MB,",
        f"{core_ans['smmkpi']['core_size']:,} users in the core). The question: how many users made at least 3 actions in",
        "each of the 6 calendar months ending at the latest month in the log. `smmkpi core FILE",
        "--format json` computes more than that (the core for every month, who entered and left,",
        "the distribution of actions per user-month, the core for N = 1…10), so the comparison",
        "is conservative.",
        "",
        *core_lines,
        "",
        f"- smmkpi is **{speedup:.1f}×** faster than the faster of DuckDB and Polars on median times"
        + f" ({best_speedup:.1f}× on each engine's best run; noise only adds time, so the best run is the least"
        + " disturbed one). Target: at least 3×, on medians: "
        + ("met." if speedup >= 3 else "**not met**."),
        f"- smmkpi's peak memory is **{mem_share:.0f} %** of DuckDB's (target: at most 25 %): "
        + ("met." if mem_share <= 25 else "**not met**."),
        "",
        "## Post report: `smmkpi report`",
        "",
        f"A post export of {rep_ans['smmkpi']['all']['posts']:,} posts ({post_size:,.0f} MB: id, published_at, text with",
        "hashtags, reach, views, likes, comments, reposts, saves). Peers compute the summary and the",
        "monthly periods (posts, sums, interactions, ER mean, median and ratio of sums);",
        "`smmkpi report FILE --format csv --section summary` writes the same: the whole set and",
        "each month, one row each (with more columns: ER by the basis chosen, mean reach, band,",
        "growth against the month before). The figures compared are the summary and every month's.",
        "",
        *rep_lines,
        "",
        (
            f"- smmkpi is **{rep_speedup:.1f}×** faster than DuckDB here"
            if rep_speedup >= 1
            else f"- smmkpi takes **{1 / rep_speedup:.1f}×** as long as DuckDB here"
        )
        + f" on median times ({rep_best_speedup:.1f}× on each engine's best run)."
        + " Target: at least 3× faster, on medians: " + ("met." if rep_speedup >= 3 else "**not met**."),
        "",
        "## Answers checked",
        "",
        "Every engine's answer to the timed questions is compared with smmkpi's (core size exactly;",
        "report figures to a relative 1e-9). In addition smmkpi's core size and its core for",
        "every month (`monthly[].core`) are compared with an independent DuckDB query under",
        "several rules, on the log above and on a Russian-style copy (`Пользователь;Дата;Действие`",
        "headers, `;`, `DD.MM.YYYY HH:MM:SS` times, 2,000,000 events):",
        "",
        "| log | N | M | as of | smmkpi | DuckDB | monthly cores compared | same |",
        "|---|---:|---:|---|---:|---:|---:|:---:|",
        *[
            f"| {name} | {n} | {m} | {as_of} | {s:,} | {d:,} | {k} | {'yes' if ok else '**no**'} |"
            for name, n, m, as_of, s, d, k, ok in checks
        ],
        "",
    ]
    problems = [f"- {e}: " + "; ".join(rep_diffs[e][:5]) for e in ENGINES if rep_diffs[e]]
    if problems:
        doc += ["Report differences:", "", *problems, ""]
    doc += [
        "## How to reproduce",
        "",
        "```sh",
        "benches/run.sh            # RUNS=5 benches/run.sh for more runs",
        "```",
        "",
        "It needs Python 3.9+, a Rust toolchain and about 2 GB of disk. It builds smmkpi in",
        "release mode, creates `benches/.venv` with DuckDB, Polars and pandas from PyPI, generates",
        "the data into `benches/data/` (git-ignored; deterministic: every value is a hash of the row",
        "number), runs every engine, checks the answers and rewrites this file. The questions as",
        "each engine asks them are in `benches/engines.py`; the data in `benches/generate.py`.",
        "",
    ]
    text = "\n".join(doc)
    # The memory table is benches/large_inputs.sh's: it is kept as it is.
    if os.path.exists(a.out):
        old = open(a.out, encoding="utf-8").read()
        head = "## Memory as input grows\n"
        if head in old:
            start = old.index(head)
            nxt = old.find("\n## ", start + len(head))
            section = old[start : (len(old) if nxt < 0 else nxt + 1)].rstrip("\n") + "\n\n"
            at = text.index("## How to reproduce")
            text = text[:at] + section + text[at:]
    with open(a.out, "w") as f:
        f.write(text)
    bad = [e for e in ENGINES if not core_agree[e] or not rep_agree[e]] + [c for c in checks if not c[-1]]
    if bad:
        sys.exit(f"answers differ: {bad}")


if __name__ == "__main__":
    main()
