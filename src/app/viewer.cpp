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
#include "app/client_stage.h"
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
#include "app/technique_player.h"
#include "app/viewer_model.h"
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
  // The 3D view's targets: full quality, and a smaller one while the picture moves.
  render::RenderTarget full_target, moving_target;
  render::RenderTarget* last_drawn = &full_target;  // shown again while a recording runs
  MotionQuality motion;
  bool last_reduced = false;  // whether the frame before this one was the cheaper one

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
    std::vector<std::string> ids;
    ids.reserve(techniques.size());
    for (const technique::Technique& t : techniques) ids.push_back(t.id);
    lessons = lesson::load_lesson_folder(find_assets_folder() / "lessons", &regions->catalogue(), &ids);
  } catch (const std::exception& error) {
    std::cerr << "kneeviz: " << error.what() << "\n";
  }

  ViewerModel viewer(model, *regions, std::move(techniques), std::move(lessons), options.position,
                     options.model.string());
  ui::PanelState& panel = viewer.panel;
  TechniquePlayer& player = viewer.player;
  PracticeMode& practice = viewer.practice;
  scene::OrbitCamera& camera = viewer.camera;
  WorkCamera& work = viewer.work;
  session::Annotations& annotations = viewer.annotations;
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
  panel.technique_error = technique_error;
  panel.catalogue_error = catalogue_error;
  panel.gl_description = window.description();
  panel.knee_flexion_deg = options.knee_flexion_deg;

  bool restored_scene = false;
  PointerInput controller(camera, [&ui] { return ui.wants_mouse(); });
  controller.set_window(window.window_size(), window.framebuffer_size(), window.cursor_position(),
                        window.hovered());
  camera.set_view(options.view, false);
  if (const client::ClientScene& stage = viewer.stage_for(nullptr, options.knee_flexion_deg);
      !options.view_set && stage.position != client::Position::anatomical)
    camera.set_view(stage.therapist_view, false);  // a client on the table: from where the therapist stands
  const scene::Bounds initial_bounds = client::room_bounds(
      model, {options.knee_flexion_deg}, viewer.stage_for(nullptr, options.knee_flexion_deg));
  camera.frame(initial_bounds, controller.aspect());
  window.set_input_handlers({
      [&](platform::MouseButton button, bool pressed) {
        controller.mouse_button(button, pressed, window.time());
      },
      [&](glm::dvec2 p) { controller.cursor(p, window.time()); },
      [&](glm::dvec2 offset) { controller.scroll(offset, window.time()); },
      [&](platform::Key key) {
        // A recording drives the player and the layers until it ends: keys wait for it (G used to
        // empty the player under it).
        if (ui.wants_keyboard() || panel.recording) return;
        if (const std::optional<KeyAction> pressed = action_for_key(key, viewer.practice_still_valid()))
          apply(viewer, *pressed, window.time());
      },
  });

  // Saved scenes: the last state comes back at start when it was of the same model and the
  // command line asks for nothing else; it is saved again on the way out.
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
    } else if (scene.model == viewer.model_file) {
      viewer.apply_scene(scene);
      restored_scene = true;
    }
  }
  panel.scene_message = start_message;

  // --technique: open on it, playing (over a restored scene's), e.g. from a desktop shortcut, the
  // view framed on the hands from the first frame.
  if (!options.technique.empty()) {
    viewer.start_technique(find_technique(viewer.techniques, options.technique).id);
    if (player.current())
      work.follow(working_view(*player.current(), viewer.stage_for(player.current(), player.update())), true);
  }

  // Export: a screenshot of the view as it is, at the size asked, or a recording of the technique
  // or lesson. A recording drives the player and the layers; the scene comes back afterwards.
  std::unique_ptr<ClipRecorder> recorder;
  std::optional<session::SceneState> before_recording;
  const auto restore_after_recording = [&] {
    if (!before_recording) return;
    viewer.apply_scene(*before_recording);
    if (!before_recording->technique) viewer.stop_technique();
    viewer.lesson_clock.restart(panel.lesson ? panel.lesson_step : -1);
    before_recording.reset();
  };
  // Notes, for a picture of `pixels` seen through `eye` (a view-projection): where each falls.
  using NotesIn = std::function<std::vector<ui::NoteOnScreen>(const glm::mat4& eye, glm::vec2 pixels)>;
  // `window_eye`: the window's view-projection this frame, which the pen's strokes were drawn over.
  const auto start_export = [&](const ui::ExportRequest& request, const StagedScene& staged,
                                const render::DisplaySettings& display, const NotesIn& notes_in,
                                const glm::mat4& window_eye) {
    const std::filesystem::path file = request.file;
    const std::string size = std::to_string(request.size.x) + "x" + std::to_string(request.size.y);
    try {
      if (request.kind == ui::ExportRequest::Kind::screenshot) {
        if (file.extension() != ".png")
          throw io::FileError(request.file + ": a screenshot is saved as a .png file");
        render::Snapshot shot;
        shot.size = request.size;
        shot.display = display;
        shot.time_seconds = float(window.time());
        staged.fill(shot);
        shot.camera = camera;
        shot.camera->lens_shift_x = 0.f;  // the picture has no panel to make room for
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
      before_recording = viewer.capture();
      if (request.kind == ui::ExportRequest::Kind::technique && panel.technique) {
        settings.speed = player.playback().speed();
        // The list's copy: choosing a technique replaces the one the player holds.
        for (const technique::Technique& t : viewer.techniques)
          if (t.id == panel.technique->id)
            recorder = std::make_unique<ClipRecorder>(model, player, *regions, renderer, t, settings);
      } else if (request.kind == ui::ExportRequest::Kind::lesson && panel.lesson) {
        recorder = std::make_unique<ClipRecorder>(model, player, *regions, renderer, *panel.lesson,
                                                  viewer.techniques, settings);
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
  bool presenter_shown = false;  // presenter mode (full screen) as last asked of the window
  while (!window.should_close()) {
    viewer.practice_still_valid();  // before the input that may use it
    window.poll_events();
    // The cursor as the window has it now, after this frame's events (for the pointer on the skin,
    // clicks, zoom and hover), and the size the frame is drawn at.
    controller.set_window(window.window_size(), window.framebuffer_size(), window.cursor_position(),
                          window.hovered());
    if (panel.presenter != presenter_shown) {  // asked for once, even where the monitor refuses
      window.set_fullscreen(panel.presenter);
      presenter_shown = panel.presenter;
    }
    const double polled_at = window.time();  // the input this frame sees came in before this
    if (window.minimised()) {
      window.wait_events(0.1);
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
      work.follow(working_view(*player.current(), viewer.stage()));
    // A new position, or the therapist's view asked for: look from where the therapist stands at
    // where the hands work (or the whole leg), the move smooth.
    if (panel.position != viewer.chosen_position || requests.therapist_view) viewer.show_position();
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
        session::write_scene_file(*requests.save_scene, viewer.capture());
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
        viewer.apply_scene(session::read_scene_file(*requests.open_scene));
        panel.scene_message = "Opened " + *requests.open_scene;
        if (!recent_list.empty()) {
          session::add_recent(panel.recent_scenes, *requests.open_scene);
          session::write_recent(recent_list, panel.recent_scenes);
        }
      } catch (const std::exception& error) {
        panel.scene_message = error.what();  // the scene as it was stays on screen
      }
    }

    if (requests.lesson) viewer.start_lesson(*requests.lesson);
    viewer.advance_lesson(dt, requests.lesson_step_delta);
    if (requests.technique) {
      viewer.leave_lesson();  // as with the number keys
      viewer.start_technique(*requests.technique);
    }
    if (requests.practise) {
      viewer.leave_lesson();
      viewer.start_practice(*requests.practise, panel.practice_follow);
    }
    if (viewer.practice_still_valid()) {
      panel.learner = practice.card().learner;  // the next attempt starts with the same name
      if (practice.apply(requests.practice, window.time())) viewer.leave_practice();
      const int steps = controller.take_pressure_steps();
      if (steps != 0) practice.step_pressure(steps);
    }
    if (practice.active() && player.active()) {
      // The reference held at the phase, or playing along with the learner.
      player.playback().pause();
      player.playback().scrub(practice.reference_time(window.time()));
    }
    controller.set_practice(practice.recording());
    viewer.advance_technique(dt);
    panel.following_work = player.active() && work.following();
    if (requests.frame_structure) viewer.frame_structure(*requests.frame_structure);
    // A slow turn around the leg, for a room to see it from every side (presenter mode, key O).
    if (panel.auto_orbit && !camera.update(0.f)) camera.orbit({-dt * 8.f / camera.orbit_deg_per_pixel, 0.f});
    const bool camera_moving = camera.update(dt);
    const float time_seconds = float(window.time());

    const glm::ivec2 size = window.framebuffer_size();
    // While anything moves, a software renderer draws a quarter of the pixels or fewer, scaled up; the
    // full-quality frame comes back when it all rests (app/motion_quality.h).
    // The client on the table, turning into a new position over a second rather than jumping.
    const client::ClientScene& stage = viewer.glide.show(viewer.stage(), window.time());
    const bool moving = camera_moving || controller.seconds_since_view_input(window.time()) < 0.05 ||
                        panel.auto_orbit || (player.active() && player.playback().playing()) ||
                        viewer.glide.moving();
    const bool reduced = motion.update(window.time(), moving) && panel.faster_while_moving;
    render::RenderTarget& target = reduced ? moving_target : full_target;
    last_drawn = &target;
    // The reduced frame's size follows how long the last ones took (smaller on a slower machine).
    if (last_reduced) motion.reduced_frame_took(double(dt) * 1000.0);
    last_reduced = reduced;
    const glm::ivec2 drawn = motion.size_for(size, reduced);
    target.resize(drawn, reduced ? MotionQuality::kReducedSamples : panel.display.msaa_samples);
    panel.shown_position = stage.position;
    const glm::mat4& to_room = stage.placement;
    const glm::mat4 from_room = glm::inverse(to_room);
    // While the client turns into a new position the hands stand back, and come in as it lands.
    // Practising, the reference's hands are faint ghosts to follow, pressing nothing, or not there,
    // and its path ahead shows only when following it.
    const StagedScene staged = compose_scene(
        player, *regions, regions->styles(), stage, panel.knee_flexion_deg,
        {.hands = !viewer.glide.moving() && (!practice.active() || practice.shows_reference_hands()),
         .ghost_hands = practice.active(),
         .strokes = !practice.active() || practice.shows_path_ahead()});
    render::DisplaySettings display = panel.display;
    if (reduced) display.outline_px *= motion.scale();
    const render::Frame frame = staged.frame(camera, display, time_seconds, reduced);
    // The pointer on the skin, as the leg lies for the phase: where the learner's hand touches.
    if (practice.active() && player.timeline()) {
      const glm::mat4 unproject = glm::inverse(camera.projection(controller.aspect()) * camera.view());
      const technique::LimbFrame& leg = player.timeline()->frame_at(practice.reference_time(window.time()));
      const auto skin_at = [&](glm::vec2 ndc) -> std::optional<glm::vec3> {
        const glm::vec4 near = unproject * glm::vec4(ndc, -1.f, 1.f),
                        far = unproject * glm::vec4(ndc, 1.f, 1.f);
        const glm::vec3 origin = glm::vec3(from_room * glm::vec4(glm::vec3(near) / near.w, 1.f));
        const glm::vec3 end = glm::vec3(from_room * glm::vec4(glm::vec3(far) / far.w, 1.f));
        const auto hit = leg.skin().intersect(origin, end - origin, 0.f, 1.f);
        return hit ? std::optional<glm::vec3>(hit->point) : std::nullopt;
      };
      for (const PointerInput::PointerEvent& event : controller.take_pointer_events(polled_at))
        practice.update(event.t, skin_at(event.ndc), event.pressing);
      // And now, so that a hand held still goes on being recorded.
      practice.update(window.time(), ui.wants_mouse() ? std::nullopt : skin_at(controller.cursor_ndc()),
                      controller.pressing());
    }
    renderer.draw(target, staged.posed, frame);
    overlay.draw(target, camera, staged.zones, 0.f);
    overlay.draw(target, camera, staged.strokes);
    if (practice.active()) {
      render::OverlayGeometry traced = practice.overlay();
      render::transform_overlay(traced, to_room);
      overlay.draw(target, camera, traced, 0.35f);
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
    if (requests.export_request)
      start_export(*requests.export_request, staged, panel.display, notes_in, view_projection);
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
      for (std::size_t i = 0; i < staged.props.size(); ++i)
        if (i < staged.hands)
          map_on_screen(i == 0 ? "right hand" : "left hand", staged.props[i]);
        else if (staged.props[i].name == "table")
          map_on_screen("table", staged.props[i]);
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
    if (hover && !practice.recording()) hovered = renderer.pick(target, staged.posed, frame, *hover);
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
      if (panel.pain_by_click && clicked_point) spot = knee_spot_at(staged.posed, *clicked_point);
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
        (!panel.presenter || controller.seconds_since_motion(window.time()) < 2.0))
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
      session::write_scene_file(last_scene, viewer.capture());
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
