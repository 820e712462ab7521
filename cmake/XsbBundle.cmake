# The programs scripts/gpu-check.sh carries to a GPU machine find the
# libraries it carries beside them (<bundle>/lib, next to <bundle>/bin)
# through their RUNPATH, set here when they are linked, so that nothing has
# to export LD_LIBRARY_PATH for them: an exported path would reach every
# process they start (workers, the XSched daemon, a user's model) and
# shadow the machine's own libraries (docs/gpu.md, "Libraries").
# DT_RUNPATH (--enable-new-dtags), not DT_RPATH: it applies to the
# program's own dependencies only, never to the libraries those load, and
# a user's LD_LIBRARY_PATH still comes before it. In a build tree the path
# names a folder that does not exist (build/lib), so nothing changes there.
# CMake may add the build machine's own folders after it (the CUDA
# toolkit's lib/); --prepare drops those from the bundled copies
# (cmake/SetRunpath.cmake).
set(XSB_BUNDLE_RUNPATH "$ORIGIN/../lib" CACHE STRING
    "RUNPATH of the programs scripts/gpu-check.sh bundles (empty: none)")

# xsb_bundle_runpath(TARGET...): gives each existing TARGET the RUNPATH.
# Call it for every C++ program the bundle carries (scripts/gpu-check.sh
# --prepare refuses a program without it).
function(xsb_bundle_runpath)
  if(XSB_BUNDLE_RUNPATH STREQUAL "")
    return()
  endif()
  foreach(target IN LISTS ARGN)
    if(TARGET ${target})
      set_property(TARGET ${target} APPEND PROPERTY
                   BUILD_RPATH "${XSB_BUNDLE_RUNPATH}")
      set_property(TARGET ${target} APPEND PROPERTY
                   LINK_OPTIONS "LINKER:--enable-new-dtags")
    endif()
  endforeach()
endfunction()
