"""python3 -m xsb_compare BASELINE.json [CANDIDATE.json] [options]"""
import sys

from .app import entry_point

sys.exit(entry_point())
