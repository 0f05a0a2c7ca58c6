# Helpers for accel's own libraries.
#
# add_accel_library wraps add_mlir_library, keeps the library out of MLIR's
# own install set, and puts it into accel's export set so that
# `cmake --install` produces a find_package(Accel) package.
function(add_accel_library name)
  add_mlir_library(${name} ${ARGN} DISABLE_INSTALL)
  set_property(GLOBAL APPEND PROPERTY ACCEL_ALL_LIBS ${name})
  install(TARGETS ${name} EXPORT AccelTargets
    ARCHIVE DESTINATION lib
    LIBRARY DESTINATION lib)
endfunction()

# add_accel_unittest(name sources...) builds a GoogleTest binary that the
# check-accel lit run executes through test/unittests/lit.cfg.py.
# The binary's name must end in "Tests": that is how lit's GoogleTest format
# (test/unittests/lit.cfg.py) finds it.
function(add_accel_unittest name)
  cmake_parse_arguments(ARG "" "" "LINK_LIBS" ${ARGN})
  if(NOT name MATCHES "Tests$")
    message(FATAL_ERROR "add_accel_unittest: '${name}' must end in 'Tests'")
  endif()
  add_executable(${name} ${ARG_UNPARSED_ARGUMENTS})
  target_link_libraries(${name} PRIVATE ${ARG_LINK_LIBS} GTest::gtest_main)
  set_target_properties(${name} PROPERTIES
    RUNTIME_OUTPUT_DIRECTORY ${ACCEL_BINARY_DIR}/test/unittests/bin)
  set_property(GLOBAL APPEND PROPERTY ACCEL_UNITTESTS ${name})
endfunction()
