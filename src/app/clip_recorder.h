#pragma once
// A technique or a lesson recorded to a video one frame at a time, so that `kneeviz record` can
// report progress on the terminal and the window can show a progress bar with a Cancel button.
// It drives the model, technique player and region view it is given (the window puts its own
// scene back afterwards). The phase or step captions are burnt into the video.
//
// GL: record_next() needs a current context and a renderer that has uploaded the model.

#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "anatomy/region_view.h"
#include "io/video_writer.h"
#include "lesson/lesson.h"
#include "render/offscreen.h"
#include "scene/camera.h"
#include "stage/client_stage.h"
#include "stage/technique_player.h"
#include "stage/work_camera.h"

namespace kneeviz::app {

struct ClipSettings {
  std::filesystem::path out;  // .mp4 (.mkv, .mov, .webm), or a folder for PNG frames
  glm::ivec2 size{1280, 720};
  int fps = 30;
  float speed = 1.f;                      // seconds of technique or lesson in a second of video
  float duration_s = 0.f;                 // of video; 0: to the end
  float start_s = 0.f;                    // into the technique or lesson
  std::optional<scene::ViewAngles> view;  // none: the technique's best view, or the lesson's own views
  int msaa_samples = render::kStillMsaaSamples;
  std::optional<client::Position> position;  // none: each technique's own (standing without one)
};

class ClipRecorder {
 public:
  // A technique, framed where the hand works over the recorded span, the camera still.
  ClipRecorder(const scene::Model& model, stage::TechniquePlayer& player, anatomy::RegionView& regions,
               render::Renderer& renderer, const technique::Technique& technique, ClipSettings settings);
  // A lesson, step after step as the window plays it: each step's view, framing, layers,
  // highlights and stretch of technique, the camera moving smoothly between steps.
  ClipRecorder(const scene::Model& model, stage::TechniquePlayer& player, anatomy::RegionView& regions,
               render::Renderer& renderer, const lesson::Lesson& lesson,
               const std::vector<technique::Technique>& techniques, ClipSettings settings);
  ~ClipRecorder();

  // "technique ID" or "lesson ID", for progress lines.
  const std::string& title() const { return title_; }
  int frame_count() const { return frame_count_; }
  int frames_written() const { return video_->frames_written(); }
  bool done() const { return frames_written() >= frame_count_; }
  const ClipSettings& settings() const { return settings_; }

  // Renders and writes the next frame. Throws io::FileError when the video cannot be written.
  void record_next();
  // Puts the finished file in place (call once done()). Throws io::FileError.
  void finish();

 private:
  ClipRecorder(const scene::Model& model, stage::TechniquePlayer& player, anatomy::RegionView& regions,
               render::Renderer& renderer, ClipSettings settings);
  double clip_time(int frame) const {
    return settings_.start_s + double(frame) / settings_.fps * settings_.speed;
  }
  // Names the clip and counts its frames: `span_s` of technique or lesson time, or the duration asked.
  void start(std::string title, double span_s);
  void apply_step(const lesson::LessonStep& step);

  const scene::Model& model_;
  stage::TechniquePlayer& player_;
  anatomy::RegionView& regions_;
  render::OffscreenRenderer offscreen_;
  ClipSettings settings_;
  std::string title_;
  int frame_count_ = 0;
  std::unique_ptr<io::VideoWriter> video_;

  client::StageKeeper stages_;
  // The stage of this moment: the position chosen or the technique's, with the knee as posed.
  const client::ClientScene& stage(float knee_flexion_deg);
  // Between lesson steps in different positions the client turns over a second of the video, as
  // in the window, the hands standing back meanwhile, instead of the clip cutting.
  client::StageGlide glide_;
  // A lesson clip.
  const lesson::Lesson* lesson_ = nullptr;
  const std::vector<technique::Technique>* techniques_ = nullptr;
  lesson::StepClock lesson_clock_;
  // The camera, following the hands from phase to phase as in the window.
  scene::OrbitCamera camera_;
  stage::WorkCamera work_;
  // Frames the phase playing now when the camera follows the hands and it has not been framed.
  void follow_the_work();
};

// Progress on stderr after each frame: one line rewritten on a terminal, a line a quarter in a log.
void print_progress(const ClipRecorder& recorder);

}  // namespace kneeviz::app
