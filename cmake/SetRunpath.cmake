# cmake -DRUNPATH=PATH -DFILES=A;B -P cmake/SetRunpath.cmake: sets the
# RUNPATH of each ELF file in FILES to PATH with CMake's own ELF editor (no
# patchelf needed). scripts/gpu-check.sh --prepare runs it on the programs
# it bundles, whose build gave them the RUNPATH "$ORIGIN/../lib" followed
# by the build machine's own folders (e.g. /usr/local/cuda/lib): only the
# first stays. The editor rewrites the entry in place, so a file must have
# a RUNPATH at least as long as PATH already (cmake/XsbBundle.cmake).
foreach(file IN LISTS FILES)
  file(RPATH_SET FILE "${file}" NEW_RPATH "${RUNPATH}")
endforeach()
