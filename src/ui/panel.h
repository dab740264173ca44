#pragma once
// The side panel: anatomy (search, groups and structures, highlights), layers, the selected
// structure's card, views, knee flexion, display settings, frame time. ImGui only: no GL, no
// GLFW. It edits the region view in place and reports the rest for the app to carry out.

#include <optional>
#include <string>
#include <vector>

#include "anatomy/region_view.h"
#include "client/client_scene.h"
#include "clinic/clinic_content.h"
#include "lesson/lesson.h"
#include "render/look.h"
#include "scene/camera.h"
#include "scene/model.h"
#include "session/scene_file.h"
#include "technique/technique.h"
#include "technique/timeline.h"
#include "ui/file_chooser.h"
#include "ui/practice_card.h"

namespace kneeviz::ui {

// The boxes a Browse button fills.
enum class FileBox { scene, export_file };

// A Browse button pressed while the desktop's chooser is in use: the app opens it.
struct BrowseRequest {
  FileBox box = FileBox::scene;
  std::string title;
  std::string current;                // the box's text
  std::vector<std::string> patterns;  // "*.json"
  bool save = false;                  // a file to write (export), else one to read
};

// What the panel shows and edits. Pointers stay owned by the caller.
struct PanelState {
  const scene::Model* model = nullptr;
  anatomy::RegionView* regions = nullptr;
  std::string model_file;
  std::string gl_description;
  std::string catalogue_error;  // shown in red when a --regions file was refused
  float frame_ms = 0.f;         // smoothed CPU time of a frame
  float knee_flexion_deg = 0.f;
  bool knee_slider_held = false;  // the user is dragging the knee slider
  bool knee_overridden = false;   // the technique playing has the user's knee angle, not its own
  bool knee_rig = false;
  // The client's position the user chose (none: each technique's own, standing without one), and
  // the one shown now.
  std::optional<client::Position> position;
  client::Position shown_position = client::Position::anatomical;
  bool following_work = false;       // the view follows the hands of the technique playing
  float ui_scale = 1.f;              // the panel and its text, 1 = 100 % (session::kMinUiScale..kMaxUiScale)
  float panel_sized_for_font = 0.f;  // the text size the panel's window was last sized for
  // The technique's controls pinned at the panel's foot (when they fit), and their height.
  bool player_pinned = false;
  float player_height = 0.f;
  bool vsync = true;
  // While the picture moves, draw the 3D view at half size or less (app/motion_quality.h; on by
  // default on software renderers).
  bool faster_while_moving = false;
  render::DisplaySettings display;
  std::string search;  // the search box's text

  // Techniques: the shipped ones, the one playing (nullptr: none) and its playback.
  const std::vector<technique::Technique>* techniques = nullptr;
  const technique::Technique* technique = nullptr;
  technique::Playback* playback = nullptr;
  std::string technique_error;  // a technique file that failed to load
  std::string caption;          // the current phase's caption

  // The clinic content (safety, where does it hurt), and the pain spot chosen.
  const clinic::ClinicContent* clinic = nullptr;
  std::string pain_spot;
  bool pain_by_click = false;  // the "where does it hurt?" section is open: a click on the knee picks a spot
  bool show_safety = false;    // the safety window is open

  // The file chooser the Browse buttons open, for the scene file or the export file: the desktop's
  // own (asked of the app, which speaks to the XDG portal) while `desktop_chooser` holds, else the
  // panel's. While the desktop's dialog is open the Browse buttons wait for it; when it fails, the
  // app names the box whose Browse opens the panel's chooser instead.
  bool desktop_chooser = false;
  bool desktop_chooser_open = false;
  std::optional<FileBox> open_panel_chooser;
  FolderListing chooser;
  std::string chooser_name;  // the file name picked or typed

  // Saved scenes: the file box, the recent files and the last message.
  std::string scene_file;
  std::vector<std::string> recent_scenes;
  std::string scene_message;

  // Lessons: the shipped ones, the one playing (nullptr: none), its step and time.
  const std::vector<lesson::Lesson>* lessons = nullptr;
  const lesson::Lesson* lesson = nullptr;
  int lesson_step = 0;
  bool lesson_playing = false;

  // Presenter mode: the panel folds into a slim overlay with large type.
  bool presenter = false;
  bool auto_orbit = false;

  // Annotations: the pen draws over the view; with pinning on, a click on the leg pins a note
  // with the text of the note box. Both are saved with the scene.
  bool pen = false;
  int pen_colour = 0;  // index into kPenColours
  bool pin_notes = false;
  std::string note_text;
  std::vector<session::PinnedNote>* notes = nullptr;
  std::vector<session::PenStroke>* strokes = nullptr;

  // Export: a screenshot, or the technique or lesson playing to a video, and a recording in
  // progress (the window shows its progress bar over the view).
  std::string export_file;
  int export_size = 1;  // index into kExportSizes
  int export_fps = 30;
  std::string export_message;
  bool recording = false;
  float recording_progress = 0.f;  // 0..1
  std::string recording_label;     // "lesson massage-for-knee-pain: frame 12 of 530"
  // Practice: the learner's name and guide for the next attempt, and the card of the one under
  // way (nullptr: not practising), drawn beside the leg in both the panel and presenter mode.
  std::string learner;
  bool practice_follow = true;
  PracticeCard* practice = nullptr;
};

struct PenColour {
  const char* name;
  const char* hex;  // as saved in scene files
};
inline constexpr PenColour kPenColours[] = {
    {"Yellow", "#ffd400"}, {"Cyan", "#2ee6ff"}, {"Magenta", "#ff3dc8"}, {"White", "#ffffff"}};

struct ExportSize {
  const char* name;
  glm::ivec2 size;
};
inline constexpr ExportSize kExportSizes[] = {{"1280x720 (HD)", {1280, 720}},
                                              {"1920x1080 (Full HD)", {1920, 1080}},
                                              {"2560x1440 (QHD)", {2560, 1440}},
                                              {"3840x2160 (4K)", {3840, 2160}}};

// A screenshot or a clip to write.
struct ExportRequest {
  enum class Kind { screenshot, technique, lesson } kind = Kind::screenshot;
  std::string file;
  glm::ivec2 size{1920, 1080};
  int fps = 30;
};

struct PanelRequests {
  std::optional<scene::ViewAngles> view;
  bool therapist_view = false;        // look from where the therapist stands
  bool follow_work = false;           // the view follows the hands again (a technique playing)
  bool stop_following = false;        // the view stays where it is
  std::optional<float> ui_scale;      // the panel and its text at this scale, from the next frame
  std::optional<float> knee_flexion;  // the knee slider was let go at this angle
  bool technique_knee = false;        // the technique playing takes back its own knee angles
  bool reset_view = false;
  bool vsync_changed = false;
  std::optional<std::string> frame_structure;         // look at this structure
  std::optional<std::string> technique;               // play this technique ("" stops)
  std::optional<std::string> save_scene, open_scene;  // file paths
  std::optional<std::string> lesson;                  // start this lesson ("" stops)
  int lesson_step_delta = 0;                          // -1: previous step, +1: next step
  std::optional<ExportRequest> export_request;
  std::optional<BrowseRequest> browse;  // open the desktop's file chooser
  bool cancel_recording = false;
  bool clear_drawing = false;
  std::optional<std::size_t> remove_note;  // index into PanelState::notes
  float panel_right = 0.f;                 // the panel's right edge, in window coordinates
  std::optional<std::string> practise;     // practise this technique (the one playing)
  PracticeCardRequests practice;           // from the practice card
};

PanelRequests draw_panel(PanelState& state);

}  // namespace kneeviz::ui
