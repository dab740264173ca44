#pragma once
// Loading models from disk through Assimp into kneeviz's scene types.

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

// Reads any format Assimp reads (glTF/GLB, OBJ, FBX, ...). Keeps node names and the hierarchy,
// triangulates, generates smooth normals where the file has none, and reads glTF skins and
// TANGENT (kneeviz stores muscle fibre directions there). Throws ModelError.
Model load_model(const std::filesystem::path& file);

}  // namespace kneeviz::scene
