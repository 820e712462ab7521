"""python3 -m xsb_history (from tools/): the same as tools/history.py."""
import sys

from .cli import main

sys.exit(main())
