// Saved scenes: writing (stable, pretty JSON) and reading with errors that name the file, the line
// and column of the offending key, the field and what was expected (docs/scenes.md).

#include "session/scene_file.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <system_error>

#include "anatomy/region_view.h"
#include "io/atomic_file.h"
#include "json/fields.h"
#include "json/positions.h"
#include "json/reader.h"
#include "scene/camera.h"
#include "scene/pose.h"
#include "session/saved_file.h"
#include "technique/timeline.h"

namespace kneeviz::session {

namespace {

using Json = nlohmann::ordered_json;
using json::TextPosition;
using namespace json;  // join, type_name, describe, is_kebab_case, Field, ThrowingReader, ...

// The shortest decimal that reads back as the same float, as a double: 0.3f is written "0.3", not
// "0.30000001192092896", and still reads back as 0.3f.
double tidy(float value) {
  char buffer[32];
  const auto result = std::to_chars(buffer, buffer + sizeof buffer, value);
  return std::strtod(std::string(buffer, result.ptr).c_str(), nullptr);
}

Json vec_json(const glm::vec3& v) {
  return Json::array({tidy(v.x), tidy(v.y), tidy(v.z)});
}
Json optional_json(const std::optional<std::string>& value) {
  return value ? Json(*value) : Json(nullptr);
}

bool is_colour(std::string_view text) {
  return text.size() == 7 && text[0] == '#' && std::all_of(text.begin() + 1, text.end(), [](char c) {
           return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
         });
}

// The playback's speeds, which a saved scene keeps.
constexpr float kMinSpeed = technique::Playback::kMinSpeed, kMaxSpeed = technique::Playback::kMaxSpeed;

std::string format_number(float value) {
  char buffer[32];
  const auto result = std::to_chars(buffer, buffer + sizeof buffer, value);
  return std::string(buffer, result.ptr);
}

class SceneReader : public ThrowingReader<SceneError> {
 public:
  SceneReader(std::string_view text, std::string source)
      : ThrowingReader(text, std::move(source), ErrorNamesField::no) {}

  SceneState read() {
    const Json document = parse();
    if (const auto& duplicate = positions().first_duplicate_key())
      fail_at_pointer(*duplicate, *duplicate,
                      "this key appears twice in the same object; expected each key at most once");

    const Field root{"", ""};
    if (!document.is_object()) fail(root, "found " + type_name(document), "an object at the top level");
    read_version(document, root);  // first: another version's fields are not this one's
    check_keys(
        document, root,
        {"format_version", "model", "regions", "camera", "layers", "highlighted_groups", "hidden_structures",
         "selected_structure", "technique", "time_s", "playing", "speed", "knee_flexion_deg", "annotations"});

    SceneState state;
    if (document.contains("model"))
      state.model = read_string(document.at("model"), root.member("model"), true);
    if (document.contains("regions"))
      state.regions = read_string(document.at("regions"), root.member("regions"), true);
    if (document.contains("camera")) state.camera = read_camera(document.at("camera"), root.member("camera"));
    if (document.contains("layers"))
      state.layers = read_layers(document.at("layers"), root.member("layers"), state.regions.empty());
    if (document.contains("highlighted_groups"))
      state.highlighted_groups =
          read_ids(document.at("highlighted_groups"), root.member("highlighted_groups"));
    if (document.contains("hidden_structures"))
      state.hidden_structures = read_ids(document.at("hidden_structures"), root.member("hidden_structures"));
    if (document.contains("selected_structure"))
      state.selected_structure =
          read_optional_id(document.at("selected_structure"), root.member("selected_structure"));
    if (document.contains("technique"))
      state.technique = read_optional_id(document.at("technique"), root.member("technique"));
    if (document.contains("time_s"))
      state.time_s = read_number(document.at("time_s"), root.member("time_s"), 0.f, INFINITY,
                                 "a time in seconds, 0 or more");
    if (document.contains("playing"))
      state.playing = read_bool(document.at("playing"), root.member("playing"));
    if (document.contains("speed"))
      state.speed =
          read_number(document.at("speed"), root.member("speed"), kMinSpeed, kMaxSpeed,
                      "a speed from " + format_number(kMinSpeed) + " to " + format_number(kMaxSpeed));
    if (document.contains("knee_flexion_deg"))
      state.knee_flexion_deg = read_number(
          document.at("knee_flexion_deg"), root.member("knee_flexion_deg"), 0.f, scene::kMaxKneeFlexionDeg,
          "a knee flexion in degrees from 0 to " + format_number(scene::kMaxKneeFlexionDeg));
    if (document.contains("annotations"))
      state.annotations = read_annotations(document.at("annotations"), root.member("annotations"));
    return state;
  }

 private:
  // Scene messages say what was found, then what was expected.
  [[noreturn]] void fail(const Field& field, const std::string& problem, const std::string& expected) const {
    ThrowingReader::fail(field, problem + "; expected " + expected);
  }

  void require_object(const Json& value, const Field& field, const std::string& expected) const {
    if (!value.is_object()) fail(field, "found " + describe(value), expected);
  }

  const Json& require(const Json& object, const Field& field, std::string_view key,
                      const std::string& expected) const {
    if (!object.contains(key))
      fail_at_pointer(field.pointer, field.member(key).display,
                      "missing (in the object at this line); expected " + expected);
    return object.at(key);
  }

  void read_version(const Json& document, const Field& root) const {
    const Json& value = require(document, root, "format_version", "the format version, 1");
    if (!value.is_number_integer() || value.get<long long>() != kSceneFormatVersion)
      fail(root.member("format_version"), "found " + (value.is_number() ? value.dump() : describe(value)),
           "format version 1 (the one this kneeviz reads)");
  }

  std::string read_string(const Json& value, const Field& field, bool may_be_empty) const {
    if (!value.is_string() || (!may_be_empty && value.get<std::string>().empty()))
      fail(field, "found " + describe(value), may_be_empty ? "a string" : "a non-empty string");
    return value.get<std::string>();
  }

  bool read_bool(const Json& value, const Field& field) const {
    if (!value.is_boolean()) fail(field, "found " + describe(value), "true or false");
    return value.get<bool>();
  }

  // `expected` says the range in words; the bounds are inclusive.
  float read_number(const Json& value, const Field& field, float low, float high,
                    const std::string& expected) const {
    if (!value.is_number()) fail(field, "found " + describe(value), expected);
    const float number = static_cast<float>(value.get<double>());
    if (!std::isfinite(number)) fail(field, "found " + value.dump() + ", which is too large", expected);
    if (number < low || number > high) fail(field, "out of range, found " + format_number(number), expected);
    return number;
  }

  glm::vec3 read_vec3(const Json& value, const Field& field, const std::string& what) const {
    const std::string expected = what + " as [x, y, z] (three finite numbers)";
    if (!value.is_array() || value.size() != 3) fail(field, "found " + describe(value), expected);
    glm::vec3 v;
    for (std::size_t i = 0; i < 3; ++i)
      v[static_cast<int>(i)] = read_number(value[i], field.element(i), -INFINITY, INFINITY, expected);
    return v;
  }

  std::string read_id(const Json& value, const Field& field) const {
    std::string id = read_string(value, field, false);
    if (!is_kebab_case(id))
      fail(field, "found \"" + id + "\"",
           "a kebab-case id (lower-case letters and digits joined by single hyphens, e.g. "
           "\"vastus-lateralis\")");
    return id;
  }

  std::optional<std::string> read_optional_id(const Json& value, const Field& field) const {
    if (value.is_null()) return std::nullopt;
    if (!value.is_string()) fail(field, "found " + describe(value), "an id (a kebab-case string) or null");
    return read_id(value, field);
  }

  std::vector<std::string> read_ids(const Json& value, const Field& field) const {
    if (!value.is_array()) fail(field, "found " + describe(value), "an array of ids");
    std::vector<std::string> ids;
    for (std::size_t i = 0; i < value.size(); ++i) {
      std::string id = read_id(value[i], field.element(i));
      if (std::find(ids.begin(), ids.end(), id) != ids.end())
        fail(field.element(i), "\"" + id + "\" is listed twice", "each id at most once");
      ids.push_back(std::move(id));
    }
    return ids;
  }

  CameraState read_camera(const Json& value, const Field& field) const {
    require_object(value, field, "an object with target, distance, yaw_deg and pitch_deg");
    check_keys(value, field, {"target", "distance", "yaw_deg", "pitch_deg"});
    CameraState camera;
    if (value.contains("target"))
      camera.target =
          read_vec3(value.at("target"), field.member("target"), "the point the camera turns around");
    if (value.contains("distance")) {
      camera.distance = read_number(value.at("distance"), field.member("distance"), 0.f, INFINITY,
                                    "a distance greater than 0");
      if (camera.distance <= 0.f)
        fail(field.member("distance"), "out of range, found " + format_number(camera.distance),
             "a distance greater than 0");
    }
    if (value.contains("yaw_deg"))
      camera.yaw_deg = read_number(value.at("yaw_deg"), field.member("yaw_deg"), -INFINITY, INFINITY,
                                   "an angle in degrees (a finite number)");
    if (value.contains("pitch_deg"))
      camera.pitch_deg = read_number(value.at("pitch_deg"), field.member("pitch_deg"), -scene::kMaxPitchDeg,
                                     scene::kMaxPitchDeg,
                                     "an angle in degrees from -" + format_number(scene::kMaxPitchDeg) +
                                         " to " + format_number(scene::kMaxPitchDeg));
    return camera;
  }

  // With `builtin_catalogue` (the scene names no catalogue of its own) every id must be one of the
  // built-in catalogue's layers; a scene with its own catalogue may name that one's, which only the
  // viewer, once it has read it, knows (it leaves out layers the catalogue lacks).
  std::vector<LayerState> read_layers(const Json& value, const Field& field, bool builtin_catalogue) const {
    if (!value.is_array())
      fail(field, "found " + describe(value), "an array of layers ({id, visible, opacity})");
    const std::vector<std::string> known = anatomy::RegionCatalogue::builtin().layer_ids();
    std::vector<LayerState> layers;
    for (std::size_t i = 0; i < value.size(); ++i) {
      const Field item = field.element(i);
      const Json& layer_json = value[i];
      require_object(layer_json, item, "an object with id, visible and opacity");
      check_keys(layer_json, item, {"id", "visible", "opacity"});
      LayerState layer;
      const Field id_field = item.member("id");
      const Json& id = require(layer_json, item, "id", "a layer id: " + join(known));
      if (builtin_catalogue &&
          (!id.is_string() || std::find(known.begin(), known.end(), id.get<std::string>()) == known.end()))
        fail(id_field, (id.is_string() ? "unknown layer " : "found ") + describe(id),
             "one of: " + join(known));
      layer.id = read_id(id, id_field);
      if (std::any_of(layers.begin(), layers.end(), [&](const LayerState& l) { return l.id == layer.id; }))
        fail(id_field, "layer \"" + layer.id + "\" is listed twice", "each layer at most once");
      if (layer_json.contains("visible"))
        layer.visible = read_bool(layer_json.at("visible"), item.member("visible"));
      if (layer_json.contains("opacity"))
        layer.opacity = read_number(layer_json.at("opacity"), item.member("opacity"), 0.f, 1.f,
                                    "an opacity from 0 (transparent) to 1 (opaque)");
      layers.push_back(std::move(layer));
    }
    return layers;
  }

  Annotations read_annotations(const Json& value, const Field& field) const {
    require_object(value, field, "an object with notes and strokes");
    check_keys(value, field, {"notes", "strokes"});
    Annotations annotations;
    if (value.contains("notes")) {
      const Json& notes = value.at("notes");
      const Field notes_field = field.member("notes");
      if (!notes.is_array())
        fail(notes_field, "found " + describe(notes), "an array of notes ({position, text})");
      if (notes.size() > kMaxNotes)
        fail(notes_field, "found " + std::to_string(notes.size()) + " notes",
             "at most " + std::to_string(kMaxNotes) + " notes");
      for (std::size_t i = 0; i < notes.size(); ++i) {
        const Field item = notes_field.element(i);
        require_object(notes[i], item, "an object with position and text");
        check_keys(notes[i], item, {"position", "text"});
        PinnedNote note;
        note.position = read_vec3(require(notes[i], item, "position", "the pinned point as [x, y, z]"),
                                  item.member("position"), "the pinned point");
        note.text =
            read_string(require(notes[i], item, "text", "the note's text"), item.member("text"), true);
        if (note.text.size() > kMaxNoteLength)
          fail(item.member("text"), "found " + std::to_string(note.text.size()) + " characters",
               "a note of at most " + std::to_string(kMaxNoteLength) + " characters");
        annotations.notes.push_back(std::move(note));
      }
    }
    if (value.contains("strokes")) {
      const Json& strokes = value.at("strokes");
      const Field strokes_field = field.member("strokes");
      if (!strokes.is_array())
        fail(strokes_field, "found " + describe(strokes), "an array of pen strokes ({colour, points})");
      if (strokes.size() > kMaxPenStrokes)
        fail(strokes_field, "found " + std::to_string(strokes.size()) + " pen strokes",
             "at most " + std::to_string(kMaxPenStrokes) + " strokes");
      for (std::size_t i = 0; i < strokes.size(); ++i) {
        const Field item = strokes_field.element(i);
        require_object(strokes[i], item, "an object with colour and points");
        check_keys(strokes[i], item, {"colour", "points"});
        PenStroke stroke;
        const Json& colour = require(strokes[i], item, "colour", "a colour as \"#rrggbb\"");
        if (!colour.is_string() || !is_colour(colour.get<std::string>()))
          fail(item.member("colour"), "found " + describe(colour),
               "a colour as \"#rrggbb\" (six hex digits)");
        stroke.colour = colour.get<std::string>();
        const Field points_field = item.member("points");
        const Json& points = require(strokes[i], item, "points", "an array of [x, y] points");
        if (!points.is_array()) fail(points_field, "found " + describe(points), "an array of [x, y] points");
        if (points.size() > kMaxPenPoints)
          fail(points_field, "found " + std::to_string(points.size()) + " points",
               "a stroke of at most " + std::to_string(kMaxPenPoints) + " points");
        const std::string expected = "a point as [x, y] in normalised window coordinates (0 to 1)";
        for (std::size_t p = 0; p < points.size(); ++p) {
          const Field point_field = points_field.element(p);
          if (!points[p].is_array() || points[p].size() != 2)
            fail(point_field, "found " + describe(points[p]), expected);
          stroke.points.emplace_back(read_number(points[p][0], point_field.element(0), 0.f, 1.f, expected),
                                     read_number(points[p][1], point_field.element(1), 0.f, 1.f, expected));
        }
        annotations.strokes.push_back(std::move(stroke));
      }
    }
    return annotations;
  }
};

}  // namespace

std::vector<LayerState> SceneState::default_layers() {
  std::vector<LayerState> layers;
  for (std::string& id : anatomy::RegionCatalogue::builtin().layer_ids())
    layers.push_back({std::move(id), true, 1.f});
  return layers;
}

std::string to_json(const SceneState& state) {
  Json document;
  document["format_version"] = state.format_version;
  document["model"] = state.model;
  document["regions"] = state.regions;
  Json camera;
  camera["target"] = vec_json(state.camera.target);
  camera["distance"] = tidy(state.camera.distance);
  camera["yaw_deg"] = tidy(state.camera.yaw_deg);
  camera["pitch_deg"] = tidy(state.camera.pitch_deg);
  document["camera"] = std::move(camera);
  Json layers = Json::array();
  for (const LayerState& layer : state.layers) {
    Json item;
    item["id"] = layer.id;
    item["visible"] = layer.visible;
    item["opacity"] = tidy(layer.opacity);
    layers.push_back(std::move(item));
  }
  document["layers"] = std::move(layers);
  document["highlighted_groups"] = state.highlighted_groups;
  document["hidden_structures"] = state.hidden_structures;
  document["selected_structure"] = optional_json(state.selected_structure);
  document["technique"] = optional_json(state.technique);
  document["time_s"] = tidy(state.time_s);
  document["playing"] = state.playing;
  document["speed"] = tidy(state.speed);
  document["knee_flexion_deg"] = tidy(state.knee_flexion_deg);
  Json notes = Json::array();
  for (const PinnedNote& note : state.annotations.notes) {
    Json item;
    item["position"] = vec_json(note.position);
    item["text"] = note.text;
    notes.push_back(std::move(item));
  }
  Json strokes = Json::array();
  for (const PenStroke& stroke : state.annotations.strokes) {
    Json item;
    item["colour"] = stroke.colour;
    Json points = Json::array();
    for (const glm::vec2& point : stroke.points)
      points.push_back(Json::array({tidy(point.x), tidy(point.y)}));
    item["points"] = std::move(points);
    strokes.push_back(std::move(item));
  }
  Json annotations;
  annotations["notes"] = std::move(notes);
  annotations["strokes"] = std::move(strokes);
  document["annotations"] = std::move(annotations);
  // Non-finite numbers would be written as null; write_scene_file reads its text back to refuse them.
  return document.dump(2, ' ', false, Json::error_handler_t::replace) + "\n";
}

SceneState parse_scene(std::string_view text, const std::string& source_name) {
  return SceneReader(text, source_name).read();
}

SceneState read_scene_file(const std::filesystem::path& path) {
  std::error_code error;
  if (std::filesystem::is_directory(path, error))
    throw SceneError(path.string(), 0, 0, "", "cannot read: it is a folder, not a scene file");
  if (std::filesystem::exists(path, error) && !std::filesystem::is_regular_file(path, error))
    throw SceneError(path.string(), 0, 0, "",
                     "cannot read: not a regular file (a pipe, a device or a socket)");
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    const bool exists = std::filesystem::exists(path, error);
    throw SceneError(
        path.string(), 0, 0, "",
        exists ? "cannot read: permission denied or not a regular file" : "cannot read: no such file");
  }
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) throw SceneError(path.string(), 0, 0, "", "cannot read: input error");
  return parse_scene(text.str(), path.string());
}

void write_scene_file(const std::filesystem::path& path, const SceneState& state) {
  const std::string text = to_json(state);
  // Never write what would not read back: the next start would fall back to the defaults.
  parse_scene(text, path.string() + " (the scene being saved)");
  io::write_file_atomically(path,
                            std::span(reinterpret_cast<const unsigned char*>(text.data()), text.size()));
}

SceneState load_scene_or_default(const std::filesystem::path& path, std::string* message,
                                 bool* left_in_place) {
  if (message) message->clear();
  if (left_in_place) *left_in_place = false;
  std::error_code error;
  const bool exists = std::filesystem::exists(path, error);
  if (!exists && !error) return SceneState{};
  try {
    return read_scene_file(path);
  } catch (const std::exception& problem) {
    const Disposal disposal = dispose_unreadable(path, kSceneFormatVersion);
    if (left_in_place) *left_in_place = disposal.left_in_place;
    if (message)
      *message = std::string("kneeviz could not restore the saved scene: ") + problem.what() +
                 "; starting with the default view " + disposal.said;
  }
  return SceneState{};
}

}  // namespace kneeviz::session
