// Reading and validating the clinic file: every error names the file, the line and column of the
// offending key, the field, and what was expected (docs/clinic.md lists the format).

#include "clinic/clinic_content.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <map>
#include <span>
#include <utility>

#include "json/fields.h"
#include "json/reader.h"
#include "kneeviz_clinic_data.h"

namespace kneeviz::clinic {

namespace {

using json::describe;
using json::display_of_pointer;
using json::Field;
using json::is_kebab_case;
using json::join;
using json::Json;
using json::TextPosition;
using json::type_name;

constexpr int kFormatVersion = 1;
// Shown in the message about an id that is not kebab-case.
constexpr std::string_view kIdExample = "femoral-triangle";

class ClinicReader : public json::ExpectedFoundReader<ClinicError> {
 public:
  ClinicReader(std::string_view text, std::string source)
      : ExpectedFoundReader(text, std::move(source), json::ErrorNamesField::yes) {}

  ClinicContent read() {
    const Json document = parse();
    if (const auto& duplicate = positions().first_duplicate_key())
      fail_at_pointer(*duplicate, display_of_pointer(*duplicate),
                      "this key appears twice in the same object; expected each key once");

    const Field root{"", ""};
    if (!document.is_object())
      fail(root, "expected an object at the top level, found " + type_name(document));
    check_keys(document, root, {"format_version", "safety", "pain_map", "caution_zones"});

    ClinicContent content;
    content.source = source();
    content.format_version = read_version(document, root, kFormatVersion);
    content.safety =
        read_safety(require(document, root, "safety", "the safety object"), root.member("safety"));
    content.pain_map = read_pain_map(document, root);
    content.caution_zones = read_zones(document, root);
    return content;
  }

 private:
  const Json& require_object(const Json& value, const Field& field, const std::string& what) const {
    if (!value.is_object()) fail(field, "expected " + what + " (an object), found " + type_name(value));
    return value;
  }

  float read_number(const Json& object, const Field& field, std::string_view key, double min, double max,
                    const std::string& expected) const {
    const Json& value = require(object, field, key, expected);
    if (!value.is_number() || value.get<double>() < min || value.get<double>() > max)
      fail(field.member(key), "expected " + expected + ", found " + describe(value));
    return value.get<float>();
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
          return Contraindication{read_id(object, at, "contraindication", kIdExample),
                                  read_string(object, at, "title", "the condition's name"),
                                  read_string(object, at, "why", "why not to massage, and to ask a doctor")};
        });
    safety.see_a_provider = read_list<WarningSign>(
        value, field, "see_a_provider", "warning sign", [&](const Json& object, const Field& at) {
          check_keys(object, at, {"id", "sign", "note"});
          return WarningSign{read_id(object, at, "warning sign", kIdExample),
                             read_string(object, at, "sign", "the sign as the panel shows it"),
                             read_string(object, at, "note", "a sentence on why it needs a provider")};
        });
    safety.complements = read_string(value, field, "complements", "a sentence on what massage complements");
    return safety;
  }

  std::vector<std::string> read_ids(const Json& object, const Field& field, std::string_view key,
                                    const std::string& what, std::vector<TextPosition>& id_positions) const {
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
      id_positions.push_back(positions().find(at.pointer).value_or(TextPosition{}));
    }
    return ids;
  }

  std::vector<PainSpot> read_pain_map(const Json& document, const Field& root) const {
    return read_list<PainSpot>(
        document, root, "pain_map", "pain spot", [&](const Json& object, const Field& at) {
          check_keys(object, at, {"id", "name", "where", "description", "structures", "techniques"});
          PainSpot spot;
          spot.id = read_id(object, at, "pain spot", kIdExample);
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
                     {"id", "name", "why", "segment", "from", "to", "angle_from_deg", "angle_to_deg", "shape",
                      "structures"});
          CautionZone zone;
          zone.id = read_id(object, at, "caution zone", kIdExample);
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
          if (object.contains("shape")) {
            const std::string shape =
                read_string(object, at, "shape", "\"band\", \"triangle\" or \"diamond\"");
            if (shape == "triangle")
              zone.shape = CautionZone::Shape::triangle;
            else if (shape == "diamond")
              zone.shape = CautionZone::Shape::diamond;
            else if (shape != "band")
              fail(at.member("shape"),
                   "expected \"band\", \"triangle\" or \"diamond\", found \"" + shape + "\"");
          }
          if (object.contains("structures"))
            zone.structures = read_ids(object, at, "structures", "structure", zone.structure_positions);
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

ClinicError::ClinicError(std::string file, int line, int column, const std::string& field,
                         const std::string& message)
    : LocatedError(std::move(file), line, column, field, json::with_field(field, message)) {}

bool CautionZone::covers_angle(float angle_deg) const {
  const float span =
      angle_to_deg >= angle_from_deg ? angle_to_deg - angle_from_deg : angle_to_deg + 360.f - angle_from_deg;
  if (span >= 360.f) return true;
  return wrap_degrees(angle_deg - angle_from_deg) <= span;
}

float CautionZone::width_at(float position) const {
  if (position < from || position > to) return 0.f;
  const float t = to > from ? (position - from) / (to - from) : 0.5f;
  switch (shape) {
    case Shape::band:
      return 1.f;
    case Shape::triangle:
      return 1.f - t;
    case Shape::diamond:
      return 1.f - std::abs(2.f * t - 1.f);
  }
  return 1.f;
}

bool CautionZone::covers(std::string_view segment_name, float position, float angle_deg) const {
  if (segment_name != segment || position < from || position > to || !covers_angle(angle_deg)) return false;
  const float span =
      angle_to_deg >= angle_from_deg ? angle_to_deg - angle_from_deg : angle_to_deg + 360.f - angle_from_deg;
  if (span >= 360.f) return true;
  // How far from the arc's middle, against half the outline's width there.
  const float off_middle = std::abs(wrap_degrees(angle_deg - angle_from_deg) - 0.5f * span);
  return off_middle <= 0.5f * span * width_at(position) + 1e-4f;
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
  auto report = [&](const std::string& item, const char* list, std::size_t index, TextPosition at,
                    const std::string& message) {
    ContentProblem problem;
    problem.field = item + "." + list + "[" + std::to_string(index) + "]";
    problem.line = at.line;
    problem.column = at.column;
    problem.message = json::file_place(source, at.line, at.column) + ": " + problem.field + ": " + message;
    problems.push_back(std::move(problem));
  };
  auto check_structures = [&](const std::string& item, const std::vector<std::string>& ids,
                              const std::vector<TextPosition>& positions) {
    for (std::size_t i = 0; i < ids.size(); ++i) {
      if (catalogue.find_structure(ids[i])) continue;
      const TextPosition at = i < positions.size() ? positions[i] : TextPosition{0, 0};
      report(item, "structures", i, at,
             "unknown structure \"" + ids[i] + "\"; expected the id of one of the " +
                 std::to_string(catalogue.structures().size()) + " structures of " + catalogue.source() +
                 " (kneeviz list regions)");
    }
  };
  for (std::size_t s = 0; s < pain_map.size(); ++s) {
    const PainSpot& spot = pain_map[s];
    const std::string item = "pain_map[" + std::to_string(s) + "]";
    check_structures(item, spot.structures, spot.structure_positions);
    for (std::size_t i = 0; i < spot.techniques.size(); ++i) {
      if (std::find(technique_ids.begin(), technique_ids.end(), spot.techniques[i]) != technique_ids.end())
        continue;
      const TextPosition at =
          i < spot.technique_positions.size() ? spot.technique_positions[i] : TextPosition{0, 0};
      report(
          item, "techniques", i, at,
          "unknown technique \"" + spot.techniques[i] + "\"; expected one of: " + json::join(technique_ids));
    }
  }
  for (std::size_t z = 0; z < caution_zones.size(); ++z) {
    const CautionZone& zone = caution_zones[z];
    check_structures("caution_zones[" + std::to_string(z) + "]", zone.structures, zone.structure_positions);
  }
  return problems;
}

ClinicContent parse_clinic(std::string_view text, std::string source_name) {
  return ClinicReader(text, std::move(source_name)).read();
}

ClinicContent read_clinic_file(const std::filesystem::path& path) {
  return parse_clinic(json::read_whole_file_or_throw<ClinicError>(path), path.string());
}

}  // namespace kneeviz::clinic
