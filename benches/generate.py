"""Generates the benchmark inputs with DuckDB (deterministic: hashes of the row number).

activity.csv: one row per action of one user (user_id, timestamp, action) over the 12 months of
2024, in time order. User k is drawn with density ∝ k^(-2/3), so a few thousand users act every
day and most act a handful of times a year: the shape of a real community.

activity_<class>.csv: the same events with the user ids of another class (ID_CLASSES: prefixed
ids as Telegram and VK write them, UUIDs, usernames), in time order or shuffled, with
space-separated or ISO `T` times (VARIANTS names each file).

activity_ru.csv: the same shape, smaller, as a Russian spreadsheet writes it:
`Пользователь;Дата;Действие` headers, `;` between fields, `DD.MM.YYYY HH:MM:SS` times.

posts.csv: a post export (id, published_at, text with hashtags, reach, views, likes, comments,
reposts, saves) spread over 2015–2024; posts_<variant>.csv the same posts with ISO `T` times
(with seconds) or without captions (POST_VARIANTS names each file).
"""

import argparse
import os

import duckdb

from variants import ID_CLASSES, POST_TIME_FORMATS, POST_VARIANTS, VARIANTS


def activity(con, path, events, users, russian=False, id_class="numeric", shuffled=False, iso_t=False):
    if id_class != "numeric" or shuffled or iso_t:
        tfmt = "%Y-%m-%dT%H:%M:%S" if iso_t else "%Y-%m-%d %H:%M:%S"
        order = "hash(i, 'o')" if shuffled else "ts, k"
        con.execute(
            f"""
            COPY (
                SELECT {ID_CLASSES[id_class]} AS user_id, strftime(ts, '{tfmt}') AS timestamp, action
                FROM (
                    SELECT i,
                        CAST(floor({users} * pow((hash(i, 'u') % 1000000007) / 1000000007.0, 3)) AS BIGINT) AS k,
                        TIMESTAMP '2024-01-01 00:00:00' + to_seconds(CAST(hash(i, 't') % 31622400 AS BIGINT)) AS ts,
                        CASE hash(i, 'a') % 20
                            WHEN 0 THEN 'repost' WHEN 1 THEN 'poll_vote' WHEN 2 THEN 'click'
                            WHEN 3 THEN 'comment' WHEN 4 THEN 'comment' WHEN 5 THEN 'comment'
                            ELSE 'like' END AS action
                    FROM range({events}) r(i)
                )
                ORDER BY {order}
            ) TO '{path}' (HEADER, DELIMITER ',')
            """
        )
        return
    if russian:
        cols = """user_id AS "Пользователь", strftime(ts, '%d.%m.%Y %H:%M:%S') AS "Дата", action AS "Действие" """
        delim = ";"
    else:
        cols = "user_id, strftime(ts, '%Y-%m-%d %H:%M:%S') AS timestamp, action"
        delim = ","
    con.execute(
        f"""
        COPY (
            SELECT {cols}
            FROM (
                SELECT
                    10000000 + CAST(floor({users} * pow((hash(i, 'u') % 1000000007) / 1000000007.0, 3)) AS BIGINT) AS user_id,
                    TIMESTAMP '2024-01-01 00:00:00' + to_seconds(CAST(hash(i, 't') % 31622400 AS BIGINT)) AS ts,
                    CASE hash(i, 'a') % 20
                        WHEN 0 THEN 'repost' WHEN 1 THEN 'poll_vote' WHEN 2 THEN 'click'
                        WHEN 3 THEN 'comment' WHEN 4 THEN 'comment' WHEN 5 THEN 'comment'
                        ELSE 'like' END AS action
                FROM range({events}) r(i)
            )
            ORDER BY ts, user_id
        ) TO '{path}' (HEADER, DELIMITER '{delim}')
        """
    )


def posts(con, path, n, iso_t=False, captions=True):
    text = (
        """'Post number ' || i || ' about our coffee #tag' || (hash(i, 'h1') % 50)
                    || CASE WHEN hash(i, 'h2') % 3 = 0 THEN ' and #tag' || (hash(i, 'h3') % 50) ELSE '' END AS text,"""
        if captions
        else ""
    )
    con.execute(
        f"""
        COPY (
            SELECT
                i + 1 AS id,
                strftime(TIMESTAMP '2015-01-01 00:00:00' + to_seconds(CAST(hash(i, 't') % 315532800 AS BIGINT)), '{POST_TIME_FORMATS[iso_t]}') AS published_at,
                {text}
                reach, reach + CAST(hash(i, 'v') % 5000 AS BIGINT) AS views,
                CAST(hash(i, 'l') % (reach / 20 + 1) AS BIGINT) AS likes,
                CAST(hash(i, 'c') % (reach / 200 + 1) AS BIGINT) AS comments,
                CAST(hash(i, 'r') % (reach / 400 + 1) AS BIGINT) AS reposts,
                CAST(hash(i, 's') % (reach / 300 + 1) AS BIGINT) AS saves
            FROM (SELECT i, CAST(100 + hash(i, 'reach') % 20000 AS BIGINT) AS reach FROM range({n}) r(i))
            ORDER BY published_at, id
        ) TO '{path}' (HEADER, DELIMITER ',')
        """
    )


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--dir", required=True)
    ap.add_argument("--events", type=int, default=20_000_000)
    ap.add_argument("--users", type=int, default=2_000_000)
    ap.add_argument("--posts", type=int, default=1_000_000)
    a = ap.parse_args()
    os.makedirs(a.dir, exist_ok=True)
    con = duckdb.connect()
    act = os.path.join(a.dir, "activity.csv")
    if not os.path.exists(act):
        activity(con, act, a.events, a.users)
    for name, id_class, shuffled, iso_t in VARIANTS[1:]:
        path = os.path.join(a.dir, name)
        if not os.path.exists(path):
            activity(con, path, a.events, a.users, id_class=id_class, shuffled=shuffled, iso_t=iso_t)
    ru = os.path.join(a.dir, "activity_ru.csv")
    if not os.path.exists(ru):
        activity(con, ru, a.events // 10, a.users // 10, russian=True)
    for name, iso_t, captions in POST_VARIANTS:
        pst = os.path.join(a.dir, name)
        if not os.path.exists(pst):
            posts(con, pst, a.posts, iso_t=iso_t, captions=captions)


if __name__ == "__main__":
    main()
