// `kneeviz bench`: renders the full scene headless frame after frame and prints figures (frame
// time percentiles, time to first frame, model load time, peak memory). A program that prints
// figures, never a timed test: see docs/performance.md.
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <ctime>
#include <fstream>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "app/assets.h"
#include "app/commands.h"
#include "app/headless_panel.h"
#include "app/motion_quality.h"
#include "io/png.h"
#include "platform/headless_context.h"
#include "render/device.h"
#include "render/offscreen.h"
#include "render/overlay.h"
#include "scene/pose.h"
#include "stage/client_stage.h"
#include "stage/technique_player.h"
#include "stage/work_camera.h"
#include "ui/panel.h"

namespace kneeviz::app {
namespace {

using Clock = std::chrono::steady_clock;

double ms_since(Clock::time_point start) {
  return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

// Milliseconds since the kernel started this process: /proc/self/stat's starttime (clock ticks
// after boot, 10 ms resolution) against CLOCK_BOOTTIME. Negative when /proc is not readable.
double ms_since_process_start() {
  std::ifstream stat("/proc/self/stat");
  std::string text((std::istreambuf_iterator<char>(stat)), std::istreambuf_iterator<char>());
  const std::size_t paren = text.rfind(')');  // the command name may hold spaces
  if (paren == std::string::npos) return -1.;
  std::istringstream fields(text.substr(paren + 2));
  std::string field;
  for (int i = 3; i <= 22 && fields >> field; ++i)
    if (i == 22) {
      timespec now{};
      clock_gettime(CLOCK_BOOTTIME, &now);
      const double start_s = std::stod(field) / double(sysconf(_SC_CLK_TCK));
      return (double(now.tv_sec) + now.tv_nsec * 1e-9 - start_s) * 1e3;
    }
  return -1.;
}

double percentile(std::vector<double> values, double p) {
  if (values.empty()) return 0.;
  std::sort(values.begin(), values.end());
  const std::size_t i =
      std::min(values.size() - 1, std::size_t(std::ceil(p * double(values.size()))) - (p > 0 ? 1 : 0));
  return values[i];
}

// What the bench's first frame draws, as a raw little-endian dump for bench/floor.c: uint32
// triangle count, the camera's view-projection (16 floats, column by column), then 3 vertices a
// triangle of 6 floats (position, normal), in the room. The visible structures as posed and
// placed on the table (the translucent skin too), then the props: the same triangles through the
// same camera, for the floor's one draw.
void dump_triangles(const stage::StagedScene& staged, const glm::mat4& view_projection,
                    const std::filesystem::path& file) {
  std::vector<float> data;
  const auto add = [&](const scene::ExportMesh& mesh) {
    for (const std::uint32_t index : mesh.indices) {
      const glm::vec3 p = mesh.positions[index], n = mesh.normals[index];
      data.insert(data.end(), {p.x, p.y, p.z, n.x, n.y, n.z});
    }
  };
  for (const stage::PosedStructure& posed : stage::posed_structures(staged)) add(posed.mesh_in_room);
  for (const scene::Mesh& prop : staged.props) add(stage::posed_mesh(prop));
  const std::uint32_t triangles = std::uint32_t(data.size() / 18);
  std::ofstream out(file, std::ios::binary);
  out.write(reinterpret_cast<const char*>(&triangles), sizeof triangles);
  out.write(reinterpret_cast<const char*>(&view_projection[0][0]), 16 * sizeof(float));
  out.write(reinterpret_cast<const char*>(data.data()), std::streamsize(data.size() * sizeof(float)));
  if (!out) throw UsageError("--dump-triangles " + file.string() + ": cannot write");
  std::cerr << "kneeviz bench: wrote " << triangles << " triangles to " << file.string() << "\n";
}

constexpr const char* kTechnique = "front-thigh-glide";

}  // namespace

int run_bench(const Options& given) {
  const double process_ms_at_entry = ms_since_process_start();
  const Clock::time_point entry = Clock::now();

  Options options = given;
  options.highlight = {"quadriceps", "lymphatic"};
  options.layers = "skin=0.35";
  options.msaa_samples = render::kStillMsaaSamples;

  const Clock::time_point load_start = Clock::now();
  scene::Model model = load_requested_model(options);
  const double load_ms = ms_since(load_start);

  stage::TechniquePlayer player(model);
  anatomy::RegionView view(model, load_catalogue(model, options));
  std::vector<render::MeshStyle> base_styles;
  apply_view_options(view, model, options, base_styles);
  const Clock::time_point technique_start = Clock::now();
  std::vector<technique::Technique> techniques = load_shipped_techniques(view.catalogue());
  const auto found = std::find_if(techniques.begin(), techniques.end(),
                                  [](const technique::Technique& t) { return t.id == kTechnique; });
  if (found == techniques.end())
    throw UsageError(std::string("bench: the technique ") + kTechnique + " is not shipped");
  const technique::Technique& chosen = *found;
  player.choose(chosen);
  const double duration = player.timeline()->duration();
  const double technique_ms = ms_since(technique_start);

  Clock::time_point step = Clock::now();
  const auto context = platform::create_headless_context();
  const double context_ms = ms_since(step);
  step = Clock::now();
  render::Renderer renderer;
  const double shaders_ms = ms_since(step);
  step = Clock::now();
  renderer.upload(model);
  const double upload_ms = ms_since(step);
  render::RenderTarget target;
  render::OverlayRenderer overlay;
  const std::string gl_renderer = render::renderer_name();

  step = Clock::now();
  HeadlessPanel panel(options.size);
  const double panel_ms = ms_since(step);
  ui::PanelState panel_state;
  panel_state.model = &model;
  panel_state.regions = &view;
  panel_state.model_file = model.source;
  panel_state.gl_description = context->description();
  panel_state.techniques = &techniques;
  panel_state.technique = &chosen;
  panel_state.playback = &player.playback();
  panel_state.vsync = false;

  render::DisplaySettings display;
  display.msaa_samples = options.msaa_samples;
  const float aspect = float(options.size.x) / float(options.size.y);
  const scene::Bounds area = player.timeline()->working_area(0., duration).grown(stage::kWorkingAreaMargin);
  // The client on the table as the technique lays them, as the window shows it.
  client::StageKeeper stages(model);
  const client::Position position = stage::position_for(std::nullopt, &chosen);
  const client::Supports supports = stage::supports_for(position, &chosen);
  // The scene `t` seconds into the technique and the camera the window settles on for it.
  const auto scene_at = [&](double t) {
    player.playback().scrub(t);
    const float knee = player.update();
    const client::ClientScene& stage = stages.at(position, supports, knee);
    stage::StagedScene staged = stage::compose_scene(player, view, base_styles, stage, knee);
    const scene::OrbitCamera camera =
        stage::settled_camera(model, chosen, stage, staged.posed.pose(), area, aspect);
    return std::pair{std::move(staged), camera};
  };

  std::vector<double> frame_ms, update_ms, readback_ms, moving_ms;
  double encode_ms = 0.;
  double first_frame_process_ms = -1., first_frame_ms = 0.;
  const int frames = std::max(1, options.frames);
  render::RenderTarget moving_target;
  // The window's choice of the moving frame's size, fed the same frame times (the draw, as timed).
  MotionQuality motion;
  // One frame of the window: at rest (full quality), or while the camera orbits at the speed of a
  // mouse drag (2 degrees a frame) with the cheaper frame a software renderer draws then
  // (app/motion_quality.h): half size or less, no multisampling, scaled up, the panel sharp over it.
  const auto draw_frame = [&](int i, bool orbiting) {
    // The scene of this moment: the technique advanced by 1/60 s a frame, looping.
    const Clock::time_point update_start = Clock::now();
    auto [staged, camera] = scene_at(std::fmod(double(i) / 60., duration));
    panel_state.caption = player.caption();
    panel_state.knee_flexion_deg = staged.posed.pose().knee_flexion_deg;
    panel_state.frame_ms = frame_ms.empty() ? 0.f : float(frame_ms.back());
    if (orbiting) camera.orbit({2.f * float(i) / camera.orbit_deg_per_pixel, 0.f});
    if (!orbiting) update_ms.push_back(ms_since(update_start));

    // What is timed: the GPU work of the frame, finished.
    const Clock::time_point draw_start = Clock::now();
    target.resize(options.size, display.msaa_samples);
    render::RenderTarget& drawn = orbiting ? moving_target : target;
    render::DisplaySettings shown = display;
    if (orbiting) {
      shown.msaa_samples = MotionQuality::kReducedSamples;
      shown.outline_px *= motion.scale();
      moving_target.resize(motion.size_for(options.size, true), shown.msaa_samples);
    }
    renderer.draw(drawn, staged.posed, staged.frame(camera, shown, float(i) / 60.f, orbiting));
    overlay.draw(drawn, camera, staged.zones, 0.f);
    overlay.draw(drawn, camera, staged.strokes);
    if (orbiting) {
      render::Pass scale_up("scale up");
      moving_target.blit_to(target.resolved_framebuffer(), options.size);
    }
    if (panel.ready()) {
      render::Pass drawing("panel");
      target.bind_resolved();
      panel.draw(panel_state);
    }
    render::finish();
    return ms_since(draw_start);
  };
  if (!options.dump_triangles.empty()) {  // the first frame's scene, for bench/floor.c
    const auto [staged, camera] = scene_at(0.);
    dump_triangles(staged, camera.projection(aspect) * camera.view(), options.dump_triangles);
    return 0;
  }
  // Per pass, the mean of the steady frames (the first of each kind left out), when asked for.
  using PassTimes = std::map<std::string, double>;
  PassTimes still_passes, moving_passes;
  const auto mean_of = [](PassTimes times, int count) {
    for (auto& [name, ms] : times) ms /= double(std::max(count, 1));
    return times;
  };
  render::time_passes(options.pass_times);
  for (int i = 0; i < frames; ++i) {
    frame_ms.push_back(draw_frame(i, false));
    if (i == 0) render::take_pass_times();
    if (i == 0) {
      first_frame_ms = ms_since(entry);
      first_frame_process_ms = process_ms_at_entry < 0. ? -1. : process_ms_at_entry + first_frame_ms;
    }

    const Clock::time_point read_start = Clock::now();
    const render::Image image = target.read_colour();
    readback_ms.push_back(ms_since(read_start));
    if (image.rgba.empty()) throw std::runtime_error("bench: empty read back");
    if (i == 0) {  // what `kneeviz render` does next: the PNG's bytes (not written to disk)
      const Clock::time_point encode_start = Clock::now();
      if (io::encode_png(image.size, image.rgba).empty()) throw std::runtime_error("bench: empty PNG");
      encode_ms = ms_since(encode_start);
    }
  }
  // The same number of frames orbiting; the first builds the smaller target and is left out.
  still_passes = mean_of(render::take_pass_times(), frames - 1);
  for (int i = 0; i <= frames; ++i) {
    const double ms = draw_frame(i, true);
    if (i > 0) moving_ms.push_back(ms);
    if (i == 0) render::take_pass_times();
    if (i > 0) motion.reduced_frame_took(ms);  // the first one builds the target: left out here too
  }
  moving_passes = mean_of(render::take_pass_times(), frames);
  render::time_passes(false);

  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  const double peak_mb = double(usage.ru_maxrss) / 1024.;  // ru_maxrss is in KiB on Linux
  // The first frame builds programs' state and caches: it is reported apart, not in the percentiles.
  std::vector<double> steady(frame_ms.size() > 1 ? frame_ms.begin() + 1 : frame_ms.begin(), frame_ms.end());

  const std::string size_text = std::to_string(options.size.x) + "x" + std::to_string(options.size.y);
  if (options.json) {
    nlohmann::ordered_json out;
    out["model"] = model.source;
    out["triangles"] = model.triangle_count();
    out["size"] = size_text;
    out["msaa"] = target.samples();
    out["technique"] = kTechnique;
    out["panel"] = panel.ready();
    out["frames"] = frames;
    out["frame_ms"] = {{"median", percentile(steady, 0.5)},
                       {"p95", percentile(steady, 0.95)},
                       {"p99", percentile(steady, 0.99)},
                       {"first", frame_ms.front()}};
    out["still_frame_ms_median"] = percentile(steady, 0.5);
    out["orbit_frame_ms_median"] = percentile(moving_ms, 0.5);
    out["orbit_frame_ms_p95"] = percentile(moving_ms, 0.95);
    out["orbit_to_still"] = percentile(moving_ms, 0.5) / std::max(percentile(steady, 0.5), 1e-9);
    out["orbit_scale"] = motion.scale();  // of the width and height, as the last frames chose it
    out["orbit_frames_ms"] = moving_ms;   // each in turn: how fast the size settles on a first drag
    out["scene_update_ms_median"] = percentile(update_ms, 0.5);
    out["readback_ms_median"] = percentile(readback_ms, 0.5);
    out["model_load_ms"] = load_ms;
    // Start-up, piece by piece, in the order they happen.
    out["startup_ms"] = {
        {"model_load", load_ms},           {"technique", technique_ms}, {"gl_context", context_ms},
        {"shaders", shaders_ms},           {"upload", upload_ms},       {"panel", panel_ms},
        {"first_frame", frame_ms.front()}, {"png_encode", encode_ms}};
    out["process_start_to_first_frame_ms"] = first_frame_process_ms;
    out["command_start_to_first_frame_ms"] = first_frame_ms;
    out["peak_resident_mb"] = peak_mb;
    out["gl_renderer"] = gl_renderer;
    if (options.pass_times) out["pass_ms"] = {{"still", still_passes}, {"orbiting", moving_passes}};
    std::cout << out.dump(2) << "\n";
    return 0;
  }
  std::printf(
      "kneeviz bench: %s (%zu triangles), %s, %dx MSAA, %s playing, skin 0.35, "
      "quadriceps + lymphatic highlighted\n",
      model.source.c_str(), model.triangle_count(), size_text.c_str(), target.samples(), kTechnique);
  std::printf("  GL renderer          %s\n", gl_renderer.c_str());
  std::printf("  panel                %s\n",
              panel.ready() ? "drawn (ImGui OpenGL3 backend on EGL)"
                            : "NOT drawn: ImGui's OpenGL3 backend failed to start on EGL");
  std::printf("  frames               %d (the first reported apart)\n", frames);
  std::printf("  frame time           median %.2f ms, p95 %.2f ms, p99 %.2f ms (draw + glFinish)\n",
              percentile(steady, 0.5), percentile(steady, 0.95), percentile(steady, 0.99));
  std::printf(
      "  orbiting             median %.2f ms, p95 %.2f ms: %.2fx the still frame (%.2f of the width and\n"
      "                       height at the end, chosen from the frames' times; %dx MSAA, simplified\n"
      "                       meshes, scaled up, the panel at full size: what a software renderer\n"
      "                       draws while the view moves)\n",
      percentile(moving_ms, 0.5), percentile(moving_ms, 0.95),
      percentile(moving_ms, 0.5) / std::max(percentile(steady, 0.5), 1e-9), double(motion.scale()),
      MotionQuality::kReducedSamples);
  std::printf("  first frame          %.2f ms\n", frame_ms.front());
  std::printf("  scene update (CPU)   median %.2f ms (not in the frame time)\n", percentile(update_ms, 0.5));
  std::printf("  read back            median %.2f ms (not in the frame time)\n",
              percentile(readback_ms, 0.5));
  std::printf("  model load           %.1f ms\n", load_ms);
  std::printf(
      "  start-up pieces      model %.0f, technique %.0f, GL context %.0f, shaders %.0f, upload %.0f,\n"
      "                       panel %.0f, first frame %.0f, PNG encode %.0f ms\n",
      load_ms, technique_ms, context_ms, shaders_ms, upload_ms, panel_ms, frame_ms.front(), encode_ms);
  if (first_frame_process_ms >= 0.)
    std::printf(
        "  start to first frame %.0f ms from process start (10 ms resolution), %.1f ms from the command\n",
        first_frame_process_ms, first_frame_ms);
  else
    std::printf("  start to first frame %.1f ms from the command (/proc/self/stat unreadable)\n",
                first_frame_ms);
  std::printf("  peak resident        %.1f MB\n", peak_mb);
  if (options.pass_times) {
    // Every pass either kind of frame ran, and what the frame took outside them (the panel, the
    // scale-up of the moving frame).
    PassTimes names = still_passes;
    names.insert(moving_passes.begin(), moving_passes.end());
    std::printf(
        "  render passes        ms a frame, still / orbiting (each pass waited for: frames ran longer)\n");
    double still_sum = 0., moving_sum = 0.;
    for (const auto& [name, unused] : names) {
      const double still = still_passes.count(name) ? still_passes.at(name) : 0.;
      const double moving = moving_passes.count(name) ? moving_passes.at(name) : 0.;
      still_sum += still;
      moving_sum += moving;
      std::printf("    %-26s %8.2f %8.2f\n", name.c_str(), still, moving);
    }
    std::printf("    %-26s %8.2f %8.2f\n", "outside the passes", percentile(steady, 0.5) - still_sum,
                percentile(moving_ms, 0.5) - moving_sum);
  }
  return 0;
}

}  // namespace kneeviz::app
