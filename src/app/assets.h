#pragma once
// Finding the bundled assets from wherever kneeviz is run.

#include <filesystem>
#include <vector>

#include "anatomy/region_catalogue.h"
#include "technique/technique.h"

namespace kneeviz::app {

// The assets folder: $KNEEVIZ_ASSETS if set, else assets/ beside or above the executable, else
// an installed share/kneeviz/assets, else the source tree's. Empty when none exists.
std::filesystem::path find_assets_folder();

// assets/models/leg.glb; throws scene::ModelError when the assets cannot be found.
std::filesystem::path bundled_leg_model();

// assets/techniques/*.json, validated against the region catalogue. Throws
// technique::TechniqueError listing every problem of every bad file.
std::vector<technique::Technique> load_shipped_techniques(const anatomy::RegionCatalogue& catalogue);

}  // namespace kneeviz::app
