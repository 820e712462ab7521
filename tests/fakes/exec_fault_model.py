#!/usr/bin/env python3
"""An exec model that misbehaves on purpose, for the fault tests
(tests/integration/exec_faults_test.py). Pure standard library; xsb_model
comes from the PYTHONPATH the worker sets.

    exec_fault_model.py MODE [--after=N] [--child] [--say=LINE]

MODE: ok (a no-op model), crash_at_start (exit 3 before ready),
error_at_start (setup raises), crash (exit 4 at forward request N),
error (forward N raises ValueError), hang (forward N sleeps for good),
malformed (forward N writes a stray line on the protocol socket),
exit_after_quit (exit 5 once told to quit). --child first starts a
process of its own that would outlive the model (as a DataLoader's
workers could), and says its pid on stderr; --say prints LINE on stderr
first (as a library's log would). Request N counts from 0, warm-up and
the standalone measurement included."""
import argparse
import os
import subprocess
import sys
import time

from xsb_model import serve


def parse_args():
    parser = argparse.ArgumentParser()
    parser.add_argument("mode", choices=[
        "ok", "crash_at_start", "error_at_start", "crash", "error", "hang",
        "malformed", "exit_after_quit"])
    parser.add_argument("--after", type=int, default=100)
    parser.add_argument("--child", action="store_true")
    parser.add_argument("--say", default="")
    return parser.parse_args()


class FaultModel:
    def __init__(self, args):
        self.args = args
        self.served = 0

    def setup(self, config):
        if self.args.say:
            print(self.args.say, file=sys.stderr, flush=True)
        if self.args.child:
            child = subprocess.Popen(["sleep", "300"])
            print(f"fault model: started child {child.pid}", file=sys.stderr,
                  flush=True)
        if self.args.mode == "crash_at_start":
            print("fault model: cannot load its weights", file=sys.stderr,
                  flush=True)
            os._exit(3)
        if self.args.mode == "error_at_start":
            raise FileNotFoundError("weights.pt not found")
        return {"model": f"fault-{self.args.mode}", "device": "cpu"}

    def forward(self):
        due = self.served == self.args.after
        self.served += 1
        if not due:
            return
        mode = self.args.mode
        if mode == "crash":
            print("fault model: segfault, say", file=sys.stderr, flush=True)
            os._exit(4)
        if mode == "error":
            raise ValueError("shapes (1,512) and (256,512) not aligned")
        if mode == "hang":
            print("fault model: stuck", file=sys.stderr, flush=True)
            time.sleep(3600)
        if mode == "malformed":
            os.write(int(os.environ["XSB_MODEL_FD"]), b"loss=0.25\n")


def main():
    args = parse_args()
    model = FaultModel(args)
    code = serve(model.forward, model.setup)
    if code == 0 and args.mode == "exit_after_quit":
        print("fault model: failed to save its state", file=sys.stderr)
        return 5
    return code


if __name__ == "__main__":
    sys.exit(main())
