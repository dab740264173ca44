// The interactive viewer: one window, one fixed frame order.
#include <imgui.h>

#include <algorithm>
#include <cfloat>
#include <chrono>
#include <filesystem>
#include <functional>
#include <iostream>
#include <limits>
#include <optional>
#include <utility>

#include "app/assets.h"
#include "app/clip_recorder.h"
#include "app/commands.h"
#include "app/file_choosing.h"
#include "app/key_bindings.h"
#include "app/motion_quality.h"
#include "app/pain_spot.h"
#include "app/pointer_input.h"
#include "app/practice_mode.h"
#include "app/scene_state.h"
#include "app/stamped_notes.h"
#include "app/viewer_model.h"
#include "io/atomic_file.h"
#include "io/png.h"
#include "lesson/lesson.h"
#include "platform/window_context.h"
#include "render/device.h"
#include "render/overlay.h"
#include "render/renderer.h"
#include "scene/pose.h"
#include "session/learner_history.h"
#include "session/preferences.h"
#include "session/saved_file.h"
#include "session/settings.h"
#include "stage/client_stage.h"
#include "stage/technique_player.h"
#include "stage/work_camera.h"
#include "ui/annotations.h"
#include "ui/imgui_layer.h"
#include "ui/imgui_look.h"
#include "ui/panel.h"
#include "ui/ui_map.h"

namespace kneeviz::app {
namespace {

// KNEEVIZ_UI_MAP (ui/ui_map.h): the map of the frame the panel just drew, written whole for GUI
// tests. A file that cannot be written is reported once on stderr; the window carries on.
void write_ui_map() {
  static bool reported = false;
  const std::optional<ui::UiMapDocument> map = ui::take_ui_map();
  if (!map) return;
  try {
    io::write_file_atomically(map->file,
                              {reinterpret_cast<const unsigned char*>(map->text.data()), map->text.size()});
  } catch (const io::FileError& error) {
    if (!std::exchange(reported, true)) std::cerr << "kneeviz: KNEEVIZ_UI_MAP: " << error.what() << "\n";
  }
}

// The phase caption, large, centred under the leg in the space the panel leaves: what a room
// reads off a projector while the hand works.
void draw_caption(const std::string& title, const std::string& caption, float panel_right, bool large) {
  const ImGuiViewport* viewport = ImGui::GetMainViewport();
  ImFont* font = large ? ui::large_font() : ImGui::GetFont();
  const float size = large ? font->FontSize : ImGui::GetFontSize() * 1.45f;
  const float left = viewport->WorkPos.x + panel_right, width = viewport->WorkSize.x - panel_right;
  const float wrap = std::min(width * 0.8f, size * 32.f);
  const std::string text = title + ": " + caption;
  const ImVec2 extent = font->CalcTextSizeA(size, FLT_MAX, wrap, text.c_str());
  const ImVec2 pos(left + (width - extent.x) * 0.5f,
                   viewport->WorkPos.y + viewport->WorkSize.y - extent.y - size * 1.2f);
  ImDrawList* draw = ImGui::GetForegroundDrawList();
  const float pad = size * 0.45f;
  draw->AddRectFilled(ImVec2(pos.x - pad, pos.y - pad),
                      ImVec2(pos.x + extent.x + pad, pos.y + extent.y + pad), IM_COL32(10, 12, 16, 200), pad);
  draw->AddText(font, size, pos, IM_COL32(235, 242, 250, 255), text.c_str(), nullptr, wrap);
}

// What the window keeps between runs: its preferences (where it was, the panel's scale, the export
// and practice settings), the last scene and the recent files, and the guard that sets them aside
// when a start dies before its first frame, so that no saved file stops the window twice.
struct Remembered {
  Remembered();  // reads the preferences and sets aside what a crashed start left
  std::filesystem::path preferences_file, last_scene, recent_list;  // empty: not ours to write
  session::Preferences preferences;
  std::optional<session::StartGuard> start_guard;
  std::string message;  // for the panel, once it exists
};

Remembered::Remembered() {
  try {
    preferences_file = session::preferences_path();
    start_guard.emplace(session::config_dir());
    message = start_guard->set_aside_after_crash(
        {session::last_scene_path(), session::recent_files_path(), preferences_file});
    if (!message.empty()) std::cerr << "kneeviz: warning: " << message << "\n";
    std::string problem;
    bool left_in_place = false;
    preferences = session::read_preferences(preferences_file, &problem, &left_in_place);
    if (!problem.empty()) std::cerr << "kneeviz: warning: " << problem << "\n";
    if (left_in_place) preferences_file.clear();  // not ours to write over
  } catch (const std::exception&) {
    // No settings folder: said when the scene's files are looked for.
  }
}

platform::WindowOptions window_options(const scene::Model& model, const session::Preferences& preferences) {
  platform::WindowOptions options{"kneeviz: " + model.source, {0, 0}, true, std::nullopt};
  if (const std::optional<session::WindowPlacement>& was = preferences.window)
    options.placement =
        platform::WindowPlacement{{was->x, was->y}, {was->width, was->height}, was->maximised};
  return options;
}

// A --regions file that does not parse or fit the model is reported (`error`), and the window
// carries on with the built-in mapping.
anatomy::RegionView regions_for(const scene::Model& model, const Options& options, std::string& error) {
  try {
    return anatomy::RegionView(model, load_catalogue(model, options));
  } catch (const std::exception& problem) {
    error = problem.what();
    std::cerr << "kneeviz: " << error << "\n";
    Options builtin = options;
    builtin.regions.clear();
    return anatomy::RegionView(model, load_catalogue(model, builtin));
  }
}

// The shipped techniques in the panel's order and the lessons over them; what does not load is
// reported (`technique_error` for the panel) and the window carries on without it.
struct Content {
  std::vector<technique::Technique> techniques;
  std::vector<lesson::Lesson> lessons;
  std::string technique_error;
};

Content load_content(const anatomy::RegionView& regions) {
  Content content;
  try {
    content.techniques = load_shipped_techniques(regions.catalogue());
    stage::order_for_panel(content.techniques, regions.catalogue());
  } catch (const std::exception& error) {
    content.technique_error = error.what();
    std::cerr << "kneeviz: " << content.technique_error << "\n";
  }
  try {
    std::vector<std::string> ids;
    ids.reserve(content.techniques.size());
    for (const technique::Technique& t : content.techniques) ids.push_back(t.id);
    content.lessons =
        lesson::load_lesson_folder(find_assets_folder() / "lessons", &regions.catalogue(), &ids);
  } catch (const std::exception& error) {
    std::cerr << "kneeviz: " << error.what() << "\n";
  }
  return content;
}

// The 3D view as drawn this frame, for what comes after it: picking, clicks, notes, exports.
struct DrawnView {
  render::RenderTarget* target = nullptr;
  glm::ivec2 size{0};  // pixels drawn (smaller than the window's while the view moves)
  glm::mat4 view_projection{1.f};
  stage::StagedScene staged;
  render::DisplaySettings display;
  bool reduced = false;
  float time_seconds = 0.f;
};

// Notes, for a picture of `pixels` seen through `eye` (a view-projection): where each falls.
using NotesIn = std::function<std::vector<ui::NoteOnScreen>(const glm::mat4& eye, glm::vec2 pixels)>;

// The window: a ViewerModel shown and played, the panel drawn over it, input turned into what the
// model does, and the screenshots and recordings the panel asks for.
class ViewerWindow {
 public:
  ViewerWindow(const Options& options, const scene::Model& model);
  ViewerWindow(const ViewerWindow&) = delete;
  ViewerWindow& operator=(const ViewerWindow&) = delete;
  bool open() const { return !window_.should_close(); }
  // One frame: poll, the panel's requests, update, compose and draw, what the user did on the
  // view, present.
  void frame();
  // Keeps the scene and the window's preferences for next time.
  void close();
  long frames() const { return frames_; }

 private:
  void poll();
  float tick();
  void apply(const ui::PanelRequests& requests);
  render::RenderTarget& target_for(float dt, bool camera_moving);
  DrawnView draw_view(render::RenderTarget& target);
  void trace_practice(const DrawnView& view);
  void act_on_view(const DrawnView& view, const ui::PanelRequests& requests);
  void draw_overlays(const DrawnView& view, const ui::PanelRequests& requests,
                     const anatomy::Structure* hovered);
  void map_for_tests(const DrawnView& view) const;
  // `recording`: a frame of the recording's progress, not counted.
  void present(render::RenderTarget& target, bool recording = false);
  std::vector<ui::NoteOnScreen> notes_in(const DrawnView& view, const glm::mat4& eye, glm::vec2 pixels) const;
  std::optional<glm::vec3> point_under_cursor(const DrawnView& view) const;
  void read_remembered_scene();
  void start_export(const ui::ExportRequest& request, const DrawnView& view);
  void record(const ui::PanelRequests& requests);
  void restore_after_recording();
  void remember_recent(const std::string& file);

  using Clock = std::chrono::steady_clock;
  const Options& options_;
  const scene::Model& model_;
  Remembered remembered_;
  platform::WindowContext window_;
  ui::ImGuiLayer ui_;
  std::optional<float> pending_ui_scale_;  // chosen in the panel, applied between frames
  render::Renderer renderer_;
  const render::OverlayRenderer overlay_;
  // The 3D view's targets: full quality, and a smaller one while the picture moves.
  render::RenderTarget full_target_, moving_target_;
  render::RenderTarget* last_drawn_ = &full_target_;  // shown again while a recording runs
  MotionQuality motion_;
  bool last_reduced_ = false;  // whether the frame before this one was the cheaper one
  std::string catalogue_error_;
  anatomy::RegionView regions_;
  Content content_;  // until the model takes it
  ViewerModel viewer_;
  ui::PanelState& panel_;
  FileChoosing file_choosing_;  // Browse: the desktop's chooser where a portal answers
  PointerInput controller_;
  scene::Bounds initial_bounds_;
  bool restored_scene_ = false;
  // A recording drives the player and the layers; the scene comes back afterwards.
  std::unique_ptr<ClipRecorder> recorder_;
  std::optional<session::SceneState> before_recording_;
  Clock::time_point previous_ = Clock::now();
  float smoothed_ms_ = 0.f;
  long frames_ = 0;
  bool presenter_shown_ = false;  // presenter mode (full screen) as last asked of the window
  double polled_at_ = 0.0;        // the input this frame sees came in before this
};

ViewerWindow::ViewerWindow(const Options& options, const scene::Model& model)
    : options_(options),
      model_(model),
      window_(window_options(model, remembered_.preferences)),
      // 100 % on an ordinary screen, the monitor's DPI scale on a dense one, unless the user chose.
      ui_(window_.handle(), remembered_.preferences.ui_scale.value_or(std::clamp(
                                window_.content_scale(), session::kMinUiScale, session::kMaxUiScale))),
      regions_(regions_for(model, options, catalogue_error_)),
      content_(load_content(regions_)),
      viewer_(model, regions_, std::move(content_.techniques), std::move(content_.lessons), options.position,
              options.model.string()),
      panel_(viewer_.panel),
      controller_(viewer_.camera, [this] { return ui_.wants_mouse(); }) {
  renderer_.upload(model);
  std::vector<render::MeshStyle> styles;
  apply_view_options(regions_, model, options, styles);  // throws UsageError on a bad option
  // --hide is a start-up choice: fold it into the region view so the panel can undo it.
  for (const std::string& name : options.hidden) regions_.set_structure_hidden(name, true);

  panel_.ui_scale = ui_.scale();
  panel_.faster_while_moving = software_renderer(render::renderer_name().c_str());
  if (const std::optional<session::ExportSettings>& exports = remembered_.preferences.exports) {
    panel_.export_file = exports->file;
    panel_.export_size = std::clamp(exports->size_index, 0, int(std::size(ui::kExportSizes)) - 1);
    panel_.export_fps = exports->fps;
  }
  if (const std::optional<session::PracticeSettings>& practising = remembered_.preferences.practice) {
    panel_.learner = practising->learner;
    panel_.practice_follow = practising->follow_me;
  }
  panel_.technique_error = content_.technique_error;
  panel_.catalogue_error = catalogue_error_;
  panel_.gl_description = window_.description();
  panel_.knee_flexion_deg = options.knee_flexion_deg;

  controller_.set_window(window_.window_size(), window_.framebuffer_size(), window_.cursor_position(),
                         window_.hovered());
  scene::OrbitCamera& camera = viewer_.camera;
  camera.set_view(options.view, false);
  const client::ClientScene& stage = viewer_.stage_for(nullptr, options.knee_flexion_deg);
  if (!options.view_set && stage.position != client::Position::anatomical)
    camera.set_view(stage.therapist_view, false);  // a client on the table: from where the therapist stands
  initial_bounds_ = client::room_bounds(model, {options.knee_flexion_deg}, stage);
  camera.frame(initial_bounds_, controller_.aspect());
  window_.set_input_handlers({
      [this](platform::MouseButton button, bool pressed) {
        controller_.mouse_button(button, pressed, window_.time());
      },
      [this](glm::dvec2 p) { controller_.cursor(p, window_.time()); },
      [this](glm::dvec2 offset) { controller_.scroll(offset, window_.time()); },
      [this](platform::Key key) {
        // A recording drives the player and the layers until it ends: keys wait for it (G used to
        // empty the player under it).
        if (ui_.wants_keyboard() || panel_.recording) return;
        if (const std::optional<KeyAction> pressed = action_for_key(key, viewer_.practice_still_valid()))
          app::apply(viewer_, *pressed, window_.time());
      },
  });
  read_remembered_scene();

  // --technique: open on it, playing (over a restored scene's), e.g. from a desktop shortcut, the
  // view framed on the hands from the first frame.
  if (!options.technique.empty()) {
    viewer_.start_technique(find_technique(viewer_.techniques, options.technique).id);
    stage::TechniquePlayer& player = viewer_.player;
    if (player.current())
      viewer_.work.follow(
          stage::working_view(*player.current(), viewer_.stage_for(player.current(), player.update())), true);
  }
}

// Saved scenes: the last state comes back at start when it was of the same model and the command
// line asks for nothing else; it is saved again on the way out.
void ViewerWindow::read_remembered_scene() {
  std::string& start_message = remembered_.message;
  try {
    remembered_.last_scene = session::last_scene_path();
    remembered_.recent_list = session::recent_files_path();
    std::string message;
    bool left_in_place = false;
    panel_.recent_scenes = session::read_recent(remembered_.recent_list, &message, &left_in_place);
    if (!message.empty()) {
      std::cerr << "kneeviz: warning: " << message << "\n";
      start_message += (start_message.empty() ? "" : "\n") + message;
    }
    if (left_in_place) remembered_.recent_list.clear();  // remembered for this session only
  } catch (const std::exception& error) {
    std::cerr << "kneeviz: warning: no settings folder, so nothing is remembered: " << error.what() << "\n";
  }
  const bool command_line_view =
      !options_.highlight.empty() || !options_.layers.empty() || !options_.hidden.empty();
  std::error_code exists_error;
  const std::filesystem::path& last_scene = remembered_.last_scene;
  if (!last_scene.empty() && !command_line_view && std::filesystem::exists(last_scene, exists_error)) {
    std::string message;
    bool left_in_place = false;
    const session::SceneState scene = session::load_scene_or_default(last_scene, &message, &left_in_place);
    if (left_in_place) remembered_.last_scene.clear();  // not ours to write over on the way out
    if (!message.empty()) {
      std::cerr << "kneeviz: " << message << "\n";
      start_message += (start_message.empty() ? "" : "\n") + message;
    } else if (scene.model == viewer_.model_file) {
      viewer_.apply_scene(scene);
      restored_scene_ = true;
    }
  }
  panel_.scene_message = start_message;
}

void ViewerWindow::frame() {
  viewer_.practice_still_valid();  // before the input that may use it
  poll();
  if (window_.minimised()) {
    window_.wait_events(0.1);
    return;
  }
  const float dt = tick();
  if (pending_ui_scale_) ui_.set_scale(*std::exchange(pending_ui_scale_, std::nullopt));
  ui_.begin_frame();
  file_choosing_.prepare(panel_);
  const ui::PanelRequests requests = ui::draw_panel(panel_);
  write_ui_map();
  file_choosing_.update(requests, panel_);
  if (recorder_) {
    record(requests);
    present(*last_drawn_, true);  // the view shows the last frame drawn before the recording began
    return;
  }
  apply(requests);
  const bool camera_moving = viewer_.update(dt, window_.time());
  render::RenderTarget& target = target_for(dt, camera_moving);
  const DrawnView view = draw_view(target);
  act_on_view(view, requests);
  present(target);
}

// The full-quality target, or while anything moves on a software renderer a quarter of the pixels
// or fewer, scaled up: the full-quality frame comes back when it all rests (app/motion_quality.h).
render::RenderTarget& ViewerWindow::target_for(float dt, bool camera_moving) {
  const bool moving = camera_moving || controller_.seconds_since_view_input(window_.time()) < 0.05 ||
                      panel_.auto_orbit || (viewer_.player.active() && viewer_.player.playback().playing()) ||
                      viewer_.glide.moving();
  const bool reduced = motion_.update(window_.time(), moving) && panel_.faster_while_moving;
  // The reduced frame's size follows how long the last ones took (smaller on a slower machine).
  if (last_reduced_) motion_.reduced_frame_took(double(dt) * 1000.0);
  last_reduced_ = reduced;
  render::RenderTarget& target = reduced ? moving_target_ : full_target_;
  last_drawn_ = &target;
  target.resize(motion_.size_for(window_.framebuffer_size(), reduced),
                reduced ? MotionQuality::kReducedSamples : panel_.display.msaa_samples);
  return target;
}

// Events in, and the window as they leave it: the cursor (for the pointer on the skin, clicks,
// zoom and hover) and the size the frame is drawn at; presenter mode's full screen.
void ViewerWindow::poll() {
  window_.poll_events();
  controller_.set_window(window_.window_size(), window_.framebuffer_size(), window_.cursor_position(),
                         window_.hovered());
  if (panel_.presenter != presenter_shown_) {  // asked for once, even where the monitor refuses
    window_.set_fullscreen(panel_.presenter);
    presenter_shown_ = panel_.presenter;
  }
  polled_at_ = window_.time();
}

// Seconds since the last frame; the panel shows a smoothed frame time.
float ViewerWindow::tick() {
  const auto now = Clock::now();
  const float dt = std::chrono::duration<float>(now - previous_).count();
  previous_ = now;
  smoothed_ms_ = smoothed_ms_ == 0.f ? dt * 1000.f : smoothed_ms_ * 0.95f + dt * 50.f;
  panel_.frame_ms = smoothed_ms_;
  return dt;
}

// What the panel asked of the window (the text's scale, vsync, the view's room beside the panel,
// files), and of the model.
void ViewerWindow::apply(const ui::PanelRequests& requests) {
  viewer_.apply(requests, window_.time());
  if (requests.ui_scale) {
    pending_ui_scale_ = remembered_.preferences.ui_scale = *requests.ui_scale;
    panel_.ui_scale = *requests.ui_scale;
  }
  if (requests.vsync_changed) window_.set_vsync(panel_.vsync);
  // Centre the view in the space right of the panel (and left of the practice card).
  scene::OrbitCamera& camera = viewer_.camera;
  const float window_width = float(std::max(window_.window_size().x, 1));
  const float card_width = panel_.practice ? std::max(0.f, window_width - requests.practice.left_edge) : 0.f;
  camera.lens_shift_x = std::clamp((requests.panel_right - card_width) / window_width, -0.5f, 0.5f);
  camera.free_width = (window_width - requests.panel_right - card_width) / window_width;
  // The panel's width is known only once it is drawn: frame again for the space it leaves.
  if (frames_ == 0 && !restored_scene_) camera.frame(initial_bounds_, controller_.aspect());
  if (requests.save_scene) {
    try {
      session::write_scene_file(*requests.save_scene, viewer_.capture());
      panel_.scene_message = "Saved " + *requests.save_scene;
      remember_recent(*requests.save_scene);
    } catch (const std::exception& error) {
      panel_.scene_message = error.what();
    }
  }
  if (requests.open_scene) {
    try {
      viewer_.apply_scene(session::read_scene_file(*requests.open_scene));
      panel_.scene_message = "Opened " + *requests.open_scene;
      remember_recent(*requests.open_scene);
    } catch (const std::exception& error) {
      panel_.scene_message = error.what();  // the scene as it was stays on screen
    }
  }
  if (viewer_.practice_still_valid()) {
    const int steps = controller_.take_pressure_steps();
    if (steps != 0) viewer_.practice.step_pressure(steps);
  }
  controller_.set_practice(viewer_.practice.recording());
}

void ViewerWindow::remember_recent(const std::string& file) {
  if (remembered_.recent_list.empty()) return;
  session::add_recent(panel_.recent_scenes, file);
  session::write_recent(remembered_.recent_list, panel_.recent_scenes);
}

// The client on the table (turning into a new position over a second rather than jumping), the
// scene composed on it and drawn with its overlays.
DrawnView ViewerWindow::draw_view(render::RenderTarget& target) {
  const client::ClientScene& stage = viewer_.glide.show(viewer_.stage(), window_.time());
  panel_.shown_position = stage.position;
  PracticeMode& practice = viewer_.practice;
  scene::OrbitCamera& camera = viewer_.camera;
  const bool reduced = &target == &moving_target_;
  render::DisplaySettings display = panel_.display;
  if (reduced) display.outline_px *= motion_.scale();
  // While the client turns into a new position the hands stand back, and come in as it lands.
  // Practising, the reference's hands are faint ghosts to follow, pressing nothing, or not there,
  // and its path ahead shows only when following it.
  DrawnView view{
      .target = &target,
      .size = target.size(),
      .view_projection = camera.projection(controller_.aspect()) * camera.view(),
      .staged = stage::compose_scene(
          viewer_.player, regions_, regions_.styles(), stage, panel_.knee_flexion_deg,
          {.hands = !viewer_.glide.moving() && (!practice.active() || practice.shows_reference_hands()),
           .ghost_hands = practice.active(),
           .strokes = !practice.active() || practice.shows_path_ahead()}),
      .display = display,
      .reduced = reduced,
      .time_seconds = float(window_.time())};
  trace_practice(view);
  renderer_.draw(*view.target, view.staged.posed,
                 view.staged.frame(camera, view.display, view.time_seconds, view.reduced));
  overlay_.draw(*view.target, camera, view.staged.zones, 0.f);
  overlay_.draw(*view.target, camera, view.staged.strokes);
  if (practice.active()) {
    render::OverlayGeometry traced = practice.overlay();
    render::transform_overlay(traced, view.staged.posed.placement());
    overlay_.draw(*view.target, camera, traced, 0.35f);
  }
  return view;
}

// Practising: the pointer on the skin, as the leg lies for the phase, is where the learner's hand
// touches.
void ViewerWindow::trace_practice(const DrawnView& view) {
  PracticeMode& practice = viewer_.practice;
  const stage::TechniquePlayer& player = viewer_.player;
  if (!practice.active() || !player.timeline()) return;
  const glm::mat4 unproject = glm::inverse(view.view_projection);
  const glm::mat4 from_room = glm::inverse(view.staged.posed.placement());
  const technique::LimbFrame& leg = player.timeline()->frame_at(practice.reference_time(window_.time()));
  const auto skin_at = [&](glm::vec2 ndc) -> std::optional<glm::vec3> {
    const glm::vec4 near = unproject * glm::vec4(ndc, -1.f, 1.f), far = unproject * glm::vec4(ndc, 1.f, 1.f);
    const glm::vec3 origin = glm::vec3(from_room * glm::vec4(glm::vec3(near) / near.w, 1.f));
    const glm::vec3 end = glm::vec3(from_room * glm::vec4(glm::vec3(far) / far.w, 1.f));
    const auto hit = leg.skin().intersect(origin, end - origin, 0.f, 1.f);
    return hit ? std::optional<glm::vec3>(hit->point) : std::nullopt;
  };
  for (const PointerInput::PointerEvent& event : controller_.take_pointer_events(polled_at_))
    practice.update(event.t, skin_at(event.ndc), event.pressing);
  // And now, so that a hand held still goes on being recorded.
  practice.update(window_.time(), ui_.wants_mouse() ? std::nullopt : skin_at(controller_.cursor_ndc()),
                  controller_.pressing());
}

// The notes where their points fall in a picture seen through `eye`; faint where the leg, as drawn
// in the window this frame, hides them.
std::vector<ui::NoteOnScreen> ViewerWindow::notes_in(const DrawnView& view, const glm::mat4& eye,
                                                     glm::vec2 pixels) const {
  const session::Annotations& annotations = viewer_.annotations;
  const glm::mat4& to_room = view.staged.posed.placement();
  std::vector<ui::NoteOnScreen> out;
  for (std::size_t i = 0; i < annotations.notes.size(); ++i) {
    const glm::vec4 point = to_room * glm::vec4(annotations.notes[i].position, 1.f);
    const glm::vec4 clip = eye * point;
    if (clip.w <= 0.f) continue;
    const glm::vec3 ndc = glm::vec3(clip) / clip.w;
    if (glm::any(glm::greaterThan(glm::abs(glm::vec2(ndc)), glm::vec2(1.f)))) continue;
    bool in_front = true;
    if (const glm::vec4 seen = view.view_projection * point; seen.w > 0.f) {
      const glm::vec3 window_ndc = glm::vec3(seen) / seen.w;
      if (glm::all(glm::lessThanEqual(glm::abs(glm::vec2(window_ndc)), glm::vec2(1.f)))) {
        const glm::vec2 unit{window_ndc.x * 0.5f + 0.5f, 0.5f - window_ndc.y * 0.5f};
        const glm::ivec2 pixel = glm::min(glm::ivec2(unit * glm::vec2(view.size)), view.size - 1);
        in_front = window_ndc.z * 0.5f + 0.5f <= view.target->read_depth(pixel) + 1e-3f;
      }
    }
    out.push_back({glm::vec2(ndc.x * 0.5f + 0.5f, 0.5f - ndc.y * 0.5f) * pixels, in_front, int(i) + 1,
                   annotations.notes[i].text});
  }
  return out;
}

// The point of the model under the cursor, as drawn, in the room (nothing over the background).
std::optional<glm::vec3> ViewerWindow::point_under_cursor(const DrawnView& view) const {
  const glm::vec2 ndc = controller_.cursor_ndc();
  const glm::ivec2 pixel{int((ndc.x * 0.5f + 0.5f) * view.size.x), int((0.5f - ndc.y * 0.5f) * view.size.y)};
  const float depth = view.target->read_depth(pixel);
  if (depth >= 1.f) return std::nullopt;
  const glm::vec4 world = glm::inverse(view.view_projection) * glm::vec4(ndc, depth * 2.f - 1.f, 1.f);
  return glm::vec3(world) / world.w;
}

// What the user did on the view this frame, against what it drew: an export begun, the hover's
// name, a pen stroke, a click, a double-click's focus, a move of the view.
void ViewerWindow::act_on_view(const DrawnView& view, const ui::PanelRequests& requests) {
  if (requests.export_request) start_export(*requests.export_request, view);
  if (ui::ui_map_on()) map_for_tests(view);
  // Hover names the structure under the cursor; a click selects it.
  const std::optional<glm::ivec2> hover = controller_.hover_pixel(view.size);
  std::optional<std::size_t> hovered;
  if (hover && !viewer_.practice.recording())
    hovered = renderer_.pick(*view.target, view.staged.posed,
                             view.staged.frame(viewer_.camera, view.display, view.time_seconds, view.reduced),
                             *hover);
  const anatomy::Structure* hovered_structure = hovered ? regions_.structure_of_mesh(*hovered) : nullptr;
  controller_.set_pen(panel_.pen);
  if (std::optional<std::vector<glm::vec2>> points = controller_.take_stroke())
    viewer_.add_pen_stroke(std::move(*points));
  if (controller_.take_click()) {
    // Notes and spots on the leg are kept in the model's own space, wherever the leg lies.
    std::optional<glm::vec3> point = point_under_cursor(view);
    if (point) point = glm::vec3(glm::inverse(view.staged.posed.placement()) * glm::vec4(*point, 1.f));
    viewer_.click(point, view.staged.posed, hovered_structure);
  }
  draw_overlays(view, requests, hovered_structure);
  if (controller_.take_focus_request())
    if (const std::optional<glm::vec3> point = point_under_cursor(view)) {
      // Centred there and, from further away, brought to a working distance: a hand's reach of
      // leg (30 cm) across the view.
      scene::Bounds reach;
      reach.extend(*point - glm::vec3(0.15f));
      reach.extend(*point + glm::vec3(0.15f));
      viewer_.camera.focus_on(*point, viewer_.camera.framing_distance(reach, viewer_.camera.angles()));
      viewer_.work.release();
    }
  if (controller_.take_user_move()) viewer_.work.release();
}

// Over the view, in ImGui: the hovered structure's name, the caption, the notes and the drawing.
void ViewerWindow::draw_overlays(const DrawnView& view, const ui::PanelRequests& requests,
                                 const anatomy::Structure* hovered) {
  // In presenter mode a name shows only while the mouse moves: a cursor left resting on the leg
  // must not label it for the whole lesson.
  if (hovered && !ui_.wants_mouse() && !viewer_.practice.active() &&
      (!panel_.presenter || controller_.seconds_since_motion(window_.time()) < 2.0))
    ImGui::SetTooltip("%s", hovered->name.c_str());
  // In presenter mode the safety list fills the screen down to the bottom; a caption would lie
  // under it (at the lesson's start it says the same in brief). It comes back when S closes it.
  const bool safety_covers_caption = panel_.presenter && panel_.show_safety && panel_.clinic;
  if (panel_.lesson && !safety_covers_caption)
    draw_caption(panel_.lesson->title, panel_.lesson->steps[std::size_t(panel_.lesson_step)].caption,
                 requests.panel_right, panel_.presenter);
  else if (!panel_.lesson && !safety_covers_caption && viewer_.player.active() && !panel_.caption.empty())
    draw_caption(panel_.technique->name, panel_.caption, requests.panel_right, panel_.presenter);
  // The notes where their points fall this frame, faint where the leg hides them.
  const std::vector<ui::NoteOnScreen> notes_on_screen =
      notes_in(view, view.view_projection, glm::vec2(window_.window_size()));
  std::optional<session::PenStroke> drawing;
  if (controller_.drawing())
    drawing = session::PenStroke{ui::kPenColours[panel_.pen_colour].hex, *controller_.drawing()};
  ui::draw_annotations(viewer_.annotations.strokes, drawing ? &*drawing : nullptr, notes_on_screen,
                       panel_.presenter);
}

// For GUI tests: where the hands and the table lie on screen, a frame late in the map; practising,
// the phase's reference path, a point every half second of contact, named with its time from the
// phase's start ("practice path 03 at 1.50"), for a test to trace it with the pointer.
void ViewerWindow::map_for_tests(const DrawnView& view) const {
  const glm::vec2 window_extent = glm::vec2(window_.window_size());
  const auto on_screen = [&](const glm::vec3& point, glm::vec2& p) {
    const glm::vec4 clip = view.view_projection * glm::vec4(point, 1.f);
    if (clip.w <= 0.f) return false;
    const glm::vec2 ndc = glm::vec2(clip) / clip.w;
    p = glm::vec2(ndc.x * 0.5f + 0.5f, 0.5f - ndc.y * 0.5f) * window_extent;
    return true;
  };
  const auto map_mesh = [&](const std::string& name, const scene::Mesh& mesh) {
    glm::vec2 lo(std::numeric_limits<float>::max()), hi(std::numeric_limits<float>::lowest()), p;
    for (std::size_t v = 0; v < mesh.vertices.size(); v += 3) {
      if (!on_screen(mesh.vertices[v].position, p)) continue;
      lo = glm::min(lo, p);
      hi = glm::max(hi, p);
    }
    if (lo.x <= hi.x) ui::map_rect(name, lo.x, lo.y, hi.x, hi.y);
  };
  const stage::StagedScene& staged = view.staged;
  for (std::size_t i = 0; i < staged.props.size(); ++i)
    if (i < staged.hands)
      map_mesh(i == 0 ? "right hand" : "left hand", staged.props[i]);
    else if (staged.props[i].name == "table")
      map_mesh("table", staged.props[i]);
  const practice::PracticeSession* session = viewer_.practice.session();
  if (!session || session->stage() == practice::PracticeSession::Stage::finished) return;
  const technique::PhaseSpan& span = session->span();
  const technique::Trace path =
      technique::reference_trace(*viewer_.player.timeline(), 0.5, {span.start, span.end});
  int n = 0;
  for (const technique::TraceSample& s : path.samples) {
    glm::vec2 p;
    if (!s.contact || !on_screen(glm::vec3(staged.posed.placement() * glm::vec4(s.p, 1.f)), p)) continue;
    char name[48];
    std::snprintf(name, sizeof name, "practice path %02d at %.2f", n++, s.t);
    ui::map_rect(name, p.x, p.y, p.x, p.y);
  }
}

// The view into the window, the panel over it, and (with --exit-after-frames) the screenshot of
// what the user sees; then the swap.
void ViewerWindow::present(render::RenderTarget& target, bool recording) {
  const glm::ivec2 size = window_.framebuffer_size();
  target.blit_to(0, size);
  render::use_window_viewport(size);
  ui_.end_frame();
  if (!recording) {
    ++frames_;
    if (options_.exit_after_frames > 0 && frames_ >= options_.exit_after_frames) {
      // What the user sees, panel included: read the window's back buffer before the swap.
      if (!options_.screenshot.empty())
        io::write_png(options_.screenshot, size, render::read_window(size).rgba);
      window_.request_close();
    }
  }
  window_.swap_buffers();
  if (!recording && remembered_.start_guard)
    remembered_.start_guard->started();  // the window is up: its saved files did not stop it
}

// Export: a screenshot of the view as it is, at the size asked, or a recording of the technique or
// lesson. A recording drives the player and the layers; the scene comes back afterwards.
void ViewerWindow::start_export(const ui::ExportRequest& request, const DrawnView& view) {
  const std::filesystem::path file = request.file;
  const std::string size = std::to_string(request.size.x) + "x" + std::to_string(request.size.y);
  try {
    if (request.kind == ui::ExportRequest::Kind::screenshot) {
      if (file.extension() != ".png")
        throw io::FileError(request.file + ": a screenshot is saved as a .png file");
      render::Snapshot shot;
      shot.size = request.size;
      shot.display = panel_.display;
      shot.time_seconds = float(window_.time());
      view.staged.fill(shot);
      shot.camera = viewer_.camera;
      shot.camera->lens_shift_x = 0.f;  // the picture has no panel to make room for
      render::Image image = render::render_snapshot(renderer_, model_, shot);
      // The pen's strokes and the pinned notes, as the window shows them: the strokes moved with
      // the lines of sight they mark, the notes' type scaled with the picture.
      const float aspect = float(request.size.x) / float(request.size.y);
      const glm::mat4 eye = shot.camera->projection(aspect) * shot.camera->view();
      stamp_annotations(
          image, ui::strokes_for_picture(viewer_.annotations.strokes, view.view_projection, eye),
          notes_in(view, eye, glm::vec2(request.size)),
          float(request.size.y) / float(std::max(1, window_.window_size().y)), panel_.presenter);
      io::write_png(file, image.size, image.rgba);
      panel_.export_message = "Saved " + request.file + " (" + size + ")";
      return;
    }
    ClipSettings settings{file, request.size, request.fps};
    settings.msaa_samples = panel_.display.msaa_samples;
    before_recording_ = viewer_.capture();
    stage::TechniquePlayer& player = viewer_.player;
    if (request.kind == ui::ExportRequest::Kind::technique && panel_.technique) {
      settings.speed = player.playback().speed();
      // The list's copy: choosing a technique replaces the one the player holds.
      for (const technique::Technique& t : viewer_.techniques)
        if (t.id == panel_.technique->id)
          recorder_ = std::make_unique<ClipRecorder>(model_, player, regions_, renderer_, t, settings);
    } else if (request.kind == ui::ExportRequest::Kind::lesson && panel_.lesson) {
      recorder_ = std::make_unique<ClipRecorder>(model_, player, regions_, renderer_, *panel_.lesson,
                                                 viewer_.techniques, settings);
    }
    panel_.recording = recorder_ != nullptr;
    panel_.recording_progress = 0.f;
    if (!recorder_) restore_after_recording();
  } catch (const std::exception& error) {
    panel_.export_message = error.what();
    recorder_.reset();
    restore_after_recording();
  }
}

// As many frames as fit in a tenth of a second, then the progress bar again.
void ViewerWindow::record(const ui::PanelRequests& requests) {
  bool finished = requests.cancel_recording;
  try {
    const auto until = Clock::now() + std::chrono::milliseconds(100);
    while (!finished && !recorder_->done() && Clock::now() < until) {
      recorder_->record_next();
      print_progress(*recorder_);
    }
    if (recorder_->done()) {
      recorder_->finish();
      panel_.export_message = "Saved " + recorder_->settings().out.string() + " (" +
                              std::to_string(recorder_->frame_count()) + " frames)";
      finished = true;
    } else if (finished) {
      panel_.export_message = "Recording cancelled; nothing was written.";
    }
  } catch (const std::exception& error) {
    panel_.export_message = error.what();
    finished = true;
  }
  panel_.recording_progress = float(recorder_->frames_written()) / float(recorder_->frame_count());
  panel_.recording_label = "Recording " + recorder_->title() + " to " + recorder_->settings().out.string() +
                           ": frame " + std::to_string(recorder_->frames_written()) + " of " +
                           std::to_string(recorder_->frame_count());
  if (finished) {
    recorder_.reset();
    panel_.recording = false;
    restore_after_recording();
  }
}

void ViewerWindow::restore_after_recording() {
  if (!before_recording_) return;
  viewer_.apply_scene(*before_recording_);
  if (!before_recording_->technique) viewer_.stop_technique();
  viewer_.lesson_clock.restart(panel_.lesson ? panel_.lesson_step : -1);
  before_recording_.reset();
}

void ViewerWindow::close() {
  if (!remembered_.last_scene.empty()) {
    try {
      session::write_scene_file(remembered_.last_scene, viewer_.capture());
    } catch (const std::exception& error) {
      std::cerr << "kneeviz: warning: the scene could not be kept for next time: " << error.what() << "\n";
    }
  }
  if (remembered_.preferences_file.empty()) return;
  session::Preferences& preferences = remembered_.preferences;
  const platform::WindowPlacement now = window_.placement();
  preferences.window =
      session::WindowPlacement{now.position.x, now.position.y, now.size.x, now.size.y, now.maximised};
  preferences.exports = session::ExportSettings{panel_.export_file, panel_.export_size, panel_.export_fps};
  if (!panel_.learner.empty() || !panel_.practice_follow || preferences.practice)
    preferences.practice = session::PracticeSettings{
        panel_.learner.size() <= session::kMaxLearnerNameBytes ? panel_.learner : std::string(),
        panel_.practice_follow};
  try {
    session::write_preferences(remembered_.preferences_file, preferences);
  } catch (const std::exception& error) {
    std::cerr << "kneeviz: warning: the window's place, text size and export settings could not be kept: "
              << error.what() << "\n";
  }
}

}  // namespace

int run_viewer(const Options& options) {
  const scene::Model model = load_requested_model(options);
  std::optional<ViewerWindow> viewer;
  try {
    viewer.emplace(options, model);
  } catch (const UsageError& error) {
    std::cerr << "kneeviz: " << error.what() << "\n";
    return 2;
  }
  while (viewer->open()) viewer->frame();
  viewer->close();
  std::cout << "kneeviz: closed after " << viewer->frames() << " frames\n";
  return 0;
}

}  // namespace kneeviz::app
