#include "session/learner_history.h"

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <ctime>
#include <fstream>
#include <nlohmann/json.hpp>
#include <span>
#include <sstream>
#include <system_error>

#include "io/atomic_file.h"
#include "json/positions.h"
#include "session/saved_file.h"
#include "session/settings.h"

namespace kneeviz::session {
namespace {

constexpr const char* kFigures[] = {"placement", "direction", "tempo",  "pressure",
                                    "order",     "safety",    "overall"};
constexpr std::uintmax_t kMaxFileBytes = 64ull << 20;

int* figure(Attempt& a, std::size_t i) {
  int* figures[] = {&a.placement, &a.direction, &a.tempo, &a.pressure, &a.order, &a.safety, &a.overall};
  return figures[i];
}

// Whether `text` is well-formed UTF-8 (no overlong forms, no surrogates).
bool valid_utf8(const std::string& text) {
  const auto* p = reinterpret_cast<const unsigned char*>(text.data());
  const auto* end = p + text.size();
  while (p < end) {
    const unsigned char c = *p;
    int more = 0;
    unsigned int code = 0, least = 0;
    if (c < 0x80) {
      ++p;
      continue;
    } else if ((c & 0xE0) == 0xC0) {
      more = 1, code = c & 0x1F, least = 0x80;
    } else if ((c & 0xF0) == 0xE0) {
      more = 2, code = c & 0x0F, least = 0x800;
    } else if ((c & 0xF8) == 0xF0) {
      more = 3, code = c & 0x07, least = 0x10000;
    } else {
      return false;
    }
    if (end - p <= more) return false;
    for (int i = 1; i <= more; ++i) {
      if ((p[i] & 0xC0) != 0x80) return false;
      code = (code << 6) | (p[i] & 0x3F);
    }
    if (code < least || code > 0x10FFFF || (code >= 0xD800 && code <= 0xDFFF)) return false;
    p += more + 1;
  }
  return true;
}

std::string encoded(const std::string& learner) {
  static const char* hex = "0123456789ABCDEF";
  std::string out;
  for (const unsigned char c : learner) {
    if ((std::isalnum(c) && c < 0x80) || c == '-' || c == '_')
      out += char(c);
    else
      out += {'%', hex[c >> 4], hex[c & 15]};
  }
  return out;
}

std::optional<std::string> decoded(const std::string& stem) {
  std::string out;
  for (std::size_t i = 0; i < stem.size(); ++i) {
    if (stem[i] != '%') {
      out += stem[i];
      continue;
    }
    if (i + 2 >= stem.size() || !std::isxdigit(static_cast<unsigned char>(stem[i + 1])) ||
        !std::isxdigit(static_cast<unsigned char>(stem[i + 2])))
      return std::nullopt;
    out += char(std::stoi(stem.substr(i + 1, 2), nullptr, 16));
    i += 2;
  }
  return out;
}

// A spreadsheet cell: quoted when it must be, and never read as a formula.
std::string cell(std::string text) {
  if (!text.empty() && (text[0] == '=' || text[0] == '+' || text[0] == '-' || text[0] == '@'))
    text.insert(text.begin(), '\'');
  if (text.find_first_of(",\"\r\n") == std::string::npos) return text;
  std::string quoted = "\"";
  for (const char c : text) quoted += c == '"' ? std::string("\"\"") : std::string(1, c);
  return quoted + "\"";
}

}  // namespace

std::filesystem::path data_dir() {
  return xdg_folder("XDG_DATA_HOME", std::filesystem::path(".local") / "share", "data folder");
}

std::filesystem::path learners_dir() {
  std::filesystem::path folder = data_dir() / "learners";
  make_folder(folder, "learners' folder");
  return folder;
}

void check_learner_name(const std::string& learner) {
  if (learner.find_first_not_of(' ') == std::string::npos)
    throw LearnerError("a learner needs a name: expected 1 to " + std::to_string(kMaxLearnerNameBytes) +
                       " characters");
  if (learner.size() > kMaxLearnerNameBytes)
    throw LearnerError("the learner's name is " + std::to_string(learner.size()) +
                       " bytes long; expected at most " + std::to_string(kMaxLearnerNameBytes));
  if (!valid_utf8(learner)) throw LearnerError("the learner's name is not valid UTF-8 text");
  if (std::any_of(learner.begin(), learner.end(),
                  [](char c) { return static_cast<unsigned char>(c) < 0x20 || c == 0x7F; }))
    throw LearnerError(
        "the learner's name holds a control character (a tab or a line break); expected a plain name");
}

std::filesystem::path learner_file(const std::filesystem::path& folder, const std::string& learner) {
  check_learner_name(learner);
  return folder / (encoded(learner) + ".json");
}

std::vector<std::string> learners_in(const std::filesystem::path& folder) {
  std::vector<std::string> names;
  std::error_code error;
  for (const auto& entry : std::filesystem::directory_iterator(folder, error)) {
    if (entry.path().extension() != ".json" || !entry.is_regular_file(error)) continue;
    const std::optional<std::string> name = decoded(entry.path().stem().string());
    if (!name || encoded(*name) != entry.path().stem().string()) continue;
    try {
      check_learner_name(*name);
    } catch (const LearnerError&) {
      continue;
    }
    names.push_back(*name);
  }
  std::sort(names.begin(), names.end());
  return names;
}

LearnerRecord read_learner(const std::filesystem::path& file, const std::string& learner,
                           std::string* message, bool* left_in_place) {
  if (message) message->clear();
  if (left_in_place) *left_in_place = false;
  LearnerRecord record{learner, {}};
  std::error_code error;
  if (!std::filesystem::exists(file, error) && !error) return record;
  const auto problem = [&](const std::string& what) {
    const Disposal disposal = dispose_unreadable(file, kLearnerFormatVersion);
    if (left_in_place) *left_in_place = disposal.left_in_place;
    if (message)
      *message = "kneeviz could not read " + learner + "'s practice history " + file.string() + ": " + what +
                 " " + disposal.said;
    return LearnerRecord{learner, {}};
  };
  if (!std::filesystem::is_regular_file(file, error)) return problem("not a regular file");
  if (std::filesystem::file_size(file, error) > kMaxFileBytes) return problem("larger than 64 MiB");
  std::ifstream in(file, std::ios::binary);
  if (!in) return problem("cannot read the file");
  std::ostringstream text;
  text << in.rdbuf();
  if (const auto deep = json::first_too_deep(text.str(), 8))
    return problem("nested deeper than 8 levels at line " + std::to_string(deep->line) + ", column " +
                   std::to_string(deep->column));
  nlohmann::json document;
  try {
    document = nlohmann::json::parse(text.str());
  } catch (const nlohmann::json::exception& refusal) {
    return problem(std::string("malformed JSON: ") + refusal.what());
  }
  if (!document.is_object() || !document.contains("format_version") ||
      !document["format_version"].is_number_integer())
    return problem("expected an object with \"format_version\": " + std::to_string(kLearnerFormatVersion));
  if (document["format_version"] != kLearnerFormatVersion)
    return problem("format_version " + document["format_version"].dump() + "; this kneeviz reads " +
                   std::to_string(kLearnerFormatVersion));
  if (!document.contains("learner") || !document["learner"].is_string() || document["learner"] != learner)
    return problem("expected \"learner\": " + nlohmann::json(learner).dump());
  if (!document.contains("attempts") || !document["attempts"].is_array())
    return problem("expected \"attempts\": an array");
  if (document["attempts"].size() > kMaxAttempts)
    return problem("more than " + std::to_string(kMaxAttempts) + " attempts");
  for (const auto& [key, value] : document.items())
    if (key != "format_version" && key != "learner" && key != "attempts")
      return problem("unknown field \"" + key + "\"");
  std::size_t index = 0;
  for (const nlohmann::json& entry : document["attempts"]) {
    const std::string where = "attempts[" + std::to_string(index++) + "]";
    if (!entry.is_object()) return problem(where + ": expected an object");
    Attempt attempt;
    for (const auto& item : entry.items()) {
      const std::string& key = item.key();
      const nlohmann::json& value = item.value();
      const auto* name =
          std::find_if(std::begin(kFigures), std::end(kFigures), [&](const char* f) { return key == f; });
      if (name != std::end(kFigures)) {
        if (!value.is_number_integer() || value.get<long long>() < 0 || value.get<long long>() > 100)
          return problem(where + "." + key + ": expected a whole number 0 to 100, found " + value.dump());
        *figure(attempt, std::size_t(name - std::begin(kFigures))) = value.get<int>();
      } else if (key == "technique" || key == "when" || key == "guide" || key == "safety_zone") {
        if (!value.is_string())
          return problem(where + "." + key + ": expected a string, found " + value.dump());
        std::string& field = key == "technique" ? attempt.technique
                             : key == "when"    ? attempt.when
                             : key == "guide"   ? attempt.guide
                                                : attempt.safety_zone;
        field = value.get<std::string>();
      } else {
        return problem(where + ": unknown field \"" + key + "\"");
      }
    }
    for (const char* required : {"technique", "when", "overall"})
      if (!entry.contains(required)) return problem(where + ": expected \"" + std::string(required) + "\"");
    record.attempts.push_back(std::move(attempt));
  }
  return record;
}

void write_learner(const std::filesystem::path& file, const LearnerRecord& record) {
  nlohmann::ordered_json document;
  document["format_version"] = kLearnerFormatVersion;
  document["learner"] = record.learner;
  document["attempts"] = nlohmann::ordered_json::array();
  for (Attempt a : record.attempts) {
    nlohmann::ordered_json entry;
    entry["technique"] = a.technique;
    entry["when"] = a.when;
    entry["guide"] = a.guide;
    for (std::size_t i = 0; i < std::size(kFigures); ++i) entry[kFigures[i]] = *figure(a, i);
    if (!a.safety_zone.empty()) entry["safety_zone"] = a.safety_zone;
    document["attempts"].push_back(std::move(entry));
  }
  // An attempt a line: a long history stays readable.
  std::string text = "{\n  \"format_version\": " + std::to_string(kLearnerFormatVersion) +
                     ",\n  \"learner\": " + document["learner"].dump() + ",\n  \"attempts\": [";
  for (std::size_t i = 0; i < document["attempts"].size(); ++i)
    text += (i ? ",\n    " : "\n    ") + document["attempts"][i].dump();
  text += document["attempts"].empty() ? "]\n}\n" : "\n  ]\n}\n";
  io::write_file_atomically(file,
                            std::span(reinterpret_cast<const unsigned char*>(text.data()), text.size()));
}

LearnerRecord record_attempt(const std::filesystem::path& file, const std::string& learner,
                             const Attempt& attempt, std::string* message) {
  bool left_in_place = false;
  LearnerRecord record = read_learner(file, learner, message, &left_in_place);
  if (left_in_place)
    throw io::FileError(file.string() +
                        ": written by a newer kneeviz or not a regular file; the attempt is not "
                        "recorded, so as not to write over it");
  if (record.attempts.size() >= kMaxAttempts)
    throw io::FileError(
        file.string() + ": holds " + std::to_string(kMaxAttempts) +
        " attempts, as many as a learner's history keeps; export it as CSV and start a new name");
  record.attempts.push_back(attempt);
  write_learner(file, record);
  return record;
}

std::string attempts_csv(const LearnerRecord& record) {
  std::string out = "learner,technique,when,guide";
  for (const char* name : kFigures) out += std::string(",") + name;
  out += ",safety_zone\r\n";
  for (Attempt a : record.attempts) {
    out += cell(record.learner) + "," + cell(a.technique) + "," + cell(a.when) + "," + cell(a.guide);
    for (std::size_t i = 0; i < std::size(kFigures); ++i) out += "," + std::to_string(*figure(a, i));
    out += "," + cell(a.safety_zone) + "\r\n";
  }
  return out;
}

std::string utc_now() {
  const std::time_t now = std::time(nullptr);
  std::tm utc{};
  gmtime_r(&now, &utc);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &utc);
  return text;
}

}  // namespace kneeviz::session
