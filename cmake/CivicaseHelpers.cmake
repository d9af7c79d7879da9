# Small absl-style helpers: one target per component, every dependency edge explicit.
#
#   civicase_cc_library(NAME foo SRCS a.cc HDRS a.h DEPS bar)   -> target civicase_foo
#   civicase_cc_test(NAME foo_test SRCS foo_test.cc DEPS foo)     -> gtest binary, ctest-discovered
#   civicase_cc_binary(NAME foo SRCS main.cc DEPS bar OUTPUT civicase-foo)
#   civicase_embed_files(NAME foo_data NAMESPACE civicase::x FILES a.json ...)
#       -> library civicase_foo_data with header "foo_data.h" declaring
#          std::span<const civicase::EmbeddedFile> foo_data();
include_guard(GLOBAL)

function(_civicase_dep_targets out)
  set(result)
  foreach(dep IN LISTS ARGN)
    if(dep MATCHES "::" OR TARGET ${dep})
      list(APPEND result ${dep})
    else()
      list(APPEND result civicase_${dep})
    endif()
  endforeach()
  set(${out} ${result} PARENT_SCOPE)
endfunction()

function(civicase_cc_library)
  cmake_parse_arguments(A "" "NAME" "SRCS;HDRS;DEPS" ${ARGN})
  _civicase_dep_targets(deps ${A_DEPS})
  if(A_SRCS)
    add_library(civicase_${A_NAME} STATIC ${A_SRCS} ${A_HDRS})
    target_link_libraries(civicase_${A_NAME} PUBLIC ${deps})
    target_include_directories(civicase_${A_NAME} PUBLIC ${PROJECT_SOURCE_DIR})
  else()
    add_library(civicase_${A_NAME} INTERFACE)
    target_link_libraries(civicase_${A_NAME} INTERFACE ${deps})
    target_include_directories(civicase_${A_NAME} INTERFACE ${PROJECT_SOURCE_DIR})
  endif()
endfunction()

function(civicase_cc_test)
  cmake_parse_arguments(A "" "NAME" "SRCS;DEPS;LABELS" ${ARGN})
  _civicase_dep_targets(deps ${A_DEPS})
  add_executable(${A_NAME} ${A_SRCS})
  target_link_libraries(${A_NAME} PRIVATE ${deps} GTest::gmock GTest::gtest_main)
  target_include_directories(${A_NAME} PRIVATE ${PROJECT_SOURCE_DIR})
  gtest_discover_tests(${A_NAME} DISCOVERY_MODE PRE_TEST
                       PROPERTIES LABELS "${A_LABELS}"
                       WORKING_DIRECTORY ${PROJECT_BINARY_DIR})
endfunction()

function(civicase_cc_binary)
  cmake_parse_arguments(A "" "NAME;OUTPUT" "SRCS;DEPS" ${ARGN})
  _civicase_dep_targets(deps ${A_DEPS})
  add_executable(${A_NAME} ${A_SRCS})
  target_link_libraries(${A_NAME} PRIVATE ${deps})
  if(JEMALLOC_LIBRARY)
    target_link_libraries(${A_NAME} PRIVATE ${JEMALLOC_LIBRARY})
  endif()
  target_include_directories(${A_NAME} PRIVATE ${PROJECT_SOURCE_DIR})
  if(A_OUTPUT)
    set_target_properties(${A_NAME} PROPERTIES OUTPUT_NAME ${A_OUTPUT})
  endif()
  set_target_properties(${A_NAME} PROPERTIES RUNTIME_OUTPUT_DIRECTORY ${PROJECT_BINARY_DIR}/bin)
endfunction()

# Embeds data files (JSON tables of the law) into the binary, so every program carries the
# same rules without looking for files at run time. Re-runs CMake when a file changes.
function(civicase_embed_files)
  cmake_parse_arguments(A "" "NAME" "FILES" ${ARGN})
  set(gen_dir ${CMAKE_CURRENT_BINARY_DIR}/embedded)
  set(cc ${gen_dir}/${A_NAME}.cc)
  set(body "")
  foreach(f IN LISTS A_FILES)
    get_filename_component(abs ${f} ABSOLUTE)
    get_filename_component(base ${f} NAME)
    set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS ${abs})
    file(READ ${abs} contents)
    string(APPEND body "    {\"${base}\", R\"civicase_data(${contents})civicase_data\"},\n")
  endforeach()
  file(WRITE ${gen_dir}/${A_NAME}.h.tmp
"#pragma once\n#include <span>\n#include \"storage/base/embedded_file.h\"\n\nnamespace civicase {\n\
// The files embedded at build time from ${CMAKE_CURRENT_SOURCE_DIR}.\n\
std::span<const EmbeddedFile> ${A_NAME}();\n}  // namespace civicase\n")
  configure_file(${gen_dir}/${A_NAME}.h.tmp ${gen_dir}/${A_NAME}.h COPYONLY)
  file(WRITE ${cc}.tmp
"#include \"${A_NAME}.h\"\n\nnamespace civicase {\nnamespace {\n\
constexpr EmbeddedFile kFiles[] = {\n${body}};\n}  // namespace\n\n\
std::span<const EmbeddedFile> ${A_NAME}() { return kFiles; }\n}  // namespace civicase\n")
  configure_file(${cc}.tmp ${cc} COPYONLY)
  add_library(civicase_${A_NAME} STATIC ${cc})
  target_include_directories(civicase_${A_NAME} PUBLIC ${gen_dir} ${PROJECT_SOURCE_DIR})
endfunction()
