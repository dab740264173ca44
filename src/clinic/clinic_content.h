#pragma once
// Clinic content: the safety panel (when not to massage, when to see a healthcare provider), the
// "where does it hurt?" map (spots around the knee → structures → techniques) and the caution zones
// drawn on the leg. Read from a JSON file (format: docs/clinic.md); assets/clinic.json is built in.
// Data only: no GL and no UI.

#include <filesystem>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "anatomy/region_catalogue.h"
#include "json/located_error.h"
#include "json/positions.h"

namespace kneeviz::clinic {

// Everything wrong with a clinic file. what() reads "FILE:LINE:COLUMN: FIELD: message; expected ...";
// field() is the offending field as written in messages (`pain_map[2].techniques[0]`).
class ClinicError : public json::LocatedError {
 public:
  ClinicError(std::string file, int line, int column, const std::string& field, const std::string& message);
};

// A condition under which the knee is not massaged.
struct Contraindication {
  std::string id;     // kebab-case: "osteoporosis"
  std::string title;  // "Osteoporosis"
  std::string why;    // the risk, and that a doctor is asked first

  friend bool operator==(const Contraindication&, const Contraindication&) = default;
};

// A warning sign that sends the client to a healthcare provider.
struct WarningSign {
  std::string id;    // "fever-chills"
  std::string sign;  // "Fever and chills"
  std::string note;  // one sentence on why

  friend bool operator==(const WarningSign&, const WarningSign&) = default;
};

struct Safety {
  std::vector<Contraindication> contraindications;  // file order
  std::vector<WarningSign> see_a_provider;          // file order
  std::string complements;  // massage complements therapy and rehab; it does not replace diagnosis

  friend bool operator==(const Safety&, const Safety&) = default;
};

// One spot of the "where does it hurt?" map.
struct PainSpot {
  std::string id;                       // "front", "lateral", "medial", "back" or "swelling"
  std::string name;                     // "Front of the knee"
  std::string where;                    // short, for the UI: "around and below the kneecap"
  std::string description;              // what is commonly involved and why
  std::vector<std::string> structures;  // structure ids of the region catalogue
  std::vector<std::string> techniques;  // technique ids (file names in assets/techniques)
  // Where each id of `structures` / `techniques` was written, for validate_against(); not compared.
  std::vector<json::TextPosition> structure_positions;
  std::vector<json::TextPosition> technique_positions;

  friend bool operator==(const PainSpot& a, const PainSpot& b) {
    return a.id == b.id && a.name == b.name && a.where == b.where && a.description == b.description &&
           a.structures == b.structures && a.techniques == b.techniques;
  }
};

// A place on the leg where pressure is kept light, drawn when a technique works near it. Positions
// and angles as in technique::Stroke: along `segment` ("thigh", "knee" or "shank") from 0 proximal
// to 1 distal; around the limb 0 anterior, 90 lateral, 180 posterior, 270 medial. The zone covers
// angles from angle_from_deg increasing to angle_to_deg (passing 360 → 0 when to < from).
struct CautionZone {
  std::string id;    // "femoral-triangle"
  std::string name;  // "Femoral triangle"
  std::string why;   // what lies there
  std::string segment;
  float from = 0.f, to = 0.f;                      // from <= to
  float angle_from_deg = 0.f, angle_to_deg = 0.f;  // in [0, 360]
  // Its outline on the skin: a band over the whole arc from `from` to `to`; a triangle with its
  // base at `from` and its apex at `to` (the femoral triangle, below the inguinal ligament); or a
  // diamond, widest midway and pointed at both ends (the popliteal fossa).
  enum class Shape { band, triangle, diamond };
  Shape shape = Shape::band;
  // What lies under it (structure ids of the region catalogue): drawn through the skin while a
  // technique works near the zone. Optional in the file; empty when not given.
  std::vector<std::string> structures;
  std::vector<json::TextPosition> structure_positions;  // where each was written; not compared

  // True when the angle (any value, taken modulo 360) lies within the zone's arc.
  bool covers_angle(float angle_deg) const;
  // The share of the arc the zone spans at `position` (1 at its widest, 0 at an apex or outside),
  // centred on the arc's middle.
  float width_at(float position) const;
  // True when `segment` matches, `position` lies in [from, to] and the angle within the zone's
  // outline there.
  bool covers(std::string_view segment_name, float position, float angle_deg) const;

  friend bool operator==(const CautionZone& a, const CautionZone& b) {
    return a.id == b.id && a.name == b.name && a.why == b.why && a.segment == b.segment && a.from == b.from &&
           a.to == b.to && a.angle_from_deg == b.angle_from_deg && a.angle_to_deg == b.angle_to_deg &&
           a.shape == b.shape && a.structures == b.structures;
  }
};

// An id of the file that the catalogue or the technique list does not know.
struct ContentProblem {
  std::string field;  // "pain_map[1].structures[2]"
  int line = 0;       // where it is written, 1-based
  int column = 0;
  std::string message;  // complete: "FILE:LINE:COL: FIELD: unknown structure ...; expected ..."
};

struct ClinicContent {
  std::string source;  // the file (or name) it was read from, for messages; not compared
  int format_version = 0;
  Safety safety;
  std::vector<PainSpot> pain_map;          // file order
  std::vector<CautionZone> caution_zones;  // file order

  // The shipped content: assets/clinic.json as embedded at build time, parsed once. Never throws
  // (the file is checked by the tests).
  static const ClinicContent& builtin();

  // nullptr when absent; pointers stay valid while the content is neither moved nor destroyed.
  const PainSpot* spot(std::string_view id) const;
  const Contraindication* contraindication(std::string_view id) const;
  const WarningSign* warning_sign(std::string_view id) const;
  const CautionZone* caution_zone(std::string_view id) const;

  // Structure ids the region catalogue lacks (in the pain map and the caution zones) and technique
  // ids not in `technique_ids`, each with the file, line and field; empty when every id is known.
  std::vector<ContentProblem> validate_against(const anatomy::RegionCatalogue& catalogue,
                                               const std::vector<std::string>& technique_ids) const;

  friend bool operator==(const ClinicContent& a, const ClinicContent& b) {
    return a.format_version == b.format_version && a.safety == b.safety && a.pain_map == b.pain_map &&
           a.caution_zones == b.caution_zones;
  }
};

// Reads and validates a clinic file. Throws ClinicError (unreadable file, malformed JSON, schema
// error), always naming `path` and, when the text was read, the line and column.
ClinicContent read_clinic_file(const std::filesystem::path& path);
// The same from text in memory; `source_name` stands for the file in messages.
ClinicContent parse_clinic(std::string_view text, std::string source_name);

}  // namespace kneeviz::clinic
