#!/usr/bin/env bash
# Installs, from Debian 12's archive, what xsched-bench needs to build, test,
# report and track history: the toolchain and libraries, Debian's HIP
# compiler and runtime (hipcc, libamdhip64-dev) so every build also compiles
# the hip backend, matplotlib for the report's plots, and PostgreSQL with
# psycopg2 for the shared-history tests. Does nothing when everything is
# already there. Prints one line naming what it installs; apt's own output
# goes to a log that is shown only when the install fails. The CUDA toolkit
# is not in Debian's archive; scripts/test.sh uses /usr/local/cuda/bin/nvcc
# when present.
#   --torch  also numpy, PyTorch and torchvision (python3-numpy,
#            python3-torch, python3-torchvision: CPU builds, about 1 GB),
#            which the example exec models and their tests use
#            (docs/workloads.md); scripts/test.sh asks for them.
#   --browser  also Debian's chromium, for the test that draws report.html
#            and the dashboard headless (report_browser, label browser;
#            docs/report.md); scripts/test.sh asks for it.
set -euo pipefail

packages=(cmake g++ make python3 libbenchmark-dev libgtest-dev
          nlohmann-json3-dev hipcc libamdhip64-dev
          python3-matplotlib python3-psycopg2 postgresql)
for arg in "$@"; do
  case "$arg" in
    --torch) packages+=(python3-numpy python3-torch python3-torchvision) ;;
    --browser) packages+=(chromium) ;;
    *) echo "install-deps.sh: unknown argument '$arg' (--torch, --browser)" >&2
       exit 2 ;;
  esac
done
missing=()
for package in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null |
      grep -q "install ok installed"; then
    missing+=("$package")
  fi
done
[ ${#missing[@]} -eq 0 ] && exit 0

sudo=""
if [ "$(id -u)" -ne 0 ]; then sudo=sudo; fi
echo "xsb: installing ${missing[*]}"
log="$(mktemp -t xsb-install.XXXXXX.log)"
export DEBIAN_FRONTEND=noninteractive
if ! { $sudo apt-get update -qq &&
       $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"; \
     } >"$log" 2>&1; then
  tail -n 30 "$log" >&2
  echo "xsb: installing ${missing[*]} failed; the whole log is $log" >&2
  exit 1
fi
rm -f "$log"
