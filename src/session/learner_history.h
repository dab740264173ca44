#pragma once
// A learner's practice attempts, kept between runs in the XDG data folder, one file per learner:
// <data>/learners/<name>.json, the name percent-encoded where it holds anything but letters,
// digits, '-' and '_'.
//   {"format_version": 1, "learner": "Anna Berg", "attempts": [{"technique": "calf-glide",
//    "when": "2026-12-02T13:40:00Z", "guide": "follow-me", "placement": 84, "direction": 97,
//    "tempo": 71, "pressure": 100, "order": 100, "safety": 100, "overall": 90}, ...]}
// Written whole (temporary file, then rename). A file that cannot be read is moved aside and kept,
// never written over; one from a newer kneeviz is left alone. Data only: no GL, no UI.

#include <cstddef>
#include <filesystem>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "json/error.h"

namespace kneeviz::session {

inline constexpr int kLearnerFormatVersion = 1;
inline constexpr std::size_t kMaxLearnerNameBytes = 80;
inline constexpr std::size_t kMaxAttempts = 100'000;  // per learner; a session a day for decades

// A learner name that cannot be used (empty, too long, control characters, not UTF-8): what()
// says which and what is expected.
class LearnerError : public Error {
 public:
  using Error::Error;
};

// One scored attempt at a technique.
struct Attempt {
  std::string technique;  // its id
  std::string when;       // UTC, ISO 8601 to the second: "2026-12-02T13:40:00Z"
  std::string guide;      // "follow-me", "from-memory" (the window) or "file" (kneeviz practice score)
  int placement = 0, direction = 0, tempo = 0, pressure = 0, order = 0, safety = 0, overall = 0;  // 0-100
  std::string safety_zone;  // the caution zone pressed, when safety failed
  bool operator==(const Attempt&) const = default;
};

struct LearnerRecord {
  std::string learner;
  std::vector<Attempt> attempts;  // oldest first
};

// $XDG_DATA_HOME/kneeviz when XDG_DATA_HOME is an absolute path, else $HOME/.local/share/kneeviz.
// Created, with its parents, if missing. Throws io::FileError when neither variable gives a folder
// or it cannot be created.
std::filesystem::path data_dir();
// <data>/learners, created if missing.
std::filesystem::path learners_dir();

// Throws LearnerError when `learner` cannot name a learner: 1 to 80 bytes of UTF-8 with no control
// characters, not only spaces.
void check_learner_name(const std::string& learner);
// The learner's file in `folder`. Throws LearnerError for a name check_learner_name refuses.
std::filesystem::path learner_file(const std::filesystem::path& folder, const std::string& learner);
// The learners with a file in `folder`, by name, sorted; files that are not a learner's are skipped.
std::vector<std::string> learners_in(const std::filesystem::path& folder);

// The record in `file`; a missing file gives an empty record for `learner`. A file that cannot be
// read or is not valid gives an empty record, sets *message (when given) to a sentence naming the
// file, the place and what was expected, and is moved aside (set_aside) so it is kept and never
// fails twice; one from a newer kneeviz, or not a regular file, is left in place with
// *left_in_place set: it must not be written over. Never throws.
LearnerRecord read_learner(const std::filesystem::path& file, const std::string& learner,
                           std::string* message = nullptr, bool* left_in_place = nullptr);
// Writes the record atomically. Throws io::FileError.
void write_learner(const std::filesystem::path& file, const LearnerRecord& record);
// Adds `attempt` to the learner's record in `file` and writes it back, whole. A file that could
// not be read was moved aside first (its sentence in *message); one that must be left in place
// throws io::FileError, as does a record already holding kMaxAttempts. Returns the record written.
LearnerRecord record_attempt(const std::filesystem::path& file, const std::string& learner,
                             const Attempt& attempt, std::string* message = nullptr);

// The attempts as CSV (RFC 4180, a header line first): learner, technique, when, guide, the seven
// figures, safety_zone. Text that a spreadsheet would take for a formula (starting with = + - @)
// is prefixed with an apostrophe.
std::string attempts_csv(const LearnerRecord& record);

// Now, as Attempt::when writes it.
std::string utc_now();

}  // namespace kneeviz::session
