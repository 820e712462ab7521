#!/usr/bin/env bash
# Rehearses the device side of scripts/gpu-check.sh on a newer system than
# the one the bundle was prepared on (docs/gpu.md, "Rehearsal on a newer
# system"): builds a minimal chroot of a newer Debian with debootstrap
# (trixie: GCC 14's libstdc++, glibc 2.41), copies the bundle into it and
# runs the bundle's run.sh there, in a clean environment, with
# --backend=cpu --short. Not run by CI: it needs root, a Debian mirror and
# a few minutes the first time; the chroot is kept for the next rehearsal.
#   scripts/gpu-check/rehearse-newer.sh [--bundle=DIR] [--suite=NAME]
#       [--root=DIR] [--mirror=URL] [--out=DIR] [RUN.SH ARGUMENTS]
# --bundle: the prepared bundle (default .device/bundle).
# --suite: the Debian release (default trixie).
# --root: where the chroot lives (default /var/tmp/xsb-rehearsal/SUITE).
# --mirror: default http://deb.debian.org/debian.
# --out: where run.sh's output folder is copied (default
#   .device/rehearsal-SUITE).
# Other arguments go to run.sh after --backend=cpu --short.
# Exit code: run.sh's; 2 when the rehearsal cannot run (one line says why).
set -uo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd) || exit 2
bundle="$repo/.device/bundle"
suite=trixie
root=""
mirror=http://deb.debian.org/debian
out=""
run_args=()
for arg in "$@"; do
  case "$arg" in
    --bundle=*) bundle="${arg#--bundle=}" ;;
    --suite=*) suite="${arg#--suite=}" ;;
    --root=*) root="${arg#--root=}" ;;
    --mirror=*) mirror="${arg#--mirror=}" ;;
    --out=*) out="${arg#--out=}" ;;
    *) run_args+=("$arg") ;;
  esac
done
root=${root:-/var/tmp/xsb-rehearsal/$suite}
out=${out:-$repo/.device/rehearsal-$suite}

fail() {
  echo "rehearse-newer: $*" >&2
  exit 2
}

[ -x "$bundle/run.sh" ] ||
  fail "no bundle at $bundle: run scripts/gpu-check.sh --prepare first"
[ "$(id -u)" = 0 ] || fail "needs root (debootstrap, chroot, mounts)"
if ! command -v debootstrap >/dev/null; then
  command -v apt-get >/dev/null ||
    fail "no debootstrap, and no apt-get to install it from Debian"
  echo "rehearse-newer: installing debootstrap" >&2
  apt-get install -y debootstrap >/dev/null ||
    fail "apt-get install debootstrap failed"
fi
[ -e "/usr/share/debootstrap/scripts/$suite" ] ||
  fail "this debootstrap does not know '$suite' (/usr/share/debootstrap/scripts)"

# The chroot: minbase (apt, so libstdc++ and libgcc_s) and python3 for
# summary.py. A finished one is marked and reused.
if [ ! -e "$root/.xsb-rehearsal-ready" ]; then
  echo "rehearse-newer: debootstrap $suite into $root (minutes)" >&2
  if ! { rm -rf "$root" && mkdir -p "$root"; }; then
    fail "cannot create $root"
  fi
  if ! debootstrap --variant=minbase --include=python3 "$suite" "$root" \
      "$mirror" >"$root.log" 2>&1; then
    tail -n 5 "$root.log" >&2
    fail "debootstrap $suite from $mirror failed (log: $root.log)"
  fi
  touch "$root/.xsb-rehearsal-ready"
fi

rm -rf "$root/opt/xsb-bundle" "$root/opt/xsb-out"
if ! { mkdir -p "$root/opt" && cp -a "$bundle" "$root/opt/xsb-bundle"; }; then
  fail "cannot copy $bundle into $root/opt"
fi
echo "rehearse-newer: $( (. "$root/etc/os-release" && echo "$PRETTY_NAME")),"\
  "libstdc++ $(readlink "$root/usr/lib/$(uname -m)-linux-gnu/libstdc++.so.6")" >&2

# Its own mount and PID namespaces: /proc, /dev and /sys are mounted for it
# only, and every process it leaves behind ends with it. A clean
# environment, as a fresh login on that system would have.
unshare --mount --pid --fork --mount-proc="$root/proc" /bin/sh -c '
  root=$1; shift
  for fs in dev sys; do
    mount --rbind "/$fs" "$root/$fs" && mount --make-rslave "$root/$fs" ||
      exit 2
  done
  exec chroot "$root" /usr/bin/env -i HOME=/root LANG=C.UTF-8 \
    PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
    /opt/xsb-bundle/run.sh --backend=cpu --short --out=/opt/xsb-out "$@"
' sh "$root" ${run_args[@]+"${run_args[@]}"}
status=$?
rm -rf "$out" && mkdir -p "$(dirname "$out")" &&
  cp -a "$root/opt/xsb-out" "$out" &&
  echo "rehearse-newer: run.sh exit $status; output in $out" >&2
exit $status
