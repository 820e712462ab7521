# GPU tests, labelled `gpu` (`ctest -L gpu`): each kernel against the CPU
# reference, the calibrated spin against GPU events, device facts and the
# out-of-memory and launch-failure paths. Built only when a GPU backend is
# compiled; each test that needs a device skips itself (GTEST_SKIP with the
# reason), which ctest reports as skipped, where none is present.
# Discovered when ctest runs, not after the build, so a build that only
# compiles them (the CI's cuda check) never runs GPU code.
include(GoogleTest)

if(NOT XSB_GPU_BACKEND_RESOLVED STREQUAL "none")
  add_executable(gpu_kernels_test "${CMAKE_CURRENT_LIST_DIR}/gpu_kernels_test.cc")
  target_link_libraries(gpu_kernels_test PRIVATE
    xsb_worker_lib xsb_gpu_runtime GTest::gtest_main)
  gtest_discover_tests(gpu_kernels_test DISCOVERY_MODE PRE_TEST
                       DISCOVERY_TIMEOUT 60 PROPERTIES LABELS gpu)
endif()
