#pragma once
// The commands of the kneeviz program. Each returns the process exit code and reports its own
// errors on stderr.

#include <stdexcept>

#include "anatomy/region_catalogue.h"
#include "anatomy/region_view.h"
#include "app/options.h"
#include "json/error.h"
#include "scene/model.h"
#include "technique/technique.h"

namespace kneeviz::app {

// Loads options.model, or the bundled leg; throws scene::ModelError.
scene::Model load_requested_model(const Options& options);

// The region catalogue of options.regions, checked against the model's meshes, or the built-in
// one. Throws anatomy::CatalogueError for a file that does not parse, and UsageError when it maps
// meshes the model lacks (naming the file, the lines and the meshes).
anatomy::RegionCatalogue load_catalogue(const scene::Model& model, const Options& options);

// Applies --highlight, --layers and --hide to a region view; throws UsageError naming the bad
// value and what was expected. Warns on stderr about --hide names the model lacks.
void apply_view_options(anatomy::RegionView& view, const scene::Model& model, const Options& options,
                        std::vector<render::MeshStyle>& styles);

// A command line that names something that does not exist; exit code 2.
class UsageError : public Error {
 public:
  using Error::Error;
};

// The technique of that id; throws UsageError naming the shipped ones when there is none.
const technique::Technique& find_technique(const std::vector<technique::Technique>& techniques,
                                           const std::string& id);

// The posed bounds of a structure, or of every structure of a group, with a margin around them;
// throws UsageError for an id the catalogue lacks.
scene::Bounds bounds_of(const scene::Model& model, const anatomy::RegionView& view, const std::string& id,
                        const scene::Pose& pose);

int run_render(const Options& options);
// `kneeviz export`: the scene of `render` (the same pose, the same hands) as a .glb file, every
// visible part posed in world space and named by its structure ID, the hands as hand-left and
// hand-right with extras {"contact", "pressure"}. Written whole or not at all.
int run_export(const Options& options);
int run_record(const Options& options);
int run_list_regions(const Options& options);
int run_list_techniques(const Options& options);
int run_list_lessons(const Options& options);
int run_check(const Options& options);
// kneeviz practice reference --technique ID --out FILE: the technique's reference trace.
int run_practice_reference(const Options& options);
// kneeviz practice score --technique ID --trace FILE [--json] [--learner NAME]: the learner's
// figures and advice, kept in their history when named.
int run_practice_score(const Options& options);
// kneeviz practice history --learner NAME [--technique ID] [--csv FILE]: the attempts kept.
int run_practice_history(const Options& options);
int run_info(const Options& options);
int run_viewer(const Options& options);
// kneeviz bench (app/bench.cpp): prints figures, see docs/performance.md.
int run_bench(const Options& options);
// kneeviz soak (app/soak.cpp): a long session headless; exits 1 on a GL error or growing memory.
int run_soak(const Options& options);

}  // namespace kneeviz::app
