#pragma once
// Reading and validating technique files (assets/techniques/<id>.json; format: docs/techniques.md).
// Validation goes on past the first error and reports every problem it can find, each with the
// file, the line and column, the field (`phases[2].strokes[0].amplitude_m`) and what was expected.

#include <filesystem>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "json/problems.h"
#include "technique/technique.h"

namespace kneeviz::anatomy {
class RegionCatalogue;
}

namespace kneeviz::technique {

// One thing wrong with a technique file.
using TechniqueProblem = json::Problem;

// Everything wrong with one or more technique files (json::ProblemsError: what() lists every problem).
class TechniqueError : public json::ProblemsError {
 public:
  using json::ProblemsError::ProblemsError;
};

// Parses and validates technique JSON already in memory; `source_name` stands for the file in
// messages. With a catalogue, the targets and fibre_of are checked against it too. Returns the
// technique with `file` and `positions` filled; throws TechniqueError listing every problem.
// The id is not compared with any file name here (read_technique_file does that).
Technique parse_technique(std::string_view text, std::string source_name,
                          const anatomy::RegionCatalogue* catalogue = nullptr);

// Reads, parses and validates one file, whose id must equal its name without ".json". Throws
// TechniqueError (unreadable file, malformed JSON, every schema problem).
Technique read_technique_file(const std::filesystem::path& path,
                              const anatomy::RegionCatalogue* catalogue = nullptr);

// Every "*.json" file in `folder` (not recursive), sorted by id. Throws one TechniqueError with the
// problems of all the files when any is invalid, or when the folder cannot be listed. An empty
// folder gives an empty vector.
std::vector<Technique> load_technique_folder(const std::filesystem::path& folder,
                                             const anatomy::RegionCatalogue* catalogue = nullptr);

// The targets (structure or group ids) and every fibre_of (a structure id) checked against a
// catalogue. Empty when all are known; problems point at the lines the reader recorded.
std::vector<TechniqueProblem> validate_targets(const Technique& technique,
                                               const anatomy::RegionCatalogue& catalogue);

// For `kneeviz check FILE...`: reads every file (a folder stands for its *.json files) and returns
// every problem as a printable line, in the order given; empty when all are valid. Never throws.
// Targets are checked against `catalogue`, or the built-in catalogue in the overload without one.
std::vector<std::string> check_files(const std::vector<std::filesystem::path>& paths,
                                     const anatomy::RegionCatalogue& catalogue);
std::vector<std::string> check_files(const std::vector<std::filesystem::path>& paths);

// The words of the file format ("palm", "stationary_circles", ...), the inverse of to_string.
std::optional<Contact> contact_from_string(std::string_view word);
std::optional<HandUse> hand_use_from_string(std::string_view word);
std::optional<Segment> segment_from_string(std::string_view word);
std::optional<Motion> motion_from_string(std::string_view word);

}  // namespace kneeviz::technique
