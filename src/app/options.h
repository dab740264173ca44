#pragma once
// Everything the command line can set, with its default. The CLI maps straight onto this.

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "client/client_scene.h"
#include "render/renderer.h"
#include "scene/camera.h"

namespace kneeviz::app {

enum class Command {
  view,
  render,
  record,
  export_scene,
  info,
  list_regions,
  list_techniques,
  list_lessons,
  check,
  bench,
  soak,
  practice_reference,
  practice_score,
  practice_history
};

struct Options {
  Command command = Command::view;
  std::filesystem::path model;         // empty: the bundled leg, assets/models/leg.glb
  std::filesystem::path regions;       // empty: the built-in catalogue (assets/regions.json)
  std::vector<std::string> highlight;  // group IDs to highlight (quadriceps, it-band, ...)
  std::string layers;                  // "skin=0.3,bones=1,lymphatic=0": opacity per layer
  float knee_flexion_deg = 0.f;        // 0 (straight) to 120
  bool knee_flexion_set = false;       // --knee-flexion given (a position otherwise rests the knee)
  scene::ViewAngles view = scene::kViewPresets[0].angles;  // anterior
  bool view_set = false;  // --view given (a technique otherwise picks its own)

  // render
  std::filesystem::path out;                     // the PNG to write
  glm::ivec2 size{1600, 1200};                   // pixels
  int msaa_samples = render::kStillMsaaSamples;  // 1: off
  std::vector<std::string> hidden;               // structure IDs not drawn (e.g. skin)

  std::string frame;      // render: a structure or group ID to frame (a close-up)
  std::string technique;  // a technique ID to show (render: at --time)
  // --position: the client's position on the table; unset, a technique's own (else standing).
  std::optional<client::Position> position;
  float time_seconds = 0.f;  // seconds into the technique

  // record
  std::string lesson;  // a lesson ID to record instead of a technique
  int fps = 30;
  float duration_s = 0.f;  // 0: the whole technique or lesson at this speed
  float speed = 1.f;       // 0.25 .. 2

  // check
  std::vector<std::filesystem::path> files;

  // info, list, bench
  bool json = false;

  // bench
  int frames = 120;
  std::filesystem::path dump_triangles;  // write the triangles for bench/floor.c and stop
  bool pass_times = false;               // bench: time each render pass (render::time_passes)

  // soak: resident memory may rise this much above its peak in the first round of techniques
  double max_growth_mb = 16.;

  // viewer, for automated tests: close after this many frames (0: run until closed), and save
  // the last frame as the user saw it, panel included.
  long exit_after_frames = 0;
  std::filesystem::path screenshot;
  std::filesystem::path trace;  // practice score: the learner's trace
  std::string learner;          // practice score, history: whose attempts
  std::filesystem::path csv;    // practice history: write the attempts here as CSV
};

// "1920x1080" -> {1920, 1080}; nothing for malformed text or sizes outside 16..8192.
std::optional<glm::ivec2> parse_size(std::string_view text);

}  // namespace kneeviz::app
