#pragma once
// Loading models from disk through Assimp into kneeviz's scene types.

#include <cstdint>
#include <filesystem>
#include <stdexcept>

#include "json/error.h"
#include "scene/model.h"

namespace kneeviz::scene {

// Thrown for a model that cannot be used: missing, unreadable, malformed or empty. what() names the
// file and says what is wrong, ready for a user to read.
class ModelError : public Error {
 public:
  using Error::Error;
};

// Limits on outside input, so that a wrong or hostile file is refused with a message rather than
// exhausting memory: the bundled leg is 8 MB and 256k triangles. Triangles are counted before
// Assimp reads the file where its format tells (glTF, STL, PLY, OBJ, Collada), and again as the
// model is built, each placement of a shared mesh counted.
struct ModelLimits {
  std::uintmax_t max_file_bytes = 512ull << 20;  // 512 MiB
  // An indexed glTF costs about 170 bytes a triangle to load (the bundled leg: 44 MB peak).
  std::size_t max_triangles = 20'000'000;
  // Every other format, and glTF without indices, is welded by Assimp first: about 2 KB a
  // triangle at the peak (a binary STL of a million triangles took 2.0 GB here), so 2 million
  // keep the peak near 4 GB.
  std::size_t max_unwelded_triangles = 2'000'000;
};

// The model formats kneeviz reads, by extension (lower case): anatomy models come as these. The
// other formats Assimp knows (game, CAD and legacy ones) are refused before Assimp opens the file,
// so their readers are never exposed to a file someone hands a clinic.
inline constexpr const char* kModelFormats[] = {".glb", ".gltf", ".obj", ".fbx", ".dae", ".ply", ".stl"};

// Reads glTF/GLB, OBJ, FBX, Collada, PLY and STL through Assimp. Keeps node names and the hierarchy,
// triangulates, generates smooth normals where the file has none or gives zero or invalid ones,
// and reads glTF skins and TANGENT (kneeviz stores muscle fibre directions there). A fully
// transparent material is drawn opaque, with a warning in Model::warnings. Throws ModelError,
// also for a file or a model beyond `limits`, a file of another format, a hierarchy nested too
// deep or looping, and positions that are not finite numbers.
Model load_model(const std::filesystem::path& file, const ModelLimits& limits = {});

}  // namespace kneeviz::scene
