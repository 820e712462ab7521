# shellcheck shell=bash disable=SC2154  # run.sh sets bundle, bin, out...
# Sourced by run.sh (bash): which libstdc++ and libgcc_s the bundle's
# programs use, and the record of the machine's own libraries (docs/gpu.md,
# "Libraries"). Reads run.sh's variables bundle, bin, out, backend,
# dry_run and cxx_runtime; needs no binutils on the GPU machine (grep reads
# the version names from the libraries' string tables).
#
# The programs in <bundle>/bin find <bundle>/lib through their RUNPATH
# ($ORIGIN/../lib). The bundle's libstdc++ and libgcc_s wait in
# <bundle>/lib/fallback/, where that RUNPATH does not reach; only when the
# machine's copy lacks a version the programs need (versions.txt, written
# by --prepare with readelf -V) does choose_runtime_library link the
# bundle's copy into <bundle>/lib. Nothing is exported: every process the
# suite starts inherits run.sh's own environment.

# The folders the dynamic loader searches last, for a machine without a
# loader cache.
machine_arch=$(uname -m)
readonly machine_arch
readonly default_library_dirs=(
  "/lib/$machine_arch-linux-gnu" "/usr/lib/$machine_arch-linux-gnu" /lib64
  /usr/lib64 /lib /usr/lib)

# machine_library SONAME: "PATH<TAB>WHERE", the SONAME a program without a
# RUNPATH gets here: the inherited LD_LIBRARY_PATH first, then the
# loader's cache (ldconfig -p, this architecture), then the default
# folders. Nothing when the machine has none.
machine_library() {
  local soname=$1 dir path ldconfig tag
  local -a dirs=()
  IFS=: read -ra dirs <<<"${LD_LIBRARY_PATH:-}"
  for dir in "${dirs[@]}"; do
    [ -n "$dir" ] && [ -e "$dir/$soname" ] &&
      { printf '%s\tLD_LIBRARY_PATH\n' "$dir/$soname"; return 0; }
  done
  ldconfig=$(command -v ldconfig)
  for path in /sbin/ldconfig /usr/sbin/ldconfig; do
    [ -z "$ldconfig" ] && [ -x "$path" ] && ldconfig=$path
  done
  case "$machine_arch" in
    x86_64) tag='(libc6,x86-64' ;;
    aarch64) tag='(libc6,AArch64' ;;
    *) tag='(' ;;
  esac
  if [ -n "$ldconfig" ]; then
    path=$("$ldconfig" -p 2>/dev/null | awk -v name="$soname" -v tag="$tag" \
      '$1 == name && index($2, tag) == 1 {print $NF; exit}')
    [ -n "$path" ] && [ -e "$path" ] &&
      { printf '%s\tthe loader cache\n' "$path"; return 0; }
  fi
  for dir in "${default_library_dirs[@]}"; do
    [ -e "$dir/$soname" ] &&
      { printf '%s\ta default folder\n' "$dir/$soname"; return 0; }
  done
  return 0
}

# needed_nodes SONAME PREFIX...: the version names the bundle's objects
# whose path starts with a PREFIX need from SONAME (versions.txt: "OBJECT
# SONAME VERSION" lines), one a line, oldest first.
needed_nodes() {
  local soname=$1
  shift
  [ -f "$bundle/versions.txt" ] || return 0
  awk -v soname="$soname" -v prefixes="$*" '
    BEGIN { n = split(prefixes, p, " ") }
    $2 == soname { for (i = 1; i <= n; i++)
                     if (index($1, p[i]) == 1) { print $3; break } }' \
    "$bundle/versions.txt" | sort -uV
}

# missing_nodes FILE: those of the version names on stdin that FILE does
# not define. A library's string table holds the names of the versions it
# defines; these libraries need no version of their own name.
missing_nodes() {
  local node
  while read -r node || [ -n "$node" ]; do
    [ -n "$node" ] && ! grep -aqwF -- "$node" "$1" && echo "$node"
  done
  return 0
}

# newest_node FILE REGEX: the newest version name FILE defines, e.g.
# GLIBCXX_3.4.33.
newest_node() {
  grep -aowE "$2" "$1" 2>/dev/null | sort -uV | tail -n 1
}

# The programs in bin/ and what they load through their RUNPATH (lib/);
# the fallback's own needs count only once it is chosen.
bundle_objects=(bin/ lib/lib)

# choose_runtime_library SONAME REGEX: links <bundle>/lib/SONAME to the
# bundle's fallback copy when the machine's lacks a version the programs
# need (or --cxx_runtime=bundle), removes that link otherwise, and prints
# the choice as one "SONAME: ..." line. Returns 1 when the programs cannot
# start with the chosen copy.
choose_runtime_library() {
  local soname=$1 regex=$2
  local fallback="$bundle/lib/fallback/$soname" link="$bundle/lib/$soname"
  local machine where needed missing="" choice why status=0
  IFS=$'\t' read -r machine where <<<"$(machine_library "$soname")"
  needed=$(needed_nodes "$soname" "${bundle_objects[@]}")
  if [ -n "$machine" ]; then
    missing=$(missing_nodes "$machine" <<<"$needed" | sort -V)
  fi
  case "$cxx_runtime" in
    machine | bundle) choice=$cxx_runtime why="--cxx_runtime=$cxx_runtime" ;;
    *) if [ -z "$machine" ]; then
         choice=bundle why="the machine has none"
       elif [ -n "$missing" ]; then
         choice=bundle why="the machine's lacks $(describe_missing "$missing")"
       else
         choice=machine why="it has every version the programs need"
       fi ;;
  esac
  [ -e "$fallback" ] || { [ "$choice" = bundle ] && choice=machine &&
    why="$why, and the bundle carries none"; }
  if ! $dry_run; then
    rm -f "$link"
    if [ "$choice" = bundle ] && ! ln -s "fallback/$soname" "$link"; then
      why="$why; cannot link it into $bundle/lib (read-only?)" status=1
    fi
  fi
  printf '%s: machine %s (%s, newest %s); bundle %s; programs need %s; ' \
    "$soname" "$(describe_file "$machine")" "${where:-none}" \
    "$(newest_node "$machine" "$regex")" \
    "newest $(newest_node "$fallback" "$regex")" \
    "$(tail -n 1 <<<"$needed")"
  echo "chosen: $choice ($why)"
  if [ "$choice" = bundle ] && [ "$where" = LD_LIBRARY_PATH ]; then
    echo "$soname: $machine comes first through LD_LIBRARY_PATH, before" \
      "the programs' RUNPATH: remove its folder from LD_LIBRARY_PATH"
    status=1
  fi
  return $status
}

# describe_missing LINES: "NEWEST", or "NEWEST and N more the programs
# need".
describe_missing() {
  local count
  count=$(wc -l <<<"$1")
  if [ "$count" -le 1 ]; then
    echo "$1"
  else
    echo "$(tail -n 1 <<<"$1") and $((count - 1)) more the programs need"
  fi
}

# describe_file PATH: PATH and, for a link, the file it names.
describe_file() {
  [ -n "$1" ] || { echo none; return 0; }
  local real
  real=$(readlink -f "$1")
  if [ "$real" = "$1" ]; then echo "$1"; else echo "$1 -> $real"; fi
}

# glibc's libraries (not libcudart.so, whose name starts alike).
readonly glibc_sonames='^((libc|libm|libpthread|libdl|librt)\.so|ld-linux)'

# check_glibc: one line, glibc's version against what the programs need;
# returns 1 when they cannot start here.
check_glibc() {
  local soname machine where needed missing="" lacking newest
  newest=$(needed_nodes libc.so.6 "${bundle_objects[@]}" | tail -n 1)
  while read -r soname; do
    IFS=$'\t' read -r machine where <<<"$(machine_library "$soname")"
    needed=$(needed_nodes "$soname" "${bundle_objects[@]}")
    if [ -z "$machine" ]; then
      missing+="$soname (none here) "
    else
      lacking=$(missing_nodes "$machine" <<<"$needed" | tr '\n' ' ')
      [ -z "$lacking" ] || missing+="$soname $lacking"
    fi
  done < <(awk -v glibc="$glibc_sonames" '$2 ~ glibc {print $2}' \
             "$bundle/versions.txt" 2>/dev/null | sort -u)
  printf 'glibc: %s; programs need %s' \
    "$(getconf GNU_LIBC_VERSION 2>/dev/null || echo unknown)" \
    "${newest:-nothing recorded}"
  if [ -n "$missing" ]; then
    echo "; MISSING ${missing% }: the programs cannot start here; prepare" \
      "the bundle on a system with an older glibc"
    return 1
  fi
  echo
}

# check_arch: the bundle's architecture (MANIFEST.txt) against the
# machine's; returns 1 when they differ.
check_arch() {
  local bundle_arch
  bundle_arch=$(sed -n 's/^arch: //p' "$bundle/MANIFEST.txt" 2>/dev/null)
  echo "arch: $(uname -m) (bundle: ${bundle_arch:-unknown})"
  [ -z "$bundle_arch" ] || [ "$bundle_arch" = "$(uname -m)" ]
}

# check_xsched_needs: one line per version an XSched library or daemon
# needs that the machine's libraries (or the chosen fallback) lack; XSched
# loads with the machine's libraries, the shim inside a worker with what
# the worker chose.
check_xsched_needs() {
  local xsched=$1 soname machine where missing
  [ -f "$bundle/versions.txt" ] && [ "$xsched" = "$bundle/xsched" ] ||
    return 0
  for soname in libstdc++.so.6 libgcc_s.so.1; do
    IFS=$'\t' read -r machine where <<<"$(machine_library "$soname")"
    [ -n "$machine" ] || continue
    missing=$(needed_nodes "$soname" xsched/ | missing_nodes "$machine" |
      tr '\n' ' ')
    [ -z "$missing" ] ||
      echo "xsched: needs ${missing% } from $soname, which $machine lacks:" \
        "the xsched step will fail (docs/xsched.md, Troubleshooting)"
  done
}

# record_machine: the machine's facts, "key: value" lines for summary.py.
record_machine() {
  local os
  os=$( (. /etc/os-release && echo "$PRETTY_NAME") 2>/dev/null)
  echo "os: ${os:-unknown (no /etc/os-release)}"
  echo "kernel: $(uname -sr)"
  if [ -r /proc/driver/nvidia/version ]; then
    echo "driver: $(head -n 1 /proc/driver/nvidia/version)"
  elif [ -r /sys/module/amdgpu/version ]; then
    echo "driver: amdgpu $(cat /sys/module/amdgpu/version)"
  elif [ -d /sys/module/amdgpu ]; then
    echo "driver: amdgpu (the kernel's own)"
  else
    echo "driver: none found (no /proc/driver/nvidia/version, no amdgpu)"
  fi
  if [ -r /opt/rocm/.info/version ]; then
    echo "rocm: $(cat /opt/rocm/.info/version)"
  fi
  return 0
}

# The smallest model a worker accepts (bench/protocol/worker_protocol.cc):
# enough to open the device and load everything a case's worker loads.
worker_config() {
  printf '{"type":"config","role":"hp","backend":"%s","layers":1,' "$1"
  printf '"hidden":64,"batch":1,"host_threads":1,"seed":1,'
  printf '"priority":"default","rate_per_s":10,"arrival":"uniform",'
  printf '"progress_interval_s":1,"memory_limit_mib":0}\n'
}

# record_worker_maps DIR: starts bin/xsb_worker as xsb_bench does (the
# same environment), gives it a model and, once it reports ready (model
# built on the device, runtime and driver loaded), copies its
# /proc/PID/maps to DIR/worker.maps and its ready line to
# DIR/worker-ready.json; then kills it. Returns 1 when it never got ready.
record_worker_maps() {
  local dir=$1 line="" status=0
  coproc worker { exec "$bin/xsb_worker" 2>"$dir/worker.log"; }
  local pid=$worker_PID
  worker_config "$backend" >&"${worker[1]}"
  if read -r -t 120 line <&"${worker[0]}" &&
     [[ "$line" == *'"type":"ready"'* ]]; then
    echo "$line" >"$dir/worker-ready.json"
    cat "/proc/$pid/maps" >"$dir/worker.maps"
  else
    echo "no ready message; got: ${line:-nothing}" >>"$dir/worker.log"
    status=1
  fi
  kill -KILL "$pid" 2>/dev/null
  wait "$pid" 2>/dev/null
  return $status
}

# is_elf FILE: whether FILE is a regular file (not a link) holding ELF.
is_elf() {
  [ -f "$1" ] && [ ! -L "$1" ] && [ "$(head -c 4 "$1" | tail -c 3)" = ELF ]
}

# record_ldd DIR: what the loader resolves for each program (and the
# XSched install's daemon and libraries), into DIR/ldd.txt.
record_ldd() {
  local file
  for file in "$bin"/* ${xsched_root:+"$xsched_root"/bin/* \
              "$xsched_root"/lib/*.so*}; do
    is_elf "$file" || continue
    echo "== $file"
    ldd "$file" 2>&1
  done >"$1/ldd.txt"
}

# choose_libraries: the machine's facts, the architecture, glibc and the
# libstdc++/libgcc_s choice, logged and kept in $out/libraries/choice.txt
# ("key: value" lines). Returns 1 when the programs cannot start here.
choose_libraries() {
  local dir="$out/libraries" status=0
  mkdir -p "$dir"
  {
    echo "bundle: $bundle"
    record_machine
    if [ "$bin" != "$bundle/bin" ]; then
      echo "libstdc++.so.6: chosen: none (the programs are not the" \
        "bundle's: $bin)"
    else
      check_arch || status=1
      check_glibc || status=1
      choose_runtime_library libstdc++.so.6 'GLIBCXX_[0-9]+(\.[0-9]+)*' ||
        status=1
      [ -L "$bundle/lib/libstdc++.so.6" ] &&
        bundle_objects+=(lib/fallback/libstdc++)
      choose_runtime_library libgcc_s.so.1 'GCC_[0-9]+(\.[0-9]+)*' ||
        status=1
      check_xsched_needs "$xsched_root"
    fi
  } >"$dir/choice.txt"
  sed 's/^/   /' "$dir/choice.txt" | tee -a "$out/steps.log"
  return $status
}

# record_libraries: what a worker loaded (worker.maps, worker-ready.json)
# and what the loader resolves for each program (ldd.txt), in
# $out/libraries. Returns 1 when the worker never got ready.
record_libraries() {
  local dir="$out/libraries" status=0
  record_worker_maps "$dir" || status=1
  record_ldd "$dir"
  return $status
}
