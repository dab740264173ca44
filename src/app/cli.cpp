#include "app/cli.h"

#include <CLI/CLI.hpp>
#include <iostream>
#include <string>

#include "anatomy/region_catalogue.h"
#include "json/fields.h"
#include "render/renderer.h"
#include "scene/pose.h"
#include "technique/timeline.h"

namespace kneeviz::app {
namespace {

std::string view_help() {
  return "view direction: anterior, posterior, lateral, medial, or YAW,PITCH in degrees "
         "(yaw 0 = anterior, -90 = lateral, 90 = medial)";
}

// --position, checked against the positions' words; parsed into Options after the command line.
void add_position_option(CLI::App& command, std::string& text) {
  std::vector<std::string> words;
  for (const client::Position p : client::kPositions) words.emplace_back(client::to_string(p));
  command
      .add_option("--position", text,
                  "the client's position: anatomical (standing), supine, prone or side-lying on a treatment "
                  "table; default: the technique's own, else anatomical")
      ->check(CLI::IsMember(words));
}

void add_model_options(CLI::App& command, Options& options) {
  command.add_option("--model", options.model,
                     "model file (glTF/GLB, OBJ, FBX, ...); default: the bundled leg");
  command.add_option("--regions", options.regions,
                     "region catalogue mapping the model's meshes to structures (JSON, see "
                     "docs/regions.md); default: the built-in one for the bundled leg");
  command
      .add_option("--highlight", options.highlight,
                  "groups to highlight, comma separated (kneeviz list regions)")
      ->delimiter(',');
  command.add_option(
      "--layers", options.layers,
      "layer opacities, e.g. skin=0.3,bones=1,lymphatic=0 (0 hides; the bundled leg's layers: " +
          json::join(anatomy::RegionCatalogue::builtin().layer_ids()) +
          "; a --regions catalogue declares its own)");
  command.add_option("--knee-flexion", options.knee_flexion_deg, "knee flexion in degrees")
      ->check(CLI::Range(0.f, scene::kMaxKneeFlexionDeg));
}

}  // namespace

ParsedCommandLine parse_command_line(int argc, char** argv) {
  Options options;
  CLI::App cli(
      "kneeviz: a real-time 3D leg for teaching massage for knee pain.\n"
      "With no command it opens the viewer window.",
      "kneeviz");
  cli.set_version_flag("--version", std::string("kneeviz ") + KNEEVIZ_VERSION);
  cli.require_subcommand(0, 1);
  std::string position_text;
  add_model_options(cli, options);
  add_position_option(cli, position_text);
  cli.add_option("--technique", options.technique,
                 "open on this technique, playing, the view following the hands (kneeviz list techniques)");
  cli.add_option("--exit-after-frames", options.exit_after_frames,
                 "close the window after N frames (for automated tests)")
      ->group("Testing");
  cli.add_option("--screenshot", options.screenshot,
                 "with --exit-after-frames: save the last frame to this PNG")
      ->group("Testing");

  std::string view_text, size_text;
  CLI::App* render = cli.add_subcommand("render", "render one frame headless (no display needed) to a PNG");
  render->add_option("--out", options.out, "PNG file to write")->required();
  render->add_option("--size", size_text, "image size WIDTHxHEIGHT (default 1600x1200)");
  render->add_option("--view", view_text, view_help());
  render
      ->add_option(
          "--msaa", options.msaa_samples,
          "multisample count, 1 for none (default " + std::to_string(render::kStillMsaaSamples) + ")")
      ->check(CLI::Range(1, 16));
  render->add_option("--hide", options.hidden, "structure IDs not to draw, comma separated (e.g. skin)")
      ->delimiter(',');
  render->add_option("--frame", options.frame,
                     "frame this structure or group (e.g. popliteal-nodes): a close-up");
  render->add_option("--technique", options.technique, "a technique to show (kneeviz list techniques)");
  render->add_option("--time", options.time_seconds, "seconds into the technique (default 0)")
      ->check(CLI::NonNegativeNumber);
  add_model_options(*render, options);
  add_position_option(*render, position_text);

  CLI::App* export_scene = cli.add_subcommand(
      "export", "write the scene as it would be drawn (posed, the hands included) to a glTF binary file");
  export_scene->add_option("--out", options.out, ".glb file to write")->required();
  export_scene->add_option("--technique", options.technique, "a technique to pose (kneeviz list techniques)");
  export_scene->add_option("--time", options.time_seconds, "seconds into the technique (default 0)")
      ->check(CLI::NonNegativeNumber);
  export_scene->add_option("--hide", options.hidden, "structure IDs to leave out, comma separated")
      ->delimiter(',');
  add_model_options(*export_scene, options);
  add_position_option(*export_scene, position_text);

  std::string record_view, record_size;
  CLI::App* record = cli.add_subcommand("record",
                                        "record a technique or a lesson headless to a video (MP4 "
                                        "through ffmpeg, captions burnt in) or to a folder of PNG frames");
  CLI::Option* record_technique =
      record->add_option("--technique", options.technique, "the technique to record");
  record->add_option("--lesson", options.lesson, "the lesson to record (kneeviz list lessons)")
      ->excludes(record_technique);
  record->add_option("--out", options.out, "clip.mp4, or a folder for PNG frames")->required();
  record->add_option("--size", record_size, "frame size WIDTHxHEIGHT (default 1280x720)");
  record->add_option("--fps", options.fps, "frames a second (default 30)")->check(CLI::Range(1, 120));
  record->add_option("--duration", options.duration_s, "seconds of video (default: to the end)")
      ->check(CLI::PositiveNumber);
  record->add_option("--speed", options.speed, "playback speed, 0.25 to 2 (default 1)")
      ->check(CLI::Range(technique::Playback::kMinSpeed, technique::Playback::kMaxSpeed));
  record->add_option("--time", options.time_seconds, "start this many seconds into the technique or lesson")
      ->check(CLI::NonNegativeNumber);
  record->add_option("--view", record_view, view_help());
  record
      ->add_option("--msaa", options.msaa_samples,
                   "multisample count (default " + std::to_string(render::kStillMsaaSamples) + ")")
      ->check(CLI::Range(1, 16));
  add_model_options(*record, options);
  add_position_option(*record, position_text);

  CLI::App* list = cli.add_subcommand("list", "list what kneeviz knows: regions, techniques or lessons");
  std::string list_what;
  list->add_option("what", list_what, "regions, techniques or lessons")
      ->required()
      ->check(CLI::IsMember({"regions", "techniques", "lessons"}));
  list->add_flag("--json", options.json, "print JSON");
  list->add_option("--regions", options.regions, "region catalogue; default: the built-in one");

  CLI::App* check = cli.add_subcommand("check",
                                       "validate content files (techniques, lessons, region mappings, "
                                       "clinic content, scenes), each by what it holds; report every "
                                       "error with its file, line and field");
  check->add_option("files", options.files, "content files (.json), or folders of them")->required();

  CLI::App* info = cli.add_subcommand("info", "list the model's structures and landmarks");
  info->add_flag("--json", options.json, "print JSON instead of a table");
  info->add_option("--model", options.model, "model file; default: the bundled leg");

  CLI::App* practice = cli.add_subcommand("practice",
                                          "practise a technique: write its reference trace, or score "
                                          "a learner's trace against it (docs/practice.md)");
  practice->require_subcommand(1);
  CLI::App* reference =
      practice->add_subcommand("reference", "write the technique's reference trace as JSON");
  reference->add_option("--technique", options.technique, "technique ID (kneeviz list techniques)")
      ->required();
  reference->add_option("--out", options.out, "the trace file to write (.json)")->required();
  reference->add_option("--model", options.model, "model file; default: the bundled leg");
  CLI::App* score = practice->add_subcommand("score",
                                             "score a learner's trace: placement, direction, tempo, "
                                             "pressure, order and safety, 0-100, with what to work on");
  score->add_option("--technique", options.technique, "technique ID (kneeviz list techniques)")->required();
  score->add_option("--trace", options.trace, "the learner's trace (.json)")->required();
  score->add_flag("--json", options.json, "print JSON");
  score->add_option("--model", options.model, "model file; default: the bundled leg");
  score->add_option("--learner", options.learner,
                    "keep the attempt in this learner's history (the XDG data folder)");
  CLI::App* history = practice->add_subcommand("history",
                                               "a learner's attempts, per technique; --csv writes them "
                                               "all for a spreadsheet");
  history->add_option("--learner", options.learner, "the learner's name")->required();
  history->add_option("--technique", options.technique, "only this technique's attempts");
  history->add_option("--csv", options.csv, "write the attempts to this file as CSV");

  std::string bench_size;
  CLI::App* bench = cli.add_subcommand("bench",
                                       "render the full scene headless frame after frame and print "
                                       "frame times, start-up time and peak memory");
  bench->add_option("--frames", options.frames, "frames to render (default 120)")
      ->check(CLI::Range(1, 100000));
  bench->add_option("--size", bench_size, "frame size WIDTHxHEIGHT (default 1920x1080)");
  bench->add_flag("--json", options.json, "print JSON");
  bench->add_option("--model", options.model, "model file; default: the bundled leg");
  bench->add_flag("--pass-times", options.pass_times,
                  "also print the time of each render pass (waiting for each: frames take longer)");
  bench
      ->add_option("--dump-triangles", options.dump_triangles,
                   "write the first frame's triangles and camera for bench/floor.c and stop")
      ->group("");  // hidden: for bench/compare.sh

  std::string soak_size;
  CLI::App* soak = cli.add_subcommand("soak",
                                      "play every technique in turn for a long simulated session "
                                      "headless; fail on a GL error or growing memory");
  soak->add_option("--frames", options.frames, "frames to render, a simulated second each (default 2500)")
      ->check(CLI::Range(1, 10000000));
  soak->add_option("--size", soak_size, "frame size WIDTHxHEIGHT (default 480x270)");
  soak->add_option("--max-growth", options.max_growth_mb,
                   "MB resident memory may rise above the first round's peak (default 16)")
      ->check(CLI::NonNegativeNumber);
  soak->add_flag("--json", options.json, "print JSON");
  soak->add_option("--model", options.model, "model file; default: the bundled leg");

  // --size and --view as given, or the command's default.
  const auto size_or = [](const std::string& text, glm::ivec2 fallback) {
    if (text.empty()) return fallback;
    const auto size = parse_size(text);
    if (!size)
      throw CLI::ValidationError("--size", "expected WIDTHxHEIGHT between 16 and 8192, got '" + text + "'");
    return *size;
  };
  const auto set_view = [&](const std::string& text) {
    if (text.empty()) return;
    const auto view = scene::parse_view(text);
    if (!view) throw CLI::ValidationError("--view", "expected " + view_help() + ", got '" + text + "'");
    options.view = *view;
    options.view_set = true;
  };

  try {
    cli.parse(argc, argv);
    if (!position_text.empty()) options.position = client::position_from_string(position_text);
    const auto flexion_given = [](const CLI::App* command) {
      const CLI::Option* option = command->get_option_no_throw("--knee-flexion");
      return option && option->count() > 0;
    };
    options.knee_flexion_set = flexion_given(&cli);
    for (const CLI::App* command : cli.get_subcommands())
      options.knee_flexion_set = options.knee_flexion_set || flexion_given(command);
    if (render->parsed()) {
      options.command = Command::render;
      options.size = size_or(size_text, options.size);
      set_view(view_text);
    } else if (record->parsed()) {
      options.command = Command::record;
      if (options.technique.empty() && options.lesson.empty())
        throw CLI::RequiredError("record needs --technique ID or --lesson ID");
      options.size = size_or(record_size, {1280, 720});
      set_view(record_view);
    } else if (export_scene->parsed()) {
      options.command = Command::export_scene;
      if (options.out.extension() != ".glb")
        throw CLI::ValidationError("--out", "export writes glTF binary: the file must end in .glb, got '" +
                                                options.out.string() + "'");
    } else if (info->parsed()) {
      options.command = Command::info;
    } else if (list->parsed()) {
      options.command = list_what == "techniques" ? Command::list_techniques
                        : list_what == "lessons"  ? Command::list_lessons
                                                  : Command::list_regions;
    } else if (check->parsed()) {
      options.command = Command::check;
    } else if (reference->parsed()) {
      options.command = Command::practice_reference;
    } else if (score->parsed()) {
      options.command = Command::practice_score;
    } else if (history->parsed()) {
      options.command = Command::practice_history;
    } else if (bench->parsed()) {
      options.command = Command::bench;
      options.size = size_or(bench_size, {1920, 1080});
    } else if (soak->parsed()) {
      options.command = Command::soak;
      options.size = size_or(soak_size, {480, 270});
      if (soak->count("--frames") == 0) options.frames = 2500;
      options.msaa_samples = render::kWindowMsaaSamples;  // it measures the window
    }
  } catch (const CLI::Success& done) {
    cli.exit(done);  // --help or --version, already printed by exit()
    return {std::nullopt, 0};
  } catch (const CLI::ParseError& error) {
    std::cerr << "kneeviz: " << error.what() << "\nRun 'kneeviz --help' for usage.\n";
    return {std::nullopt, 2};
  }
  return {options, 0};
}

}  // namespace kneeviz::app
