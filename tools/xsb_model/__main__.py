"""python3 -m xsb_model: the no-op model, whose forward does nothing. The
worker times round trips to it at the start of every run with an exec
model: the protocol's own overhead (the context's
xsb_exec_round_trip_*_us)."""
import sys

from xsb_model.server import serve


def main() -> int:
    return serve(lambda: None,
                 lambda config: {"model": "no-op", "device": "none"})


if __name__ == "__main__":
    sys.exit(main())
