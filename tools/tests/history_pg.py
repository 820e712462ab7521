"""A throwaway PostgreSQL server for the history tests: initdb into a
temporary folder, pg_ctl start on 127.0.0.1 at a free port (socket in the
same folder), trust authentication, and stop + removal at the end. As root
the server runs as the unprivileged `postgres` user (runuser). A watchdog
process stops the server should the test process die without cleaning up,
so no server is left behind.

start() raises Unavailable with a one-line reason when the server cannot
start (no PostgreSQL install, no psycopg2, initdb or start failing)."""
import glob
import os
import pwd
import shlex
import shutil
import signal
import socket
import subprocess
import tempfile

SKIP = 77  # ctest's SKIP_RETURN_CODE for this test


class Unavailable(Exception):
    pass


def _bin_dir() -> str:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"),
                   key=lambda p: int(p.split("/")[4])
                   if p.split("/")[4].isdigit() else 0)
    if os.environ.get("XSB_PG_BIN"):
        found = [os.path.join(os.environ["XSB_PG_BIN"], "initdb")]
    if not found or not os.access(found[-1], os.X_OK):
        raise Unavailable("PostgreSQL is not installed (no /usr/lib/"
                          "postgresql/*/bin/initdb; scripts/install-deps.sh "
                          "installs it)")
    return os.path.dirname(found[-1])


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class PgServer:
    def __init__(self):
        self.folder = None
        self.watchdog = None
        self.url = None
        self._as_user = []

    def _run(self, args: list, what: str) -> None:
        try:
            done = subprocess.run(self._as_user + args, capture_output=True,
                                  text=True, timeout=90)
        except (OSError, subprocess.SubprocessError) as e:
            raise Unavailable(f"{what} could not run: {e}") from None
        if done.returncode != 0:
            lines = (done.stderr or done.stdout).strip().splitlines()
            raise Unavailable(f"{what} failed: "
                              f"{lines[-1] if lines else done.returncode}")

    def _prepare_user(self) -> None:
        if os.geteuid() != 0:
            return
        try:
            user = pwd.getpwnam("postgres")
        except KeyError:
            raise Unavailable("running as root and there is no 'postgres' "
                              "user to run the server as") from None
        if not shutil.which("runuser"):
            raise Unavailable("running as root without runuser")
        os.chown(self.folder, user.pw_uid, user.pw_gid)
        self._as_user = ["runuser", "-u", "postgres", "--"]

    def start(self) -> str:
        """Starts the server; returns its postgresql:// URL."""
        try:
            import psycopg2  # noqa: F401
        except ImportError:
            raise Unavailable("psycopg2 is not importable by this Python "
                              "(apt-get install python3-psycopg2; run with "
                              "/usr/bin/python3)") from None
        bin_dir = _bin_dir()
        self.folder = tempfile.mkdtemp(prefix="xsb-pg-")
        os.chmod(self.folder, 0o755)
        self._prepare_user()
        data = os.path.join(self.folder, "data")
        self._run([f"{bin_dir}/initdb", "-D", data, "-U", "xsb", "-A",
                   "trust", "-E", "UTF8", "--no-sync"], "initdb")
        self._start_watchdog(bin_dir, data)
        port = _free_port()
        options = (f"-k {self.folder} -c listen_addresses=127.0.0.1 -p "
                   f"{port} -c fsync=off")
        self._run([f"{bin_dir}/pg_ctl", "-D", data, "-l",
                   os.path.join(self.folder, "log"), "-w", "-t", "30",
                   "-o", options, "start"], "pg_ctl start")
        self.url = f"postgresql://xsb@127.0.0.1:{port}/postgres"
        return self.url

    def _start_watchdog(self, bin_dir: str, data: str) -> None:
        stop = " ".join(shlex.quote(a) for a in self._as_user + [
            f"{bin_dir}/pg_ctl", "-D", data, "-m", "immediate", "stop"])
        script = (f"while kill -0 {os.getpid()} 2>/dev/null; do sleep 1; "
                  f"done; {stop} >/dev/null 2>&1; rm -rf "
                  f"{shlex.quote(self.folder)}")
        self.watchdog = subprocess.Popen(
            ["sh", "-c", script], start_new_session=True,
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL)
        self._bin_dir, self._data = bin_dir, data

    def stop(self) -> None:
        if self.folder is None:
            return
        if self.watchdog:
            if os.path.exists(os.path.join(self._data, "postmaster.pid")):
                subprocess.run(self._as_user + [
                    f"{self._bin_dir}/pg_ctl", "-D", self._data, "-m",
                    "fast", "-w", "stop"], capture_output=True, timeout=60)
            os.killpg(self.watchdog.pid, signal.SIGKILL)  # its own group
            self.watchdog.wait()
        shutil.rmtree(self.folder, ignore_errors=True)
        self.folder = self.url = None
