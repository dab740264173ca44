// Reading and validating the clinic file: every error names the file, the line and column of the
// offending key, the field, and what was expected (docs/clinic.md lists the format).

#include "clinic/clinic_content.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <fstream>
#include <initializer_list>
#include <map>
#include <optional>
#include <span>
#include <sstream>
#include <utility>

#include "anatomy/json_fields.h"
#include "kneeviz_clinic_data.h"

namespace kneeviz::clinic {

namespace {

using anatomy::JsonPositions;
using anatomy::TextPosition;
using anatomy::json::describe;
using anatomy::json::display_of_pointer;
using anatomy::json::Field;
using anatomy::json::is_kebab_case;
using anatomy::json::join;
using anatomy::json::Json;
using anatomy::json::type_name;

constexpr int kFormatVersion = 1;
constexpr std::string_view kCommentKey = "$comment";

std::string where(const std::string& file, int line, int column) {
  if (line <= 0) return file;
  return file + ":" + std::to_string(line) + ":" + std::to_string(column);
}

class ClinicReader {
 public:
  ClinicReader(std::string_view text, std::string source) : text_(text), source_(std::move(source)) {}

  ClinicContent read() {
    const Json document = parse_json();
    try {
      positions_ = JsonPositions::scan(text_);
    } catch (const std::invalid_argument& error) {
      throw ClinicError(source_, 1, 1, "", std::string("cannot locate the fields: ") + error.what());
    }
    if (const auto& duplicate = positions_.first_duplicate_key())
      fail_at_pointer(*duplicate, display_of_pointer(*duplicate),
                      "this key appears twice in the same object; expected each key once");

    const Field root{"", ""};
    if (!document.is_object())
      fail(root, "expected an object at the top level, found " + type_name(document));
    check_keys(document, root, {"format_version", "safety", "pain_map", "caution_zones"});

    ClinicContent content;
    content.source = source_;
    content.format_version = read_version(document, root);
    content.safety =
        read_safety(require(document, root, "safety", "the safety object"), root.member("safety"));
    content.pain_map = read_pain_map(document, root);
    content.caution_zones = read_zones(document, root);
    return content;
  }

 private:
  std::string_view text_;
  std::string source_;
  JsonPositions positions_;

  Json parse_json() const {
    try {
      return Json::parse(text_);
    } catch (const Json::exception& error) {
      const auto malformed = anatomy::json::describe_malformed(text_, error);
      throw ClinicError(source_, malformed.at.line, malformed.at.column, "",
                        "malformed JSON: " + malformed.detail);
    }
  }

  [[noreturn]] void fail_at_pointer(const std::string& pointer, const std::string& display,
                                    const std::string& message) const {
    // A missing member has no position of its own: walk up to the nearest value that has one.
    std::string look_up = pointer;
    std::optional<TextPosition> at = positions_.find(look_up);
    while (!at && !look_up.empty()) {
      look_up.erase(look_up.rfind('/'));
      at = positions_.find(look_up);
    }
    const TextPosition position = at.value_or(TextPosition{});
    throw ClinicError(source_, position.line, position.column, display, message);
  }
  [[noreturn]] void fail(const Field& field, const std::string& message) const {
    fail_at_pointer(field.pointer, field.display, message);
  }

  void check_keys(const Json& object, const Field& field,
                  std::initializer_list<std::string_view> known) const {
    for (const auto& [key, value] : object.items()) {
      if (key == kCommentKey || std::find(known.begin(), known.end(), key) != known.end()) continue;
      std::vector<std::string> expected(known.begin(), known.end());
      fail(field.member(key), "unknown field; expected one of: " + join(expected) + " (or \"$comment\")");
    }
  }

  const Json& require(const Json& object, const Field& field, std::string_view key,
                      const std::string& expected) const {
    if (!object.contains(key))
      fail_at_pointer(field.pointer, field.member(key).display,
                      "missing; expected " + expected + " (in the object at this line)");
    return object.at(key);
  }

  const Json& require_object(const Json& value, const Field& field, const std::string& what) const {
    if (!value.is_object()) fail(field, "expected " + what + " (an object), found " + type_name(value));
    return value;
  }

  std::string read_string(const Json& object, const Field& field, std::string_view key,
                          const std::string& expected) const {
    const Json& value = require(object, field, key, expected);
    if (!value.is_string() || value.get<std::string>().empty())
      fail(field.member(key), "expected " + expected + " (a non-empty string), found " + describe(value));
    return value.get<std::string>();
  }

  std::string read_id(const Json& object, const Field& field, const std::string& what) const {
    std::string id = read_string(object, field, "id", "the " + what + "'s id");
    if (!is_kebab_case(id))
      fail(field.member("id"),
           "expected a kebab-case id (lower-case letters and digits joined by single "
           "hyphens, e.g. \"femoral-triangle\"), found \"" +
               id + "\"");
    return id;
  }

  float read_number(const Json& object, const Field& field, std::string_view key, double min, double max,
                    const std::string& expected) const {
    const Json& value = require(object, field, key, expected);
    if (!value.is_number() || value.get<double>() < min || value.get<double>() > max)
      fail(field.member(key), "expected " + expected + ", found " + describe(value));
    return value.get<float>();
  }

  int read_version(const Json& document, const Field& root) const {
    const Json& value = require(document, root, "format_version", "the format version, 1");
    if (!value.is_number_integer() || value.get<long long>() != kFormatVersion)
      fail(root.member("format_version"), "expected format version " + std::to_string(kFormatVersion) +
                                              " (the one this kneeviz reads), found " +
                                              (value.is_number() ? value.dump() : describe(value)));
    return kFormatVersion;
  }

  const Json& read_array(const Json& object, const Field& parent, std::string_view key,
                         const std::string& what) const {
    const Json& array = require(object, parent, key, "a non-empty array of " + what);
    if (!array.is_array() || array.empty())
      fail(parent.member(key), "expected a non-empty array of " + what + ", found " +
                                   (array.is_array() ? std::string("an empty array") : type_name(array)));
    return array;
  }

  void check_unique(std::map<std::string, std::size_t>& seen, const std::string& id, const Field& list,
                    std::size_t index, const std::string& what) const {
    const auto [first, inserted] = seen.emplace(id, index);
    if (inserted) return;
    const Field first_field = list.element(first->second);
    const int first_line = positions_.find(first_field.pointer).value_or(TextPosition{}).line;
    fail(list.element(index).member("id"), "duplicate " + what + " id \"" + id + "\", already used by " +
                                               first_field.display + " at line " +
                                               std::to_string(first_line) + "; expected ids to be unique");
  }

  // An array of objects with the given keys, each read by `read_one(object, field)`.
  template <typename T, typename ReadOne>
  std::vector<T> read_list(const Json& parent, const Field& parent_field, std::string_view key,
                           const std::string& what, ReadOne read_one) const {
    const Field list = parent_field.member(key);
    const Json& array = read_array(parent, parent_field, key, what + " objects");
    std::vector<T> items;
    std::map<std::string, std::size_t> seen;
    for (std::size_t index = 0; index < array.size(); ++index) {
      const Field field = list.element(index);
      require_object(array[index], field, "a " + what);
      items.push_back(read_one(array[index], field));
      check_unique(seen, items.back().id, list, index, what);
    }
    return items;
  }

  Safety read_safety(const Json& value, const Field& field) const {
    require_object(value, field, "the safety content");
    check_keys(value, field, {"contraindications", "see_a_provider", "complements"});
    Safety safety;
    safety.contraindications = read_list<Contraindication>(
        value, field, "contraindications", "contraindication", [&](const Json& object, const Field& at) {
          check_keys(object, at, {"id", "title", "why"});
          return Contraindication{read_id(object, at, "contraindication"),
                                  read_string(object, at, "title", "the condition's name"),
                                  read_string(object, at, "why", "why not to massage, and to ask a doctor")};
        });
    safety.see_a_provider = read_list<WarningSign>(
        value, field, "see_a_provider", "warning sign", [&](const Json& object, const Field& at) {
          check_keys(object, at, {"id", "sign", "note"});
          return WarningSign{read_id(object, at, "warning sign"),
                             read_string(object, at, "sign", "the sign as the panel shows it"),
                             read_string(object, at, "note", "a sentence on why it needs a provider")};
        });
    safety.complements = read_string(value, field, "complements", "a sentence on what massage complements");
    return safety;
  }

  std::vector<std::string> read_ids(const Json& object, const Field& field, std::string_view key,
                                    const std::string& what, std::vector<TextPosition>& positions) const {
    const Json& array = read_array(object, field, key, what + " ids");
    std::vector<std::string> ids;
    for (std::size_t index = 0; index < array.size(); ++index) {
      const Field at = field.member(key).element(index);
      if (!array[index].is_string() || !is_kebab_case(array[index].get<std::string>()))
        fail(at, "expected a " + what + " id (a kebab-case string), found " + describe(array[index]));
      const std::string id = array[index].get<std::string>();
      if (std::find(ids.begin(), ids.end(), id) != ids.end())
        fail(at, "\"" + id + "\" is listed twice; expected each " + what + " once");
      ids.push_back(id);
      positions.push_back(positions_.find(at.pointer).value_or(TextPosition{}));
    }
    return ids;
  }

  std::vector<PainSpot> read_pain_map(const Json& document, const Field& root) const {
    return read_list<PainSpot>(
        document, root, "pain_map", "pain spot", [&](const Json& object, const Field& at) {
          check_keys(object, at, {"id", "name", "where", "description", "structures", "techniques"});
          PainSpot spot;
          spot.id = read_id(object, at, "pain spot");
          spot.name = read_string(object, at, "name", "the spot's display name");
          spot.where = read_string(object, at, "where", "a short place for the UI");
          spot.description = read_string(object, at, "description", "what is commonly involved and why");
          spot.structures = read_ids(object, at, "structures", "structure", spot.structure_positions);
          spot.techniques = read_ids(object, at, "techniques", "technique", spot.technique_positions);
          return spot;
        });
  }

  std::vector<CautionZone> read_zones(const Json& document, const Field& root) const {
    return read_list<CautionZone>(
        document, root, "caution_zones", "caution zone", [&](const Json& object, const Field& at) {
          check_keys(object, at,
                     {"id", "name", "why", "segment", "from", "to", "angle_from_deg", "angle_to_deg"});
          CautionZone zone;
          zone.id = read_id(object, at, "caution zone");
          zone.name = read_string(object, at, "name", "the zone's display name");
          zone.why = read_string(object, at, "why", "what lies there and why to go lightly");
          zone.segment = read_string(object, at, "segment", "\"thigh\", \"knee\" or \"shank\"");
          if (zone.segment != "thigh" && zone.segment != "knee" && zone.segment != "shank")
            fail(at.member("segment"),
                 "expected \"thigh\", \"knee\" or \"shank\", found \"" + zone.segment + "\"");
          zone.from = read_number(object, at, "from", 0, 1, "a position along the segment from 0 to 1");
          zone.to = read_number(object, at, "to", 0, 1, "a position along the segment from 0 to 1");
          if (zone.to < zone.from)
            fail(at.member("to"), "expected \"to\" at or beyond \"from\" (" + object.at("from").dump() +
                                      "), found " + object.at("to").dump());
          zone.angle_from_deg =
              read_number(object, at, "angle_from_deg", 0, 360, "an angle from 0 to 360 degrees");
          zone.angle_to_deg =
              read_number(object, at, "angle_to_deg", 0, 360, "an angle from 0 to 360 degrees");
          return zone;
        });
  }
};

template <typename T>
const T* find_by_id(const std::vector<T>& items, std::string_view id) {
  const auto found = std::find_if(items.begin(), items.end(), [&](const T& item) { return item.id == id; });
  return found == items.end() ? nullptr : &*found;
}

float wrap_degrees(float angle) {
  const float wrapped = std::fmod(angle, 360.f);
  return wrapped < 0.f ? wrapped + 360.f : wrapped;
}

}  // namespace

ClinicError::ClinicError(std::string file, int line, int column, std::string field, std::string message)
    : std::runtime_error(where(file, line, column) + ": " + (field.empty() ? "" : field + ": ") + message),
      file_(std::move(file)),
      line_(line),
      column_(column),
      field_(std::move(field)) {}

bool CautionZone::covers_angle(float angle_deg) const {
  const float span =
      angle_to_deg >= angle_from_deg ? angle_to_deg - angle_from_deg : angle_to_deg + 360.f - angle_from_deg;
  if (span >= 360.f) return true;
  return wrap_degrees(angle_deg - angle_from_deg) <= span;
}

bool CautionZone::covers(std::string_view segment_name, float position, float angle_deg) const {
  return segment_name == segment && position >= from && position <= to && covers_angle(angle_deg);
}

const ClinicContent& ClinicContent::builtin() {
  static const ClinicContent content = [] {
    const std::span<const unsigned char> bytes = kneeviz::clinic::embedded::find("clinic.json");
    const std::string_view text(reinterpret_cast<const char*>(bytes.data()), bytes.size());
    return parse_clinic(text, "built-in clinic.json");
  }();
  return content;
}

const PainSpot* ClinicContent::spot(std::string_view id) const {
  return find_by_id(pain_map, id);
}
const Contraindication* ClinicContent::contraindication(std::string_view id) const {
  return find_by_id(safety.contraindications, id);
}
const WarningSign* ClinicContent::warning_sign(std::string_view id) const {
  return find_by_id(safety.see_a_provider, id);
}
const CautionZone* ClinicContent::caution_zone(std::string_view id) const {
  return find_by_id(caution_zones, id);
}

std::vector<ContentProblem> ClinicContent::validate_against(
    const anatomy::RegionCatalogue& catalogue, const std::vector<std::string>& technique_ids) const {
  std::vector<ContentProblem> problems;
  auto report = [&](std::size_t spot_index, const char* list, std::size_t index, TextPosition at,
                    const std::string& message) {
    ContentProblem problem;
    problem.field =
        "pain_map[" + std::to_string(spot_index) + "]." + list + "[" + std::to_string(index) + "]";
    problem.line = at.line;
    problem.column = at.column;
    problem.message = where(source, at.line, at.column) + ": " + problem.field + ": " + message;
    problems.push_back(std::move(problem));
  };
  for (std::size_t s = 0; s < pain_map.size(); ++s) {
    const PainSpot& spot = pain_map[s];
    for (std::size_t i = 0; i < spot.structures.size(); ++i) {
      if (catalogue.find_structure(spot.structures[i])) continue;
      const TextPosition at =
          i < spot.structure_positions.size() ? spot.structure_positions[i] : TextPosition{0, 0};
      report(s, "structures", i, at,
             "unknown structure \"" + spot.structures[i] + "\"; expected the id of one of the " +
                 std::to_string(catalogue.structures().size()) + " structures of " + catalogue.source() +
                 " (kneeviz list regions)");
    }
    for (std::size_t i = 0; i < spot.techniques.size(); ++i) {
      if (std::find(technique_ids.begin(), technique_ids.end(), spot.techniques[i]) != technique_ids.end())
        continue;
      const TextPosition at =
          i < spot.technique_positions.size() ? spot.technique_positions[i] : TextPosition{0, 0};
      report(s, "techniques", i, at,
             "unknown technique \"" + spot.techniques[i] +
                 "\"; expected one of: " + anatomy::json::join(technique_ids));
    }
  }
  return problems;
}

ClinicContent parse_clinic(std::string_view text, std::string source_name) {
  return ClinicReader(text, std::move(source_name)).read();
}

ClinicContent read_clinic_file(const std::filesystem::path& path) {
  std::ifstream file(path, std::ios::binary);
  if (!file) throw ClinicError(path.string(), 0, 0, "", "cannot open the file");
  std::ostringstream text;
  text << file.rdbuf();
  if (file.bad()) throw ClinicError(path.string(), 0, 0, "", "cannot read the file");
  return parse_clinic(text.str(), path.string());
}

}  // namespace kneeviz::clinic
