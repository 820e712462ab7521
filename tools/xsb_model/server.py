"""serve(): the program's side of the exec protocol, reading requests from
the socket the worker passed (XSB_MODEL_FD) and answering each."""
import os
import sys
import traceback
from typing import Callable, Iterator, Mapping, Optional

from xsb_model.protocol import (Config, ProtocolError, done_line, error_line,
                                parse_request, read_config, ready_line)

Setup = Callable[[Config], Optional[Mapping[str, object]]]


def _lines(fd: int) -> Iterator[bytes]:
    """The lines read from `fd`, without newlines, until its end."""
    pending = b""
    while True:
        chunk = os.read(fd, 65536)
        if not chunk:
            return
        pending += chunk
        *lines, pending = pending.split(b"\n")
        yield from lines


def _write(fd: int, data: bytes) -> None:
    while data:
        data = data[os.write(fd, data):]


def _last_line(error: BaseException) -> str:
    """The traceback's last line: "ValueError: shapes do not match"."""
    return traceback.format_exception_only(type(error), error)[-1].strip()


def _program_name() -> str:
    name = os.path.basename(sys.argv[0]) if sys.argv and sys.argv[0] else ""
    return name[:-3] if name.endswith(".py") else (name or "python")


def _serve_requests(config: Config, forward: Callable[[], object],
                    sync: Optional[Callable[[], object]]) -> None:
    """Answers forward requests until quit or the socket's end."""
    for line in _lines(config.fd):
        kind, request_id = parse_request(line)
        if kind == "quit":
            return
        forward()
        if sync is not None:
            sync()
        _write(config.fd, done_line(request_id))


def serve(forward: Callable[[], object], setup: Optional[Setup] = None,
          sync: Optional[Callable[[], object]] = None,
          env: Optional[Mapping[str, str]] = None) -> int:
    """Serves `forward` to the worker; returns the exit code (0 after quit,
    1 after a failure), for sys.exit.

    setup(config), when given, runs first and returns what the ready line
    says: any of model, device, batch (default: config.batch) and
    stream_priority (the priority the program applied, when the worker
    asked for one in config.stream_priority). Then each request runs
    forward() and sync() (e.g. torch.cuda.synchronize) before it is
    answered, so the worker's clock covers the device's work. An exception
    is reported to the worker as one error line (the traceback's last
    line) and printed whole on stderr."""
    try:
        config = read_config(os.environ if env is None else env)
    except ProtocolError as e:
        print(f"xsb_model: {e}", file=sys.stderr)
        return 2
    try:
        info = setup(config) if setup is not None else None
        _write(config.fd, ready_line(config, info, _program_name()))
        _serve_requests(config, forward, sync)
        return 0
    except Exception as e:  # every failure of the model reaches the worker
        traceback.print_exc()
        try:
            _write(config.fd, error_line(_last_line(e)))
        except OSError:
            pass  # the worker is gone: the traceback above is all there is
        return 1
