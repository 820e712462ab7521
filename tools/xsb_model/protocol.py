"""The exec protocol's lines and the environment the worker passes, as pure
functions (docs/workloads.md):

    program -> worker: ready {JSON}    once set up
    worker -> program: forward ID      one forward pass, then sync
    program -> worker: done ID         it completed
                       error MESSAGE   it failed (also instead of ready)
    worker -> program: quit            exit with code 0
"""
import json
from dataclasses import dataclass
from typing import Mapping, Optional, Tuple

PROTOCOL = 1

# The keys a setup function may return, besides which ready has none.
READY_KEYS = ("model", "device", "batch", "stream_priority")
STREAM_PRIORITIES = ("default", "highest", "lowest")


class ProtocolError(Exception):
    """The worker said something this side cannot take, or the program was
    not started by a worker."""


@dataclass(frozen=True)
class Config:
    """What the worker tells the program through its environment."""
    fd: int                # XSB_MODEL_FD: the protocol socket
    protocol: int          # XSB_MODEL_PROTOCOL
    role: str              # XSB_MODEL_ROLE: hp or lp
    batch: int             # XSB_MODEL_BATCH: rows per forward pass
    backend: str           # XSB_MODEL_BACKEND: cpu or gpu
    device: int            # XSB_MODEL_DEVICE: GPU index
    stream_priority: str   # XSB_STREAM_PRIORITY: default, highest, lowest
    seed: int              # XSB_MODEL_SEED


def _integer(env: Mapping[str, str], name: str, default: Optional[int],
             minimum: int) -> int:
    text = env.get(name)
    if text is None:
        if default is None:
            raise ProtocolError(
                f"{name} is not set: this program serves a model to "
                "xsb-bench's worker; run it through xsb_bench "
                "--xsb_hp_model=exec:COMMAND (docs/workloads.md)")
        return default
    try:
        value = int(text)
    except ValueError:
        raise ProtocolError(f"{name}={text!r} is not a whole number") from None
    if value < minimum:
        raise ProtocolError(f"{name}={text} must be >= {minimum}")
    return value


def read_config(env: Mapping[str, str]) -> Config:
    """The worker's settings from an environment (os.environ); raises
    ProtocolError when XSB_MODEL_FD is missing, a number is not one, or
    the worker speaks another protocol version."""
    fd = _integer(env, "XSB_MODEL_FD", None, 0)
    protocol = _integer(env, "XSB_MODEL_PROTOCOL", PROTOCOL, 1)
    if protocol != PROTOCOL:
        raise ProtocolError(f"the worker speaks exec protocol {protocol}, "
                            f"this xsb_model {PROTOCOL}")
    priority = env.get("XSB_STREAM_PRIORITY", "default")
    if priority not in STREAM_PRIORITIES:
        raise ProtocolError(f"XSB_STREAM_PRIORITY={priority!r} is not one of "
                            f"{', '.join(STREAM_PRIORITIES)}")
    return Config(fd=fd, protocol=protocol,
                  role=env.get("XSB_MODEL_ROLE", "hp"),
                  batch=_integer(env, "XSB_MODEL_BATCH", 1, 1),
                  backend=env.get("XSB_MODEL_BACKEND", "cpu"),
                  device=_integer(env, "XSB_MODEL_DEVICE", 0, 0),
                  stream_priority=priority,
                  seed=_integer(env, "XSB_MODEL_SEED", 1, 0))


def ready_line(config: Config, info: Optional[Mapping[str, object]],
               default_model: str) -> bytes:
    """The ready line for what setup returned (None: the defaults: the
    program's name, device "cpu", the batch asked for); raises
    ProtocolError for an unknown key or a value of the wrong type."""
    info = dict(info or {})
    unknown = sorted(set(info) - set(READY_KEYS))
    if unknown:
        raise ProtocolError(f"setup returned unknown keys {unknown}; "
                            f"known: {', '.join(READY_KEYS)}")
    fields = {"protocol": PROTOCOL,
              "model": str(info.get("model", default_model)),
              "device": str(info.get("device", "cpu")),
              "batch": info.get("batch", config.batch)}
    if not isinstance(fields["batch"], int) or fields["batch"] < 1:
        raise ProtocolError(f"setup returned batch {fields['batch']!r}; "
                            "it must be a whole number >= 1")
    if "stream_priority" in info:
        fields["stream_priority"] = str(info["stream_priority"])
    return b"ready " + json.dumps(fields).encode() + b"\n"


def parse_request(line: bytes) -> Tuple[str, int]:
    """("forward", ID) or ("quit", -1) for a line without its newline;
    raises ProtocolError, quoting it, for anything else."""
    if line.startswith(b"forward "):
        try:
            return "forward", int(line[8:])
        except ValueError:
            pass
    elif line == b"quit":
        return "quit", -1
    raise ProtocolError(f"unexpected line from the worker: {line[:200]!r}")


def done_line(request_id: int) -> bytes:
    return b"done %d\n" % request_id


def error_line(message: str) -> bytes:
    """One line whatever the message holds."""
    text = " ".join(message.split()) or "error (no message)"
    return b"error " + text.encode("utf-8", "replace") + b"\n"
