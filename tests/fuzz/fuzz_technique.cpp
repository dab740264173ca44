// Technique files (technique::parse_technique), checked against the built-in catalogue as
// `kneeviz check` does. TechniqueError is the expected answer to a bad file; anything else fails.
#include <cstddef>
#include <cstdint>

#include "anatomy/region_catalogue.h"
#include "fuzz_input.h"
#include "technique/technique_file.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const auto catalogue = kneeviz::anatomy::RegionCatalogue::builtin();
  try {
    kneeviz::technique::parse_technique(kneeviz::fuzz::as_text(data, size), "fuzz.json", &catalogue);
  } catch (const kneeviz::technique::TechniqueError&) {
  }
  return 0;
}
