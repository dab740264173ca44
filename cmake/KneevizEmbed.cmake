# Embeds files into the binary as byte arrays, so kneeviz never depends on the working directory.
#
# kneeviz_embed(TARGET <name> NAMESPACE <c++ ns> FILES <abs paths...>)
# creates a static library <name> whose header <name>.h declares
#   std::span<const unsigned char> <ns>::find(std::string_view file_name)
# returning the bytes of the embedded file with that base name (empty span if absent).
set(_KNEEVIZ_EMBED_SCRIPT "${CMAKE_CURRENT_LIST_DIR}/KneevizEmbedFile.cmake")

function(kneeviz_embed)
  cmake_parse_arguments(ARG "" "TARGET;NAMESPACE" "FILES" ${ARGN})
  set(out_dir "${CMAKE_CURRENT_BINARY_DIR}/${ARG_TARGET}")
  set(generated "")
  set(entries "")
  set(decls "")
  set(index 0)
  foreach(file IN LISTS ARG_FILES)
    get_filename_component(base "${file}" NAME)
    set(cpp "${out_dir}/embed_${index}.cpp")
    add_custom_command(
      OUTPUT "${cpp}"
      COMMAND ${CMAKE_COMMAND} -DINPUT=${file} -DOUTPUT=${cpp} -DSYMBOL=embed_${index}
              -DNAMESPACE=${ARG_NAMESPACE} -P "${_KNEEVIZ_EMBED_SCRIPT}"
      DEPENDS "${file}" "${_KNEEVIZ_EMBED_SCRIPT}"
      COMMENT "Embedding ${base}"
      VERBATIM)
    list(APPEND generated "${cpp}")
    string(APPEND decls "extern const unsigned char embed_${index}[];\nextern const std::size_t embed_${index}_size;\n")
    string(APPEND entries "    {\"${base}\", {embed_${index}, embed_${index}_size}},\n")
    math(EXPR index "${index} + 1")
  endforeach()
  file(WRITE "${out_dir}/${ARG_TARGET}.h.in"
"#pragma once
#include <span>
#include <string_view>
namespace ${ARG_NAMESPACE} {
// Bytes of the embedded file named file_name (its base name); an empty span when there is none.
std::span<const unsigned char> find(std::string_view file_name);
}
")
  configure_file("${out_dir}/${ARG_TARGET}.h.in" "${out_dir}/include/${ARG_TARGET}.h" COPYONLY)
  file(WRITE "${out_dir}/index.cpp.in"
"#include \"${ARG_TARGET}.h\"
#include <cstddef>
#include <utility>
namespace ${ARG_NAMESPACE} {
${decls}
std::span<const unsigned char> find(std::string_view file_name) {
  static const std::pair<std::string_view, std::span<const unsigned char>> files[] = {
${entries}  };
  for (const auto& [name, bytes] : files)
    if (name == file_name) return bytes;
  return {};
}
}
")
  configure_file("${out_dir}/index.cpp.in" "${out_dir}/index.cpp" COPYONLY)
  add_library(${ARG_TARGET} STATIC "${out_dir}/index.cpp" ${generated})
  target_include_directories(${ARG_TARGET} PUBLIC "${out_dir}/include")
  target_compile_features(${ARG_TARGET} PUBLIC cxx_std_20)
endfunction()
