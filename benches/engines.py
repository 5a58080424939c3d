"""One benchmark question answered by one engine, in a process of its own.

    python engines.py ENGINE TASK [options]

ENGINE is duckdb, polars or pandas; TASK is `core` (the active core of an
activity log) or `report` (post summary by month). The answer is printed as
JSON on stdout, in the shape bench.py compares with smmkpi's.

core: users with at least N actions in each of the M calendar months ending
at the as-of month (default: the latest month in the log); months are those
of the times as written. With --monthly, DuckDB also gives the core for
every month the window could end at (the check of smmkpi's `monthly`).

report: per calendar month of published_at (read with --timestamp-format) and for all posts: posts, sums of
reach, views, likes, comments, reposts, saves, interactions (likes +
comments + reposts + saves), and ER by reach (interactions / reach × 100):
mean and median of per-post ER, and Σ interactions / Σ reach × 100.
"""

import argparse
import json
import sys


def month_index(year, month):
    return year * 12 + month - 1


def parse_as_of(s):
    if s is None:
        return None
    y, m = s.split("-")
    return month_index(int(y), int(m))


# --- core -------------------------------------------------------------------


def core_duckdb(a):
    import duckdb

    con = duckdb.connect()
    as_of = parse_as_of(a.as_of)
    src = (
        f"read_csv('{a.path}', delim='{a.sep}', header=true, "
        f"timestampformat='{a.timestamp_format}')"
    )
    con.execute(
        f"""
        CREATE TEMP TABLE um AS
        SELECT "{a.user}" AS u, year("{a.at}") * 12 + month("{a.at}") - 1 AS mi, count(*) AS c
        FROM {src} GROUP BY ALL
        """
    )
    window_end = "SELECT max(mi) AS a FROM um" if as_of is None else f"SELECT {as_of} AS a"
    (size,) = con.execute(
        f"""
        WITH w AS ({window_end})
        SELECT count(*) FROM (
            SELECT u FROM um, w
            WHERE c >= {a.n} AND mi > w.a - {a.m} AND mi <= w.a
            GROUP BY u HAVING count(*) = {a.m})
        """
    ).fetchone()
    out = {"core_size": size}
    if a.monthly:
        # Each month meeting N counts towards the M windows that end in it or
        # in the M − 1 months after; a window is full when all M count.
        first, last = con.execute("SELECT min(mi), max(mi) FROM um").fetchone()
        rows = con.execute(
            f"""
            WITH q AS (SELECT u, mi FROM um WHERE c >= {a.n}),
            members AS (
                SELECT q.mi + k AS e, u FROM q, range({a.m}) r(k)
                GROUP BY ALL HAVING count(*) = {a.m}),
            ends AS (SELECT range AS e FROM range({first + a.m - 1}, {last + 1}))
            SELECT ends.e, count(members.u) FROM ends LEFT JOIN members USING (e)
            GROUP BY ends.e ORDER BY ends.e
            """
        ).fetchall()
        out["monthly"] = {f"{e // 12:04d}-{e % 12 + 1:02d}": n for e, n in rows}
    return out


def core_polars(a):
    import polars as pl

    as_of = parse_as_of(a.as_of)
    t = pl.col(a.at).str.to_datetime(a.timestamp_format)
    um = (
        pl.scan_csv(a.path, separator=a.sep)
        .select(pl.col(a.user).alias("u"), (t.dt.year().cast(pl.Int32) * 12 + t.dt.month().cast(pl.Int32) - 1).alias("mi"))
        .group_by("u", "mi")
        .len("c")
    )
    last = pl.col("mi").max() if as_of is None else pl.lit(as_of)
    size = (
        um.filter((pl.col("c") >= a.n) & (pl.col("mi") <= last) & (pl.col("mi") > last - a.m))
        .group_by("u")
        .len("k")
        .filter(pl.col("k") == a.m)
        .select(pl.len())
        .collect()
        .item()
    )
    return {"core_size": size}


def core_pandas(a):
    import pandas as pd

    df = pd.read_csv(a.path, sep=a.sep, usecols=[a.user, a.at])
    t = pd.to_datetime(df[a.at], format=a.timestamp_format)
    um = pd.DataFrame({"u": df[a.user], "mi": t.dt.year * 12 + t.dt.month - 1}).groupby(["u", "mi"]).size()
    um = um.reset_index(name="c")
    last = um["mi"].max() if a.as_of is None else parse_as_of(a.as_of)
    w = um[(um["c"] >= a.n) & (um["mi"] <= last) & (um["mi"] > last - a.m)]
    per_user = w.groupby("u").size()
    return {"core_size": int((per_user == a.m).sum())}


# --- report -----------------------------------------------------------------

FIELDS = ["posts", "reach", "views", "likes", "comments", "reposts", "saves", "interactions", "er_mean", "er_median", "er_ratio"]


def report_duckdb(a):
    import duckdb

    con = duckdb.connect()
    inter = "(likes + comments + reposts + saves)"
    er = f"{inter} * 100.0 / reach"
    select = f"""
        count(*) AS posts, sum(reach), sum(views), sum(likes), sum(comments), sum(reposts), sum(saves),
        sum({inter}), avg({er}) FILTER (WHERE reach > 0), median({er}) FILTER (WHERE reach > 0),
        sum({inter}) FILTER (WHERE reach > 0) * 100.0 / sum(reach) FILTER (WHERE reach > 0)
    """
    con.execute(
        f"CREATE TEMP TABLE p AS SELECT * FROM read_csv('{a.path}', header=true, "
        f"timestampformat='{a.timestamp_format}', types={{'published_at': 'TIMESTAMP'}})"
    )
    rows = con.execute(
        f"""
        SELECT strftime(published_at, '%Y-%m') AS period, {select} FROM p GROUP BY ALL
        UNION ALL SELECT 'all', {select} FROM p
        """
    ).fetchall()
    return {r[0]: dict(zip(FIELDS, r[1:])) for r in rows}


def report_polars(a):
    import polars as pl

    inter = pl.col("likes") + pl.col("comments") + pl.col("reposts") + pl.col("saves")
    df = pl.scan_csv(a.path).with_columns(
        pl.col("published_at").str.to_datetime(a.timestamp_format).dt.strftime("%Y-%m").alias("period"),
        inter.alias("i"),
        pl.when(pl.col("reach") > 0).then(inter * 100.0 / pl.col("reach")).alias("er"),
    )
    aggs = [
        pl.len().alias("posts"),
        pl.col("reach").sum(),
        pl.col("views").sum(),
        pl.col("likes").sum(),
        pl.col("comments").sum(),
        pl.col("reposts").sum(),
        pl.col("saves").sum(),
        pl.col("i").sum().alias("interactions"),
        pl.col("er").mean().alias("er_mean"),
        pl.col("er").median().alias("er_median"),
        (pl.col("i").filter(pl.col("reach") > 0).sum() * 100.0 / pl.col("reach").filter(pl.col("reach") > 0).sum()).alias("er_ratio"),
    ]
    per, total = pl.collect_all([df.group_by("period").agg(aggs), df.select(aggs)])
    out = {r["period"]: {k: r[k] for k in FIELDS} for r in per.iter_rows(named=True)}
    out["all"] = {k: total.row(0, named=True)[k] for k in FIELDS}
    return out


def report_pandas(a):
    import pandas as pd

    df = pd.read_csv(a.path, usecols=["published_at", "reach", "views", "likes", "comments", "reposts", "saves"])
    df["period"] = pd.to_datetime(df["published_at"], format=a.timestamp_format).dt.strftime("%Y-%m")
    df["i"] = df["likes"] + df["comments"] + df["reposts"] + df["saves"]
    pos = df["reach"] > 0
    df["er"] = (df["i"] * 100.0 / df["reach"]).where(pos)
    df["ri"] = df["i"].where(pos)
    df["rr"] = df["reach"].where(pos)

    def summary(g):
        return {
            "posts": len(g),
            "reach": g["reach"].sum(),
            "views": g["views"].sum(),
            "likes": g["likes"].sum(),
            "comments": g["comments"].sum(),
            "reposts": g["reposts"].sum(),
            "saves": g["saves"].sum(),
            "interactions": g["i"].sum(),
            "er_mean": g["er"].mean(),
            "er_median": g["er"].median(),
            "er_ratio": g["ri"].sum() * 100.0 / g["rr"].sum(),
        }

    out = {p: summary(g) for p, g in df.groupby("period")}
    out["all"] = summary(df)
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("engine", choices=["duckdb", "polars", "pandas"])
    ap.add_argument("task", choices=["core", "report"])
    ap.add_argument("path")
    ap.add_argument("-n", type=int, default=3)
    ap.add_argument("-m", type=int, default=6)
    ap.add_argument("--as-of")
    ap.add_argument("--sep", default=",")
    ap.add_argument("--user", default="user_id")
    ap.add_argument("--at", default="timestamp")
    ap.add_argument("--timestamp-format", default="%Y-%m-%d %H:%M:%S")
    ap.add_argument("--monthly", action="store_true")
    a = ap.parse_args()
    fn = globals()[f"{a.task}_{a.engine}"]
    out = fn(a)
    json.dump(out, sys.stdout, default=lambda v: v.item() if hasattr(v, "item") else float(v))
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
