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


def engine_cmd(engine, task, path, smmkpi, python, time_format):
    if engine == "cat":
        return ["cat", path]
    if engine == "smmkpi" and task == "report":
        # The summary and every month, one CSV row each: the peers' question.
        return [smmkpi, task, path, "--format", "csv", "--section", "summary"]
    if engine == "smmkpi":
        return [smmkpi, task, path, "--format", "json"]
    return [python, os.path.join(HERE, "engines.py"), engine, task, path, "--timestamp-format", time_format]


def time_task(task, path, smmkpi, python, runs, workdir, engines, time_format):
    """Runs every engine (and `cat FILE`, the floor) `runs` times; returns
    {engine: {"wall": [...], ...}} and where each engine's first answer was written."""
    engines = engines + ["cat"]
    results = {e: {"wall": [], "cpu": [], "rss": []} for e in engines}
    outputs = {}
    name = os.path.basename(path)
    for r in range(runs):
        order = engines[r % len(engines):] + engines[: r % len(engines)]
        for engine in order:
            stdout = os.path.join(workdir, f"{task}-{engine}-{r}.out")
            cmd = engine_cmd(engine, task, path, smmkpi, python, time_format)
            wall, cpu, rss = measure(cmd, os.devnull if engine == "cat" else stdout)
            results[engine]["wall"].append(wall)
            results[engine]["cpu"].append(cpu)
            results[engine]["rss"].append(rss)
            print(f"  {task} {name} {engine:7} run {r + 1}: {wall:7.2f} s wall, {cpu:7.2f} s CPU, {rss:8.0f} MiB", flush=True)
            if engine == "cat":
                continue
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


def core_checks(smmkpi, python, data, variants):
    """The core size, and the core of every month, of smmkpi and DuckDB under several rules."""
    ru = ["--sep", ";", "--user", "Пользователь", "--at", "Дата", "--timestamp-format", "%d.%m.%Y %H:%M:%S"]
    cases = [
        ("activity.csv", 3, 6, None, []),
        ("activity.csv", 1, 1, None, []),
        ("activity.csv", 2, 12, None, []),
        ("activity.csv", 5, 3, "2024-09", []),
        ("activity.csv", 10, 2, "2024-03", []),
    ]
    for name, _, _, iso_t in variants[1:]:
        cases.append((name, 3, 6, None, ["--timestamp-format", CORE_TIMES[iso_t]]))
    cases += [
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


def loaded(*loads):
    """Whether every 1-minute load average read exceeds the number of cores."""
    try:
        return all(float(x.split(" / ")[0]) > (os.cpu_count() or 1) for x in loads)
    except ValueError:
        return False


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


CORE_TIMES = {False: "%Y-%m-%d %H:%M:%S", True: "%Y-%m-%dT%H:%M:%S"}
ID_LABELS = {
    "numeric": "numeric (`10000042`)",
    "user": "prefixed (`user42`)",
    "id": "prefixed (`id42`)",
    "u": "prefixed (`u42`)",
    "uuid": "UUID",
    "hex": "hash (32 hex digits)",
    "username": "username (`@anna_k1b`)",
}


def median(xs):
    return statistics.median(xs)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--smmkpi", required=True)
    ap.add_argument("--data", required=True)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--out", required=True)
    a = ap.parse_args()
    sys.path.insert(0, HERE)
    from variants import POST_TIME_FORMATS, POST_VARIANTS, VARIANTS

    python = sys.executable
    activity = os.path.join(a.data, "activity.csv")
    posts = os.path.join(a.data, "posts.csv")
    load_start = load()
    started = datetime.datetime.now().strftime("%Y-%m-%d %H:%M")
    peers = ["smmkpi", "duckdb", "polars"]
    core_runs, rep_runs = [], []
    # The answers are read only after every timed run: a child's peak memory,
    # as the kernel counts it, starts from its parent's size when it forks.
    with tempfile.TemporaryDirectory(dir=a.data) as work:
        for name, id_class, shuffled, iso_t in VARIANTS:
            path = os.path.join(a.data, name)
            engines = ENGINES if name == "activity.csv" else peers
            print(f"core: timing {name}", flush=True)
            sub = os.path.join(work, name)
            os.mkdir(sub)
            res, out = time_task("core", path, a.smmkpi, python, a.runs, sub, engines, CORE_TIMES[iso_t])
            core_runs.append((name, id_class, shuffled, iso_t, engines, res, out))
        for name, iso_t, captions in POST_VARIANTS:
            path = os.path.join(a.data, name)
            engines = ENGINES if name == "posts.csv" else peers
            print(f"report: timing {name}", flush=True)
            sub = os.path.join(work, name)
            os.mkdir(sub)
            res, out = time_task("report", path, a.smmkpi, python, a.runs, sub, engines, POST_TIME_FORMATS[iso_t])
            rep_runs.append((name, iso_t, captions, engines, res, out))
        load_mid = load()
        imports = import_times(python)
        core_ans = [{e: load_answer(e, "core", f) for e, f in run[-1].items()} for run in core_runs]
        rep_ans = [{e: load_answer(e, "report", f) for e, f in run[-1].items()} for run in rep_runs]
    print("checks", flush=True)
    checks = core_checks(a.smmkpi, python, a.data, VARIANTS)
    load_end = load()
    vers, commit = versions(python)

    core_rows, core_ratios, core_mem = [], [], []
    core_bad = []
    for (name, id_class, shuffled, iso_t, engines, res, _), ans in zip(core_runs, core_ans):
        med = {e: median(res[e]["wall"]) for e in res}
        rss = {e: max(res[e]["rss"]) for e in res}
        agree = all(ans[e]["core_size"] == ans["smmkpi"]["core_size"] for e in engines)
        if not agree:
            core_bad.append(name)
        peer = min(med["duckdb"], med["polars"])
        ratio = peer / med["smmkpi"]
        mem = rss["smmkpi"] / rss["duckdb"] * 100
        core_ratios.append((name, ratio))
        core_mem.append((name, mem))
        core_rows.append(
            f"| {name} | {ID_LABELS[id_class]} | {'shuffled' if shuffled else 'time'} | {'`T`' if iso_t else 'space'} | "
            f"{os.path.getsize(os.path.join(a.data, name)) / 1e6:,.0f} MB | {ans['smmkpi']['core_size']:,} | "
            f"{med['cat']:.2f} s | {med['smmkpi']:.2f} s | {med['duckdb']:.2f} s | {med['polars']:.2f} s | "
            f"**{ratio:.1f}×** | {med['smmkpi'] / med['cat']:.1f}× | {rss['smmkpi']:,.0f} MiB | {mem:.0f} % | "
            f"{'yes' if agree else '**no**'} |"
        )
    main_core = core_runs[0]
    main_core_agree = {e: core_ans[0][e]["core_size"] == core_ans[0]["smmkpi"]["core_size"] for e in ENGINES}
    core_lines, core_med, _, core_rss = table("core", main_core[5], core_ans[0], main_core_agree)

    rep_rows, rep_ratios, rep_bad, rep_problems = [], [], [], []
    for (name, iso_t, captions, engines, res, _), ans in zip(rep_runs, rep_ans):
        med = {e: median(res[e]["wall"]) for e in res}
        rss = {e: max(res[e]["rss"]) for e in res}
        diffs = {e: compare_reports(ans["smmkpi"], ans[e]) for e in engines}
        agree = not any(diffs.values())
        if not agree:
            rep_bad.append(name)
            rep_problems += [f"- {name}, {e}: " + "; ".join(d[:5]) for e, d in diffs.items() if d]
        peer = min(med["duckdb"], med["polars"])
        ratio = peer / med["smmkpi"]
        rep_ratios.append((name, ratio))
        rep_rows.append(
            f"| {name} | {'ISO `T`, seconds' if iso_t else 'space, minutes'} | {'yes' if captions else 'no'} | "
            f"{os.path.getsize(os.path.join(a.data, name)) / 1e6:,.0f} MB | "
            f"{med['cat']:.2f} s | {med['smmkpi']:.2f} s | {med['duckdb']:.2f} s | {med['polars']:.2f} s | "
            f"**{ratio:.1f}×** | {med['smmkpi'] / med['cat']:.1f}× | {rss['smmkpi']:,.0f} MiB | {'yes' if agree else '**no**'} |"
        )
    main_rep = rep_runs[0]
    main_rep_agree = {e: not compare_reports(rep_ans[0]["smmkpi"], rep_ans[0][e]) for e in ENGINES}
    rep_lines, _, _, _ = table("report", main_rep[4], rep_ans[0], main_rep_agree)

    with open(activity, "rb") as f:
        events = sum(1 for _ in f) - 1
    worst_core = min(core_ratios, key=lambda x: x[1])
    worst_mem = max(core_mem, key=lambda x: x[1])
    worst_rep = min(rep_ratios, key=lambda x: x[1])
    core_missed = [n for n, r in core_ratios if r < 3]
    mem_missed = [n for n, m in core_mem if m > 25]
    rep_missed = [n for n, r in rep_ratios if r < 3]

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
        + "). Beside each figure stands the physical floor: `cat FILE > /dev/null`, the time to",
        "read the file from the page cache.",
        "",
        f"- Machine: {machine()}",
        f"- Load average (1 / 5 / 15 min) at the start: {load_start}; after the timed runs: {load_mid};"
        + f" at the end: {load_end}."
        + " The machine is shared: absolute times vary from run to run, and when other work takes a core every"
        + " engine gets about one (`cores used` = CPU time ÷ wall time); the ratios of one run are what to read"
        + (
            f". **This run was made on a loaded machine**: the load stayed above its {os.cpu_count()} cores,"
            + " so every engine got less than one core and times are longer than on an idle machine"
            if loaded(load_start, load_mid, load_end)
            else ""
        ),
        f"- Versions: smmkpi {commit} (release build), DuckDB {vers['duckdb']}, Polars {vers['polars']}, pandas {vers['pandas']}",
        f"- Run on {started}, {a.runs} runs of each engine on each file, in a rotating order",
        "",
        "## Active core: `smmkpi core`",
        "",
        f"Activity logs of {events:,} events each (`user_id,timestamp,action`): the same events",
        "with the user ids of each class, in time order or shuffled, with space-separated or ISO",
        "`T` times. The question: how many users made at least 3 actions in each of the 6",
        "calendar months ending at the latest month in the log. `smmkpi core FILE --format json`",
        "computes more than that (the core for every month, who entered and left, the",
        "distribution of actions per user-month, the core for N = 1…10), so the comparison is",
        "conservative. Times are medians; `faster peer ÷ smmkpi` is the faster of DuckDB and",
        "Polars divided by smmkpi's time; memory is the peak of all runs.",
        "",
        "| log | user ids | order | times | size | core | cat | smmkpi | DuckDB | Polars | faster peer ÷ smmkpi | smmkpi ÷ cat | smmkpi memory | ÷ DuckDB's | same answer |",
        "|---|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|:---:|",
        *core_rows,
        "",
        f"- Speed (target: at least 3× the faster peer on every class, on medians): the lowest ratio is"
        + f" **{worst_core[1]:.1f}×** ({worst_core[0]}); "
        + ("met on every file." if not core_missed else f"**not met** on {', '.join(core_missed)}."),
        f"- Memory (target: at most 25 % of DuckDB's peak): the highest share is **{worst_mem[1]:.0f} %**"
        + f" ({worst_mem[0]}); "
        + ("met on every file." if not mem_missed else f"**not met** on {', '.join(mem_missed)}."),
        "",
        "Every engine on `activity.csv`:",
        "",
        *core_lines,
        "",
        "## Post report: `smmkpi report`",
        "",
        f"Post exports of {rep_ans[0]['smmkpi']['all']['posts']:,} posts (id, published_at, text with",
        "hashtags, reach, views, likes, comments, reposts, saves), with space-separated times to the",
        "minute or ISO `T` times to the second, with and without the captions. Peers compute the",
        "summary and the monthly periods (posts, sums, interactions, ER mean, median and ratio of",
        "sums); `smmkpi report FILE --format csv --section summary` writes the same: the whole set",
        "and each month, one row each (with more columns: ER by the basis chosen, mean reach, band,",
        "growth against the month before). The figures compared are the summary and every month's.",
        "",
        "| file | times | captions | size | cat | smmkpi | DuckDB | Polars | faster peer ÷ smmkpi | smmkpi ÷ cat | smmkpi memory | same answer |",
        "|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|:---:|",
        *rep_rows,
        "",
        f"- Speed (target: at least 3× the faster peer, on medians): the lowest ratio is **{worst_rep[1]:.1f}×**"
        + f" ({worst_rep[0]}); "
        + ("met on every file." if not rep_missed else f"**not met** on {', '.join(rep_missed)}."),
        "",
        "Every engine on `posts.csv`:",
        "",
        *rep_lines,
        "",
        "## Answers checked",
        "",
        "Every engine's answer to the timed questions is compared with smmkpi's (core size exactly;",
        "report figures to a relative 1e-9). In addition smmkpi's core size and its core for",
        "every month (`monthly[].core`) are compared with an independent DuckDB query under",
        "several rules, on every log above and on a Russian-style copy (`Пользователь;Дата;Действие`",
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
    if rep_problems:
        doc += ["Report differences:", "", *rep_problems, ""]
    doc += [
        "## How to reproduce",
        "",
        "```sh",
        "benches/run.sh            # RUNS=5 benches/run.sh for more runs",
        "```",
        "",
        "It needs Python 3.9+, a Rust toolchain and about 8 GB of disk. It builds smmkpi in",
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
    bad = core_bad + rep_bad + [c[0] for c in checks if not c[-1]]
    if bad:
        sys.exit(f"answers differ: {bad}")


if __name__ == "__main__":
    main()
