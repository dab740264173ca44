// Reading and validating lesson files, and finding the step that plays at a time. Like the
// technique reader, this one keeps going after a problem so that every mistake of a file is listed
// at once; positions come from json::JsonPositions: "FILE:LINE:COL: FIELD: message; expected ...".

#include "lesson/lesson.h"

#include <algorithm>
#include <cmath>
#include <initializer_list>
#include <nlohmann/json.hpp>
#include <sstream>
#include <utility>

#include "anatomy/region_catalogue.h"
#include "anatomy/region_view.h"
#include "json/fields.h"
#include "json/positions.h"
#include "json/reader.h"
#include "scene/camera.h"

namespace kneeviz::lesson {

namespace {

using Json = nlohmann::ordered_json;
using namespace json;  // join, type_name, describe, is_kebab_case, Field, CollectingReader, ...

constexpr int kFormatVersion = 1;
// Limits that catch unit slips (milliseconds for seconds) as well as nonsense.
constexpr double kMaxStepDurationS = 600.0;
constexpr std::size_t kMaxSteps = 500;  // the shipped lesson has 23
constexpr double kMaxTechniqueTimeS = 3600.0;

class LessonReader : public CollectingReader<LessonProblem> {
 public:
  LessonReader(std::string_view text, std::string source, std::optional<std::string> expected_id,
               const anatomy::RegionCatalogue* catalogue, const std::vector<std::string>* technique_ids)
      : CollectingReader(text, std::move(source)),
        expected_id_(std::move(expected_id)),
        catalogue_(catalogue),
        technique_ids_(technique_ids) {}

  // The lesson, or nullopt with problems() saying why.
  std::optional<Lesson> read() {
    const std::optional<Json> document = parse_object();
    if (!document) return std::nullopt;
    Lesson lesson = read_lesson(*document, Field{"", ""});
    if (!problems().empty()) return std::nullopt;
    return lesson;
  }

 private:
  std::optional<std::string> expected_id_;
  const anatomy::RegionCatalogue* catalogue_;
  const std::vector<std::string>* technique_ids_;

  // ---- typed members --------------------------------------------------------------------------

  std::optional<std::string> read_id(const Json& value, const Field& field, const std::string& what) {
    const std::string expected = what + " (a kebab-case id)";
    if (!value.is_string() || !is_kebab_case(value.get<std::string>())) {
      report(field, "found " + describe(value), expected);
      return std::nullopt;
    }
    return value.get<std::string>();
  }

  // A number in (low, high] when `exclusive_low`, else [low, high].
  std::optional<double> read_number(const Json& value, const Field& field, double low, double high,
                                    bool exclusive_low, const std::string& expected) {
    if (!value.is_number()) {
      report(field, "found " + describe(value), expected);
      return std::nullopt;
    }
    const double number = value.get<double>();
    if (!std::isfinite(number) || (exclusive_low ? number <= low : number < low) || number > high) {
      report(field, "found " + describe(value), expected);
      return std::nullopt;
    }
    return number;
  }

  // ---- the lesson -----------------------------------------------------------------------------

  Lesson read_lesson(const Json& document, const Field& root) {
    Lesson lesson;
    lesson.file = source();
    check_keys(document, root, {"format_version", "id", "title", "summary", "steps"});
    read_version(document, root, kFormatVersion);

    if (const Json* value = find(document, root, "id", true, "the lesson id (a kebab-case id)")) {
      if (const auto id = read_id(*value, root.member("id"), "the lesson id")) {
        lesson.id = *id;
        if (expected_id_ && *expected_id_ != lesson.id)
          report(root.member("id"),
                 "\"" + lesson.id + "\" differs from the file name \"" + *expected_id_ + ".json\"",
                 "the id to be the file name without .json (\"" + *expected_id_ + "\")");
      }
    }
    lesson.title = read_string(document, root, "title", "the display title").value_or("");
    lesson.summary = read_string(document, root, "summary", "one or two sentences for the list").value_or("");

    const Field list = root.member("steps");
    if (const Json* steps = find_list(document, root, "steps", "a non-empty array of steps", kMaxSteps)) {
      for (std::size_t index = 0; index < steps->size(); ++index)
        lesson.steps.push_back(read_step((*steps)[index], list.element(index)));
    }
    return lesson;
  }

  LessonStep read_step(const Json& object, const Field& field) {
    LessonStep step;
    if (!object.is_object()) {
      report(field, "found " + describe(object), "a step (an object with caption and duration_s)");
      return step;
    }
    check_keys(object, field,
               {"caption", "duration_s", "section", "view", "frame", "layers", "highlight", "technique",
                "technique_from_s", "technique_to_s", "show_safety"});
    step.caption =
        read_string(object, field, "caption", "one or two sentences shown during the step").value_or("");
    const std::string duration_expected = "seconds, more than 0 and at most 600";
    if (const Json* value = find(object, field, "duration_s", true, duration_expected))
      step.duration_s = static_cast<float>(
          read_number(*value, field.member("duration_s"), 0.0, kMaxStepDurationS, true, duration_expected)
              .value_or(0.0));
    if (const Json* value = find(object, field, "section", false, ""))
      step.section =
          read_id(*value, field.member("section"), "the part of the lesson (\"why\", ...)").value_or("");
    if (const Json* value = find(object, field, "view", false, ""))
      step.view = read_view(*value, field.member("view"));
    if (const Json* value = find(object, field, "frame", false, ""))
      step.frame = read_frame(*value, field.member("frame"));
    if (const Json* value = find(object, field, "layers", false, ""))
      step.layers = read_layers(*value, field.member("layers"));
    if (const Json* value = find(object, field, "highlight", false, ""))
      step.highlight = read_highlight(*value, field.member("highlight"));
    read_technique(object, field, step);
    if (const Json* value = find(object, field, "show_safety", false, "")) {
      if (value->is_boolean())
        step.show_safety = value->get<bool>();
      else
        report(field.member("show_safety"), "found " + describe(*value), "true or false");
    }
    return step;
  }

  std::optional<scene::ViewAngles> read_view(const Json& value, const Field& field) {
    const std::string expected =
        "\"anterior\", \"posterior\", \"lateral\", \"medial\" or {\"yaw_deg\": -360..360, \"pitch_deg\": "
        "-89..89}";
    if (value.is_string()) {
      for (const scene::NamedView& preset : scene::kViewPresets)
        if (value.get<std::string>() == preset.name) return preset.angles;
      report(field, "found " + describe(value), expected);
      return std::nullopt;
    }
    if (!value.is_object()) {
      report(field, "found " + describe(value), expected);
      return std::nullopt;
    }
    check_keys(value, field, {"yaw_deg", "pitch_deg"});
    const Json* yaw = find(value, field, "yaw_deg", true, "degrees from -360 to 360");
    const Json* pitch = find(value, field, "pitch_deg", true, "degrees from -89 to 89");
    const auto yaw_deg =
        yaw ? read_number(*yaw, field.member("yaw_deg"), -360.0, 360.0, false, "degrees from -360 to 360")
            : std::nullopt;
    const auto pitch_deg = pitch
                               ? read_number(*pitch, field.member("pitch_deg"), -double(scene::kMaxPitchDeg),
                                             double(scene::kMaxPitchDeg), false, "degrees from -89 to 89")
                               : std::nullopt;
    if (!yaw_deg || !pitch_deg) return std::nullopt;
    return scene::ViewAngles{static_cast<float>(*yaw_deg), static_cast<float>(*pitch_deg)};
  }

  std::optional<std::string> read_frame(const Json& value, const Field& field) {
    auto id = read_id(value, field, "a structure or group id to frame");
    if (id && catalogue_ && !catalogue_->find_structure(*id) && !catalogue_->find_group(*id)) {
      report(field,
             "unknown structure or group \"" + *id + "\" in the region catalogue " + catalogue_->source(),
             "the id of a structure or a group (kneeviz list regions)");
      return std::nullopt;
    }
    return id;
  }

  std::map<std::string, float> read_layers(const Json& value, const Field& field) {
    std::map<std::string, float> layers;
    // The layers of the catalogue the lesson is checked against, else the built-in one's.
    const std::vector<std::string> ids =
        catalogue_ ? catalogue_->layer_ids() : anatomy::RegionCatalogue::builtin().layer_ids();
    const std::string expected = "an object of layer opacities from 0 to 1 (" + join(ids) + ")";
    if (!value.is_object()) {
      report(field, "found " + describe(value), expected);
      return layers;
    }
    for (const auto& item : value.items()) {
      const Field member = field.member(item.key());
      if (std::find(ids.begin(), ids.end(), item.key()) == ids.end()) {
        report(member, "unknown layer", "one of: " + join(ids));
        continue;
      }
      if (const auto opacity = read_number(item.value(), member, 0.0, 1.0, false, "an opacity from 0 to 1"))
        layers[item.key()] = static_cast<float>(*opacity);
    }
    return layers;
  }

  std::vector<std::string> read_highlight(const Json& value, const Field& field) {
    std::vector<std::string> groups;
    if (!value.is_array()) {
      report(field, "found " + describe(value), "an array of group ids (kneeviz list regions)");
      return groups;
    }
    for (std::size_t index = 0; index < value.size(); ++index) {
      const Field element = field.element(index);
      const auto id = read_id(value[index], element, "a group id");
      if (!id) continue;
      if (std::find(groups.begin(), groups.end(), *id) != groups.end()) {
        report(element, "\"" + *id + "\" is listed twice", "each group once");
        continue;
      }
      if (catalogue_ && !catalogue_->find_group(*id)) {
        report(element,
               "unknown group \"" + *id + "\"" +
                   (catalogue_->find_structure(*id) ? " (a structure: highlights name groups)" : "") +
                   " in the region catalogue " + catalogue_->source(),
               "the id of a group (kneeviz list regions)");
        continue;
      }
      groups.push_back(*id);
    }
    return groups;
  }

  void read_technique(const Json& object, const Field& field, LessonStep& step) {
    const Json* id_value = find(object, field, "technique", false, "");
    const Json* from_value = find(object, field, "technique_from_s", false, "");
    const Json* to_value = find(object, field, "technique_to_s", false, "");
    if (!id_value) {
      for (const char* key : {"technique_from_s", "technique_to_s"})
        if (object.contains(key))
          report(field.member(key), "given without a technique",
                 "\"technique\" in the same step, or no time range");
      return;
    }
    if (const auto id = read_id(*id_value, field.member("technique"), "a technique id")) {
      if (technique_ids_ &&
          std::find(technique_ids_->begin(), technique_ids_->end(), *id) == technique_ids_->end())
        report(field.member("technique"), "unknown technique \"" + *id + "\"",
               "one of: " + join(*technique_ids_) + " (kneeviz list techniques)");
      else
        step.technique = *id;
    }
    const std::string range = "seconds into the technique, from 0 to 3600";
    std::optional<double> from = 0.0;
    if (from_value)
      from =
          read_number(*from_value, field.member("technique_from_s"), 0.0, kMaxTechniqueTimeS, false, range);
    std::optional<double> to;
    if (!to_value)
      report_at(field.pointer, field.member("technique_to_s").display, "missing",
                "where the stretch of the technique ends, in " + range);
    else
      to = read_number(*to_value, field.member("technique_to_s"), 0.0, kMaxTechniqueTimeS, true, range);
    if (from && to && *to <= *from) {
      std::ostringstream expected;
      expected << "more than technique_from_s (" << *from << ")";
      report(field.member("technique_to_s"), "found " + describe(*to_value), expected.str());
      return;
    }
    if (from && to) {
      step.technique_from_s = static_cast<float>(*from);
      step.technique_to_s = static_cast<float>(*to);
    }
  }
};

Lesson parse_or_throw(std::string_view text, std::string source, std::optional<std::string> expected_id,
                      const anatomy::RegionCatalogue* catalogue,
                      const std::vector<std::string>* technique_ids) {
  LessonReader reader(text, std::move(source), std::move(expected_id), catalogue, technique_ids);
  std::optional<Lesson> lesson = reader.read();
  std::vector<LessonProblem> problems = std::move(reader.problems());
  if (!problems.empty()) {
    sort_by_position(problems);
    throw LessonError(std::move(problems));
  }
  return std::move(*lesson);
}

}  // namespace

Lesson parse_lesson(std::string_view text, std::string source_name, const anatomy::RegionCatalogue* catalogue,
                    const std::vector<std::string>* technique_ids) {
  return parse_or_throw(text, std::move(source_name), std::nullopt, catalogue, technique_ids);
}

Lesson read_lesson_file(const std::filesystem::path& path, const anatomy::RegionCatalogue* catalogue,
                        const std::vector<std::string>* technique_ids) {
  const std::optional<std::string> text = json::read_whole_file(path);
  if (!text)
    throw LessonError({{path.string(), 0, 0, "", "cannot open or read the file", "a readable lesson file"}});
  return parse_or_throw(*text, path.string(), path.stem().string(), catalogue, technique_ids);
}

std::vector<Lesson> load_lesson_folder(const std::filesystem::path& folder,
                                       const anatomy::RegionCatalogue* catalogue,
                                       const std::vector<std::string>* technique_ids) {
  std::error_code error;
  std::filesystem::directory_iterator entries(folder, error);
  if (error)
    throw LessonError({{folder.string(), 0, 0, "", "cannot list the folder: " + error.message(),
                        "a folder of lesson files"}});
  std::vector<std::filesystem::path> files;
  for (const auto& entry : entries)
    if (entry.path().extension() == ".json" && !entry.is_directory()) files.push_back(entry.path());
  std::sort(files.begin(), files.end());

  std::vector<Lesson> lessons;
  std::vector<LessonProblem> problems;
  for (const std::filesystem::path& file : files) {
    try {
      lessons.push_back(read_lesson_file(file, catalogue, technique_ids));
    } catch (const LessonError& failure) {
      problems.insert(problems.end(), failure.problems().begin(), failure.problems().end());
    }
  }
  if (!problems.empty()) throw LessonError(std::move(problems));
  std::sort(lessons.begin(), lessons.end(), [](const Lesson& a, const Lesson& b) { return a.id < b.id; });
  return lessons;
}

double total_duration(const Lesson& lesson) {
  double total = 0.0;
  for (const LessonStep& step : lesson.steps) total += step.duration_s;
  return total;
}

double step_start(const Lesson& lesson, std::size_t index) {
  double start = 0.0;
  for (std::size_t i = 0; i < index && i < lesson.steps.size(); ++i) start += lesson.steps[i].duration_s;
  return start;
}

StepTime step_at(const Lesson& lesson, double t) {
  if (lesson.steps.empty()) return {};
  if (!(t > 0.0)) return {0, 0.0};  // also NaN
  double start = 0.0;
  for (std::size_t index = 0; index < lesson.steps.size(); ++index) {
    const double end = start + lesson.steps[index].duration_s;
    if (t < end) return {index, t - start};
    start = end;
  }
  const std::size_t last = lesson.steps.size() - 1;
  return {last, lesson.steps[last].duration_s};
}

StepClock::Moment StepClock::at(const Lesson& lesson, double t) {
  const StepTime time = step_at(lesson, t);
  const LessonStep& step = lesson.steps.at(time.index);
  Moment moment;
  moment.index = time.index;
  moment.begins = int(time.index) != shown_;
  moment.opening = shown_ < 0;
  moment.technique_time = std::min<double>(step.technique_from_s + time.time_in_step, step.technique_to_s);
  shown_ = int(time.index);
  return moment;
}

void show_step_anatomy(const LessonStep& step, anatomy::RegionView& view) {
  for (const auto& [id, opacity] : step.layers)
    if (anatomy::Layer* layer = view.find_layer(id)) {
      layer->visible = opacity > 0.f;
      if (opacity > 0.f) layer->opacity = opacity;
    }
  view.clear_highlights();
  for (const std::string& group : step.highlight) view.set_highlighted(group, true);
}

}  // namespace kneeviz::lesson
