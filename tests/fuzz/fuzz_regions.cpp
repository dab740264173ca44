// Region catalogues (anatomy::RegionCatalogue::from_string), then a search and a comparison with
// mesh names, as the panel and the loader do. CatalogueError is the expected answer to a bad file.
#include <cstddef>
#include <cstdint>

#include "anatomy/region_catalogue.h"
#include "fuzz_input.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using kneeviz::anatomy::RegionCatalogue;
  try {
    const RegionCatalogue catalogue =
        RegionCatalogue::from_string(kneeviz::fuzz::as_text(data, size), "fuzz.json");
    catalogue.search("vast");
    catalogue.check_against({"Femur_R", "Skin_R"});
  } catch (const kneeviz::anatomy::CatalogueError&) {
  }
  return 0;
}
