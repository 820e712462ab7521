# The AMD targets the hip backend compiles for (XSB_HIP_ARCHS): the defaults,
# this machine's own GPUs where a tool finds them, and a check that the
# device compiler can build each one. Included by
# kernels/gpu/hip_backend.cmake; tests/integration/hip_targets_test.cmake
# runs the functions in script mode with fake tools.

# MI100, MI200 (MI210/MI250), RDNA2 (RX 6000, W6800).
set(XSB_HIP_DEFAULT_TARGETS gfx908 gfx90a gfx1030)

# The first ROCm release whose compiler builds a target, for the message
# when this one cannot; targets not listed get a generic message.
set(XSB_HIP_TARGET_NEEDS_gfx941 "(MI300) needs ROCm 6.0")
set(XSB_HIP_TARGET_NEEDS_gfx942 "(MI300) needs ROCm 6.0")

# xsb_hip_targets_in_output(<out> <text>): the targets named in the output of
# amdgpu-arch or offload-arch (one per line, target features dropped) or
# rocminfo ("  Name:   gfx90a" per agent), in order, each once.
function(xsb_hip_targets_in_output out text)
  set(found)
  string(REPLACE "\n" ";" lines "${text}")
  foreach(line IN LISTS lines)
    if(line MATCHES "^[ \t]*(Name:[ \t]*)?(gfx[0-9][0-9a-f]*)(:[a-z]+[-+])*[ \t]*$")
      list(APPEND found "${CMAKE_MATCH_2}")
    endif()
  endforeach()
  list(REMOVE_DUPLICATES found)
  set(${out} "${found}" PARENT_SCOPE)
endfunction()

# xsb_detect_hip_targets(<out> <tool>...): the targets of this machine's GPUs
# as the first tool that names any reports them (amdgpu-arch, rocminfo);
# empty without a GPU. Tools that are missing (NOTFOUND, "") are skipped.
function(xsb_detect_hip_targets out)
  set(found)
  foreach(tool IN LISTS ARGN)
    if(NOT tool OR NOT EXISTS "${tool}")
      continue()
    endif()
    execute_process(COMMAND "${tool}" OUTPUT_VARIABLE output
                    ERROR_QUIET RESULT_VARIABLE rc TIMEOUT 30)
    if(rc EQUAL 0)
      xsb_hip_targets_in_output(found "${output}")
    endif()
    if(found)
      break()
    endif()
  endforeach()
  set(${out} "${found}" PARENT_SCOPE)
endfunction()

# xsb_default_hip_targets(<out> <detected>): the defaults, then the detected
# targets they lack.
function(xsb_default_hip_targets out detected)
  set(targets ${XSB_HIP_DEFAULT_TARGETS})
  list(APPEND targets ${detected})
  list(REMOVE_DUPLICATES targets)
  set(${out} "${targets}" PARENT_SCOPE)
endfunction()

# Compiles a one-kernel HIP file for `targets` with `clang` and `flags`
# (without --offload-arch); sets <ok> and <why> (the first error line).
function(_xsb_try_hip_targets ok why clang flags targets work_dir)
  set(source "${work_dir}/xsb_hip_target_check.hip")
  file(WRITE "${source}" "#include <hip/hip_runtime.h>\n"
       "__global__ void XsbTargetCheck(float* p) { p[threadIdx.x] = 1.0f; }\n")
  set(args ${flags})
  foreach(target IN LISTS targets)
    list(APPEND args "--offload-arch=${target}")
  endforeach()
  execute_process(
    COMMAND "${clang}" ${args} --cuda-device-only -c "${source}"
            -o "${work_dir}/xsb_hip_target_check.o"
    RESULT_VARIABLE rc OUTPUT_VARIABLE output ERROR_VARIABLE output
    TIMEOUT 120)
  set(first_error "")
  if(output MATCHES "([^\n]*error:[^\n]*)")
    set(first_error "${CMAKE_MATCH_1}")
  elseif(NOT rc EQUAL 0)
    string(REGEX REPLACE "\n.*" "" first_error "${rc}: ${output}")
  endif()
  if(rc EQUAL 0)
    set(${ok} TRUE PARENT_SCOPE)
  else()
    set(${ok} FALSE PARENT_SCOPE)
  endif()
  set(${why} "${first_error}" PARENT_SCOPE)
endfunction()

# xsb_hip_targets_problem(<out> <clang> <flags> <targets> <hip_version>
#                         <work_dir>): "" when `clang` builds every target;
# else one message naming each target it cannot build, why, what it needs
# and the remedy. One compile for all targets; one per target only when
# that fails, to name the culprits.
function(xsb_hip_targets_problem out clang flags targets hip_version work_dir)
  _xsb_try_hip_targets(all_ok why "${clang}" "${flags}" "${targets}"
                       "${work_dir}")
  set(problems "")
  set(buildable)
  if(NOT all_ok)
    foreach(target IN LISTS targets)
      _xsb_try_hip_targets(ok why "${clang}" "${flags}" "${target}"
                           "${work_dir}")
      if(ok)
        list(APPEND buildable "${target}")
        continue()
      endif()
      string(REGEX REPLACE ":.*" "" base "${target}")
      if(DEFINED XSB_HIP_TARGET_NEEDS_${base})
        set(needs "${target} ${XSB_HIP_TARGET_NEEDS_${base}} or later")
      else()
        set(needs "this compiler does not support ${target}")
      endif()
      # A string, not a list: the compiler's words may hold a ";".
      if(problems)
        string(APPEND problems "; ")
      endif()
      string(APPEND problems
             "${clang} (HIP ${hip_version}) cannot build ${target} (${why}); ${needs}")
    endforeach()
  endif()
  if(problems)
    set(text "${problems}")
    list(JOIN buildable ";" rest)
    if(rest STREQUAL "")
      set(rest "<targets this compiler supports>")
    endif()
    set(${out} "XSB_HIP_ARCHS: ${text}. Install a newer ROCm and point -DXSB_ROCM_PATH at it, or reconfigure with -DXSB_HIP_ARCHS=\"${rest}\" (a GPU left out cannot run this build)" PARENT_SCOPE)
  else()
    set(${out} "" PARENT_SCOPE)
  endif()
endfunction()
