# shellcheck shell=bash
# Sourced by setup.sh and ab.sh: the results folder of one run,
# results/<scenario>-<UTC time>/ (docs/report.md).

# xsb_last_value FLAG ARG...: the value of the last --FLAG=VALUE among the
# arguments (xsb_bench takes the last one too), or nothing.
xsb_last_value() {
  local flag="$1" value="" arg
  shift
  for arg in "$@"; do
    case "$arg" in "--$flag="*) value="${arg#*=}" ;; esac
  done
  echo "$value"
}

# xsb_name_folder PYTHON FOLDER STAMP: renames FOLDER after the scenarios
# its benchmark.json holds (joined by '+'), to <scenarios>-STAMP beside it,
# and prints the folder's path, renamed or not.
xsb_name_folder() {
  local python="$1" folder="$2" stamp="$3" scenarios target
  scenarios="$("$python" -c '
import json, sys
found = []
doc = json.load(open(sys.argv[1]))
for b in doc.get("benchmarks", []) + doc.get("xsb_failed_runs", []):
    parts = str(b.get("run_name") or b.get("name", "")).split("/")
    if len(parts) > 2 and parts[0] in ("DualModel", "Standalone") \
            and parts[2] not in found:
        found.append(parts[2])
print("+".join(found))' "$folder/benchmark.json" 2>/dev/null || true)"
  target="$(dirname "$folder")/$scenarios-$stamp"
  if [ -n "$scenarios" ] && [ "$target" != "$folder" ] &&
      [ ! -e "$target" ] && mv "$folder" "$target"; then
    folder="$target"
  fi
  echo "$folder"
}
