"""xsb_model.serve against a fake worker on a socketpair: the handshake,
forward then sync per request, quit and end of file, and every failure
reported as one error line with the traceback on stderr."""
import contextlib
import io
import os
import socket
import sys
import threading
import unittest
from unittest import mock

from xsb_model import serve
from xsb_model.__main__ import main as noop_main


class FakeWorker:
    """The worker's end of the socket, and serve() running on a thread."""

    def __init__(self, test, forward, setup=None, sync=None, env=None):
        self.ours, theirs = socket.socketpair()
        self.theirs = theirs
        self.env = {"XSB_MODEL_FD": str(theirs.fileno()),
                    "XSB_MODEL_BATCH": "2", **(env or {})}
        self.result = {}
        self.stderr = io.StringIO()
        self.reader = self.ours.makefile("rb")

        def run():
            with contextlib.redirect_stderr(self.stderr):
                self.result["code"] = serve(forward, setup, sync, self.env)
        self.thread = threading.Thread(target=run)
        self.thread.start()
        test.addCleanup(self.close)

    def line(self) -> bytes:
        return self.reader.readline()

    def send(self, data: bytes):
        self.ours.sendall(data)

    def code(self) -> int:
        self.thread.join(30)
        return self.result["code"]

    def close(self):
        # The reader holds the socket open too: both go, so serve() reads
        # the end of file and returns.
        self.reader.close()
        self.ours.close()
        self.thread.join(30)
        self.theirs.close()


class ServeTest(unittest.TestCase):
    def test_requests_run_forward_then_sync_until_quit(self):
        calls = []
        worker = FakeWorker(self, lambda: calls.append("forward"),
                            lambda config: {"model": "m",
                                            "batch": config.batch},
                            lambda: calls.append("sync"))
        self.assertEqual(worker.line(), b'ready {"protocol": 1, "model": '
                                        b'"m", "device": "cpu", "batch": 2}\n')
        for i in range(3):
            worker.send(b"forward %d\n" % (i + 10))
            self.assertEqual(worker.line(), b"done %d\n" % (i + 10))
        worker.send(b"forward 13\nforward 14\n")  # two in one read
        self.assertEqual(worker.line(), b"done 13\n")
        self.assertEqual(worker.line(), b"done 14\n")
        worker.send(b"quit\n")
        self.assertEqual(worker.code(), 0)
        self.assertEqual(calls, ["forward", "sync"] * 5)

    def test_end_of_file_ends_it_cleanly(self):
        worker = FakeWorker(self, lambda: None)
        worker.line()
        worker.ours.shutdown(socket.SHUT_WR)
        self.assertEqual(worker.code(), 0)

    def test_default_model_name_is_the_program(self):
        with mock.patch.object(sys, "argv", ["/opt/models/ranker.py"]):
            worker = FakeWorker(self, lambda: None)
            self.assertIn(b'"model": "ranker"', worker.line())

    def test_forward_failure_is_one_error_line(self):
        def forward():
            raise ValueError("shapes (1,512) and (256,512) not aligned")
        worker = FakeWorker(self, forward)
        worker.line()
        worker.send(b"forward 0\n")
        self.assertEqual(worker.line(), b"error ValueError: shapes (1,512) "
                                        b"and (256,512) not aligned\n")
        self.assertEqual(worker.code(), 1)
        self.assertIn("Traceback (most recent call last)",
                      worker.stderr.getvalue())

    def test_setup_failure_replaces_the_ready_line(self):
        def setup(config):
            raise FileNotFoundError("weights.pt")
        worker = FakeWorker(self, lambda: None, setup)
        self.assertEqual(worker.line(), b"error FileNotFoundError: "
                                        b"weights.pt\n")
        self.assertEqual(worker.code(), 1)

    def test_sync_failure_is_reported_too(self):
        def sync():
            raise RuntimeError("CUDA error: device-side assert triggered")
        worker = FakeWorker(self, lambda: None, sync=sync)
        worker.line()
        worker.send(b"forward 0\n")
        self.assertEqual(worker.line(), b"error RuntimeError: CUDA error: "
                                        b"device-side assert triggered\n")

    def test_a_line_it_does_not_know_is_an_error(self):
        worker = FakeWorker(self, lambda: None)
        worker.line()
        worker.send(b"predict 0\n")
        self.assertEqual(worker.line(), b"error xsb_model.protocol."
                                        b"ProtocolError: unexpected line "
                                        b"from the worker: b'predict 0'\n")
        self.assertEqual(worker.code(), 1)

    def test_another_protocol_version_is_refused_in_a_line(self):
        worker = FakeWorker(self, lambda: None,
                            env={"XSB_MODEL_PROTOCOL": "2"})
        self.assertEqual(worker.code(), 2)
        self.assertIn("xsb_model: the worker speaks exec protocol 2",
                      worker.stderr.getvalue())


class NoopModelTest(unittest.TestCase):
    def test_outside_a_worker_says_how_to_run_it(self):
        stderr = io.StringIO()
        with mock.patch.dict(os.environ, clear=True), \
                contextlib.redirect_stderr(stderr):
            self.assertEqual(noop_main(), 2)
        self.assertIn("XSB_MODEL_FD is not set", stderr.getvalue())


if __name__ == "__main__":
    unittest.main()
