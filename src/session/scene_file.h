#pragma once
// Saved scenes: the whole state of the view (model, camera, layers, highlights, technique, time,
// knee flexion, annotations) as a small JSON file, written atomically and read back with errors
// that name the file, the line and column, the field and what was expected. docs/scenes.md
// describes the format. Data only: no GL, no UI; the viewer copies this state in and out.

#include <array>
#include <filesystem>
#include <glm/vec2.hpp>
#include <glm/vec3.hpp>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "json/located_error.h"

namespace kneeviz::session {

inline constexpr int kSceneFormatVersion = 1;

// Ranges the reader accepts are those of the modules that own them: scene::kMaxPitchDeg,
// scene::kMaxKneeFlexionDeg, technique::Playback::kMinSpeed and kMaxSpeed.
// What a scene may hold, so that no saved drawing can stall or crash the window that draws it.
// A pen stroke is drawn as one ImGui polyline, four vertices a point with its dark edge, and ImGui
// draws at most 65,536 vertices in one go: 10,000 points (a stroke of 30,000 pixels, the pen
// taking a point every 3) stay well inside it.
inline constexpr std::size_t kMaxPenPoints = 10'000;  // in one stroke
inline constexpr std::size_t kMaxPenStrokes = 1'000;
inline constexpr std::size_t kMaxNotes = 200;
inline constexpr std::size_t kMaxNoteLength = 2'000;  // bytes of a note's text

struct CameraState {
  glm::vec3 target{0.f};
  float distance = 3.f;  // > 0, in model units (metres)
  float yaw_deg = 0.f;   // as scene::ViewAngles: 0 looks at the front
  float pitch_deg = 8.f;
  bool operator==(const CameraState&) const = default;
};

struct LayerState {
  std::string id;  // a layer of the scene's region catalogue (anatomy::LayerDefinition)
  bool visible = true;
  float opacity = 1.f;  // 0..1
  bool operator==(const LayerState&) const = default;
};

// A note pinned to a point of the model.
struct PinnedNote {
  glm::vec3 position{0.f};  // model coordinates
  std::string text;
  bool operator==(const PinnedNote&) const = default;
};

// A pen stroke drawn over the view.
struct PenStroke {
  std::string colour = "#ffd400";  // "#rrggbb"
  // Normalised window coordinates: (0, 0) top left, (1, 1) bottom right.
  std::vector<glm::vec2> points;
  bool operator==(const PenStroke&) const = default;
};

struct Annotations {
  std::vector<PinnedNote> notes;
  std::vector<PenStroke> strokes;
  bool operator==(const Annotations&) const = default;
};

// Default-constructed, it is the default view: the bundled leg, every layer visible and opaque,
// nothing highlighted, hidden or selected, no technique, knee straight.
struct SceneState {
  int format_version = kSceneFormatVersion;
  std::string model;    // path of the model; empty: the bundled leg
  std::string regions;  // path of the region catalogue; empty: the built-in one
  CameraState camera;
  std::vector<LayerState> layers = default_layers();  // in file order, each id at most once
  std::vector<std::string> highlighted_groups;        // group ids
  std::vector<std::string> hidden_structures;         // structure ids
  std::optional<std::string> selected_structure;      // structure id
  std::optional<std::string> technique;               // technique id
  float time_s = 0.f;                                 // >= 0, into the technique
  bool playing = false;
  float speed = 1.f;             // technique::Playback::kMinSpeed..kMaxSpeed
  float knee_flexion_deg = 0.f;  // 0..scene::kMaxKneeFlexionDeg
  Annotations annotations;

  bool operator==(const SceneState&) const = default;
  static std::vector<LayerState> default_layers();
};

// A file that cannot be read or does not follow the format. what():
//   "FILE:LINE:COL: FIELD: message; expected ..."   (schema errors)
//   "FILE:LINE:COL: malformed JSON: ..."            (syntax errors)
//   "FILE: cannot read: ..."                        (unreadable files; line() and column() are 0)
class SceneError : public json::LocatedError {
 public:
  using LocatedError::LocatedError;
};

// Pretty JSON (two-space indent, keys always in the documented order, numbers as short as they
// round-trip), ending with a newline. The same state always gives the same bytes.
std::string to_json(const SceneState& state);

// Parses and validates a scene; `source_name` stands for the file in messages. Throws SceneError.
SceneState parse_scene(std::string_view text, const std::string& source_name);
// Reads and validates a scene file. Throws SceneError (unreadable file, malformed JSON, schema).
SceneState read_scene_file(const std::filesystem::path& path);
// Writes the scene atomically (a temporary file, then renamed over `path`): an interrupted save
// leaves the old file as it was. Throws SceneError, before touching the file, for a state that
// would not read back (a NaN, an out-of-range value, an unknown layer); io::FileError when the
// file cannot be written.
void write_scene_file(const std::filesystem::path& path, const SceneState& state);

// The scene to start with. A missing file gives the defaults and leaves *message empty; an
// unreadable or invalid one gives the defaults and sets *message (when given) to
//   "kneeviz could not restore the saved scene: FILE:LINE:COL: FIELD: ...; starting with the
//    default view (the file is kept as FILE.unreadable-DATE)".
// The file is moved aside (set_aside) so that it never fails twice; one written by a newer
// kneeviz, or not a regular file, is left in place and *left_in_place set: the caller must not
// write over it. For kneeviz's own last scene only: a file the user opened is never moved. Never
// throws.
SceneState load_scene_or_default(const std::filesystem::path& path, std::string* message,
                                 bool* left_in_place = nullptr);

}  // namespace kneeviz::session
