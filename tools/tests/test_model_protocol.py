"""xsb_model's protocol functions: the environment the worker passes, the
ready line, requests and error lines (docs/workloads.md)."""
import json
import unittest

from xsb_model.protocol import (Config, ProtocolError, done_line,
                                error_line, parse_request, read_config,
                                ready_line)

ENV = {"XSB_MODEL_FD": "5", "XSB_MODEL_PROTOCOL": "1", "XSB_MODEL_ROLE": "lp",
       "XSB_MODEL_BATCH": "1024", "XSB_MODEL_BACKEND": "gpu",
       "XSB_MODEL_DEVICE": "1", "XSB_STREAM_PRIORITY": "lowest",
       "XSB_MODEL_SEED": "42"}


def config(**changes) -> Config:
    return read_config(dict(ENV, **changes))


class ReadConfigTest(unittest.TestCase):
    def test_every_variable(self):
        self.assertEqual(config(), Config(
            fd=5, protocol=1, role="lp", batch=1024, backend="gpu", device=1,
            stream_priority="lowest", seed=42))

    def test_only_the_descriptor_is_required(self):
        self.assertEqual(read_config({"XSB_MODEL_FD": "3"}), Config(
            fd=3, protocol=1, role="hp", batch=1, backend="cpu", device=0,
            stream_priority="default", seed=1))

    def test_without_a_worker(self):
        with self.assertRaisesRegex(ProtocolError,
                                    "XSB_MODEL_FD is not set: this program "
                                    "serves a model to xsb-bench's worker"):
            read_config({})

    def test_bad_values_are_named(self):
        for name, value, message in [
                ("XSB_MODEL_BATCH", "eight", "XSB_MODEL_BATCH='eight' is not "
                 "a whole number"),
                ("XSB_MODEL_BATCH", "0", "XSB_MODEL_BATCH=0 must be >= 1"),
                ("XSB_MODEL_PROTOCOL", "2", "the worker speaks exec protocol "
                 "2, this xsb_model 1"),
                ("XSB_STREAM_PRIORITY", "high", "XSB_STREAM_PRIORITY='high' "
                 "is not one of default, highest, lowest")]:
            with self.subTest(name=name, value=value):
                with self.assertRaises(ProtocolError) as caught:
                    config(**{name: value})
                self.assertEqual(str(caught.exception), message)


class ReadyLineTest(unittest.TestCase):
    def fields(self, info, default_model="my_model"):
        line = ready_line(config(), info, default_model)
        self.assertTrue(line.startswith(b"ready ") and line.endswith(b"\n"))
        self.assertEqual(line.count(b"\n"), 1)
        return json.loads(line[6:])

    def test_defaults(self):
        self.assertEqual(self.fields(None), {
            "protocol": 1, "model": "my_model", "device": "cpu",
            "batch": 1024})

    def test_what_setup_said(self):
        self.assertEqual(self.fields({
            "model": "resnet50", "device": "cuda:1 (H100)", "batch": 8,
            "stream_priority": "lowest"}), {
                "protocol": 1, "model": "resnet50",
                "device": "cuda:1 (H100)", "batch": 8,
                "stream_priority": "lowest"})

    def test_unknown_keys_and_bad_batches(self):
        with self.assertRaisesRegex(ProtocolError, r"unknown keys \['name'\]"):
            ready_line(config(), {"name": "x"}, "m")
        for batch in (0, 2.5, "8"):
            with self.assertRaisesRegex(ProtocolError, "must be a whole "
                                        "number >= 1"):
                ready_line(config(), {"batch": batch}, "m")


class LinesTest(unittest.TestCase):
    def test_requests(self):
        self.assertEqual(parse_request(b"forward 17"), ("forward", 17))
        self.assertEqual(parse_request(b"quit"), ("quit", -1))
        for line in (b"forward", b"forward x", b"hello", b"quit now"):
            with self.subTest(line=line):
                with self.assertRaisesRegex(ProtocolError,
                                            "unexpected line from the "
                                            "worker"):
                    parse_request(line)

    def test_replies_are_one_line(self):
        self.assertEqual(done_line(3), b"done 3\n")
        self.assertEqual(error_line("ValueError: a\nb  c"),
                         b"error ValueError: a b c\n")
        self.assertEqual(error_line(""), b"error error (no message)\n")
        self.assertEqual(error_line("caf\u00e9"),
                         "error caf\u00e9\n".encode())


if __name__ == "__main__":
    unittest.main()
