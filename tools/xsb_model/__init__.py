"""Serve a model to xsb-bench's worker over the exec protocol.

A program run as `--xsb_hp_model=exec:COMMAND` (or lp) calls serve() with
its forward pass; the worker keeps the clock and sends one request at a
time. Standard library only. The protocol (docs/workloads.md) is small
enough to serve from any language; this package is its Python side.
"""
from xsb_model.protocol import (PROTOCOL, Config, ProtocolError,
                                read_config)
from xsb_model.server import serve

__all__ = ["PROTOCOL", "Config", "ProtocolError", "read_config", "serve"]
