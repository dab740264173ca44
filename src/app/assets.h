#pragma once
// Finding the bundled assets from wherever kneeviz is run.

#include <filesystem>

namespace kneeviz::app {

// The assets folder: $KNEEVIZ_ASSETS if set, else assets/ beside or above the executable, else
// an installed share/kneeviz/assets, else the source tree's. Empty when none exists.
std::filesystem::path find_assets_folder();

// assets/models/leg.glb; throws scene::ModelError when the assets cannot be found.
std::filesystem::path bundled_leg_model();

}  // namespace kneeviz::app
