#!/usr/bin/env python3
"""The reference plan's kind of PyTorch pair as exec models: torchvision's
ResNet-18 (the plan's HP inference model, batch 1) and ResNet-50 (its LP
model, at the case's batch), with random weights (weights=None: nothing is
downloaded). On the GPU where the case's backend is gpu and PyTorch has a
device (its "cuda" device also covers ROCm builds), else on the CPU. Under
the stream-priority scheduler the work runs on a torch.cuda.Stream of the
priority the suite passes (XSB_STREAM_PRIORITY), which the ready line
acknowledges. The scenarios torch-original and torch-intensive run it:

    xsb_bench --xsb_scenarios=torch-original ...
    xsb_bench --xsb_hp_model='exec:python3 torch_models.py --model=resnet18'

Needs torch and torchvision (Debian: python3-torch python3-torchvision)."""
import argparse
import contextlib
import sys
from typing import List, Optional

import torch
import torchvision

from xsb_model import Config, serve

MODELS = {"resnet18": torchvision.models.resnet18,
          "resnet50": torchvision.models.resnet50}
# torch.cuda.Stream priorities: lower is higher. A negative one is the
# highest pool PyTorch has (1.x takes any negative as "high", 2.x clamps
# to its range); 0 is CUDA's and HIP's default and lowest.
STREAM_PRIORITY = {"highest": -100, "lowest": 0}


def parse_args(argv: List[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", choices=sorted(MODELS), required=True)
    parser.add_argument("--batch", type=int, default=0,
                        help="rows per forward (default: the case's)")
    parser.add_argument("--image_size", type=int, default=224,
                        help="input height and width (default 224)")
    parser.add_argument("--threads", type=int, default=0,
                        help="CPU threads (default: PyTorch's own)")
    return parser.parse_args(argv)


class Runner:
    """One model, its input and, on a GPU, the stream its work runs on."""

    def __init__(self, args: argparse.Namespace):
        self.args = args
        self.device = torch.device("cpu")
        self.model: Optional[torch.nn.Module] = None
        self.input: Optional[torch.Tensor] = None
        self.stream = None
        self.copy_in = False

    def setup(self, config: Config) -> dict:
        if self.args.threads > 0:
            torch.set_num_threads(self.args.threads)
        if config.backend == "gpu" and torch.cuda.is_available():
            self.device = torch.device("cuda", config.device)
        torch.manual_seed(config.seed)
        batch = self.args.batch or config.batch
        self.model = MODELS[self.args.model](weights=None).eval() \
            .to(self.device)
        size = self.args.image_size
        # HP serves requests: each copies its input in and its answer out.
        # LP iterates over a batch that stays on the device.
        self.copy_in = config.role == "hp"
        where = "cpu" if self.copy_in else self.device
        self.input = torch.randn(batch, 3, size, size, device=where)
        if self.copy_in and self.device.type == "cuda":
            self.input = self.input.pin_memory()
        info = {"model": self.args.model, "device": self.describe_device(),
                "batch": batch}
        priority = STREAM_PRIORITY.get(config.stream_priority)
        if self.device.type == "cuda" and priority is not None:
            self.stream = torch.cuda.Stream(self.device, priority=priority)
            info["stream_priority"] = config.stream_priority
        return info

    def describe_device(self) -> str:
        if self.device.type != "cuda":
            return f"cpu ({torch.get_num_threads()} threads)"
        return f"{self.device} ({torch.cuda.get_device_name(self.device)})"

    def forward(self) -> None:
        where = torch.cuda.stream(self.stream) if self.stream is not None \
            else contextlib.nullcontext()
        with torch.no_grad(), where:
            x = self.input.to(self.device, non_blocking=True) \
                if self.copy_in else self.input
            out = self.model(x)
            if self.copy_in:
                out.to("cpu", non_blocking=True)

    def sync(self) -> None:
        if self.device.type == "cuda":
            torch.cuda.synchronize(self.device)


def main(argv: List[str]) -> int:
    runner = Runner(parse_args(argv))
    return serve(runner.forward, runner.setup, runner.sync)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
