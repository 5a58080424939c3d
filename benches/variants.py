"""The files the benchmark generates and times, shared by generate.py and bench.py
(which must stay small while it times, so it does not import DuckDB)."""

# How user k is written, per id class.
ID_CLASSES = {
    "numeric": "CAST(10000000 + k AS VARCHAR)",
    "user": "'user' || k",
    "id": "'id' || k",
    "u": "'u' || k",
    "uuid": "CAST(CAST(md5(CAST(k AS VARCHAR)) AS UUID) AS VARCHAR)",
    "hex": "md5(CAST(k AS VARCHAR))",
    "username": "'@' || ['anna', 'ivan', 'olga', 'max', 'kate', 'dima', 'lena', 'oleg', 'sasha', 'nina'][k % 10 + 1] || '_' || lower(to_base(k // 10 + 11, 36))",
}

# The files the benchmark times `core` on: (name, id class, shuffled, ISO `T` times).
VARIANTS = [
    ("activity.csv", "numeric", False, False),
    ("activity_numeric_shuffled_t.csv", "numeric", True, True),
    ("activity_user_t.csv", "user", False, True),
    ("activity_id_shuffled.csv", "id", True, False),
    ("activity_u.csv", "u", False, False),
    ("activity_uuid.csv", "uuid", False, False),
    ("activity_hex_shuffled_t.csv", "hex", True, True),
    ("activity_username_t.csv", "username", False, True),
    ("activity_username_shuffled.csv", "username", True, False),
]


# The post exports the benchmark times `report` on: (name, ISO `T` times with seconds, captions).
POST_VARIANTS = [
    ("posts.csv", False, True),
    ("posts_t.csv", True, True),
    ("posts_nocaption.csv", False, False),
    ("posts_t_nocaption.csv", True, False),
]

# The time format of each kind of post file, as the peers are told it.
POST_TIME_FORMATS = {False: "%Y-%m-%d %H:%M", True: "%Y-%m-%dT%H:%M:%S"}
