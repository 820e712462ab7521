"""python3 -m xsb_report RUN.json ...: the same as tools/report.py."""
import sys

from .cli import main

sys.exit(main())
