// The interactive viewer: one window, one fixed frame order.
#include <algorithm>
#include <cfloat>
#include <chrono>
#include <filesystem>
#include <functional>
#include <iostream>
#include <limits>
#include <optional>
#include <utility>
#define GLFW_INCLUDE_NONE
#include <GLFW/glfw3.h>
#include <imgui.h>

#include "app/assets.h"
#include "app/client_stage.h"
#include "app/clip_recorder.h"
#include "app/commands.h"
#include "app/file_choosing.h"
#include "app/key_bindings.h"
#include "app/motion_quality.h"
#include "app/pain_spot.h"
#include "app/practice_mode.h"
#include "app/scene_state.h"
#include "app/stamped_notes.h"
#include "app/technique_player.h"
#include "app/work_camera.h"
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
#include "ui/annotations.h"
#include "ui/imgui_layer.h"
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

// Turns mouse input into camera motion, unless the UI has it.
class CameraController {
 public:
  CameraController(scene::OrbitCamera& camera, platform::WindowContext& window, const ui::ImGuiLayer& ui)
      : camera_(camera), window_(window), ui_(ui) {}

  // With the pen on, a left drag draws instead of turning the camera.
  void set_pen(bool on) { pen_ = on; }
  // While a practice phase is performed, the left button is the hand on the skin and the wheel
  // sets the pressure; the camera keeps still under them.
  void set_practice(bool on) {
    practice_ = on;
    if (!on) {
      pressing_ = false;
      pointer_events_.clear();
    }
  }
  bool pressing() const { return pressing_; }
  // Wheel steps taken while practising (up: firmer), once.
  int take_pressure_steps() { return std::exchange(pressure_steps_, 0); }
  // While practising, every pointer event since the last frame, in order, with its time: the
  // trace follows the mouse at its own rate, however slowly the frames come.
  struct PointerEvent {
    double t = 0.0;
    glm::vec2 ndc{0.f};
    bool pressing = false;
  };
  // GLFW gives events no time of their own and delivers them all when the frame polls: they are
  // spread evenly over the time since the last poll, as they came.
  std::vector<PointerEvent> take_pointer_events(double now) {
    std::vector<PointerEvent> events = std::exchange(pointer_events_, {});
    const double from = std::min(std::max(last_taken_, now - 5.0), now);
    for (std::size_t i = 0; i < events.size(); ++i)
      events[i].t = from + (now - from) * double(i + 1) / double(events.size() + 1);
    last_taken_ = now;
    return events;
  }
  glm::vec2 ndc_of(glm::dvec2 position) const {
    const glm::vec2 p = normalised(position);
    return {p.x * 2.f - 1.f, 1.f - p.y * 2.f};
  }

  void mouse_button(int button, int action) {
    if (action == GLFW_RELEASE) {
      if (button == GLFW_MOUSE_BUTTON_LEFT && pressing_) {
        pressing_ = false;
        pointer_events_.push_back({glfwGetTime(), ndc_of(last_), false});
        return;
      }
      if (drawing_) {
        finished_stroke_ = std::move(drawing_);
        drawing_.reset();
      } else if (dragging_ == GLFW_MOUSE_BUTTON_LEFT && glm::distance(last_, pressed_at_) < 4.0) {
        clicked_ = true;
      }
      dragging_ = -1;
      return;
    }
    if (ui_.wants_mouse()) return;
    // Where the cursor was when the button went down, from the events in order: polling the
    // cursor now would give where it is after the motion queued behind the press, and the drag
    // would jump by that much on a slow frame.
    if (practice_ && button == GLFW_MOUSE_BUTTON_LEFT) {
      pressing_ = true;
      pointer_events_.push_back({glfwGetTime(), ndc_of(last_), true});
      return;
    }
    dragging_ = button;
    pressed_at_ = last_;
    if (button != GLFW_MOUSE_BUTTON_LEFT) return;
    if (pen_) {
      drawing_ = std::vector<glm::vec2>{normalised(last_)};
      return;
    }
    const double now = glfwGetTime();
    const bool double_click = now - last_click_time_ < 0.35 && glm::distance(last_, last_click_) < 5.0;
    last_click_time_ = double_click ? -1.0 : now;
    last_click_ = last_;
    if (double_click) focus_requested_ = true;
  }

  void cursor(glm::dvec2 position) {
    const glm::vec2 delta = glm::vec2(position - last_);
    last_ = position;
    last_motion_time_ = glfwGetTime();
    if (practice_ && !ui_.wants_mouse() && pointer_events_.size() < 10000)
      pointer_events_.push_back({last_motion_time_, ndc_of(position), pressing_});
    if (drawing_) {
      // A point every few pixels is smooth enough and keeps saved scenes small.
      const glm::vec2 p = normalised(position);
      const glm::vec2 window = glm::vec2(window_.window_size());
      if (glm::length((p - drawing_->back()) * window) >= 3.f) drawing_->push_back(p);
      // A long scribble goes on as a new stroke from the same point: a scene keeps strokes of
      // up to session::kMaxPenPoints.
      if (drawing_->size() == session::kMaxPenPoints && !finished_stroke_) {
        finished_stroke_ = std::move(drawing_);
        drawing_ = std::vector<glm::vec2>{finished_stroke_->back()};
      }
    } else if (dragging_ == GLFW_MOUSE_BUTTON_LEFT) {
      camera_.orbit(delta);
      last_view_input_ = glfwGetTime();
      user_moved_ = user_moved_ || glm::distance(last_, pressed_at_) >= 4.0;  // a drag, not a click
    } else if (dragging_ == GLFW_MOUSE_BUTTON_RIGHT || dragging_ == GLFW_MOUSE_BUTTON_MIDDLE) {
      camera_.pan(delta, float(window_.window_size().y));
      last_view_input_ = glfwGetTime();
      user_moved_ = user_moved_ || glm::distance(last_, pressed_at_) >= 4.0;
    }
  }

  void scroll(glm::dvec2 offset) {
    if (ui_.wants_mouse()) return;
    if (practice_) {
      pressure_steps_ += offset.y > 0.0 ? 1 : offset.y < 0.0 ? -1 : 0;
      return;
    }
    camera_.zoom(float(offset.y), cursor_ndc(), aspect());
    user_moved_ = true;
    last_view_input_ = glfwGetTime();
  }

  // A window position in normalised window coordinates: (0, 0) top left, (1, 1) bottom right.
  glm::vec2 normalised(glm::dvec2 position) const {
    return glm::vec2(position) / glm::max(glm::vec2(window_.window_size()), glm::vec2(1.f));
  }
  // The pen stroke being drawn, if any, and once each finished one.
  const std::optional<std::vector<glm::vec2>>& drawing() const { return drawing_; }
  std::optional<std::vector<glm::vec2>> take_stroke() {
    return std::exchange(finished_stroke_, std::nullopt);
  }

  glm::vec2 cursor_ndc() const {
    const glm::vec2 size = glm::max(glm::vec2(window_.window_size()), glm::vec2(1.f));
    const glm::vec2 p = glm::vec2(window_.cursor_position()) / size;
    return {p.x * 2.f - 1.f, 1.f - p.y * 2.f};
  }
  float aspect() const {
    const glm::ivec2 size = window_.framebuffer_size();
    return float(size.x) / float(std::max(size.y, 1));
  }
  // Seconds since the mouse last moved.
  double seconds_since_motion() const { return glfwGetTime() - last_motion_time_; }
  // True once after a double-click in the 3D view.
  bool take_focus_request() { return std::exchange(focus_requested_, false); }
  // True once after a left click (press and release without dragging) in the 3D view.
  bool take_click() { return std::exchange(clicked_, false); }
  // Seconds since the mouse last turned, panned or zoomed the view.
  double seconds_since_view_input() const { return glfwGetTime() - last_view_input_; }
  // True once after the user turned, panned or zoomed the view with the mouse.
  bool take_user_move() { return std::exchange(user_moved_, false); }
  // The framebuffer pixel under the cursor while it rests over the 3D view, not dragging.
  std::optional<glm::ivec2> hover_pixel(glm::ivec2 framebuffer) const {
    if (dragging_ >= 0 || ui_.wants_mouse() || !glfwGetWindowAttrib(window_.handle(), GLFW_HOVERED))
      return std::nullopt;
    const glm::vec2 ndc = cursor_ndc();
    return glm::ivec2(int((ndc.x * 0.5f + 0.5f) * framebuffer.x), int((0.5f - ndc.y * 0.5f) * framebuffer.y));
  }

 private:
  scene::OrbitCamera& camera_;
  platform::WindowContext& window_;
  const ui::ImGuiLayer& ui_;
  int dragging_ = -1;
  bool user_moved_ = false;
  double last_view_input_ = -1e9;
  glm::dvec2 last_{0.0};
  glm::dvec2 last_click_{-100.0};
  double last_click_time_ = -1.0;
  bool focus_requested_ = false;
  bool clicked_ = false;
  glm::dvec2 pressed_at_{0.0};
  bool pen_ = false;
  bool practice_ = false, pressing_ = false;
  int pressure_steps_ = 0;
  std::vector<PointerEvent> pointer_events_;
  double last_taken_ = 0.0;
  double last_motion_time_ = 0.0;
  std::optional<std::vector<glm::vec2>> drawing_, finished_stroke_;
};

// The phase caption, large, centred under the leg in the space the panel leaves: what a room
// reads off a projector while the hand works.
void draw_caption(const std::string& title, const std::string& caption, float panel_right, bool large) {
  const ImGuiViewport* viewport = ImGui::GetMainViewport();
  ImFont* font = large ? ui::ImGuiLayer::large_font() : ImGui::GetFont();
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

}  // namespace

int run_viewer(const Options& options) {
  scene::Model model = load_requested_model(options);
  TechniquePlayer player(model);
  PracticeMode practice(technique::zone_lookup(clinic::ClinicContent::builtin().caution_zones));
  std::uint64_t practice_layout = 0;  // the player's layout the practice was begun on
  // The client on the table: the position chosen (--position, the panel), else the technique's own
  // while one plays, else standing for anatomy study.
  std::optional<client::Position> chosen_position = options.position;
  player.set_position(chosen_position);  // the hands fit the leg as that position lays it
  StageKeeper stages(model);
  StageGlide glide;
  const std::vector<scene::Mesh> no_hands;  // what a frame holds of the hands while the client turns
  const std::vector<scene::SkinDent> no_dents;
  const auto stage_for = [&](const technique::Technique* technique,
                             float knee_flexion_deg) -> const client::ClientScene& {
    const client::Position position = position_for(chosen_position, technique);
    return stages.at(position, supports_for(position, technique), knee_flexion_deg);
  };
  // The view a technique opens on: from where the therapist stands when the client lies on the
  // table, else from the technique's best side.
  const auto opening_view = [&](const technique::Technique& t, const client::ClientScene& stage) {
    return working_view(t, stage);
  };
  // The window's own preferences: where it was, and the size of the panel and its text.
  // A start that died before its first frame, perhaps on one of them, has them set aside first,
  // so that no saved file stops the window twice.
  std::filesystem::path preferences_file;
  session::Preferences preferences;
  std::optional<session::StartGuard> start_guard;
  std::string start_message;  // for the panel, once it exists
  try {
    preferences_file = session::preferences_path();
    start_guard.emplace(session::config_dir());
    start_message = start_guard->set_aside_after_crash(
        {session::last_scene_path(), session::recent_files_path(), preferences_file});
    if (!start_message.empty()) std::cerr << "kneeviz: warning: " << start_message << "\n";
    std::string message;
    bool left_in_place = false;
    preferences = session::read_preferences(preferences_file, &message, &left_in_place);
    if (!message.empty()) std::cerr << "kneeviz: warning: " << message << "\n";
    if (left_in_place) preferences_file.clear();  // not ours to write over
  } catch (const std::exception&) {               // no settings folder: reported below with the scene's
  }
  platform::WindowOptions window_options{"kneeviz: " + model.source, {0, 0}, true, std::nullopt};
  if (const std::optional<session::WindowPlacement>& was = preferences.window)
    window_options.placement =
        platform::WindowPlacement{{was->x, was->y}, {was->width, was->height}, was->maximised};
  platform::WindowContext window(window_options);
  // 100 % on an ordinary screen, the monitor's DPI scale on a dense one, unless the user chose.
  ui::ImGuiLayer ui(window.handle(),
                    preferences.ui_scale.value_or(
                        std::clamp(window.content_scale(), session::kMinUiScale, session::kMaxUiScale)));
  std::optional<float> pending_ui_scale;  // chosen in the panel, applied between frames
  render::Renderer renderer;
  renderer.upload(model);
  const render::OverlayRenderer overlay;
  render::OverlayGeometry zones;  // the caution zones of the technique playing
  int zones_phase = -2;           // the phase they were computed for
  // The 3D view's targets: full quality, and a smaller one while the picture moves.
  render::RenderTarget full_target, moving_target;
  render::RenderTarget* last_drawn = &full_target;  // shown again while a recording runs
  MotionQuality motion;

  // A --regions file that does not parse or fit the model is reported in the panel, and the
  // window carries on with the built-in mapping.
  std::string catalogue_error;
  std::optional<anatomy::RegionView> regions;
  try {
    regions.emplace(model, load_catalogue(model, options));
  } catch (const std::exception& error) {
    catalogue_error = error.what();
    std::cerr << "kneeviz: " << catalogue_error << "\n";
    Options builtin = options;
    builtin.regions.clear();
    regions.emplace(model, load_catalogue(model, builtin));
  }
  std::vector<render::MeshStyle> styles;
  try {
    apply_view_options(*regions, model, options, styles);
  } catch (const UsageError& error) {
    std::cerr << "kneeviz: " << error.what() << "\n";
    return 2;
  }
  // --hide is a start-up choice: fold it into the region view so the panel can undo it.
  for (const std::string& name : options.hidden) regions->set_structure_hidden(name, true);

  std::vector<technique::Technique> techniques;
  std::string technique_error;
  try {
    techniques = load_shipped_techniques(regions->catalogue());
    order_for_panel(techniques, regions->catalogue());
  } catch (const std::exception& error) {
    technique_error = error.what();
    std::cerr << "kneeviz: " << technique_error << "\n";
  }

  std::vector<lesson::Lesson> lessons;
  try {
    std::vector<std::string> technique_ids;
    for (const technique::Technique& t : techniques) technique_ids.push_back(t.id);
    lessons =
        lesson::load_lesson_folder(find_assets_folder() / "lessons", &regions->catalogue(), &technique_ids);
  } catch (const std::exception& error) {
    std::cerr << "kneeviz: " << error.what() << "\n";
  }

  ui::PanelState panel;
  FileChoosing file_choosing;  // Browse: the desktop's chooser where a portal answers
  panel.ui_scale = ui.scale();
  panel.faster_while_moving = software_renderer(render::renderer_name().c_str());
  if (const std::optional<session::ExportSettings>& exports = preferences.exports) {
    panel.export_file = exports->file;
    panel.export_size = std::clamp(exports->size_index, 0, int(std::size(ui::kExportSizes)) - 1);
    panel.export_fps = exports->fps;
  }
  if (const std::optional<session::PracticeSettings>& practising = preferences.practice) {
    panel.learner = practising->learner;
    panel.practice_follow = practising->follow_me;
  }
  panel.position = options.position;
  panel.model = &model;
  panel.lessons = &lessons;
  panel.techniques = &techniques;
  panel.clinic = &clinic::ClinicContent::builtin();
  panel.technique_error = technique_error;
  panel.regions = &*regions;
  panel.catalogue_error = catalogue_error;
  panel.model_file = model.source;
  panel.gl_description = window.description();
  panel.knee_flexion_deg = options.knee_flexion_deg;
  panel.knee_rig = scene::has_knee_rig(model);
  session::Annotations annotations;
  panel.notes = &annotations.notes;
  panel.strokes = &annotations.strokes;

  scene::OrbitCamera camera;
  WorkCamera work;  // while a technique plays, the camera follows the hands unless the user takes it
  bool restored_scene = false;
  double lesson_time = 0.0;               // seconds into the lesson playing
  int applied_step = -1;                  // the lesson step whose settings are on screen
  std::optional<std::string> key_lesson;  // G: start (or "" leave) a lesson, taken up by the loop
  // Starts a technique: lays it out, plays it, and turns the camera to where the hand works.
  const auto start_technique = [&](const std::string& id) {
    practice.end();  // on the technique's timeline, which is about to go
    panel.practice = nullptr;
    panel.technique = nullptr;
    player.choose(std::nullopt);
    for (const technique::Technique& t : techniques)
      if (t.id == id) {
        try {
          player.choose(t);
        } catch (const std::exception& error) {
          panel.technique_error = error.what();
          return;
        }
        panel.technique = player.current();
        zones_phase = -2;
        player.playback().play();
        // From where the therapist stands (or the technique's best side), whatever angle the view
        // had been turned to; then the view follows the hands from phase to phase.
        const float knee_flexion_deg = player.update();
        const client::ClientScene& stage = stage_for(&t, knee_flexion_deg);
        camera.set_scene(room_bounds(model, {knee_flexion_deg}, stage));  // the depth range holds the table
        work.follow(opening_view(t, stage));
      }
    panel.playback = &player.playback();
  };
  // Practise a technique: it is chosen and laid out as for playing, then held at each phase for the
  // learner to perform.
  const auto start_practice = [&](const std::string& id, bool follow) {
    start_technique(id);
    if (!player.timeline() || !player.current()) return;
    if (const std::optional<std::string> refused =
            practice.begin(*player.timeline(), player.current()->name,
                           follow ? PracticeGuide::follow_me : PracticeGuide::from_memory, panel.learner)) {
      panel.technique_error = *refused;
      return;
    }
    player.playback().pause();
    panel.practice = &practice.card();
    practice_layout = player.layouts();
  };
  const auto leave_practice = [&] {
    practice.end();
    panel.practice = nullptr;
  };
  // A practice holds on to the player's timeline: anything that lays out another (a lesson step,
  // a recording, a scene opened, the knee slider) ends it first thing.
  const auto practice_still_valid = [&] {
    if (practice.active() && player.layouts() != practice_layout) leave_practice();
    return practice.active();
  };
  CameraController controller(camera, window, ui);
  camera.set_view(options.view, false);
  if (const client::ClientScene& stage = stage_for(nullptr, options.knee_flexion_deg);
      !options.view_set && stage.position != client::Position::anatomical)
    camera.set_view(stage.therapist_view, false);  // a client on the table: from where the therapist stands
  const scene::Bounds initial_bounds =
      room_bounds(model, {options.knee_flexion_deg}, stage_for(nullptr, options.knee_flexion_deg));
  camera.frame(initial_bounds, controller.aspect());
  // A lesson changes the layers and highlights step by step; leaving it (G, another lesson, a
  // technique chosen by hand) gives back the layers it found, and no highlight of its own.
  std::vector<anatomy::Layer> layers_before_lesson;
  const auto leave_lesson = [&] {
    if (!panel.lesson) return;
    if (!layers_before_lesson.empty()) regions->layers() = layers_before_lesson;
    regions->clear_highlights();
    panel.lesson = nullptr;
    panel.lesson_playing = false;
    panel.show_safety = false;
    applied_step = -1;
  };
  // What a key asks for (app/key_bindings.h), done to the viewer.
  const auto run = [&](KeyAction pressed) {
    switch (pressed.action) {
      case Action::practice_enter:
        practice.enter(glfwGetTime());
        break;
      case Action::practice_pressure:
        practice.set_pressure_level(pressed.argument);
        break;
      case Action::leave_practice:
        leave_practice();
        break;
      case Action::practise: {  // presenter mode has no panel to start it from
        if (!player.current()) break;
        leave_lesson();
        const std::string id = player.current()->id;  // the player lets go of it on the way
        start_practice(id, panel.practice_follow);
        break;
      }
      case Action::reset_view:
        camera.reset();
        work.release();
        break;
      case Action::follow_hands:
        if (player.current())
          work.follow(opening_view(*player.current(), stage_for(player.current(), panel.knee_flexion_deg)));
        break;
      case Action::play_pause:
        // In a lesson the lesson's clock plays and pauses; the technique follows it.
        if (panel.lesson)
          panel.lesson_playing = !panel.lesson_playing;
        else if (player.active())
          player.playback().toggle();
        break;
      case Action::guided_lesson:
        if (!lessons.empty()) key_lesson = panel.lesson ? "" : lessons.front().id;
        break;
      case Action::safety:
        if (panel.clinic) panel.show_safety = !panel.show_safety;
        break;
      case Action::next:
      case Action::previous: {
        const int way = pressed.action == Action::next ? 1 : -1;
        if (panel.lesson) {
          // From the lesson's clock, not panel.lesson_step: that is updated once a frame, and
          // several presses may come in one.
          const int step = int(lesson::step_at(*panel.lesson, lesson_time).index);
          const int to = std::clamp(step + way, 0, int(panel.lesson->steps.size()) - 1);
          lesson_time = lesson::step_start(*panel.lesson, std::size_t(to));
        } else if (player.active()) {
          if (way > 0)
            player.playback().next_phase();
          else
            player.playback().previous_phase();
        }
        break;
      }
      case Action::hide_selection:
        regions->hide_selection();
        break;
      case Action::isolate_selection:
        regions->isolate_selection();
        break;
      case Action::presenter:
        panel.presenter = !panel.presenter;
        window.set_fullscreen(panel.presenter);
        break;
      case Action::escape:
        if (panel.presenter) {
          panel.presenter = false;
          window.set_fullscreen(false);
        } else {
          regions->clear_highlights();
          regions->select(std::nullopt);
        }
        break;
      case Action::technique:
        if (std::size_t(pressed.argument) < techniques.size()) {
          // A technique chosen by hand leaves the lesson, which would otherwise take it back.
          leave_lesson();
          start_technique(techniques[std::size_t(pressed.argument)].id);
        }
        break;
      case Action::faster:
        if (player.active()) player.playback().set_speed(player.playback().speed() * 1.25f);
        break;
      case Action::slower:
        if (player.active()) player.playback().set_speed(player.playback().speed() / 1.25f);
        break;
      case Action::auto_orbit:
        panel.auto_orbit = !panel.auto_orbit;
        break;
      case Action::pen:
        panel.pen = !panel.pen;
        break;
      case Action::clear_drawing:
        annotations.strokes.clear();
        break;
      case Action::pin_notes:
        panel.pin_notes = !panel.pin_notes;
        break;
      case Action::peel_skin:
        // Peel the skin: opaque, translucent, hidden, and back.
        if (anatomy::Layer* skin = regions->find_layer("skin")) {
          if (!skin->visible)
            *skin = {skin->id, skin->name, true, 1.f};
          else if (skin->opacity > 0.5f)
            skin->opacity = 0.35f;
          else
            skin->visible = false;
        }
        break;
    }
  };
  window.set_input_handlers({
      [&](int button, int action, int) { controller.mouse_button(button, action); },
      [&](glm::dvec2 p) { controller.cursor(p); },
      [&](glm::dvec2 offset) { controller.scroll(offset); },
      [&](int key, int action, int) {
        if (action != GLFW_PRESS || ui.wants_keyboard()) return;
        if (const std::optional<KeyAction> pressed = action_for_key(key, practice_still_valid()))
          run(*pressed);
      },
  });

  // Saved scenes: the last state comes back at start when it was of the same model and the
  // command line asks for nothing else; it is saved again on the way out.
  ViewerState viewer_state{
      camera, *regions, player, panel.knee_flexion_deg, annotations, options.model.string()};
  std::filesystem::path last_scene, recent_list;
  try {
    last_scene = session::last_scene_path();
    recent_list = session::recent_files_path();
    std::string message;
    bool left_in_place = false;
    panel.recent_scenes = session::read_recent(recent_list, &message, &left_in_place);
    if (!message.empty()) {
      std::cerr << "kneeviz: warning: " << message << "\n";
      start_message += (start_message.empty() ? "" : "\n") + message;
    }
    if (left_in_place) recent_list.clear();  // remembered for this session only
  } catch (const std::exception& error) {
    std::cerr << "kneeviz: warning: no settings folder, so nothing is remembered: " << error.what() << "\n";
  }
  const auto apply_scene = [&](const session::SceneState& scene) {
    const std::optional<std::string> technique_id = apply(scene, viewer_state);
    if (technique_id) {
      start_technique(*technique_id);
      player.playback().scrub(scene.time_s);
      player.playback().set_speed(scene.speed);
      if (!scene.playing) player.playback().pause();
      camera.restore(scene.camera.target, scene.camera.distance,
                     {scene.camera.yaw_deg, scene.camera.pitch_deg});
      work.release();  // the view as it was saved
    }
  };
  // A lesson: a guided tour, each step setting the view, layers, highlights and a stretch of a
  // technique, with its caption. Steps apply when they begin; the user may still orbit.
  const auto apply_step = [&](const lesson::LessonStep& step) {
    if (step.view) camera.set_view(*step.view, true);
    if (step.frame) {
      try {
        const glm::mat4& to_room = stage_for(player.current(), panel.knee_flexion_deg).placement;
        camera.look_at(
            bounds_of(model, *regions, *step.frame, {panel.knee_flexion_deg}).transformed(to_room));
      } catch (const std::exception&) {  // validated when loaded; a custom model may lack it
      }
    }
    for (const auto& [id, opacity] : step.layers)
      if (anatomy::Layer* layer = regions->find_layer(id)) {
        layer->visible = opacity > 0.f;
        if (opacity > 0.f) layer->opacity = opacity;
      }
    regions->clear_highlights();
    for (const std::string& group : step.highlight) regions->set_highlighted(group, true);
    if (step.technique) {
      start_technique(*step.technique);
      player.playback().scrub(step.technique_from_s);
      // The lesson's angles, following where the hands work.
      if (step.view && player.current()) {
        const client::ClientScene& stage = stage_for(player.current(), player.update());
        work.follow(stage.position == client::Position::anatomical ? *step.view
                                                                   : working_view(*player.current(), stage));
      }
    } else if (player.active()) {
      player.choose(std::nullopt);
      panel.technique = nullptr;
    }
    panel.show_safety = step.show_safety;
  };
  const auto start_lesson = [&](const std::string& id) {
    leave_lesson();
    layers_before_lesson = regions->layers();
    for (const lesson::Lesson& l : lessons)
      if (l.id == id) panel.lesson = &l;
    lesson_time = 0.0;
    applied_step = -1;
    panel.lesson_playing = panel.lesson != nullptr;
    if (!panel.lesson && player.active()) {
      player.choose(std::nullopt);
      panel.technique = nullptr;
    }
  };

  const bool command_line_view =
      !options.highlight.empty() || !options.layers.empty() || !options.hidden.empty();
  std::error_code exists_error;
  if (!last_scene.empty() && !command_line_view && std::filesystem::exists(last_scene, exists_error)) {
    std::string message;
    bool left_in_place = false;
    const session::SceneState scene = session::load_scene_or_default(last_scene, &message, &left_in_place);
    if (left_in_place) last_scene.clear();  // not ours to write over on the way out
    if (!message.empty()) {
      std::cerr << "kneeviz: " << message << "\n";
      start_message += (start_message.empty() ? "" : "\n") + message;
    } else if (scene.model == viewer_state.model) {
      apply_scene(scene);
      restored_scene = true;
    }
  }
  panel.scene_message = start_message;

  // --technique: open on it, playing (over a restored scene's), e.g. from a desktop shortcut, the
  // view framed on the hands from the first frame.
  if (!options.technique.empty()) {
    start_technique(find_technique(techniques, options.technique).id);
    if (player.current())
      work.follow(opening_view(*player.current(), stage_for(player.current(), player.update())), true);
  }

  // Export: a screenshot of the view as it is, at the size asked, or a recording of the technique
  // or lesson. A recording drives the player and the layers; the scene comes back afterwards.
  std::unique_ptr<ClipRecorder> recorder;
  std::optional<session::SceneState> before_recording;
  const auto restore_after_recording = [&] {
    if (!before_recording) return;
    apply_scene(*before_recording);
    if (!before_recording->technique) {
      player.choose(std::nullopt);
      panel.technique = nullptr;
    }
    applied_step = panel.lesson ? panel.lesson_step : -1;
    zones_phase = -2;
    before_recording.reset();
  };
  // Notes, for a picture of `pixels` seen through `eye` (a view-projection): where each falls.
  using NotesIn = std::function<std::vector<ui::NoteOnScreen>(const glm::mat4& eye, glm::vec2 pixels)>;
  // `window_eye`: the window's view-projection this frame, which the pen's strokes were drawn over.
  const auto start_export = [&](const ui::ExportRequest& request, const render::Frame& frame,
                                const NotesIn& notes_in, const glm::mat4& window_eye) {
    const std::filesystem::path file = request.file;
    const std::string size = std::to_string(request.size.x) + "x" + std::to_string(request.size.y);
    try {
      if (request.kind == ui::ExportRequest::Kind::screenshot) {
        if (file.extension() != ".png")
          throw io::FileError(request.file + ": a screenshot is saved as a .png file");
        render::Snapshot shot;
        shot.size = request.size;
        shot.pose = frame.pose;
        shot.display = frame.display;
        shot.styles = frame.styles;
        shot.time_seconds = frame.time_seconds;
        shot.props.assign(frame.props.begin(), frame.props.end());
        shot.dents.assign(frame.dents.begin(), frame.dents.end());
        shot.placement = frame.placement;
        shot.contoured_props = frame.contoured_props;
        shot.ghost_props = frame.ghost_props;
        shot.camera = camera;
        shot.camera->lens_shift_x = 0.f;  // the picture has no panel to make room for
        if (player.active()) {
          shot.overlay = player.overlay();
          shot.surface_overlay = zones;
          render::transform_overlay(shot.overlay, frame.placement);
          render::transform_overlay(shot.surface_overlay, frame.placement);
        }
        render::Image image = render::render_snapshot(renderer, model, shot);
        // The pen's strokes and the pinned notes, as the window shows them: the strokes moved with
        // the lines of sight they mark, the notes' type scaled with the picture.
        const float aspect = float(request.size.x) / float(request.size.y);
        const glm::mat4 eye = shot.camera->projection(aspect) * shot.camera->view();
        stamp_annotations(image, ui::strokes_for_picture(annotations.strokes, window_eye, eye),
                          notes_in(eye, glm::vec2(request.size)),
                          float(request.size.y) / float(std::max(1, window.window_size().y)),
                          panel.presenter);
        io::write_png(file, image.size, image.rgba);
        panel.export_message = "Saved " + request.file + " (" + size + ")";
        return;
      }
      ClipSettings settings{file, request.size, request.fps};
      settings.msaa_samples = panel.display.msaa_samples;
      before_recording = capture(viewer_state);
      if (request.kind == ui::ExportRequest::Kind::technique && panel.technique) {
        settings.speed = player.playback().speed();
        // The list's copy: choosing a technique replaces the one the player holds.
        for (const technique::Technique& t : techniques)
          if (t.id == panel.technique->id)
            recorder = std::make_unique<ClipRecorder>(model, player, *regions, renderer, t, settings);
      } else if (request.kind == ui::ExportRequest::Kind::lesson && panel.lesson) {
        recorder = std::make_unique<ClipRecorder>(model, player, *regions, renderer, *panel.lesson,
                                                  techniques, settings);
      }
      panel.recording = recorder != nullptr;
      panel.recording_progress = 0.f;
      if (!recorder) restore_after_recording();
    } catch (const std::exception& error) {
      panel.export_message = error.what();
      recorder.reset();
      restore_after_recording();
    }
  };

  using Clock = std::chrono::steady_clock;
  auto previous = Clock::now();
  float smoothed_ms = 0.f;
  long frames = 0;
  while (!window.should_close()) {
    practice_still_valid();  // before the input that may use it
    window.poll_events();
    const double polled_at = glfwGetTime();  // the input this frame sees came in before this
    if (window.minimised()) {
      glfwWaitEventsTimeout(0.1);
      continue;
    }
    const auto now = Clock::now();
    const float dt = std::chrono::duration<float>(now - previous).count();
    previous = now;
    smoothed_ms = smoothed_ms == 0.f ? dt * 1000.f : smoothed_ms * 0.95f + dt * 50.f;
    panel.frame_ms = smoothed_ms;

    if (pending_ui_scale) ui.set_scale(*std::exchange(pending_ui_scale, std::nullopt));
    ui.begin_frame();
    file_choosing.prepare(panel);
    const ui::PanelRequests requests = ui::draw_panel(panel);
    write_ui_map();
    file_choosing.update(requests, panel);
    if (recorder) {
      // As many frames as fit in a tenth of a second, then the progress bar again; the view shows
      // the last frame drawn before the recording began.
      bool finished = requests.cancel_recording;
      try {
        const auto until = Clock::now() + std::chrono::milliseconds(100);
        while (!finished && !recorder->done() && Clock::now() < until) {
          recorder->record_next();
          print_progress(*recorder);
        }
        if (recorder->done()) {
          recorder->finish();
          panel.export_message = "Saved " + recorder->settings().out.string() + " (" +
                                 std::to_string(recorder->frame_count()) + " frames)";
          finished = true;
        } else if (finished) {
          panel.export_message = "Recording cancelled; nothing was written.";
        }
      } catch (const std::exception& error) {
        panel.export_message = error.what();
        finished = true;
      }
      panel.recording_progress = float(recorder->frames_written()) / float(recorder->frame_count());
      panel.recording_label = "Recording " + recorder->title() + " to " + recorder->settings().out.string() +
                              ": frame " + std::to_string(recorder->frames_written()) + " of " +
                              std::to_string(recorder->frame_count());
      if (finished) {
        recorder.reset();
        panel.recording = false;
        restore_after_recording();
      }
      const glm::ivec2 size = window.framebuffer_size();
      last_drawn->blit_to(0, size);
      render::use_window_viewport(size);
      ui.end_frame();
      window.swap_buffers();
      continue;
    }
    if (requests.view) {
      camera.set_view(*requests.view, true);
      work.release();
    }
    if (requests.stop_following) work.release();
    // The user's knee angle: the technique laid out again on the leg so bent (the hands follow).
    if (requests.knee_flexion && player.active()) player.set_knee_flexion(*requests.knee_flexion);
    if (requests.technique_knee) player.set_knee_flexion(std::nullopt);
    panel.knee_overridden = player.knee_flexion_override().has_value();
    if (requests.ui_scale) {
      pending_ui_scale = preferences.ui_scale = *requests.ui_scale;
      panel.ui_scale = *requests.ui_scale;
    }
    if (requests.follow_work && player.current())
      work.follow(opening_view(*player.current(), stage_for(player.current(), panel.knee_flexion_deg)));
    if (panel.position != chosen_position || requests.therapist_view) {
      // A new position, or the therapist's view asked for: look from where the therapist stands at
      // where the hands work (or the whole leg), the move smooth.
      chosen_position = panel.position;
      player.set_position(chosen_position);
      const client::ClientScene& stage = stage_for(player.current(), panel.knee_flexion_deg);
      const scene::Pose posed{panel.knee_flexion_deg, stage.pose.hip_flexion_deg};
      const scene::Bounds leg = scene::posed_bounds(model, posed).transformed(stage.placement);
      camera.set_scene(room_bounds(model, posed, stage));  // the depth range holds the table
      if (player.current())
        work.follow(opening_view(*player.current(), stage));  // and follow the hands
      else
        camera.look_at(leg, stage.position == client::Position::anatomical ? scene::kViewPresets[0].angles
                                                                           : stage.therapist_view);
    }
    if (requests.reset_view) {
      camera.reset();
      work.release();
    }
    if (requests.vsync_changed) window.set_vsync(panel.vsync);
    // Centre the view in the space right of the panel (and left of the practice card).
    const float window_width = float(std::max(window.window_size().x, 1));
    const float card_width = panel.practice ? std::max(0.f, window_width - requests.practice.left_edge) : 0.f;
    camera.lens_shift_x = std::clamp((requests.panel_right - card_width) / window_width, -0.5f, 0.5f);
    camera.free_width = (window_width - requests.panel_right - card_width) / window_width;
    // The panel's width is known only once it is drawn: frame again for the space it leaves.
    if (frames == 0 && !restored_scene) camera.frame(initial_bounds, controller.aspect());
    if (requests.save_scene) {
      try {
        session::write_scene_file(*requests.save_scene, capture(viewer_state));
        panel.scene_message = "Saved " + *requests.save_scene;
        if (!recent_list.empty()) {
          session::add_recent(panel.recent_scenes, *requests.save_scene);
          session::write_recent(recent_list, panel.recent_scenes);
        }
      } catch (const std::exception& error) {
        panel.scene_message = error.what();
      }
    }
    if (requests.open_scene) {
      try {
        apply_scene(session::read_scene_file(*requests.open_scene));
        panel.scene_message = "Opened " + *requests.open_scene;
        if (!recent_list.empty()) {
          session::add_recent(panel.recent_scenes, *requests.open_scene);
          session::write_recent(recent_list, panel.recent_scenes);
        }
      } catch (const std::exception& error) {
        panel.scene_message = error.what();  // the scene as it was stays on screen
      }
    }

    if (requests.lesson) start_lesson(*requests.lesson);
    if (key_lesson) start_lesson(*std::exchange(key_lesson, std::nullopt));
    if (panel.lesson && requests.lesson_step_delta != 0) {
      const int next =
          std::clamp(panel.lesson_step + requests.lesson_step_delta, 0, int(panel.lesson->steps.size()) - 1);
      lesson_time = lesson::step_start(*panel.lesson, std::size_t(next));
    }
    if (panel.lesson) {
      if (panel.lesson_playing)
        lesson_time = std::min(lesson_time + dt, lesson::total_duration(*panel.lesson));
      const lesson::StepTime at = lesson::step_at(*panel.lesson, lesson_time);
      panel.lesson_step = int(at.index);
      const lesson::LessonStep& step = panel.lesson->steps[at.index];
      if (int(at.index) != applied_step) {
        apply_step(step);
        applied_step = int(at.index);
      }
      // The technique plays its stretch in step with the lesson, then holds.
      if (step.technique && player.active()) {
        player.playback().pause();
        player.playback().scrub(
            std::min<double>(step.technique_from_s + at.time_in_step, step.technique_to_s));
      }
      if (lesson_time >= lesson::total_duration(*panel.lesson)) panel.lesson_playing = false;
    }
    if (requests.technique) {
      leave_lesson();  // as with the number keys
      start_technique(*requests.technique);
    }
    if (requests.practise) {
      leave_lesson();
      start_practice(*requests.practise, panel.practice_follow);
    }
    if (practice_still_valid()) {
      panel.learner = practice.card().learner;  // the next attempt starts with the same name
      if (practice.apply(requests.practice, glfwGetTime())) leave_practice();
      const int steps = controller.take_pressure_steps();
      if (steps != 0) practice.step_pressure(steps);
    }
    if (practice.active() && player.active()) {
      // The reference held at the phase, or playing along with the learner.
      player.playback().pause();
      player.playback().scrub(practice.reference_time(glfwGetTime()));
    }
    controller.set_practice(practice.recording());
    if (player.active()) {
      player.playback().advance(dt);
      // The zones lie on the leg as posed: recomputed when a new phase may have moved the knee.
      const int phase = player.timeline()->phase_at(player.playback().time());
      if (phase != zones_phase) {
        zones = player.zone_overlay();
        zones_phase = phase;
      }
      // The technique sets the knee, or the user's angle while they drag the slider.
      const float technique_knee = player.update();
      if (!panel.knee_slider_held) panel.knee_flexion_deg = technique_knee;
      panel.caption = player.caption();
      if (!practice.recording() && work.needs_framing(phase))  // never under a hand at work
        work.frame(
            camera, phase,
            phase_area(player).transformed(stage_for(player.current(), panel.knee_flexion_deg).placement));
    }
    panel.following_work = player.active() && work.following();
    if (requests.frame_structure) {
      // Frame the structure where it is now, in the current knee pose.
      const client::ClientScene& stage = stage_for(player.current(), panel.knee_flexion_deg);
      const scene::Pose current_pose{panel.knee_flexion_deg, stage.pose.hip_flexion_deg};
      const auto skinning = scene::skinning_matrices(model, scene::posed_globals(model, current_pose));
      scene::Bounds part;
      for (const std::size_t mesh : regions->meshes_of(*requests.frame_structure))
        for (const scene::Vertex& v : model.meshes[mesh].vertices)
          part.extend(scene::skin_position(v, skinning));
      // With some leg around it, so that a small or deep structure is seen where it lies (its
      // highlight shows through the skin).
      camera.look_at(part.grown(kWorkingAreaMargin).transformed(stage.placement));
      work.release();
    }
    // A slow turn around the leg, for a room to see it from every side (presenter mode, key O).
    if (panel.auto_orbit && !camera.update(0.f)) camera.orbit({-dt * 8.f / camera.orbit_deg_per_pixel, 0.f});
    const bool camera_moving = camera.update(dt);
    styles = regions->styles();
    player.apply_styles(*regions, styles);
    const float time_seconds = float(glfwGetTime());

    const glm::ivec2 size = window.framebuffer_size();
    // While anything moves, a software renderer draws a quarter of the pixels, scaled up; the
    // full-quality frame comes back when it all rests (app/motion_quality.h).
    // The client on the table, turning into a new position over a second rather than jumping.
    const client::ClientScene& stage =
        glide.show(stage_for(player.current(), panel.knee_flexion_deg), glfwGetTime());
    const bool moving = camera_moving || controller.seconds_since_view_input() < 0.05 || panel.auto_orbit ||
                        (player.active() && player.playback().playing()) || glide.moving();
    const bool reduced = motion.update(glfwGetTime(), moving) && panel.faster_while_moving;
    render::RenderTarget& target = reduced ? moving_target : full_target;
    last_drawn = &target;
    const glm::ivec2 drawn = MotionQuality::size_for(size, reduced);
    target.resize(drawn, reduced ? MotionQuality::kReducedSamples : panel.display.msaa_samples);
    const scene::Pose pose{panel.knee_flexion_deg, stage.pose.hip_flexion_deg};
    panel.shown_position = stage.position;
    const glm::mat4& to_room = stage.placement;
    const glm::mat4 from_room = glm::inverse(to_room);
    // While the client turns into a new position the hands stand back, and come in as it lands.
    // Practising, the reference's hands are faint ghosts to follow, pressing nothing, or not there.
    const bool hands_away = glide.moving() || (practice.active() && !practice.shows_reference_hands());
    const std::vector<scene::Mesh>& hands = hands_away ? no_hands : player.props();
    const std::vector<scene::Mesh> props = props_in_room(hands, stage);
    const std::vector<scene::SkinDent> dents =
        dents_in_room(hands_away || practice.active() ? no_dents : player.dents(), to_room);
    render::DisplaySettings display = panel.display;
    if (reduced) display.outline_px *= MotionQuality::kReducedScale;
    render::Frame frame{camera, pose,  display, styles,       time_seconds,
                        props,  dents, to_room, hands.size(), reduced};
    if (practice.active()) frame.ghost_props = hands.size();
    // The pointer on the skin, as the leg lies for the phase: where the learner's hand touches.
    if (practice.active() && player.timeline()) {
      const glm::mat4 unproject = glm::inverse(camera.projection(controller.aspect()) * camera.view());
      const technique::LimbFrame& leg = player.timeline()->frame_at(practice.reference_time(glfwGetTime()));
      const auto skin_at = [&](glm::vec2 ndc) -> std::optional<glm::vec3> {
        const glm::vec4 near = unproject * glm::vec4(ndc, -1.f, 1.f),
                        far = unproject * glm::vec4(ndc, 1.f, 1.f);
        const glm::vec3 origin = glm::vec3(from_room * glm::vec4(glm::vec3(near) / near.w, 1.f));
        const glm::vec3 end = glm::vec3(from_room * glm::vec4(glm::vec3(far) / far.w, 1.f));
        const auto hit = leg.skin().intersect(origin, end - origin, 0.f, 1.f);
        return hit ? std::optional<glm::vec3>(hit->point) : std::nullopt;
      };
      for (const CameraController::PointerEvent& event : controller.take_pointer_events(polled_at))
        practice.update(event.t, skin_at(event.ndc), event.pressing);
      // And now, so that a hand held still goes on being recorded.
      practice.update(glfwGetTime(), ui.wants_mouse() ? std::nullopt : skin_at(controller.cursor_ndc()),
                      controller.pressing());
    }
    renderer.draw(target, model, frame);
    if (player.active()) {
      // Practising, the reference's path ahead shows only when following it.
      render::OverlayGeometry zones_in_room = zones,
                              strokes = !practice.active() || practice.shows_path_ahead()
                                            ? player.overlay()
                                            : render::OverlayGeometry{};
      render::transform_overlay(zones_in_room, to_room);
      render::transform_overlay(strokes, to_room);
      overlay.draw(target, camera, zones_in_room, 0.f);
      overlay.draw(target, camera, strokes);
      if (practice.active()) {
        render::OverlayGeometry traced = practice.overlay();
        render::transform_overlay(traced, to_room);
        overlay.draw(target, camera, traced, 0.35f);
      }
    }
    const glm::mat4 view_projection = camera.projection(controller.aspect()) * camera.view();
    // The notes where their points fall in a picture seen through `eye`; faint where the leg, as
    // drawn in the window this frame, hides them.
    const auto notes_in = [&](const glm::mat4& eye, glm::vec2 pixels) {
      std::vector<ui::NoteOnScreen> out;
      for (std::size_t i = 0; i < annotations.notes.size(); ++i) {
        const glm::vec4 point = to_room * glm::vec4(annotations.notes[i].position, 1.f);
        const glm::vec4 clip = eye * point;
        if (clip.w <= 0.f) continue;
        const glm::vec3 ndc = glm::vec3(clip) / clip.w;
        if (glm::any(glm::greaterThan(glm::abs(glm::vec2(ndc)), glm::vec2(1.f)))) continue;
        bool in_front = true;
        if (const glm::vec4 seen = view_projection * point; seen.w > 0.f) {
          const glm::vec3 window_ndc = glm::vec3(seen) / seen.w;
          if (glm::all(glm::lessThanEqual(glm::abs(glm::vec2(window_ndc)), glm::vec2(1.f)))) {
            const glm::vec2 unit{window_ndc.x * 0.5f + 0.5f, 0.5f - window_ndc.y * 0.5f};
            const glm::ivec2 pixel = glm::min(glm::ivec2(unit * glm::vec2(drawn)), drawn - 1);
            in_front = window_ndc.z * 0.5f + 0.5f <= target.read_depth(pixel) + 1e-3f;
          }
        }
        out.push_back({glm::vec2(ndc.x * 0.5f + 0.5f, 0.5f - ndc.y * 0.5f) * pixels, in_front, int(i) + 1,
                       annotations.notes[i].text});
      }
      return out;
    };
    if (requests.export_request) start_export(*requests.export_request, frame, notes_in, view_projection);
    // The point of the model under the cursor, as drawn (nothing over the background).
    const auto point_under_cursor = [&]() -> std::optional<glm::vec3> {
      const glm::vec2 ndc = controller.cursor_ndc();
      const glm::ivec2 pixel{int((ndc.x * 0.5f + 0.5f) * drawn.x), int((0.5f - ndc.y * 0.5f) * drawn.y)};
      const float depth = target.read_depth(pixel);
      if (depth >= 1.f) return std::nullopt;
      const glm::vec4 world = glm::inverse(view_projection) * glm::vec4(ndc, depth * 2.f - 1.f, 1.f);
      return glm::vec3(world) / world.w;
    };
    if (ui::ui_map_on()) {
      // For GUI tests: where the hands and the table lie on screen, a frame late in the map.
      const glm::vec2 window_extent = glm::vec2(window.window_size());
      const auto map_on_screen = [&](const std::string& name, const scene::Mesh& mesh) {
        glm::vec2 lo(std::numeric_limits<float>::max()), hi(std::numeric_limits<float>::lowest());
        for (std::size_t v = 0; v < mesh.vertices.size(); v += 3) {
          const glm::vec4 clip = view_projection * glm::vec4(mesh.vertices[v].position, 1.f);
          if (clip.w <= 0.f) continue;
          const glm::vec2 ndc = glm::vec2(clip) / clip.w;
          const glm::vec2 p = glm::vec2(ndc.x * 0.5f + 0.5f, 0.5f - ndc.y * 0.5f) * window_extent;
          lo = glm::min(lo, p);
          hi = glm::max(hi, p);
        }
        if (lo.x <= hi.x) ui::map_rect(name, lo.x, lo.y, hi.x, hi.y);
      };
      for (std::size_t i = 0; i < props.size(); ++i)
        if (i < hands.size())
          map_on_screen(i == 0 ? "right hand" : "left hand", props[i]);
        else if (props[i].name == "table")
          map_on_screen("table", props[i]);
      // Practising: the phase's reference path on screen, a point every half second of contact,
      // named with its time from the phase's start ("practice path 03 at 1.50"), for a test to
      // trace it with the pointer.
      if (const PracticeSession* session = practice.session();
          session && session->stage() != PracticeSession::Stage::finished) {
        const technique::PhaseSpan& span = session->span();
        const technique::Trace path =
            technique::reference_trace(*player.timeline(), 0.5, {span.start, span.end});
        int n = 0;
        for (const technique::TraceSample& s : path.samples) {
          if (!s.contact) continue;
          const glm::vec4 clip = view_projection * to_room * glm::vec4(s.p, 1.f);
          if (clip.w <= 0.f) continue;
          const glm::vec2 ndc = glm::vec2(clip) / clip.w;
          const glm::vec2 p = glm::vec2(ndc.x * 0.5f + 0.5f, 0.5f - ndc.y * 0.5f) * window_extent;
          char name[48];
          std::snprintf(name, sizeof name, "practice path %02d at %.2f", n++, s.t);
          ui::map_rect(name, p.x, p.y, p.x, p.y);
        }
      }
    }
    // Hover names the structure under the cursor; a click selects it.
    const std::optional<glm::ivec2> hover = controller.hover_pixel(drawn);
    std::optional<std::size_t> hovered;
    if (hover && !practice.recording()) hovered = renderer.pick(target, model, frame, *hover);
    const anatomy::Structure* hovered_structure = hovered ? regions->structure_of_mesh(*hovered) : nullptr;
    controller.set_pen(panel.pen);
    if (requests.clear_drawing) annotations.strokes.clear();
    if (requests.remove_note && *requests.remove_note < annotations.notes.size())
      annotations.notes.erase(annotations.notes.begin() + std::ptrdiff_t(*requests.remove_note));
    if (std::optional<std::vector<glm::vec2>> points = controller.take_stroke()) {
      if (annotations.strokes.size() < session::kMaxPenStrokes)
        annotations.strokes.push_back({ui::kPenColours[panel.pen_colour].hex, std::move(*points)});
      else
        panel.scene_message = "The drawing holds " + std::to_string(session::kMaxPenStrokes) +
                              " strokes, as many as a scene keeps: clear it (C) to draw more.";
    }
    const bool clicked = controller.take_click();
    // Notes and spots on the leg are kept in the model's own space, wherever the leg lies.
    std::optional<glm::vec3> clicked_point = clicked ? point_under_cursor() : std::nullopt;
    if (clicked_point) clicked_point = glm::vec3(from_room * glm::vec4(*clicked_point, 1.f));
    if (clicked && panel.pin_notes) {
      if (clicked_point && annotations.notes.size() >= session::kMaxNotes) {
        panel.scene_message = "This scene has " + std::to_string(session::kMaxNotes) +
                              " notes, as many as it keeps: remove one to pin another.";
      } else if (clicked_point) {
        std::string text = std::move(panel.note_text);
        if (text.size() > session::kMaxNoteLength) {  // cut between characters, never inside one
          std::size_t keep = session::kMaxNoteLength;
          while (keep > 0 && (static_cast<unsigned char>(text[keep]) & 0xC0) == 0x80) --keep;
          text.resize(keep);
        }
        annotations.notes.push_back({*clicked_point, std::move(text)});
        panel.note_text.clear();
      }
    } else if (clicked) {
      // A spot around the knee, when "where does it hurt?" is open?
      std::optional<std::string> spot;
      if (panel.pain_by_click && clicked_point) spot = knee_spot_at(model, pose, *clicked_point);
      if (spot) {
        panel.pain_spot = *spot;
        if (const clinic::PainSpot* chosen = panel.clinic->spot(*spot))
          regions->set_highlighted_structures(chosen->structures);
      } else {
        regions->select(hovered_structure ? std::optional<std::string>(hovered_structure->id) : std::nullopt);
      }
    }
    // In presenter mode a name shows only while the mouse moves: a cursor left resting on the leg
    // must not label it for the whole lesson.
    if (hovered_structure && !ui.wants_mouse() && !practice.active() &&
        (!panel.presenter || controller.seconds_since_motion() < 2.0))
      ImGui::SetTooltip("%s", hovered_structure->name.c_str());
    // In presenter mode the safety list fills the screen down to the bottom; a caption would lie
    // under it (at the lesson's start it says the same in brief). It comes back when S closes it.
    const bool safety_covers_caption = panel.presenter && panel.show_safety && panel.clinic;
    if (panel.lesson && !safety_covers_caption)
      draw_caption(panel.lesson->title, panel.lesson->steps[std::size_t(panel.lesson_step)].caption,
                   requests.panel_right, panel.presenter);
    else if (!panel.lesson && !safety_covers_caption && player.active() && !panel.caption.empty())
      draw_caption(panel.technique->name, panel.caption, requests.panel_right, panel.presenter);
    if (controller.take_focus_request())
      if (const std::optional<glm::vec3> point = point_under_cursor()) {
        // Centred there and, from further away, brought to a working distance: a hand's reach of
        // leg (30 cm) across the view.
        scene::Bounds reach;
        reach.extend(*point - glm::vec3(0.15f));
        reach.extend(*point + glm::vec3(0.15f));
        camera.focus_on(*point, camera.framing_distance(reach, camera.angles()));
        work.release();
      }
    if (controller.take_user_move()) work.release();
    // The notes where their points fall this frame, faint where the leg hides them.
    const std::vector<ui::NoteOnScreen> notes_on_screen =
        notes_in(view_projection, glm::vec2(window.window_size()));
    std::optional<session::PenStroke> drawing;
    if (controller.drawing())
      drawing = session::PenStroke{ui::kPenColours[panel.pen_colour].hex, *controller.drawing()};
    ui::draw_annotations(annotations.strokes, drawing ? &*drawing : nullptr, notes_on_screen,
                         panel.presenter);
    target.blit_to(0, size);
    render::use_window_viewport(size);
    ui.end_frame();

    ++frames;
    if (options.exit_after_frames > 0 && frames >= options.exit_after_frames) {
      if (!options.screenshot.empty()) {
        // What the user sees, panel included: read the window's back buffer before the swap.
        io::write_png(options.screenshot, size, render::read_window(size).rgba);
      }
      window.request_close();
    }
    window.swap_buffers();
    if (start_guard) start_guard->started();  // the window is up: its saved files did not stop it
  }
  if (!last_scene.empty()) {
    try {
      session::write_scene_file(last_scene, capture(viewer_state));
    } catch (const std::exception& error) {
      std::cerr << "kneeviz: warning: the scene could not be kept for next time: " << error.what() << "\n";
    }
  }
  if (!preferences_file.empty()) {
    const platform::WindowPlacement now = window.placement();
    preferences.window =
        session::WindowPlacement{now.position.x, now.position.y, now.size.x, now.size.y, now.maximised};
    preferences.exports = session::ExportSettings{panel.export_file, panel.export_size, panel.export_fps};
    if (!panel.learner.empty() || !panel.practice_follow || preferences.practice)
      preferences.practice = session::PracticeSettings{
          panel.learner.size() <= session::kMaxLearnerNameBytes ? panel.learner : std::string(),
          panel.practice_follow};
    try {
      session::write_preferences(preferences_file, preferences);
    } catch (const std::exception& error) {
      std::cerr << "kneeviz: warning: the window's place, text size and export settings could not be kept: "
                << error.what() << "\n";
    }
  }
  std::cout << "kneeviz: closed after " << frames << " frames\n";
  return 0;
}

}  // namespace kneeviz::app
