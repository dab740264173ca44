// Lesson files (lesson::parse_lesson), checked against the built-in catalogue and the shipped
// technique ids. LessonError is the expected answer to a bad file; anything else fails.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "anatomy/region_catalogue.h"
#include "fuzz_input.h"
#include "lesson/lesson.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const auto catalogue = kneeviz::anatomy::RegionCatalogue::builtin();
  static const std::vector<std::string> technique_ids = {
      "calf-glide",          "cross-fiber-friction", "front-thigh-glide", "hamstring-glide",
      "inner-thigh-glide",   "it-band-release",      "knee-friction",     "lymphatic-drainage",
      "outside-thigh-glide", "thigh-tapping"};
  try {
    kneeviz::lesson::parse_lesson(kneeviz::fuzz::as_text(data, size), "fuzz.json", &catalogue,
                                  &technique_ids);
  } catch (const kneeviz::lesson::LessonError&) {
  }
  return 0;
}
