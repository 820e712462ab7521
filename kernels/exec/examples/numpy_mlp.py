#!/usr/bin/env python3
"""An exec model in numpy: the suite's MLP (layers x hidden x hidden, bias +
ReLU after each) at the batch the case asks for, with weights drawn from
the case's seed. Run it through xsb_bench:

    xsb_bench --xsb_hp_model='exec:/usr/bin/python3 numpy_mlp.py' ...

Needs numpy (Debian: python3-numpy) and xsb_model (on PYTHONPATH: the
worker puts it there)."""
import argparse
import sys
from typing import List, Optional

import numpy as np

from xsb_model import Config, serve


def parse_args(argv: List[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--layers", type=int, default=4)
    parser.add_argument("--hidden", type=int, default=512)
    return parser.parse_args(argv)


class Mlp:
    """Weights, biases and one input batch, made in setup."""

    def __init__(self, layers: int, hidden: int):
        self.layers = layers
        self.hidden = hidden
        self.weights: List[np.ndarray] = []
        self.biases: List[np.ndarray] = []
        self.input: Optional[np.ndarray] = None

    def setup(self, config: Config) -> dict:
        rng = np.random.default_rng(config.seed)
        scale = 1 / np.sqrt(self.hidden)
        shape = (self.hidden, self.hidden)
        self.weights = [rng.uniform(-scale, scale, shape).astype(np.float32)
                        for _ in range(self.layers)]
        self.biases = [rng.uniform(-scale, scale, self.hidden)
                       .astype(np.float32) for _ in range(self.layers)]
        self.input = rng.uniform(-1, 1, (config.batch, self.hidden)) \
            .astype(np.float32)
        return {"model": f"numpy-mlp {self.layers}x{self.hidden}",
                "device": "cpu"}

    def forward(self) -> np.ndarray:
        h = self.input
        for weight, bias in zip(self.weights, self.biases):
            h = np.maximum(h @ weight + bias, 0)
        return h


def main(argv: List[str]) -> int:
    args = parse_args(argv)
    mlp = Mlp(args.layers, args.hidden)
    return serve(mlp.forward, mlp.setup)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
