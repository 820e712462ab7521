"""Storage behind one small interface (Store), with the SQL shared by the
SQLite and PostgreSQL implementations (SqlStore). Every write is one
transaction; a run is identified by its results' content hash, so recording
the same results twice, even from two processes at once, stores one run."""

import abc
import datetime
import json
from dataclasses import dataclass

from .errors import HistoryError
from .ingest import CaseResult, ResultsFile
from .schema import SCHEMA_VERSION, VERSION_TABLE, statements


@dataclass(frozen=True)
class RunRecord:
    """A run to store: the results and where they come from."""
    results: ResultsFile
    commit: str
    branch: str
    machine: str
    recorded_at: str  # ISO 8601, UTC
    config: dict  # config.config_of(context)
    config_hash: str
    tool_version: str
    samples: tuple = ()  # (case name, repetition, gzip'd JSON bytes)


@dataclass(frozen=True)
class RunRow:
    """A stored run's metadata."""
    id: int
    content_hash: str
    recorded_at: str
    run_date: str
    commit: str
    branch: str
    machine: str
    backend: str
    device: str
    config_hash: str
    config: dict
    context: dict
    source: str
    tool_version: str


class Store(abc.ABC):
    """What the commands need from a history database."""

    @abc.abstractmethod
    def add_run(self, record: RunRecord) -> tuple:
        """(run id, True) when stored; (id of the run with the same content
        hash, False) when it was there already."""

    @abc.abstractmethod
    def runs(self) -> list:
        """Every RunRow, oldest first (by id)."""

    @abc.abstractmethod
    def cases(self, run_ids: list) -> dict:
        """run id -> [CaseResult] for the runs asked for."""

    @abc.abstractmethod
    def samples(self, run_id: int) -> list:
        """(case name, repetition, gzip'd JSON bytes) of a run."""

    @abc.abstractmethod
    def schema_version(self) -> int:
        pass

    @abc.abstractmethod
    def close(self) -> None:
        pass


_RUN_COLUMNS = ("id, content_hash, recorded_at, run_date, commit_sha, "
                "branch, machine, backend, device, config_hash, config_json, "
                "context_json, source, tool_version")


def _run_row(row: tuple) -> RunRow:
    values = list(row)
    values[10] = json.loads(values[10])
    values[11] = json.loads(values[11])
    return RunRow(*values)


class SqlStore(Store):
    """The SQL both databases share. A subclass provides the connection
    (self.conn), `dialect`, `placeholder`, _begin_write (a transaction
    that writers take one at a time where needed), _lock_schema and
    _insert_id, and turns its driver's errors into HistoryError."""

    dialect = ""
    placeholder = "?"
    where = ""  # the database, for messages
    driver_errors = ()  # the driver's exception classes

    def _failed(self, error: Exception) -> HistoryError:
        first = (str(error).strip().splitlines() or [type(error).__name__])
        return HistoryError(f"history database {self.where}: {first[0]}")

    def _sql(self, text: str) -> str:
        return text.replace("?", self.placeholder)

    def _query(self, text: str, params: tuple = ()) -> list:
        try:
            cur = self.conn.cursor()
            cur.execute(self._sql(text), params)
            rows = cur.fetchall()
            cur.close()
            self.conn.commit()  # ends PostgreSQL's read transaction
            return rows
        except self.driver_errors as e:
            raise self._failed(e) from None

    @abc.abstractmethod
    def _begin_write(self, cur) -> None:
        pass

    @abc.abstractmethod
    def _lock_schema(self, cur) -> None:
        """Serialises migrations between processes (inside the transaction).
        """

    @abc.abstractmethod
    def _insert_id(self, cur, text: str, params: tuple) -> int:
        pass

    def _write(self, work) -> object:
        """work(cursor) inside one transaction: committed, or rolled back on
        any error."""
        try:
            cur = self.conn.cursor()
            try:
                self._begin_write(cur)
                result = work(cur)
                self.conn.commit()
                return result
            except BaseException:
                self.conn.rollback()
                raise
            finally:
                cur.close()
        except self.driver_errors as e:
            raise self._failed(e) from None

    def migrate(self) -> None:
        self._write(self._migrate)

    def _migrate(self, cur) -> None:
        self._lock_schema(cur)
        cur.execute(VERSION_TABLE)
        cur.execute("SELECT MAX(version) FROM schema_version")
        current = cur.fetchone()[0] or 0
        if current > SCHEMA_VERSION:
            raise HistoryError(f"history database schema version {current} "
                               "is newer than this tool's "
                               f"({SCHEMA_VERSION}): update tools/")
        for version in range(current + 1, SCHEMA_VERSION + 1):
            for statement in statements(version, self.dialect):
                cur.execute(statement)
            cur.execute(self._sql("INSERT INTO schema_version (version, "
                                  "applied_at) VALUES (?, ?)"),
                        (version, _now()))

    def schema_version(self) -> int:
        return self._query("SELECT MAX(version) FROM schema_version")[0][0]

    def add_run(self, record: RunRecord) -> tuple:
        return self._write(lambda cur: self._add_run(cur, record))

    def _add_run(self, cur, record: RunRecord) -> tuple:
        results, context = record.results, record.results.context
        cur.execute(self._sql(
            f"INSERT INTO runs ({_RUN_COLUMNS[4:]}) VALUES "
            "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
            "ON CONFLICT (content_hash) DO NOTHING"),
            (results.content_hash, record.recorded_at,
             context.get("date", ""), record.commit, record.branch,
             record.machine, context.get("xsb_backend", ""),
             context.get("xsb_device", ""), record.config_hash,
             json.dumps(record.config, sort_keys=True),
             json.dumps(context, sort_keys=True), results.path,
             record.tool_version))
        created = cur.rowcount == 1
        cur.execute(self._sql("SELECT id FROM runs WHERE content_hash = ?"),
                    (results.content_hash,))
        run_id = cur.fetchone()[0]
        if created:
            case_ids = {case.name: self._add_case(cur, run_id, case)
                        for case in results.cases}
            self._add_samples(cur, case_ids, record.samples)
        return run_id, created

    def _add_case(self, cur, run_id: int, case: CaseResult) -> int:
        case_id = self._insert_id(cur, self._sql(
            "INSERT INTO cases (run_id, name, scheduler, scenario, label, "
            "errors_json, from_median) VALUES (?, ?, ?, ?, ?, ?, ?)"),
            (run_id, case.name, case.scheduler, case.scenario, case.label,
             json.dumps(list(case.errors)), int(case.from_median)))
        rows = [(case_id, rep, counter, value)
                for rep, values in enumerate(case.repetitions)
                for counter, value in sorted(values.items())]
        if rows:
            cur.executemany(self._sql(
                "INSERT INTO measurements (case_id, repetition, counter, "
                "value) VALUES (?, ?, ?, ?)"), rows)
        return case_id

    def _add_samples(self, cur, case_ids: dict, samples: tuple) -> None:
        rows = [(case_ids[name], rep, self._blob(data))
                for name, rep, data in samples if name in case_ids]
        if rows:
            cur.executemany(self._sql(
                "INSERT INTO samples (case_id, repetition, data) "
                "VALUES (?, ?, ?)"), rows)

    def _blob(self, data: bytes) -> object:
        return data

    def runs(self) -> list:
        return [_run_row(row) for row in self._query(
            f"SELECT {_RUN_COLUMNS} FROM runs ORDER BY id")]

    def cases(self, run_ids: list) -> dict:
        found = {run_id: [] for run_id in run_ids}
        for start in range(0, len(run_ids), 500):
            self._cases_of(run_ids[start:start + 500], found)
        return found

    def _cases_of(self, run_ids: list, found: dict) -> None:
        if not run_ids:
            return
        marks = ", ".join("?" * len(run_ids))
        values = {}
        for case_id, rep, counter, value in self._query(
                "SELECT m.case_id, m.repetition, m.counter, m.value FROM "
                "measurements m JOIN cases c ON c.id = m.case_id WHERE "
                f"c.run_id IN ({marks})", tuple(run_ids)):
            reps = values.setdefault(case_id, {})
            reps.setdefault(rep, {})[counter] = value
        for row in self._query(
                "SELECT id, run_id, name, scheduler, scenario, label, "
                f"errors_json, from_median FROM cases WHERE run_id IN "
                f"({marks}) ORDER BY id", tuple(run_ids)):
            reps = values.get(row[0], {})
            found[row[1]].append(CaseResult(
                row[2], row[3], row[4], row[5],
                tuple(reps[r] for r in sorted(reps)),
                tuple(json.loads(row[6])), bool(row[7])))

    def samples(self, run_id: int) -> list:
        return [(name, rep, bytes(data)) for name, rep, data in self._query(
            "SELECT c.name, s.repetition, s.data FROM samples s JOIN cases c "
            "ON c.id = s.case_id WHERE c.run_id = ? ORDER BY c.id, "
            "s.repetition", (run_id,))]

    def close(self) -> None:
        self.conn.close()


def _now() -> str:
    return datetime.datetime.now(datetime.timezone.utc).isoformat(
        timespec="seconds")
