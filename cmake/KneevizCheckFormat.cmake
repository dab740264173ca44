# ctest's `format` test: every C++ file of src/, tests/ and tools/ follows .clang-format.
# Run with -DCLANG_FORMAT=<program> -DSOURCE_DIR=<the project>. Checks, never rewrites: to apply it,
#   git ls-files '*.cpp' '*.h' | xargs clang-format -i
if(NOT CLANG_FORMAT)
  message(FATAL_ERROR "clang-format is not installed (tools/setup.sh installs it)")
endif()
set(files)
foreach(folder IN ITEMS src tests tools)
  file(GLOB_RECURSE found LIST_DIRECTORIES false "${SOURCE_DIR}/${folder}/*.cpp" "${SOURCE_DIR}/${folder}/*.h")
  list(APPEND files ${found})
endforeach()
list(LENGTH files count)
if(count LESS 100)
  message(FATAL_ERROR "found only ${count} C++ files under ${SOURCE_DIR}; expected the project's sources")
endif()
execute_process(COMMAND ${CLANG_FORMAT} --dry-run --Werror --style=file ${files}
                WORKING_DIRECTORY ${SOURCE_DIR} RESULT_VARIABLE result ERROR_VARIABLE problems)
if(NOT result EQUAL 0)
  message(FATAL_ERROR "files that do not follow .clang-format:\n${problems}\n"
                      "Apply it with: git ls-files '*.cpp' '*.h' | xargs clang-format -i")
endif()
message(STATUS "${count} C++ files follow .clang-format")
