# Strict warnings for the project's own targets only; dependencies keep their own flags.
function(kneeviz_strict_warnings target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic -Werror -Wshadow
                                           -Wnon-virtual-dtor -Wno-missing-field-initializers)
  # GCC 12 reports false -Wrestrict errors inside libstdc++'s string concatenation at -O2
  # (GCC bug 105329), which only bury real warnings in noise.
  if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU" AND CMAKE_CXX_COMPILER_VERSION VERSION_LESS 13)
    target_compile_options(${target} PRIVATE -Wno-restrict)
  endif()
endfunction()
