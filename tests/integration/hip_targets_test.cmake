# The hip backend's target choice (cmake/HipTargets.cmake) in script mode:
#   cmake -DSOURCE_DIR=<repo> -DWORK_DIR=<scratch> [-DCLANG=<hip clang>
#         -DCLANG_FLAGS=<flags without targets, "|"-separated>]
#         -P hip_targets_test.cmake
# Fake amdgpu-arch, rocminfo and clang stand in for a machine with a GPU and
# for an old ROCm; with CLANG, the real device compiler is asked as well.
include("${SOURCE_DIR}/cmake/HipTargets.cmake")
# ctest passes the flags joined by "|": a ";" would split the argument.
string(REPLACE "|" ";" CLANG_FLAGS "${CLANG_FLAGS}")

function(expect_equal what actual expected)
  if(NOT "${actual}" STREQUAL "${expected}")
    message(SEND_ERROR "${what}: got '${actual}', expected '${expected}'")
  else()
    message(STATUS "ok: ${what}")
  endif()
endfunction()
function(expect_match what actual regex)
  if(NOT "${actual}" MATCHES "${regex}")
    message(SEND_ERROR "${what}: '${actual}' does not match '${regex}'")
  else()
    message(STATUS "ok: ${what}")
  endif()
endfunction()

# A shell script at WORK_DIR/<name> that prints `text` and exits `rc`.
function(fake_tool path name text rc)
  set(file "${WORK_DIR}/${name}")
  file(WRITE "${file}" "#!/bin/sh\ncat <<'EOF'\n${text}\nEOF\nexit ${rc}\n")
  file(CHMOD "${file}" PERMISSIONS OWNER_READ OWNER_WRITE OWNER_EXECUTE)
  set(${path} "${file}" PARENT_SCOPE)
endfunction()

file(REMOVE_RECURSE "${WORK_DIR}")
file(MAKE_DIRECTORY "${WORK_DIR}")

# MI100 is among the defaults, with MI200 and RDNA2.
expect_equal("defaults" "${XSB_HIP_DEFAULT_TARGETS}" "gfx908;gfx90a;gfx1030")

# amdgpu-arch: one target per GPU, repeated for each GPU of a kind.
fake_tool(arch amdgpu-arch "gfx942\ngfx942\ngfx90a" 0)
fake_tool(rocminfo rocminfo "  Name:                    gfx1100" 0)
xsb_detect_hip_targets(found "${arch}" "${rocminfo}")
expect_equal("amdgpu-arch names the GPUs" "${found}" "gfx942;gfx90a")

# No GPU: amdgpu-arch fails, rocminfo names only the CPU agent; a missing
# tool is skipped.
fake_tool(no_gpu_arch amdgpu-arch-none "" 1)
fake_tool(cpu_only rocminfo-cpu
  "Agent 1\n  Name:                    AMD EPYC 7763 64-Core Processor\n  Marketing Name:          AMD EPYC 7763" 0)
xsb_detect_hip_targets(found "${no_gpu_arch}" "XSB_AMDGPU_ARCH-NOTFOUND"
                       "${cpu_only}")
expect_equal("no GPU, no targets" "${found}" "")

# rocminfo when amdgpu-arch is absent: agent names, not the ISA lines.
fake_tool(rocminfo_gpu rocminfo-gpu
  "Agent 2\n  Name:                    gfx90a\n  Marketing Name:          AMD Instinct MI210\n      Name:                    amdgcn-amd-amdhsa--gfx90a:sramecc+:xnack-" 0)
xsb_detect_hip_targets(found "" "${rocminfo_gpu}")
expect_equal("rocminfo names the GPU" "${found}" "gfx90a")

# offload-arch may print target features.
xsb_hip_targets_in_output(found "gfx90a:sramecc+:xnack-\n")
expect_equal("target features dropped" "${found}" "gfx90a")

# The machine's own target joins the defaults, once.
xsb_default_hip_targets(targets "gfx1100")
expect_equal("detected target added" "${targets}"
             "gfx908;gfx90a;gfx1030;gfx1100")
xsb_default_hip_targets(targets "gfx90a")
expect_equal("detected default kept once" "${targets}" "gfx908;gfx90a;gfx1030")

# An old compiler that does not know gfx942 (as ROCm 5's clang answers).
fake_tool(old_clang clang-rocm5 "" 0)
file(WRITE "${old_clang}" "#!/bin/sh\nfor a in \"$@\"; do case \"$a\" in\n"
     "--offload-arch=gfx942) echo \"clang: error: invalid target ID 'gfx942'; format is a processor name\" >&2; exit 1;;\n"
     "esac; done\nexit 0\n")
xsb_hip_targets_problem(problem "${old_clang}" "-x;hip" "gfx90a;gfx942"
                        "5.2.3" "${WORK_DIR}")
expect_match("gfx942 refused with the ROCm it needs" "${problem}"
  "cannot build gfx942 \\(clang: error: invalid target ID 'gfx942'; .*\\); gfx942 \\(MI300\\) needs ROCm 6\\.0 or later")
expect_match("the remedy keeps what builds" "${problem}"
             "-DXSB_HIP_ARCHS=\"gfx90a\"")
expect_match("the message names the HIP version" "${problem}" "HIP 5\\.2\\.3")
xsb_hip_targets_problem(problem "${old_clang}" "-x;hip" "gfx908;gfx90a"
                        "5.2.3" "${WORK_DIR}")
expect_equal("buildable targets pass" "${problem}" "")

# The real device compiler, where the build has one.
if(CLANG)
  xsb_hip_targets_problem(problem "${CLANG}" "${CLANG_FLAGS}"
                          "${XSB_HIP_DEFAULT_TARGETS}" "?" "${WORK_DIR}")
  expect_equal("${CLANG} builds the defaults" "${problem}" "")
  xsb_hip_targets_problem(problem "${CLANG}" "${CLANG_FLAGS}"
                          "gfx90a;gfx9999" "?" "${WORK_DIR}")
  expect_match("${CLANG} refuses gfx9999" "${problem}"
               "cannot build gfx9999 .*this compiler does not support gfx9999")
endif()
