// Models through kneeviz's loader (scene::load_model), from a file as the program reads them. The
// extension comes from the content, so the seeds stay plain model files: binary glTF by its magic,
// glTF by its opening brace, PLY by 'ply', FBX by its binary magic or header, Collada by its
// <COLLADA> element, OBJ otherwise.
// ModelError is the expected answer to a bad file.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "fuzz_input.h"
#include "scene/loader.h"

namespace {

std::string_view extension_for(std::string_view text) {
  if (text.starts_with("glTF")) return ".glb";
  if (text.starts_with("ply")) return ".ply";
  if (text.starts_with("Kaydara FBX Binary") ||
      text.substr(0, 512).find("FBXHeaderExtension") != std::string_view::npos)
    return ".fbx";
  const auto first = text.find_first_not_of(" \t\r\n");
  if (first != std::string_view::npos && text[first] == '{') return ".gltf";
  if (text.substr(0, 512).find("<COLLADA") != std::string_view::npos) return ".dae";
  return ".obj";
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const kneeviz::fuzz::InputFile file(data, size, extension_for(kneeviz::fuzz::as_text(data, size)));
  kneeviz::scene::Model model;
  try {
    model = kneeviz::scene::load_model(file.path());
  } catch (const kneeviz::scene::ModelError&) {
    return 0;
  }
  // The renderer draws these indices unchecked.
  for (const auto& mesh : model.meshes)
    for (const auto index : mesh.indices)
      if (index >= mesh.vertices.size()) std::abort();
  return 0;
}
