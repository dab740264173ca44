// Reading and validating technique files. Unlike a first-error parser, the reader keeps going
// after a problem (a value it cannot use is left at its default) so that `kneeviz check` can list
// every mistake of a file at once. Positions come from json::JsonPositions, so messages look
// like the region catalogue's: "FILE:LINE:COL: FIELD: message; expected ...".

#include "technique/technique_file.h"

#include <algorithm>
#include <cmath>
#include <functional>
#include <initializer_list>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <utility>

#include "anatomy/region_catalogue.h"
#include "json/fields.h"
#include "json/positions.h"
#include "json/reader.h"
#include "scene/pose.h"

namespace kneeviz::technique {

namespace {

using Json = nlohmann::ordered_json;
using json::TextPosition;

constexpr int kFormatVersion = 1;

// Limits that catch unit slips (centimetres for metres, periods for frequencies) as well as nonsense.
constexpr double kMaxAmplitudeM = 0.1;
constexpr double kMaxFrequencyHz = 10.0;
constexpr double kMaxStrokeDurationS = 120.0;
constexpr double kMaxPauseS = 60.0;
constexpr double kMaxKneeFlexionDeg = scene::kMaxKneeFlexionDeg;
constexpr int kMaxRepetitions = 50;
// A technique's size: the shipped ones have at most 5 phases of at most 3 strokes and play at
// most 14 strokes in all. Beyond these a file is refused rather than laid out in time.
constexpr std::size_t kMaxPhases = 100;
constexpr std::size_t kMaxStrokesPerPhase = 100;
constexpr long long kMaxStrokesPlayed = 10'000;

// Caution zones (endangerment sites): no firm pressure over the popliteal fossa (the back of the
// knee band) or the femoral triangle (the upper front-inner thigh).
constexpr double kMaxPoplitealPressure = 0.3;
constexpr double kMaxFemoralTrianglePressure = 0.35;
constexpr double kFemoralTriangleEnd = 0.3;  // along the thigh, from the hip

using namespace json;  // join, type_name, describe, is_kebab_case, Field, CollectingReader, ...

template <typename Enum>
std::vector<std::string> words_of(std::initializer_list<Enum> values) {
  std::vector<std::string> words;
  for (Enum value : values) words.emplace_back(to_string(value));
  return words;
}

const std::vector<std::string>& contact_words() {
  static const std::vector<std::string> words =
      words_of({Contact::palm, Contact::fingertips, Contact::knuckles, Contact::thumb, Contact::forearm});
  return words;
}
const std::vector<std::string>& hand_use_words() {
  static const std::vector<std::string> words =
      words_of({HandUse::one, HandUse::side_by_side, HandUse::reinforced, HandUse::alternating});
  return words;
}
const std::vector<std::string>& segment_words() {
  static const std::vector<std::string> words = words_of({Segment::thigh, Segment::knee, Segment::shank});
  return words;
}
const std::vector<std::string>& motion_words() {
  static const std::vector<std::string> words =
      words_of({Motion::glide, Motion::circles_on_glide, Motion::side_to_side, Motion::up_and_down,
                Motion::taps, Motion::stationary_circles, Motion::cross_fibre});
  return words;
}

// What each motion needs, for the checks and their messages.
bool has_amplitude(Motion motion) {
  return motion != Motion::glide;
}
bool has_frequency(Motion motion) {
  return motion != Motion::glide;
}
bool must_travel(Motion motion) {
  return motion == Motion::glide || motion == Motion::circles_on_glide;
}
bool may_return(Motion motion) {
  return motion == Motion::glide || motion == Motion::circles_on_glide;
}

std::string amplitude_meaning(Motion motion) {
  switch (motion) {
    case Motion::circles_on_glide:
    case Motion::stationary_circles:
      return "the circle radius";
    case Motion::side_to_side:
    case Motion::up_and_down:
      return "the half-width of the oscillation";
    case Motion::taps:
      return "the radius of the circles the tap points travel";
    case Motion::cross_fibre:
      return "the half-length of a stroke across the fibres";
    case Motion::glide:
      break;
  }
  return "an amplitude";
}

std::string frequency_meaning(Motion motion) {
  switch (motion) {
    case Motion::taps:
      return "taps per second";
    case Motion::circles_on_glide:
    case Motion::stationary_circles:
      return "circles per second";
    default:
      return "back-and-forth strokes per second";
  }
}

// Angles of the file may be written from -360 to 360; the caution zones compare them in [0, 360).
double normalised_degrees(double angle) {
  const double wrapped = std::fmod(angle, 360.0);
  return wrapped < 0 ? wrapped + 360.0 : wrapped;
}

bool in_degrees(double angle, double low, double high) {
  const double a = normalised_degrees(angle);
  return a >= low && a <= high;
}

class TechniqueReader : public CollectingReader<TechniqueProblem> {
 public:
  TechniqueReader(std::string_view text, std::string source, std::optional<std::string> expected_id)
      : CollectingReader(text, std::move(source)), expected_id_(std::move(expected_id)) {}

  // The technique, or nullopt with problems() saying why.
  std::optional<Technique> read() {
    const std::optional<Json> document = parse_object();
    if (!document) return std::nullopt;
    Technique technique = read_technique(*document, Field{"", ""});
    if (!problems().empty()) return std::nullopt;
    return technique;
  }

 private:
  std::optional<std::string> expected_id_;

  // ---- typed members --------------------------------------------------------------------------

  std::optional<std::string> read_id(const Json& value, const Field& field, const std::string& what) {
    const std::string expected = what + " as a kebab-case id (e.g. \"vastus-lateralis\")";
    if (!value.is_string()) {
      report(field, "found " + describe(value), expected);
      return std::nullopt;
    }
    const std::string id = value.get<std::string>();
    if (!is_kebab_case(id)) {
      report(field, "found \"" + id + "\", which is not kebab-case", expected);
      return std::nullopt;
    }
    return id;
  }

  // A number within [low, high], or (low, high] when `low_open`; `expected` describes it.
  std::optional<double> read_number(const Json& object, const Field& field, std::string_view key, double low,
                                    double high, bool low_open, const std::string& expected,
                                    bool required = true) {
    const Json* value = find(object, field, key, required, expected);
    if (!value) return std::nullopt;
    if (!value->is_number()) {
      report(field.member(key), "found " + describe(*value), expected);
      return std::nullopt;
    }
    const double number = value->get<double>();
    if (!std::isfinite(number) || number > high || number < low || (low_open && number <= low)) {
      report(field.member(key), "found " + describe(*value) + ", out of range", expected);
      return std::nullopt;
    }
    return number;
  }

  std::optional<int> read_repetitions(const Json& object, const Field& field, const std::string& what) {
    const std::string expected = "how many times " + what + " repeat (a whole number from 1 to " +
                                 std::to_string(kMaxRepetitions) + ")";
    const Json* value = find(object, field, "repetitions", false, expected);
    if (!value) return std::nullopt;
    if (!value->is_number_integer() || value->get<long long>() < 1 ||
        value->get<long long>() > kMaxRepetitions) {
      report(field.member("repetitions"), "found " + describe(*value), expected);
      return std::nullopt;
    }
    return static_cast<int>(value->get<long long>());
  }

  template <typename Enum>
  std::optional<Enum> read_word(const Json& object, const Field& field, std::string_view key,
                                const std::string& what, const std::vector<std::string>& words,
                                std::optional<Enum> (*from_string)(std::string_view), bool required = true) {
    const std::string expected = "one of: " + join(words);
    const Json* value = find(object, field, key, required, what + ", " + expected);
    if (!value) return std::nullopt;
    if (!value->is_string()) {
      report(field.member(key), "found " + describe(*value), what + ", " + expected);
      return std::nullopt;
    }
    const std::optional<Enum> parsed = from_string(value->get<std::string>());
    if (!parsed) report(field.member(key), "unknown " + std::string(key) + " " + describe(*value), expected);
    return parsed;
  }

  void remember_position(Technique& technique, const Field& field) {
    const TextPosition at = position_of(field.pointer);
    technique.positions[field.display] = FilePosition{at.line, at.column};
  }

  // ---- the technique --------------------------------------------------------------------------

  Technique read_technique(const Json& document, const Field& root) {
    check_keys(document, root,
               {"format_version", "id", "name", "summary", "source", "client_position", "targets", "contact",
                "hands", "contact_note", "pressure", "tempo", "repetitions", "phases", "cautions"});
    Technique technique;
    technique.file = source();
    read_version(document, root, kFormatVersion);

    if (const Json* id =
            find(document, root, "id", true, "the technique's id, the file name without .json")) {
      if (const auto parsed = read_id(*id, root.member("id"), "the technique's id")) {
        technique.id = *parsed;
        if (expected_id_ && *expected_id_ != technique.id)
          report(root.member("id"),
                 "\"" + technique.id + "\" differs from the file name \"" + *expected_id_ + ".json\"",
                 "the id to be the file name without .json (\"" + *expected_id_ + "\")");
      }
    }
    technique.name = read_string(document, root, "name", "the display name").value_or("");
    technique.summary =
        read_string(document, root, "summary", "one or two sentences for the card").value_or("");
    technique.source = read_string(document, root, "source", "the source document it follows").value_or("");
    technique.client_position =
        read_string(document, root, "client_position", "how the client lies (\"supine\", ...)").value_or("");
    technique.targets = read_targets(document, root, technique);
    technique.contact = read_word<Contact>(document, root, "contact", "the part of the hand in contact",
                                           contact_words(), contact_from_string)
                            .value_or(Contact::palm);
    technique.hands = read_word<HandUse>(document, root, "hands", "what the two hands do", hand_use_words(),
                                         hand_use_from_string, false)
                          .value_or(HandUse::one);
    technique.contact_note =
        read_string(document, root, "contact_note", "a note on the contact", false).value_or("");
    technique.pressure =
        read_string(document, root, "pressure", "the pressure in words (\"light\", ...)").value_or("");
    technique.tempo = read_string(document, root, "tempo", "the tempo in words (\"slow\", ...)").value_or("");
    technique.repetitions = read_repetitions(document, root, "the phases").value_or(1);
    technique.phases = read_phases(document, root, technique);
    long long played = 0;
    for (const Phase& phase : technique.phases)
      played += static_cast<long long>(phase.repetitions) * static_cast<long long>(phase.strokes.size());
    played *= technique.repetitions;
    if (played > kMaxStrokesPlayed)
      report(root.member("phases"), "the technique plays " + std::to_string(played) + " strokes in all",
             "at most " + std::to_string(kMaxStrokesPlayed) +
                 " (phases x their repetitions x strokes x the "
                 "technique's repetitions)");
    technique.cautions = read_cautions(document, root);
    return technique;
  }

  std::vector<std::string> read_targets(const Json& document, const Field& root, Technique& technique) {
    const Field list = root.member("targets");
    const Json* array = find_list(document, root, "targets",
                                  "a non-empty array of structure or group ids (kneeviz list regions)");
    if (!array) return {};
    std::vector<std::string> targets;
    for (std::size_t index = 0; index < array->size(); ++index) {
      const Field field = list.element(index);
      const auto id = read_id((*array)[index], field, "a structure or group id");
      if (!id) continue;
      if (std::find(targets.begin(), targets.end(), *id) != targets.end()) {
        report(field, "\"" + *id + "\" is listed twice", "each target once");
        continue;
      }
      remember_position(technique, field);
      targets.push_back(*id);
    }
    return targets;
  }

  std::vector<std::string> read_cautions(const Json& document, const Field& root) {
    const Field list = root.member("cautions");
    const Json* array = find_list(document, root, "cautions",
                                  "a non-empty array of sentences (when not to use it, what to avoid)");
    if (!array) return {};
    std::vector<std::string> cautions;
    for (std::size_t index = 0; index < array->size(); ++index) {
      const Json& value = (*array)[index];
      if (!value.is_string() || value.get<std::string>().empty())
        report(list.element(index), "found " + describe(value), "a caution (a non-empty string)");
      else
        cautions.push_back(value.get<std::string>());
    }
    return cautions;
  }

  std::vector<Phase> read_phases(const Json& document, const Field& root, Technique& technique) {
    const Field list = root.member("phases");
    const Json* array = find_list(document, root, "phases", "a non-empty array of phases", kMaxPhases);
    if (!array) return {};
    std::vector<Phase> phases;
    for (std::size_t index = 0; index < array->size(); ++index) {
      const Field field = list.element(index);
      const Json& object = (*array)[index];
      if (!object.is_object()) {
        report(field, "found " + type_name(object), "a phase object");
        continue;
      }
      check_keys(object, field, {"caption", "strokes", "repetitions", "knee_flexion_deg", "hands"});
      Phase phase;
      phase.caption =
          read_string(object, field, "caption", "what the viewer reads during the phase").value_or("");
      phase.repetitions = read_repetitions(object, field, "the strokes").value_or(1);
      phase.knee_flexion_deg =
          static_cast<float>(read_number(object, field, "knee_flexion_deg", 0.0, kMaxKneeFlexionDeg, false,
                                         "the knee's flexion in degrees, from 0 (straight) to 120", false)
                                 .value_or(0.0));
      phase.hands = read_word<HandUse>(object, field, "hands", "what the two hands do in this phase",
                                       hand_use_words(), hand_use_from_string, false);
      phase.strokes = read_strokes(object, field, technique);
      phases.push_back(std::move(phase));
    }
    return phases;
  }

  std::vector<Stroke> read_strokes(const Json& phase, const Field& phase_field, Technique& technique) {
    const Field list = phase_field.member("strokes");
    const Json* array =
        find_list(phase, phase_field, "strokes", "a non-empty array of strokes", kMaxStrokesPerPhase);
    if (!array) return {};
    std::vector<Stroke> strokes;
    for (std::size_t index = 0; index < array->size(); ++index) {
      const Field field = list.element(index);
      const Json& object = (*array)[index];
      if (!object.is_object()) {
        report(field, "found " + type_name(object), "a stroke object");
        continue;
      }
      strokes.push_back(read_stroke(object, field, technique));
    }
    return strokes;
  }

  Stroke read_stroke(const Json& object, const Field& field, Technique& technique) {
    check_keys(object, field,
               {"segment", "motion", "from", "to", "angle_deg", "angle_to_deg", "duration_s", "amplitude_m",
                "frequency_hz", "pressure", "lighter_return", "pause_s", "fibre_of"});
    Stroke stroke;
    const auto segment = read_word<Segment>(object, field, "segment", "the part of the limb", segment_words(),
                                            segment_from_string);
    const auto motion = read_word<Motion>(object, field, "motion", "the motion primitive", motion_words(),
                                          motion_from_string);
    stroke.segment = segment.value_or(Segment::thigh);
    stroke.motion = motion.value_or(Motion::glide);

    const std::string position_expected =
        "a position along the segment in [0, 1] (0 its proximal end, 1 its distal end)";
    const auto from = read_number(object, field, "from", 0.0, 1.0, false, position_expected);
    stroke.from = static_cast<float>(from.value_or(0.0));
    stroke.to = stroke.from;
    const std::string angle_expected =
        "an angle around the limb in degrees, from -360 to 360 (0 anterior, 90 lateral, 180 posterior, 270 "
        "medial)";
    const auto angle = read_number(object, field, "angle_deg", -360.0, 360.0, false, angle_expected);
    stroke.angle_deg = static_cast<float>(angle.value_or(0.0));
    stroke.duration_s =
        static_cast<float>(read_number(object, field, "duration_s", 0.0, kMaxStrokeDurationS, true,
                                       "the duration of one pass in seconds, more than 0 and at most 120")
                               .value_or(stroke.duration_s));
    stroke.pressure =
        static_cast<float>(read_number(object, field, "pressure", 0.0, 1.0, false,
                                       "a pressure in [0, 1] (0 skin stretch only, 0.5 moderate, 1 firm)")
                               .value_or(stroke.pressure));
    stroke.pause_s = static_cast<float>(read_number(object, field, "pause_s", 0.0, kMaxPauseS, false,
                                                    "a dwell in seconds from 0 to 60", false)
                                            .value_or(0.0));

    const std::string motion_word = motion ? to_string(*motion) : "this motion";
    if (!motion) return stroke;  // the rules below depend on the motion

    // Where the stroke goes.
    std::optional<double> to;
    if (object.contains("to")) {
      if (*motion == Motion::stationary_circles)
        report(field.member("to"), "given for stationary_circles, which stay on one spot",
               "no \"to\" (\"from\" and \"angle_deg\" fix the spot)");
      else if ((to = read_number(object, field, "to", 0.0, 1.0, false, position_expected)))
        stroke.to = static_cast<float>(*to);
    } else if (must_travel(*motion)) {
      report_at(field.pointer, field.member("to").display, "missing",
                "where the " + motion_word + " ends: " + position_expected);
    }
    bool angle_to_valid = true;
    if (object.contains("angle_to_deg")) {
      if (*motion == Motion::stationary_circles)
        report(field.member("angle_to_deg"), "given for stationary_circles, which stay on one spot",
               "no \"angle_to_deg\"");
      else if (const auto angle_to =
                   read_number(object, field, "angle_to_deg", -360.0, 360.0, false, angle_expected))
        stroke.angle_to_deg = static_cast<float>(*angle_to);
      else
        angle_to_valid = false;
    }
    if (must_travel(*motion) && from && angle && to && angle_to_valid && stroke.to == stroke.from &&
        (!stroke.angle_to_deg || *stroke.angle_to_deg == stroke.angle_deg))
      report(field.member("to"),
             "equals \"from\" and the angle does not change either, so the " + motion_word + " goes nowhere",
             "\"to\" different from \"from\", or an \"angle_to_deg\" (or use stationary_circles)");

    // Amplitude and frequency: needed by every motion but the plain glide, which has neither.
    if (has_amplitude(*motion)) {
      stroke.amplitude_m =
          static_cast<float>(read_number(object, field, "amplitude_m", 0.0, kMaxAmplitudeM, true,
                                         amplitude_meaning(*motion) + " for " + motion_word +
                                             ", in metres: more than 0 and at most 0.1 (0.02 is 2 cm)")
                                 .value_or(0.0));
    } else if (object.contains("amplitude_m")) {
      report(field.member("amplitude_m"), "given for a glide, which has no amplitude",
             "no \"amplitude_m\" (or circles_on_glide for circles riding on the glide)");
    }
    if (has_frequency(*motion)) {
      stroke.frequency_hz = static_cast<float>(
          read_number(object, field, "frequency_hz", 0.0, kMaxFrequencyHz, true,
                      frequency_meaning(*motion) + " for " + motion_word + ": more than 0 and at most 10")
              .value_or(0.0));
    } else if (object.contains("frequency_hz")) {
      report(field.member("frequency_hz"), "given for a glide, which has no frequency",
             "no \"frequency_hz\"");
    }

    if (const Json* value = object.contains("lighter_return") ? &object.at("lighter_return") : nullptr) {
      if (!may_return(*motion))
        report(field.member("lighter_return"), "given for " + motion_word + ", which does not glide",
               "\"lighter_return\" only on glide and circles_on_glide");
      else if (!value->is_boolean())
        report(field.member("lighter_return"), "found " + describe(*value), "true or false");
      else
        stroke.lighter_return = value->get<bool>();
    }

    // The structure whose fibres a cross-fibre stroke crosses.
    if (*motion == Motion::cross_fibre) {
      const std::string expected =
          "the id of the structure whose fibres the stroke crosses (e.g. \"patellar-tendon\")";
      if (const Json* value = find(object, field, "fibre_of", true, expected)) {
        if (const auto id =
                read_id(*value, field.member("fibre_of"), "the structure whose fibres are crossed")) {
          stroke.fibre_of = *id;
          remember_position(technique, field.member("fibre_of"));
        }
      }
    } else if (object.contains("fibre_of")) {
      report(field.member("fibre_of"), "given for " + motion_word + ", which does not cross fibres",
             "\"fibre_of\" only on cross_fibre strokes");
    }

    if (segment && from && angle) check_caution_zones(object, field, stroke);
    return stroke;
  }

  // Endangerment sites: the popliteal fossa (popliteal vessels, tibial nerve) and the femoral
  // triangle (femoral artery, vein and nerve) take light pressure only.
  void check_caution_zones(const Json& object, const Field& field, const Stroke& stroke) {
    if (!object.contains("pressure")) return;
    const double angle_to = stroke.angle_to_deg.value_or(stroke.angle_deg);
    const auto either_angle_in = [&](double low, double high) {
      return in_degrees(stroke.angle_deg, low, high) || in_degrees(angle_to, low, high);
    };
    if (stroke.segment == Segment::knee && either_angle_in(135.0, 225.0) &&
        stroke.pressure > kMaxPoplitealPressure) {
      std::ostringstream expected;
      expected << "at most " << kMaxPoplitealPressure
               << " over the popliteal fossa (knee segment, angles 135 to 225), or a stroke away from it";
      report(field.member("pressure"), "firm pressure over the back of the knee, an endangerment site",
             expected.str());
    }
    if (stroke.segment == Segment::thigh && std::min(stroke.from, stroke.to) < kFemoralTriangleEnd &&
        either_angle_in(270.0, 350.0) && stroke.pressure > kMaxFemoralTrianglePressure) {
      std::ostringstream expected;
      expected << "at most " << kMaxFemoralTrianglePressure << " over the femoral triangle (thigh from 0 to "
               << kFemoralTriangleEnd << ", angles 270 to 350), or a separate, lighter stroke there";
      report(field.member("pressure"), "firm pressure over the femoral triangle, an endangerment site",
             expected.str());
    }
  }
};

Technique parse_or_throw(std::string_view text, std::string source, std::optional<std::string> expected_id,
                         const anatomy::RegionCatalogue* catalogue) {
  TechniqueReader reader(text, std::move(source), std::move(expected_id));
  std::optional<Technique> technique = reader.read();
  std::vector<TechniqueProblem> problems = std::move(reader.problems());
  if (technique && catalogue) problems = validate_targets(*technique, *catalogue);
  if (!problems.empty()) {
    sort_by_position(problems);
    throw TechniqueError(std::move(problems));
  }
  return std::move(*technique);
}

// The *.json files of a folder, sorted by name; throws TechniqueError when it cannot be listed.
std::vector<std::filesystem::path> json_files_in(const std::filesystem::path& folder) {
  std::error_code error;
  std::vector<std::filesystem::path> files;
  std::filesystem::directory_iterator entries(folder, error);
  if (error)
    throw TechniqueError({{folder.string(), 0, 0, "", "cannot list the folder: " + error.message(),
                           "a folder of technique files"}});
  for (const auto& entry : entries)
    if (entry.path().extension() == ".json" && !entry.is_directory()) files.push_back(entry.path());
  std::sort(files.begin(), files.end());
  return files;
}

}  // namespace

Technique parse_technique(std::string_view text, std::string source_name,
                          const anatomy::RegionCatalogue* catalogue) {
  return parse_or_throw(text, std::move(source_name), std::nullopt, catalogue);
}

Technique read_technique_file(const std::filesystem::path& path, const anatomy::RegionCatalogue* catalogue) {
  const std::optional<std::string> text = json::read_whole_file(path);
  if (!text)
    throw TechniqueError(
        {{path.string(), 0, 0, "", "cannot open or read the file", "a readable technique file"}});
  return parse_or_throw(*text, path.string(), path.stem().string(), catalogue);
}

std::vector<Technique> load_technique_folder(const std::filesystem::path& folder,
                                             const anatomy::RegionCatalogue* catalogue) {
  std::vector<Technique> techniques;
  std::vector<TechniqueProblem> problems;
  for (const std::filesystem::path& file : json_files_in(folder)) {
    try {
      techniques.push_back(read_technique_file(file, catalogue));
    } catch (const TechniqueError& error) {
      problems.insert(problems.end(), error.problems().begin(), error.problems().end());
    }
  }
  if (!problems.empty()) throw TechniqueError(std::move(problems));
  std::sort(techniques.begin(), techniques.end(),
            [](const Technique& a, const Technique& b) { return a.id < b.id; });
  return techniques;
}

std::vector<TechniqueProblem> validate_targets(const Technique& technique,
                                               const anatomy::RegionCatalogue& catalogue) {
  std::vector<TechniqueProblem> problems;
  const auto problem_at = [&](const std::string& field, std::string message, std::string expected) {
    const auto found = technique.positions.find(field);
    const FilePosition at = found == technique.positions.end() ? FilePosition{} : found->second;
    problems.push_back({technique.file.empty() ? technique.id : technique.file, at.line, at.column, field,
                        std::move(message), std::move(expected)});
  };
  for (std::size_t index = 0; index < technique.targets.size(); ++index) {
    const std::string& target = technique.targets[index];
    if (!catalogue.find_structure(target) && !catalogue.find_group(target))
      problem_at("targets[" + std::to_string(index) + "]",
                 "unknown target \"" + target + "\" in the region catalogue " + catalogue.source(),
                 "the id of a structure or a group (kneeviz list regions)");
  }
  for (std::size_t p = 0; p < technique.phases.size(); ++p) {
    const std::vector<Stroke>& strokes = technique.phases[p].strokes;
    for (std::size_t s = 0; s < strokes.size(); ++s) {
      const std::string& fibre_of = strokes[s].fibre_of;
      if (fibre_of.empty() || catalogue.find_structure(fibre_of)) continue;
      problem_at("phases[" + std::to_string(p) + "].strokes[" + std::to_string(s) + "].fibre_of",
                 "unknown structure \"" + fibre_of + "\"" +
                     (catalogue.find_group(fibre_of) ? " (a group: fibres belong to one structure)" : ""),
                 "the id of a structure of the region catalogue (kneeviz list regions)");
    }
  }
  return problems;
}

std::vector<std::string> check_files(const std::vector<std::filesystem::path>& paths,
                                     const anatomy::RegionCatalogue& catalogue) {
  std::vector<std::string> lines;
  const auto check_one = [&](const std::filesystem::path& file) {
    try {
      read_technique_file(file, &catalogue);
    } catch (const TechniqueError& error) {
      for (const TechniqueProblem& problem : error.problems()) lines.push_back(problem.text());
    } catch (const std::exception& error) {
      lines.push_back(file.string() + ": " + error.what());
    }
  };
  for (const std::filesystem::path& path : paths) {
    std::error_code error;
    if (!std::filesystem::is_directory(path, error)) {
      check_one(path);
      continue;
    }
    try {
      for (const std::filesystem::path& file : json_files_in(path)) check_one(file);
    } catch (const TechniqueError& listing) {
      for (const TechniqueProblem& problem : listing.problems()) lines.push_back(problem.text());
    }
  }
  return lines;
}

std::vector<std::string> check_files(const std::vector<std::filesystem::path>& paths) {
  return check_files(paths, anatomy::RegionCatalogue::builtin());
}

}  // namespace kneeviz::technique
