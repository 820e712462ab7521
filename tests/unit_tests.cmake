# GoogleTest unit tests, one executable per unit. Included from
# tests/CMakeLists.txt; sets XSB_UNIT_TEST_TARGETS to the targets it adds.
# Fast, deterministic and without sleeps: the whole set runs in well under
# a second.
include(GoogleTest)

set(XSB_UNIT_TEST_TARGETS
  arrival_schedule_test
  atomic_file_test
  driver_version_test
  latency_store_test
  line_buffer_test
  load_loops_test
  memory_check_test
  mlp_cpu_test
  samples_writer_test
  model_defaults_test
  spin_test
  shim_probe_test
  suite_options_test
  window_stats_test
  worker_launch_test
  worker_protocol_test
  worker_run_test
  xsched_activation_test
  xsched_install_test
  xsched_plan_test
)

foreach(_xsb_test IN LISTS XSB_UNIT_TEST_TARGETS)
  add_executable(${_xsb_test} "${CMAKE_CURRENT_LIST_DIR}/${_xsb_test}.cc")
  # xsb_harness brings xsb_kernels and xsb_shim_env.
  target_link_libraries(${_xsb_test} PRIVATE xsb_harness GTest::gtest_main)
  # Labelled so `ctest -L unit` runs just these.
  gtest_discover_tests(${_xsb_test} DISCOVERY_TIMEOUT 30
                       PROPERTIES LABELS unit)
endforeach()
unset(_xsb_test)

# The --benchmark_out reporter needs Google Benchmark as well.
add_executable(output_file_test "${CMAKE_CURRENT_LIST_DIR}/output_file_test.cc"
               "${PROJECT_SOURCE_DIR}/bench/output_file.cc")
target_link_libraries(output_file_test PRIVATE xsb_harness benchmark::benchmark
                                               GTest::gtest_main)
gtest_discover_tests(output_file_test DISCOVERY_TIMEOUT 30
                     PROPERTIES LABELS unit)
list(APPEND XSB_UNIT_TEST_TARGETS output_file_test)
# Drives a worker's model in-process.
target_link_libraries(worker_run_test PRIVATE xsb_worker_lib)
