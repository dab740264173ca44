#pragma once
// Loading models from disk through Assimp into kneeviz's scene types.

#include <cstdint>
#include <filesystem>
#include <stdexcept>

#include "scene/model.h"

namespace kneeviz::scene {

// Thrown for a model that cannot be used: missing, unreadable, malformed or empty. what() names the
// file and says what is wrong, ready for a user to read.
class ModelError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Limits on outside input, so that a wrong or hostile file is refused with a message rather than
// exhausting memory: the bundled leg is 8 MB and 256k triangles.
struct ModelLimits {
  std::uintmax_t max_file_bytes = 512ull << 20;  // 512 MiB
  std::size_t max_triangles = 20'000'000;
};

// The model formats kneeviz reads, by extension (lower case): anatomy models come as these. The
// other formats Assimp knows (game, CAD and legacy ones) are refused before Assimp opens the file,
// so their readers are never exposed to a file someone hands a clinic.
inline constexpr const char* kModelFormats[] = {".glb", ".gltf", ".obj", ".fbx", ".dae", ".ply", ".stl"};

// Reads glTF/GLB, OBJ, FBX, Collada, PLY and STL through Assimp. Keeps node names and the hierarchy,
// triangulates, generates smooth normals where the file has none, and reads glTF skins and
// TANGENT (kneeviz stores muscle fibre directions there). Throws ModelError, also for a file or
// a model beyond `limits` and a file of another format.
Model load_model(const std::filesystem::path& file, const ModelLimits& limits = {});

}  // namespace kneeviz::scene
