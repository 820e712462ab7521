"""The history schema: one list of migrations shared by SQLite and
PostgreSQL. A database holds schema_version rows, one per migration applied;
opening a store applies the missing ones inside one locked transaction, so
two processes opening a new database at once cannot both apply them.

Dialect words in braces: {pk} an auto-increment primary key, {ref} the type
of a column that refers to one, {real} a double, {blob} bytes."""

SCHEMA_VERSION = 2

DIALECTS = {
    "sqlite": {"pk": "INTEGER PRIMARY KEY AUTOINCREMENT", "ref": "INTEGER",
               "real": "REAL", "blob": "BLOB"},
    "postgresql": {"pk": "BIGSERIAL PRIMARY KEY", "ref": "BIGINT",
                   "real": "DOUBLE PRECISION", "blob": "BYTEA"},
}

VERSION_TABLE = ("CREATE TABLE IF NOT EXISTS schema_version ("
                 "version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)")

# version -> statements; never edit one that has shipped, add a new one.
MIGRATIONS = {
    1: (
        """CREATE TABLE runs (
             id {pk},
             content_hash TEXT NOT NULL UNIQUE,
             recorded_at TEXT NOT NULL,
             run_date TEXT NOT NULL,
             commit_sha TEXT NOT NULL,
             branch TEXT NOT NULL,
             machine TEXT NOT NULL,
             backend TEXT NOT NULL,
             device TEXT NOT NULL,
             config_hash TEXT NOT NULL,
             config_json TEXT NOT NULL,
             context_json TEXT NOT NULL,
             source TEXT NOT NULL,
             tool_version TEXT NOT NULL)""",
        "CREATE INDEX runs_machine ON runs (machine, config_hash)",
        "CREATE INDEX runs_commit ON runs (commit_sha)",
        """CREATE TABLE cases (
             id {pk},
             run_id {ref} NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
             name TEXT NOT NULL,
             scheduler TEXT NOT NULL,
             scenario TEXT NOT NULL,
             label TEXT NOT NULL,
             errors_json TEXT NOT NULL,
             from_median INTEGER NOT NULL,
             UNIQUE (run_id, name))""",
        """CREATE TABLE measurements (
             case_id {ref} NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
             repetition INTEGER NOT NULL,
             counter TEXT NOT NULL,
             value {real} NOT NULL,
             PRIMARY KEY (case_id, repetition, counter))""",
    ),
    2: (
        # Per-request samples (xsb_bench --xsb_samples_dir), gzip'd JSON.
        """CREATE TABLE samples (
             case_id {ref} NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
             repetition INTEGER NOT NULL,
             data {blob} NOT NULL,
             PRIMARY KEY (case_id, repetition))""",
    ),
}


def statements(version: int, dialect: str) -> list:
    """The migration's statements with the dialect's words filled in."""
    words = DIALECTS[dialect]
    return [s.format(**words) for s in MIGRATIONS[version]]
