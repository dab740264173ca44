// Clinic content (clinic::parse_clinic). ClinicError is the expected answer to a bad file.
#include <cstddef>
#include <cstdint>

#include "clinic/clinic_content.h"
#include "fuzz_input.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  try {
    kneeviz::clinic::parse_clinic(kneeviz::fuzz::as_text(data, size), "fuzz.json");
  } catch (const kneeviz::clinic::ClinicError&) {
  }
  return 0;
}
