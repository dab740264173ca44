#pragma once
// What Assimp 5.2 trusts in a model file, checked before it reads one: the structure that crashes
// it (Collada nodes nested without end or instancing themselves, PLY element counts no file of
// that size could hold) and the cost it would commit to (the triangles the headers promise).
// Internal to the loader; separate so that each check can be read, and tested, on its own.

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>

#include "scene/loader.h"

namespace kneeviz::scene::checks {

// Deepest nesting of model nodes kneeviz accepts (glTF children, Collada <node>): anatomy models
// nest a few levels; Assimp's readers recurse once a level and crash on a chain of 20,000.
inline constexpr std::size_t kMaxNodeDepth = 256;
// Deepest nesting of XML elements in a Collada file.
inline constexpr std::size_t kMaxXmlDepth = 1024;

// Refuses, with ModelError naming the file and the place, a Collada file whose <node> elements
// nest deeper than kMaxNodeDepth or instance each other in a loop (<instance_node> of itself or
// of an ancestor), or whose elements nest deeper than kMaxXmlDepth; a PLY file whose header is
// unreadable or whose element counts need more bytes than the file holds, or whose body runs
// short, holds a word that is not a number or a face that is not a polygon of its vertices; an
// FBX whose object connections loop or nest too deep, or (binary) whose records lie outside one
// another. Other formats pass.
void check_structure(const std::filesystem::path& file, const std::string& extension, std::uintmax_t bytes);

// The triangles a file will give, counted from its headers or text before Assimp reads it: the
// STL's facets, the PLY's faces, the OBJ's faces (an n-gon counts n-2), the Collada primitives'
// counts. Nothing for formats that do not tell cheaply (FBX; glTF is counted from its JSON).
std::optional<std::uint64_t> estimate_triangles(const std::filesystem::path& file,
                                                const std::string& extension, std::uintmax_t bytes);

}  // namespace kneeviz::scene::checks
