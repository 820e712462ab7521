#!/usr/bin/env bash
# Installs, from Debian 12's archive, what xsched-bench needs to build and
# test: the toolchain and libraries, and Debian's HIP compiler and runtime
# (hipcc, libamdhip64-dev) so every build also compiles the hip backend.
# Does nothing when everything is already there. The CUDA toolkit is not in
# Debian's archive; scripts/test.sh uses /usr/local/cuda/bin/nvcc when present.
set -euo pipefail

packages=(cmake g++ make python3 libbenchmark-dev libgtest-dev
          nlohmann-json3-dev hipcc libamdhip64-dev)
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
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
