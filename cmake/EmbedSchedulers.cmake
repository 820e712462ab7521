# xsb_embed_schedulers(OUTPUT NAME...): writes OUTPUT, a C++ source defining
# BuiltinSchedulerFiles() (shim_env/plan/builtin_schedulers.h) with the text
# of schedulers/NAME.json for each NAME, in that order
# (cmake/EmbedJsonFiles.cmake).
include(${CMAKE_CURRENT_LIST_DIR}/EmbedJsonFiles.cmake)
function(xsb_embed_schedulers output)
  xsb_embed_json_files(${output} schedulers shim_env/plan/builtin_schedulers.h
                       BuiltinSchedulerFile BuiltinSchedulerFiles
                       XSB_BUILTIN_SCHEDULERS ${ARGN})
endfunction()
