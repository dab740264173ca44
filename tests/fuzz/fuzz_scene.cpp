// Scene files (session::parse_scene). SceneError is the expected answer to a bad file. A scene that
// reads must also write and read back to the same state, as saving it in the window would.
#include <cstddef>
#include <cstdint>
#include <cstdlib>

#include "fuzz_input.h"
#include "session/scene_file.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace kneeviz::session;
  SceneState state;
  try {
    state = parse_scene(kneeviz::fuzz::as_text(data, size), "fuzz.json");
  } catch (const SceneError&) {
    return 0;
  }
  if (parse_scene(to_json(state), "written.json") != state) std::abort();
  return 0;
}
