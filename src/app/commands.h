#pragma once
// The commands of the kneeviz program. Each returns the process exit code and reports its own
// errors on stderr.

#include "app/options.h"
#include "scene/model.h"

namespace kneeviz::app {

// Loads options.model, or the bundled leg; throws scene::ModelError.
scene::Model load_requested_model(const Options& options);

// Styles that hide the structures named in options.hidden; warns about names the model lacks.
std::vector<render::MeshStyle> styles_for(const scene::Model& model, const Options& options);

int run_render(const Options& options);
int run_info(const Options& options);
int run_viewer(const Options& options);

}  // namespace kneeviz::app
