// `kneeviz soak`: a long teaching session simulated headless. Every shipped technique plays through
// in turn, again and again, drawn as a user sees it (the client on the table in the technique's
// position, translucent skin, highlights, both hands, stroke ribbons, caution zones and the panel), with GL
// error checks on. Resident memory is sampled as each technique ends and judged by memory_growth (soak.h).
// Prints the figures; exits 1 on a GL error or growth beyond --max-growth.
#include "app/soak.h"

#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "app/assets.h"
#include "app/commands.h"
#include "app/headless_panel.h"
#include "platform/headless_context.h"
#include "render/device.h"
#include "render/overlay.h"
#include "scene/pose.h"
#include "stage/client_stage.h"
#include "stage/technique_player.h"
#include "stage/work_camera.h"

namespace kneeviz::app {
namespace {

// Simulated seconds a frame: most of an hour's session in a few thousand frames, every phase
// (several seconds each) still seen.
constexpr double kStepSeconds = 1.0;

// Resident memory now, in MB (/proc/self/statm); 0 when /proc is not readable.
double resident_mb() {
  std::ifstream statm("/proc/self/statm");
  long pages = 0, resident = 0;
  if (!(statm >> pages >> resident)) return 0.;
  return double(resident) * double(sysconf(_SC_PAGESIZE)) / (1024. * 1024.);
}

struct Sample {
  int frame;
  double resident_mb;
};

}  // namespace

MemoryGrowth memory_growth(std::span<const double> resident_mb, std::size_t round) {
  MemoryGrowth result;
  if (round == 0 || resident_mb.size() < round) return result;
  result.judged = true;
  const auto first_round = resident_mb.first(round);
  result.first_round_peak_mb = *std::max_element(first_round.begin(), first_round.end());
  for (const double mb : resident_mb.subspan(round))
    result.growth_mb = std::max(result.growth_mb, mb - result.first_round_peak_mb);
  return result;
}

int run_soak(const Options& given) {
  Options options = given;
  options.highlight = {"quadriceps", "lymphatic"};
  options.layers = "skin=0.35";
  scene::Model model = load_requested_model(options);
  stage::TechniquePlayer player(model);
  anatomy::RegionView view(model, load_catalogue(model, options));
  std::vector<render::MeshStyle> base_styles;
  apply_view_options(view, model, options, base_styles);
  std::vector<technique::Technique> techniques = load_shipped_techniques(view.catalogue());
  if (techniques.empty()) throw UsageError("soak: no techniques are shipped");

  const auto context = platform::create_headless_context();
  render::enable_gl_checks(true);
  render::Renderer renderer;
  renderer.upload(model);
  render::RenderTarget target;
  const render::OverlayRenderer overlay;
  HeadlessPanel panel(options.size);
  ui::PanelState panel_state;
  panel_state.model = &model;
  panel_state.regions = &view;
  panel_state.model_file = model.source;
  panel_state.techniques = &techniques;
  render::DisplaySettings display;
  display.msaa_samples = options.msaa_samples;
  const float aspect = float(options.size.x) / float(options.size.y);

  std::vector<Sample> samples;
  std::size_t current = 0, played = 0;
  double t = 0.;
  scene::Bounds area;
  client::StageKeeper stages(model);  // each technique's client on the table, as the window lays it
  const auto start_technique = [&](std::size_t index) {
    player.choose(techniques[index]);
    panel_state.technique = player.current();
    panel_state.playback = &player.playback();
    area =
        player.timeline()->working_area(0., player.timeline()->duration()).grown(stage::kWorkingAreaMargin);
    t = 0.;
  };
  start_technique(0);
  const int frames = std::max(1, options.frames);
  for (int i = 0; i < frames; ++i) {
    if (t > player.timeline()->duration()) {
      ++played;
      samples.push_back({i, resident_mb()});
      current = (current + 1) % techniques.size();
      start_technique(current);
    }
    player.playback().scrub(t);
    const technique::Technique& playing = techniques[current];
    const float knee = player.update();
    const client::Position position = stage::position_for(std::nullopt, &playing);
    const client::ClientScene& stage = stages.at(position, stage::supports_for(position, &playing), knee);
    const stage::StagedScene staged = stage::compose_scene(player, view, base_styles, stage, knee);
    panel_state.caption = player.caption();
    panel_state.knee_flexion_deg = knee;
    const scene::OrbitCamera camera =
        stage::settled_camera(model, playing, stage, staged.posed.pose(), area, aspect);

    target.resize(options.size, display.msaa_samples);
    renderer.draw(target, staged.posed, staged.frame(camera, display, float(t)));
    overlay.draw(target, camera, staged.zones, 0.f);
    overlay.draw(target, camera, staged.strokes);
    if (panel.ready()) {
      target.bind_resolved();
      panel.draw(panel_state);
    }
    // Calls outside a render::Pass (ImGui's backend, say) are caught here, once a frame.
    if (const std::optional<std::string> error = render::take_error()) {
      std::fprintf(stderr, "kneeviz soak: %s in frame %d (%s)\n", error->c_str(), i,
                   techniques[current].id.c_str());
      return 1;
    }
    if (target.read_colour().rgba.empty()) throw std::runtime_error("soak: empty read back");
    t += kStepSeconds;
  }
  samples.push_back({frames, resident_mb()});

  std::vector<double> resident;
  resident.reserve(samples.size());
  for (const Sample& s : samples) resident.push_back(s.resident_mb);
  const MemoryGrowth memory = memory_growth(resident, techniques.size());
  const bool warmed = played >= techniques.size() && memory.judged;
  const double warm_mb = memory.first_round_peak_mb, growth_mb = memory.growth_mb;
  const double simulated_min = frames * kStepSeconds / 60.;
  const bool flat = growth_mb <= options.max_growth_mb;

  if (options.json) {
    nlohmann::ordered_json out;
    out["frames"] = frames;
    out["simulated_minutes"] = simulated_min;
    out["techniques_played"] = played;
    out["size"] = {options.size.x, options.size.y};
    out["resident_mb_first_round_peak"] = warm_mb;
    out["growth_mb"] = growth_mb;
    out["samples"] = nlohmann::json::array();
    for (const Sample& s : samples)
      out["samples"].push_back({{"frame", s.frame}, {"resident_mb", s.resident_mb}});
    out["flat"] = flat;
    std::cout << out.dump(2) << "\n";
  } else {
    std::printf(
        "kneeviz soak: %d frames at %dx%d, %.0f simulated minutes, %zu techniques played (%zu shipped)\n",
        frames, options.size.x, options.size.y, simulated_min, played, techniques.size());
    for (const Sample& s : samples) std::printf("  frame %6d  resident %7.1f MB\n", s.frame, s.resident_mb);
    if (warmed)
      std::printf("  growth over the first round's peak (%.1f MB): %.1f MB (allowed %.1f)\n", warm_mb,
                  growth_mb, options.max_growth_mb);
    else
      std::printf("  fewer frames than one round of every technique: growth not judged\n");
    std::printf("  GL errors: none (the first would have stopped the soak)\n");
  }
  if (!warmed) return 0;
  if (!flat) {
    std::fprintf(stderr,
                 "kneeviz soak: resident memory grew %.1f MB over the first round's peak (allowed %.1f)\n",
                 growth_mb, options.max_growth_mb);
    return 1;
  }
  return 0;
}

}  // namespace kneeviz::app
