#include "app/assets.h"

#include <cstdlib>
#include <vector>

#include "scene/loader.h"
#include "technique/technique_file.h"

namespace kneeviz::app {

namespace fs = std::filesystem;

std::filesystem::path find_assets_folder() {
  std::vector<fs::path> candidates;
  if (const char* env = std::getenv("KNEEVIZ_ASSETS")) candidates.emplace_back(env);
  std::error_code error;
  const fs::path exe = fs::read_symlink("/proc/self/exe", error);
  if (!error) {
    const fs::path dir = exe.parent_path();
    candidates.push_back(dir / "assets");
    candidates.push_back(dir.parent_path() / "assets");
    candidates.push_back(dir.parent_path() / "share" / "kneeviz" / "assets");
  }
  candidates.emplace_back(KNEEVIZ_SOURCE_ASSETS);
  for (const fs::path& candidate : candidates)
    if (fs::is_directory(candidate / "models", error)) return candidate;
  return {};
}

std::filesystem::path bundled_leg_model() {
  const fs::path assets = find_assets_folder();
  if (assets.empty())
    throw scene::ModelError(
        "the bundled leg model cannot be found: no assets/models folder beside "
        "the kneeviz executable (set KNEEVIZ_ASSETS, or pass --model FILE)");
  return assets / "models" / "leg.glb";
}

std::vector<technique::Technique> load_shipped_techniques(const anatomy::RegionCatalogue& catalogue) {
  return technique::load_technique_folder(find_assets_folder() / "techniques", &catalogue);
}

}  // namespace kneeviz::app
