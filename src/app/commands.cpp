#include "app/commands.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <functional>
#include <iostream>
#include <nlohmann/json.hpp>
#include <span>
#include <sstream>

#include "app/assets.h"
#include "app/clip_recorder.h"
#include "clinic/clinic_content.h"
#include "io/atomic_file.h"
#include "io/png.h"
#include "io/video_writer.h"
#include "json/positions.h"
#include "lesson/lesson.h"
#include "platform/headless_context.h"
#include "render/offscreen.h"
#include "scene/gltf_writer.h"
#include "scene/loader.h"
#include "scene/pose.h"
#include "session/learner_history.h"
#include "session/scene_file.h"
#include "stage/client_stage.h"
#include "stage/technique_player.h"
#include "stage/work_camera.h"
#include "technique/practice.h"
#include "technique/technique_file.h"

namespace kneeviz::app {

scene::Model load_requested_model(const Options& options) {
  scene::Model model = scene::load_model(options.model.empty() ? bundled_leg_model() : options.model);
  for (const std::string& warning : model.warnings)
    std::cerr << "kneeviz: warning: " << model.source << ": " << warning << "\n";
  return model;
}

anatomy::RegionCatalogue load_catalogue(const scene::Model& model, const Options& options) {
  anatomy::RegionCatalogue catalogue = options.regions.empty()
                                           ? anatomy::RegionCatalogue::builtin()
                                           : anatomy::RegionCatalogue::from_file(options.regions);
  // The built-in mapping is the bundled leg's: another model without --regions simply has no
  // regions. A mapping the user brought must fit the model it is given with.
  if (options.regions.empty()) return catalogue;
  std::vector<std::string> mesh_names;
  for (const scene::Mesh& mesh : model.meshes) mesh_names.push_back(mesh.name);
  for (const anatomy::MappingProblem& problem : catalogue.check_against(mesh_names)) {
    if (problem.is_error()) throw UsageError(problem.message);
    std::cerr << "kneeviz: warning: " << problem.message << "\n";
  }
  return catalogue;
}

void apply_view_options(anatomy::RegionView& view, const scene::Model& model, const Options& options,
                        std::vector<render::MeshStyle>& styles) {
  for (const std::string& group : options.highlight)
    if (!view.set_highlighted(group, true)) {
      std::string groups;
      for (const anatomy::RegionGroup& g : view.catalogue().groups())
        groups += (groups.empty() ? "" : ", ") + g.id;
      throw UsageError("--highlight " + group + ": no such group (groups: " + groups + ")");
    }
  if (!options.layers.empty()) {
    try {
      view.apply_layer_spec(options.layers);
    } catch (const std::invalid_argument& error) {
      throw UsageError(error.what());
    }
  }
  styles = view.styles();
  for (const std::string& name : options.hidden) {
    bool found = false;
    for (std::size_t i = 0; i < model.meshes.size(); ++i)
      if (model.meshes[i].name == name) styles[i].visible = false, found = true;
    if (!found)
      std::cerr << "kneeviz: warning: --hide " << name << ": " << model.source
                << " has no structure of that name (see 'kneeviz info')\n";
  }
}

const technique::Technique& find_technique(const std::vector<technique::Technique>& techniques,
                                           const std::string& id) {
  for (const technique::Technique& t : techniques)
    if (t.id == id) return t;
  std::string ids;
  for (const technique::Technique& t : techniques) ids += (ids.empty() ? "" : ", ") + t.id;
  throw UsageError("--technique " + id + ": no such technique (techniques: " + ids + ")");
}

const lesson::Lesson& find_lesson(const std::vector<lesson::Lesson>& lessons, const std::string& id) {
  for (const lesson::Lesson& l : lessons)
    if (l.id == id) return l;
  std::string ids;
  for (const lesson::Lesson& l : lessons) ids += (ids.empty() ? "" : ", ") + l.id;
  throw UsageError("--lesson " + id + ": no such lesson (lessons: " + ids + ")");
}

// The posed bounds of a structure, or of every structure of a group, with a margin; UsageError
// for an ID the catalogue lacks.
scene::Bounds bounds_of(const scene::Model& model, const anatomy::RegionView& view, const std::string& id,
                        const scene::Pose& pose) {
  const anatomy::RegionCatalogue& catalogue = view.catalogue();
  std::vector<std::string> ids;
  if (catalogue.find_group(id))
    ids = catalogue.structure_ids_in(id);
  else if (catalogue.find_structure(id))
    ids = {id};
  else
    throw UsageError("--frame " + id + ": no such structure or group (see 'kneeviz list regions')");
  const scene::PosedModel posed(model, pose);
  scene::Bounds box;
  for (const std::string& structure : ids) box.extend(posed.bounds_of(view.meshes_of(structure)));
  if (box.empty()) throw UsageError("--frame " + id + ": " + model.source + " has no mesh for it");
  // Some of the leg around it, so the viewer sees where it is.
  return box.grown(0.05f);
}

namespace {

// The moment `render` and `export` show: the technique (if any) chosen and scrubbed to --time,
// its hands posed and its styles applied, the knee as the technique, --knee-flexion or the
// client's resting position sets it, and the client laid in its position.
struct Moment {
  std::vector<technique::Technique> techniques;
  const technique::Technique* chosen = nullptr;  // into techniques
  client::ClientScene stage;
  stage::StagedScene staged;
};

Moment compose_moment(const Options& options, const scene::Model& model, stage::TechniquePlayer& player,
                      const anatomy::RegionView& view, std::vector<render::MeshStyle> styles) {
  std::vector<technique::Technique> techniques;
  const technique::Technique* chosen = nullptr;
  float knee_flexion_deg = options.knee_flexion_deg;
  if (!options.technique.empty()) {
    techniques = load_shipped_techniques(view.catalogue());
    chosen = &find_technique(techniques, options.technique);
    player.set_position(options.position);  // the hands fit the leg as that position lays it
    player.choose(*chosen);
    // The technique sets the knee (the client's position is part of it) unless --knee-flexion does.
    if (options.knee_flexion_set) player.set_knee_flexion(options.knee_flexion_deg);
    player.playback().scrub(options.time_seconds);
    knee_flexion_deg = player.update();
  }
  const client::Position position = stage::position_for(options.position, chosen);
  const client::Supports supports = stage::supports_for(position, chosen);
  if (!chosen && position != client::Position::anatomical && !options.knee_flexion_set)
    knee_flexion_deg = client::resting_knee_flexion(position, supports);
  client::ClientScene stage = client::lay_client(model, scene::Pose{knee_flexion_deg}, position, supports);
  stage::StagedScene staged = stage::compose_scene(player, view, std::move(styles), stage, knee_flexion_deg);
  // The chosen technique stays where it is: moving the vector keeps its elements in place.
  return {std::move(techniques), chosen, std::move(stage), std::move(staged)};
}

}  // namespace

int run_render(const Options& options) {
  scene::Model model = load_requested_model(options);
  stage::TechniquePlayer player(model);
  anatomy::RegionView view(model, load_catalogue(model, options));
  std::vector<render::MeshStyle> styles;
  apply_view_options(view, model, options, styles);
  const Moment moment = compose_moment(options, model, player, view, std::move(styles));

  render::Snapshot snapshot;
  snapshot.size = options.size;
  snapshot.view = options.view;
  snapshot.display.msaa_samples = options.msaa_samples;
  snapshot.time_seconds = options.time_seconds;
  moment.staged.fill(snapshot);
  const glm::mat4& to_room = moment.stage.placement;
  if (const scene::Bounds area = stage::phase_area(player); !area.empty())
    snapshot.frame_on = area.transformed(to_room);
  if (!options.frame.empty())
    snapshot.frame_on = bounds_of(model, view, options.frame, snapshot.pose).transformed(to_room);
  if (!options.view_set && moment.stage.position != client::Position::anatomical)
    snapshot.view =
        moment.chosen ? stage::working_view(*moment.chosen, moment.stage) : moment.stage.therapist_view;
  else if (!options.view_set && moment.chosen)
    snapshot.view = stage::best_view_for(*moment.chosen);

  const auto context = platform::create_headless_context();
  render::Renderer renderer;
  renderer.upload(model, render::Renderer::Simplified::skip);  // never drawn moving
  const render::Image image = render::render_snapshot(renderer, model, snapshot);
  io::write_png(options.out, image.size, image.rgba);
  std::cout << "kneeviz: wrote " << options.out.string() << " (" << image.size.x << "x" << image.size.y
            << ", " << context->description() << ")\n";
  return 0;
}

int run_export(const Options& options) {
  scene::Model model = load_requested_model(options);
  stage::TechniquePlayer player(model);
  anatomy::RegionView view(model, load_catalogue(model, options));
  std::vector<render::MeshStyle> styles;
  apply_view_options(view, model, options, styles);  // --hide included
  const Moment moment = compose_moment(options, model, player, view, std::move(styles));
  const stage::StagedScene& staged = moment.staged;
  std::vector<scene::ExportMesh> meshes;
  for (stage::PosedStructure& posed : stage::posed_structures(staged)) {
    const render::MeshStyle& style = staged.styles[posed.mesh];
    scene::ExportMesh& mesh = posed.mesh_in_room;
    const anatomy::Structure* structure = view.structure_of_mesh(posed.mesh);
    mesh.name = structure ? structure->id : model.meshes[posed.mesh].name;
    mesh.colour.a *= style.opacity;
    nlohmann::json extras = {{"highlighted", style.highlight > 0.f}};
    if (posed.dented) extras["dented_by_hands"] = true;
    mesh.extras_json = extras.dump();
    meshes.push_back(std::move(mesh));
  }
  // The hands, with what each does; then the table, the supports and the rest of the client: not
  // anatomy, named as such. All are in the room already.
  const technique::PosedHands& hands = player.hand_states();
  for (std::size_t k = 0; k < staged.props.size(); ++k) {
    scene::ExportMesh mesh = stage::posed_mesh(staged.props[k]);  // in the room already
    mesh.name = staged.props[k].name;
    if (k < staged.hands && k < hands.hands.size()) {
      const technique::PosedHand& hand = hands.hands[k];
      mesh.name = hand.name;
      mesh.extras_json = nlohmann::json{{"contact", hand.on_skin},
                                        {"pressure", hand.pressure},
                                        {"press_m", hand.press_m},
                                        {"working", hand.working},
                                        {"posture", technique::to_string(hand.posture)}}
                             .dump();
    } else {
      mesh.extras_json = nlohmann::json{{"anatomy", false}}.dump();
    }
    meshes.push_back(std::move(mesh));
  }
  const std::vector<unsigned char> bytes = scene::encode_glb(meshes, "kneeviz " KNEEVIZ_VERSION);
  io::write_file_atomically(options.out, bytes);
  std::cout << "kneeviz: wrote " << options.out.string() << " (" << meshes.size() << " meshes"
            << (player.active()
                    ? ", " + options.technique + " at " + std::to_string(options.time_seconds) + " s"
                    : "")
            << ")\n";
  return 0;
}

std::vector<technique::Technique> shipped_techniques_or_none(const anatomy::RegionCatalogue& catalogue) {
  try {
    return load_shipped_techniques(catalogue);
  } catch (const std::exception&) {
    return {};  // checked on their own by 'kneeviz check'
  }
}

std::vector<std::string> technique_ids(const std::vector<technique::Technique>& techniques) {
  std::vector<std::string> ids;
  ids.reserve(techniques.size());
  for (const technique::Technique& t : techniques) ids.push_back(t.id);
  return ids;
}

int run_record(const Options& options) {
  scene::Model model = load_requested_model(options);
  stage::TechniquePlayer player(model);
  anatomy::RegionView view(model, load_catalogue(model, options));
  std::vector<render::MeshStyle> styles;
  apply_view_options(view, model, options, styles);
  for (const std::string& name : options.hidden) view.set_structure_hidden(name, true);
  const std::vector<technique::Technique> techniques = load_shipped_techniques(view.catalogue());
  std::vector<lesson::Lesson> lessons;
  if (!options.lesson.empty()) {
    const std::vector<std::string> ids = technique_ids(techniques);
    lessons = lesson::load_lesson_folder(find_assets_folder() / "lessons", &view.catalogue(), &ids);
  }

  ClipSettings settings{options.out,        options.size,         options.fps,  options.speed,
                        options.duration_s, options.time_seconds, std::nullopt, options.msaa_samples};
  if (options.view_set) settings.view = options.view;
  settings.position = options.position;
  const auto context = platform::create_headless_context();
  render::Renderer renderer;
  renderer.upload(model, render::Renderer::Simplified::skip);  // never drawn moving
  std::unique_ptr<ClipRecorder> recorder;
  if (options.lesson.empty()) {
    recorder = std::make_unique<ClipRecorder>(model, player, view, renderer,
                                              find_technique(techniques, options.technique), settings);
  } else {
    recorder = std::make_unique<ClipRecorder>(model, player, view, renderer,
                                              find_lesson(lessons, options.lesson), techniques, settings);
  }
  while (!recorder->done()) {
    recorder->record_next();
    print_progress(*recorder);
  }
  recorder->finish();
  std::cout << "kneeviz: wrote " << options.out.string() << " (" << recorder->frame_count() << " frames at "
            << options.fps << " fps, " << options.size.x << "x" << options.size.y << ", speed "
            << options.speed << "x)\n";
  return 0;
}

int run_list_techniques(const Options& options) {
  const anatomy::RegionCatalogue catalogue = anatomy::RegionCatalogue::builtin();
  const std::vector<technique::Technique> techniques = load_shipped_techniques(catalogue);
  if (options.json) {
    // How long each plays depends on the leg it is laid out on (the moves between strokes).
    const scene::Model model = load_requested_model(options);
    nlohmann::ordered_json out = nlohmann::ordered_json::array();
    for (const technique::Technique& t : techniques)
      out.push_back({{"id", t.id},
                     {"name", t.name},
                     {"summary", t.summary},
                     {"duration_s", technique::TechniqueTimeline(t, model).duration()},
                     {"hands", technique::to_string(t.hands)},
                     {"client_position", t.client_position},
                     {"targets", t.targets},
                     {"contact", technique::to_string(t.contact)},
                     {"pressure", t.pressure},
                     {"tempo", t.tempo},
                     {"phases", t.phases.size()},
                     {"cautions", t.cautions},
                     {"source", t.source}});
    std::cout << out.dump(2) << "\n";
    return 0;
  }
  for (const technique::Technique& t : techniques)
    std::printf("%-22s %-28s %-11s %s\n", t.id.c_str(), t.name.c_str(), technique::to_string(t.contact),
                t.pressure.c_str());
  return 0;
}

int run_list_lessons(const Options& options) {
  const anatomy::RegionCatalogue catalogue = anatomy::RegionCatalogue::builtin();
  const std::vector<std::string> ids = technique_ids(shipped_techniques_or_none(catalogue));
  const std::vector<lesson::Lesson> lessons =
      lesson::load_lesson_folder(find_assets_folder() / "lessons", &catalogue, ids.empty() ? nullptr : &ids);
  if (options.json) {
    nlohmann::ordered_json out = nlohmann::ordered_json::array();
    for (const lesson::Lesson& l : lessons)
      out.push_back({{"id", l.id},
                     {"title", l.title},
                     {"summary", l.summary},
                     {"steps", l.steps.size()},
                     {"duration_s", lesson::total_duration(l)}});
    std::cout << out.dump(2) << "\n";
    return 0;
  }
  for (const lesson::Lesson& l : lessons)
    std::printf("%-24s %-28s %2zu steps, %.0f s\n", l.id.c_str(), l.title.c_str(), l.steps.size(),
                lesson::total_duration(l));
  return 0;
}

namespace {

// The kinds of content file `kneeviz check` knows, each told apart by the keys only it has.
enum class ContentKind { technique, lesson, regions, clinic, scene, unknown };

constexpr std::uintmax_t kMaxCheckedBytes = 64u << 20;  // the readers' own limit

ContentKind kind_by_keys(const std::function<bool(std::string_view)>& has) {
  if (has("phases")) return ContentKind::technique;
  if (has("steps")) return ContentKind::lesson;
  if (has("groups") || has("structures") || has("meshes")) return ContentKind::regions;
  if (has("safety") || has("pain_map") || has("caution_zones")) return ContentKind::clinic;
  for (const char* key : {"camera", "layers", "highlighted_groups", "hidden_structures", "selected_structure",
                          "technique", "time_s", "playing", "speed", "knee_flexion_deg", "annotations"})
    if (has(key)) return ContentKind::scene;
  return ContentKind::unknown;
}

// What a file is, from its top-level keys; from the keys its text names when it is not valid JSON
// (the reader it goes to then says where it breaks); a technique when nothing tells, or when it
// cannot be read at all (that reader says why).
ContentKind kind_of(const std::filesystem::path& file) {
  std::error_code error;
  if (!std::filesystem::is_regular_file(file, error)) return ContentKind::technique;
  const std::uintmax_t bytes = std::filesystem::file_size(file, error);
  if (error || bytes > kMaxCheckedBytes) return ContentKind::technique;
  std::ifstream in(file, std::ios::binary);
  const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (!json::first_too_deep(text)) {
    const nlohmann::json document = nlohmann::json::parse(text, nullptr, false);
    if (document.is_object()) {
      return kind_by_keys([&](std::string_view key) { return document.contains(key); });
    }
  }
  const ContentKind guessed = kind_by_keys(
      [&](std::string_view key) { return text.find("\"" + std::string(key) + "\"") != std::string::npos; });
  return guessed == ContentKind::unknown ? ContentKind::technique : guessed;
}

// A reader's exception as printable lines, one problem a line.
void add_lines(std::vector<std::string>& problems, const std::string& what) {
  std::istringstream lines(what);
  for (std::string line; std::getline(lines, line);) problems.push_back(line);
}

}  // namespace

int run_check(const Options& options) {
  // Every file goes to the reader of its kind; a folder stands for the *.json files in it.
  std::vector<std::string> problems;
  std::vector<std::filesystem::path> files;
  for (const std::filesystem::path& path : options.files) {
    std::error_code error;
    if (!std::filesystem::is_directory(path, error)) {
      files.push_back(path);
      continue;
    }
    std::vector<std::filesystem::path> in_folder;
    for (const auto& entry : std::filesystem::directory_iterator(path, error))
      if (entry.path().extension() == ".json") in_folder.push_back(entry.path());
    if (error)
      problems.push_back(path.string() + ": cannot list the folder: " + error.message());
    else if (in_folder.empty())
      problems.push_back(path.string() +
                         ": the folder holds no .json files; expected technique, lesson, "
                         "region mapping, clinic content or scene files");
    std::sort(in_folder.begin(), in_folder.end());
    files.insert(files.end(), in_folder.begin(), in_folder.end());
  }

  std::vector<std::filesystem::path> techniques_to_check;
  const anatomy::RegionCatalogue catalogue = anatomy::RegionCatalogue::builtin();
  const std::vector<std::string> ids = technique_ids(shipped_techniques_or_none(catalogue));
  for (const std::filesystem::path& file : files) {
    try {
      switch (kind_of(file)) {
        case ContentKind::technique:
          techniques_to_check.push_back(file);
          break;
        case ContentKind::lesson:
          lesson::read_lesson_file(file, &catalogue, ids.empty() ? nullptr : &ids);
          break;
        case ContentKind::regions:
          (void)anatomy::RegionCatalogue::from_file(file);
          break;
        case ContentKind::clinic:
          (void)clinic::read_clinic_file(file);
          break;
        case ContentKind::scene:
          (void)session::read_scene_file(file);
          break;
        case ContentKind::unknown:
          problems.push_back(
              file.string() +
              ": not a kneeviz content file; expected a technique (with \"phases\"), "
              "a lesson (\"steps\"), a region mapping (\"groups\", \"structures\"), clinic content "
              "(\"safety\", \"pain_map\", \"caution_zones\") or a scene (\"camera\", \"layers\"...)");
          break;
      }
    } catch (const std::exception& error) {  // each reader's located error: file, line, column, field
      add_lines(problems, error.what());
    }
  }
  if (!techniques_to_check.empty()) {
    const std::vector<std::string> technique_problems = technique::check_files(techniques_to_check);
    problems.insert(problems.end(), technique_problems.begin(), technique_problems.end());
  }
  for (const std::string& problem : problems) std::cerr << problem << "\n";
  if (!problems.empty()) {
    std::cerr << "kneeviz check: " << problems.size()
              << (problems.size() == 1 ? " problem\n" : " problems\n");
    return 1;
  }
  if (files.empty()) {
    std::cerr << "kneeviz check: no files to check\n";
    return 1;
  }
  std::cout << "kneeviz check: " << files.size() << (files.size() == 1 ? " file" : " files") << " valid\n";
  return 0;
}

// The technique laid out on the leg as its client position lays it (the hip the position gives
// each knee angle), exactly as the window's practice performs it: a reference written here and a
// trace recorded there are points on the same leg.
namespace {
const technique::TechniqueTimeline& laid_out(stage::TechniquePlayer& player, const Options& options) {
  const std::vector<technique::Technique> techniques =
      load_shipped_techniques(anatomy::RegionCatalogue::builtin());
  player.choose(find_technique(techniques, options.technique));
  return *player.timeline();
}
}  // namespace

int run_practice_reference(const Options& options) {
  const scene::Model model = load_requested_model(options);
  stage::TechniquePlayer player(model);
  const technique::TechniqueTimeline& timeline = laid_out(player, options);
  const technique::Trace reference = technique::reference_trace(timeline);
  const std::string text = technique::trace_to_json(reference);
  io::write_file_atomically(options.out,
                            std::span(reinterpret_cast<const unsigned char*>(text.data()), text.size()));
  std::cout << "wrote " << options.out.string() << ": the reference of " << options.technique << ", "
            << reference.samples.size() << " samples over " << timeline.duration() << " s\n";
  return 0;
}

int run_practice_score(const Options& options) {
  const scene::Model model = load_requested_model(options);
  stage::TechniquePlayer player(model);
  const technique::TechniqueTimeline& timeline = laid_out(player, options);
  // A name that cannot be kept is refused before the work of scoring.
  const std::filesystem::path history = options.learner.empty()
                                            ? std::filesystem::path()
                                            : session::learner_file(session::learners_dir(), options.learner);
  const technique::Trace attempt = technique::read_trace_file(options.trace, options.technique);
  technique::PracticeScore s;
  try {
    s = technique::score_trace(timeline, attempt,
                               technique::zone_lookup(clinic::ClinicContent::builtin().caution_zones));
  } catch (const technique::TraceError& error) {
    throw technique::TraceError(options.trace.string() + ": " + error.what());
  }
  std::size_t kept = 0;
  if (!history.empty()) {
    std::string message;
    kept = session::record_attempt(history, options.learner,
                                   {options.technique, session::utc_now(), "file", s.placement, s.direction,
                                    s.tempo, s.pressure, s.order, s.safety, s.overall, s.safety_zone},
                                   &message)
               .attempts.size();
    if (!message.empty()) std::cerr << "kneeviz: warning: " << message << "\n";
  }
  if (options.json) {
    nlohmann::ordered_json out;
    out["technique"] = options.technique;
    for (const auto& [name, value] : {std::pair<const char*, int>{"placement", s.placement},
                                      {"direction", s.direction},
                                      {"tempo", s.tempo},
                                      {"pressure", s.pressure},
                                      {"order", s.order},
                                      {"safety", s.safety},
                                      {"overall", s.overall}})
      out[name] = value;
    out["speed_ratio"] = std::round(s.speed_ratio * 100.0) / 100.0;
    out["off_target_cm"] = std::round(s.off_target_cm * 10.0) / 10.0;
    if (!s.safety_zone.empty()) out["safety_zone"] = s.safety_zone;
    out["feedback"] = s.feedback;
    if (!history.empty())
      out["history"] = {{"learner", options.learner}, {"file", history.string()}, {"attempts", kept}};
    std::cout << out.dump(2) << "\n";
    return 0;
  }
  std::printf("%s, scored against its reference:\n", options.technique.c_str());
  std::printf("  placement %3d   direction %3d   tempo %3d   pressure %3d   order %3d   safety %3d\n",
              s.placement, s.direction, s.tempo, s.pressure, s.order, s.safety);
  std::printf("  overall   %3d\n", s.overall);
  for (const std::string& advice : s.feedback) std::printf("  - %s\n", advice.c_str());
  if (!history.empty())
    std::printf("kept in %s's history (%zu %s): %s\n", options.learner.c_str(), kept,
                kept == 1 ? "attempt" : "attempts", history.string().c_str());
  return 0;
}

int run_practice_history(const Options& options) {
  const std::filesystem::path folder = session::learners_dir();
  const std::filesystem::path file = session::learner_file(folder, options.learner);
  std::error_code error;
  if (!std::filesystem::exists(file, error)) {
    std::string known;
    for (const std::string& name : session::learners_in(folder)) known += (known.empty() ? "" : ", ") + name;
    std::cerr << "kneeviz: no practice history for " << options.learner << " in " << folder.string()
              << (known.empty() ? std::string("; no learner has one yet") : "; learners with one: " + known)
              << "\n";
    return 1;
  }
  std::string message;
  session::LearnerRecord record = session::read_learner(file, options.learner, &message);
  if (!message.empty()) {
    std::cerr << "kneeviz: " << message << "\n";
    return 1;
  }
  if (!options.technique.empty())
    std::erase_if(record.attempts,
                  [&](const session::Attempt& a) { return a.technique != options.technique; });
  if (!options.csv.empty()) {
    const std::string text = session::attempts_csv(record);
    io::write_file_atomically(options.csv,
                              std::span(reinterpret_cast<const unsigned char*>(text.data()), text.size()));
    std::cout << "wrote " << options.csv.string() << ": " << record.attempts.size() << " attempts of "
              << options.learner << "\n";
    return 0;
  }
  const auto attempts = [](std::size_t n) { return std::to_string(n) + (n == 1 ? " attempt" : " attempts"); };
  std::printf("%s: %s\n", options.learner.c_str(), attempts(record.attempts.size()).c_str());
  std::vector<std::string> order;
  for (const session::Attempt& a : record.attempts)
    if (std::find(order.begin(), order.end(), a.technique) == order.end()) order.push_back(a.technique);
  for (const std::string& id : order) {
    std::vector<int> overall;
    int safety_failures = 0;
    for (const session::Attempt& a : record.attempts)
      if (a.technique == id) {
        overall.push_back(a.overall);
        safety_failures += a.safety == 0;
      }
    std::string recent;
    for (std::size_t i = overall.size() > 8 ? overall.size() - 8 : 0; i < overall.size(); ++i)
      recent += (recent.empty() ? "" : " ") + std::to_string(overall[i]);
    std::printf(
        "  %-22s %12s  best %3d  last %3d  recent: %s%s\n", id.c_str(), attempts(overall.size()).c_str(),
        *std::max_element(overall.begin(), overall.end()), overall.back(), recent.c_str(),
        safety_failures ? ("  (" + std::to_string(safety_failures) + " failed on safety)").c_str() : "");
  }
  return 0;
}

int run_list_regions(const Options& options) {
  const anatomy::RegionCatalogue catalogue = options.regions.empty()
                                                 ? anatomy::RegionCatalogue::builtin()
                                                 : anatomy::RegionCatalogue::from_file(options.regions);
  if (options.json) {
    nlohmann::ordered_json out;
    out["source"] = catalogue.source();
    out["layers"] = nlohmann::ordered_json::array();
    for (const anatomy::LayerDefinition& layer : catalogue.layers())
      out["layers"].push_back({{"id", layer.id},
                               {"name", layer.name},
                               {"envelope", layer.envelope},
                               {"occludes", layer.occludes}});
    out["groups"] = nlohmann::ordered_json::array();
    for (const anatomy::RegionGroup& group : catalogue.groups()) {
      nlohmann::ordered_json structures = nlohmann::ordered_json::array();
      for (const std::string& id : catalogue.structure_ids_in(group.id)) {
        const anatomy::Structure* s = catalogue.find_structure(id);
        structures.push_back(
            {{"id", s->id}, {"name", s->name}, {"colour", s->colour.hex()}, {"description", s->description}});
      }
      out["groups"].push_back({{"id", group.id},
                               {"name", group.name},
                               {"colour", group.colour.hex()},
                               {"layer", group.layer},
                               {"description", group.description},
                               {"structures", structures}});
    }
    std::cout << out.dump(2) << "\n";
    return 0;
  }
  std::string layers;
  for (const anatomy::LayerDefinition& layer : catalogue.layers())
    layers += (layers.empty() ? "" : ", ") + layer.id + (layer.envelope ? " (envelope)" : "") +
              (!layer.envelope && !layer.occludes ? " (does not occlude)" : "");
  std::printf("layers: %s\n", layers.c_str());
  for (const anatomy::RegionGroup& group : catalogue.groups()) {
    std::printf("%-12s %s  (%s, layer %s)\n", group.id.c_str(), group.name.c_str(),
                group.colour.hex().c_str(), group.layer.c_str());
    for (const std::string& id : catalogue.structure_ids_in(group.id))
      std::printf("    %-22s %s\n", id.c_str(), catalogue.find_structure(id)->name.c_str());
  }
  return 0;
}

int run_info(const Options& options) {
  const scene::Model model = load_requested_model(options);
  const std::vector<glm::mat4> globals = model.global_transforms();
  if (options.json) {
    nlohmann::ordered_json out;
    out["model"] = model.source;
    out["triangles"] = model.triangle_count();
    out["structures"] = nlohmann::ordered_json::array();
    for (const scene::Mesh& mesh : model.meshes)
      out["structures"].push_back({{"name", mesh.name},
                                   {"triangles", mesh.triangle_count()},
                                   {"vertices", mesh.vertices.size()},
                                   {"skinned", mesh.skinned},
                                   {"fibre_directions", mesh.has_fibres}});
    out["empty_nodes"] = nlohmann::ordered_json::array();
    for (const int node : model.empty_nodes()) {
      const glm::vec3 p = globals[node][3];
      out["empty_nodes"].push_back({{"name", model.nodes[node].name}, {"position", {p.x, p.y, p.z}}});
    }
    const scene::Bounds box = model.bounds();
    out["bounds"] = {{"min", {box.min.x, box.min.y, box.min.z}}, {"max", {box.max.x, box.max.y, box.max.z}}};
    std::cout << out.dump(2) << "\n";
    return 0;
  }
  std::size_t width = 9;
  for (const scene::Mesh& mesh : model.meshes) width = std::max(width, mesh.name.size());
  std::printf("%s\n%zu structures, %zu triangles\n\n", model.source.c_str(), model.meshes.size(),
              model.triangle_count());
  std::printf("%-*s %10s\n", int(width), "structure", "triangles");
  for (const scene::Mesh& mesh : model.meshes)
    std::printf("%-*s %10zu\n", int(width), mesh.name.c_str(), mesh.triangle_count());
  const std::vector<int> empties = model.empty_nodes();
  std::printf("\n%zu named empty nodes (landmarks, groups, joints)\n", empties.size());
  for (const int node : empties) {
    const glm::vec3 p = globals[node][3];
    std::printf("  %-*s % .4f % .4f % .4f\n", int(width), model.nodes[node].name.c_str(), p.x, p.y, p.z);
  }
  return 0;
}

}  // namespace kneeviz::app
