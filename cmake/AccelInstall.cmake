# cmake --install support: headers (including generated .inc files), the
# libraries registered by add_accel_library, and a find_package(Accel)
# config package in <prefix>/lib/cmake/accel.
include(GNUInstallDirs)
include(CMakePackageConfigHelpers)

install(DIRECTORY ${ACCEL_SOURCE_DIR}/include/accel
  DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}
  FILES_MATCHING PATTERN "*.h" PATTERN "*.td")
install(DIRECTORY ${ACCEL_BINARY_DIR}/include/accel
  DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}
  FILES_MATCHING PATTERN "*.inc")

get_property(accel_libs GLOBAL PROPERTY ACCEL_ALL_LIBS)
foreach(lib ${accel_libs})
  target_include_directories(${lib} INTERFACE
    $<INSTALL_INTERFACE:${CMAKE_INSTALL_INCLUDEDIR}>)
  # Instrumented static libraries need the sanitizer runtimes at link time.
  if(ACCEL_ENABLE_SANITIZERS OR ACCEL_ENABLE_FUZZERS)
    target_link_options(${lib} INTERFACE -fsanitize=address,undefined)
  endif()
endforeach()

# AccelConfig.cmake gives these the MLIR/LLVM include directories of the
# MLIR it finds (accel's headers include theirs).
set(ACCEL_EXPORTED_LIBS "${accel_libs}")
set(ACCEL_CMAKE_INSTALL_DIR ${CMAKE_INSTALL_LIBDIR}/cmake/accel)
install(EXPORT AccelTargets
  NAMESPACE Accel::
  DESTINATION ${ACCEL_CMAKE_INSTALL_DIR})
configure_package_config_file(
  ${ACCEL_SOURCE_DIR}/cmake/AccelConfig.cmake.in
  ${ACCEL_BINARY_DIR}/AccelConfig.cmake
  INSTALL_DESTINATION ${ACCEL_CMAKE_INSTALL_DIR}
  PATH_VARS CMAKE_INSTALL_INCLUDEDIR)
write_basic_package_version_file(
  ${ACCEL_BINARY_DIR}/AccelConfigVersion.cmake
  VERSION ${PROJECT_VERSION}
  COMPATIBILITY SameMajorVersion)
install(FILES
  ${ACCEL_BINARY_DIR}/AccelConfig.cmake
  ${ACCEL_BINARY_DIR}/AccelConfigVersion.cmake
  DESTINATION ${ACCEL_CMAKE_INSTALL_DIR})
