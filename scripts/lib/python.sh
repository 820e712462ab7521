# Sourced by the scripts: xsb_python MODULE... prints the first Python 3
# interpreter that imports every MODULE, or nothing. Debian's python3-*
# packages go to /usr/bin/python3, which may not be the python3 on PATH
# (pyenv, a venv), so both are tried, the one on PATH first.
xsb_python() {
  local candidate
  for candidate in "${XSB_PYTHON:-}" "$(command -v python3 || true)" \
      /usr/bin/python3; do
    [ -n "$candidate" ] && [ -x "$candidate" ] || continue
    if "$candidate" -c "import sys; [__import__(m) for m in sys.argv[1:]]" \
        "$@" >/dev/null 2>&1; then
      echo "$candidate"
      return 0
    fi
  done
  return 1
}
