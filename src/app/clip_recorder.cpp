#include "app/clip_recorder.h"

#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "app/commands.h"
#include "scene/pose.h"

namespace kneeviz::app {
namespace {

// Consecutive frames with the same text become one caption; empty text shows none.
std::vector<io::Caption> captions_of(int frames, int fps, const auto& text_of_frame) {
  std::vector<io::Caption> captions;
  for (int i = 0; i < frames; ++i) {
    const std::string text = text_of_frame(i);
    const double start = double(i) / fps, end = double(i + 1) / fps;
    if (!captions.empty() && captions.back().text == text && captions.back().end_s >= start - 1e-9)
      captions.back().end_s = end;
    else if (!text.empty())
      captions.push_back({start, end, text});
  }
  return captions;
}

}  // namespace

ClipRecorder::ClipRecorder(const scene::Model& model, stage::TechniquePlayer& player,
                           anatomy::RegionView& regions, render::Renderer& renderer, ClipSettings settings)
    : model_(model),
      player_(player),
      regions_(regions),
      offscreen_(renderer),
      settings_(std::move(settings)),
      stages_(model) {
  player_.set_position(settings_.position);  // the hands fit the leg as the clip's position lays it
}

const client::ClientScene& ClipRecorder::stage(float knee_flexion_deg) {
  const client::Position position = stage::position_for(settings_.position, player_.current());
  return stages_.at(position, stage::supports_for(position, player_.current()), knee_flexion_deg);
}

ClipRecorder::ClipRecorder(const scene::Model& model, stage::TechniquePlayer& player,
                           anatomy::RegionView& regions, render::Renderer& renderer,
                           const technique::Technique& technique, ClipSettings settings)
    : ClipRecorder(model, player, regions, renderer, std::move(settings)) {
  player_.choose(technique);
  const technique::TechniqueTimeline& timeline = *player_.timeline();
  settings_.start_s = std::clamp(settings_.start_s, 0.f, float(timeline.duration()));
  player_.playback().scrub(settings_.start_s);
  const float knee_flexion_deg = player_.update();
  const client::ClientScene& opening = stage(knee_flexion_deg);
  const scene::ViewAngles view = settings_.view ? *settings_.view : stage::working_view(technique, opening);
  start("technique " + technique.id, timeline.duration() - settings_.start_s);
  // The camera follows the hands from phase to phase, as in the window.
  camera_.set_view(view, false);
  camera_.frame(client::room_bounds(model_, {knee_flexion_deg}, opening),
                float(settings_.size.x) / float(settings_.size.y));
  work_.follow(view);
  std::vector<io::Caption> captions = captions_of(frame_count_, settings_.fps, [&](int i) {
    const std::string& caption = timeline.caption_at(std::min(clip_time(i), timeline.duration()));
    return caption.empty() ? caption : technique.name + ": " + caption;
  });
  video_ = std::make_unique<io::VideoWriter>(settings_.out, settings_.size, settings_.fps, captions);
}

ClipRecorder::ClipRecorder(const scene::Model& model, stage::TechniquePlayer& player,
                           anatomy::RegionView& regions, render::Renderer& renderer,
                           const lesson::Lesson& lesson, const std::vector<technique::Technique>& techniques,
                           ClipSettings settings)
    : ClipRecorder(model, player, regions, renderer, std::move(settings)) {
  lesson_ = &lesson;
  techniques_ = &techniques;
  const double total = lesson::total_duration(lesson);
  settings_.start_s = std::clamp(settings_.start_s, 0.f, float(total));
  start("lesson " + lesson.id, total - settings_.start_s);
  std::vector<io::Caption> captions = captions_of(frame_count_, settings_.fps, [&](int i) {
    return lesson.steps[lesson::step_at(lesson, clip_time(i)).index].caption;
  });
  video_ = std::make_unique<io::VideoWriter>(settings_.out, settings_.size, settings_.fps, captions);
  // The lesson's camera starts from the whole leg seen from the front, as in the window.
  camera_.set_view(scene::kViewPresets[0].angles, false);
  camera_.frame(scene::PosedModel(model_).bounds(), float(settings_.size.x) / float(settings_.size.y));
}

ClipRecorder::~ClipRecorder() = default;

void ClipRecorder::start(std::string title, double span_s) {
  title_ = std::move(title);
  const double seconds = settings_.duration_s > 0.f ? settings_.duration_s : span_s / settings_.speed;
  frame_count_ = std::max(1, int(std::lround(seconds * settings_.fps)));
}

void ClipRecorder::apply_step(const lesson::LessonStep& step) {
  lesson::show_step_anatomy(step, regions_);
  player_.choose(std::nullopt);
  if (step.technique)
    for (const technique::Technique& t : *techniques_)
      if (t.id == *step.technique) player_.choose(t);

  const scene::ViewAngles angles = settings_.view ? *settings_.view
                                   : step.view    ? *step.view
                                                  : camera_.angles();
  const scene::Pose pose{player_.update()};
  if (player_.active()) {
    // The technique's stretch, the camera following the hands as in the window.
    player_.playback().scrub(step.technique_from_s);
    const client::ClientScene& here = stage(player_.update());
    const scene::ViewAngles opening =
        step.view || settings_.view ? angles : stage::best_view_for(*player_.current());
    camera_.set_scene(client::room_bounds(model_, {player_.update()}, here));
    work_.follow(here.position == client::Position::anatomical || settings_.view
                     ? opening
                     : stage::working_view(*player_.current(), here));
  } else if (step.frame) {
    try {
      const glm::mat4& to_room = stage(pose.knee_flexion_deg).placement;
      camera_.look_at(bounds_of(model_, regions_, *step.frame, pose).transformed(to_room), angles);
    } catch (const UsageError&) {  // validated when loaded; a custom model may lack it
      camera_.set_view(angles, true);
    }
  } else if (step.view || settings_.view) {
    camera_.set_view(angles, true);
  }
}

void ClipRecorder::record_next() {
  const int frame = frames_written();
  render::Snapshot snapshot;
  snapshot.size = settings_.size;
  snapshot.display.msaa_samples = settings_.msaa_samples;
  snapshot.time_seconds = float(clip_time(frame));  // pulses and flows keep pace with the speed too
  if (lesson_) {
    const lesson::StepClock::Moment at = lesson_clock_.at(*lesson_, clip_time(frame));
    if (at.begins) apply_step(lesson_->steps[at.index]);
    // The technique plays its stretch in step with the lesson, then holds.
    if (player_.active()) {
      player_.playback().scrub(at.technique_time);
      follow_the_work();
    }
    // The clip opens on its first step's view; later steps move there as in the window.
    if (at.opening) camera_.update(stage::WorkCamera::kGlideSeconds + 1.f);
  } else {
    player_.playback().scrub(std::min(clip_time(frame), player_.timeline()->duration()));
    follow_the_work();
    if (frame == 0) camera_.update(stage::WorkCamera::kGlideSeconds + 1.f);  // the clip opens framed
  }
  camera_.update(settings_.speed / float(settings_.fps));
  snapshot.camera = camera_;
  const float knee_flexion_deg = player_.update();
  // Video time, not lesson time: the turn takes a second of the clip at any speed. The hands
  // stand back while the client turns, and come in as it lands.
  const client::ClientScene& shown = glide_.show(stage(knee_flexion_deg), double(frame) / settings_.fps);
  stage::compose_scene(player_, regions_, regions_.styles(), shown, knee_flexion_deg,
                       {.hands = !glide_.moving()})
      .fill(snapshot);
  video_->write(offscreen_.render(model_, snapshot).rgba);
}

void ClipRecorder::follow_the_work() {
  const int phase = player_.timeline()->phase_at(player_.playback().time());
  if (!work_.needs_framing(phase)) return;
  // The hands posed at this moment before the area they span is taken (not the last frame's).
  const glm::mat4 placement = stage(player_.update()).placement;
  work_.frame(camera_, phase, stage::phase_area(player_).transformed(placement));
}

void ClipRecorder::finish() {
  video_->finish();
}

void print_progress(const ClipRecorder& recorder) {
  static const bool interactive = ::isatty(::fileno(stderr));
  const int frames = recorder.frame_count(), written = recorder.frames_written();
  const int percent = written * 100 / frames, before = (written - 1) * 100 / frames;
  if (interactive)
    std::fprintf(stderr, "\rkneeviz: recording %s: frame %d of %d (%d%%)%s", recorder.title().c_str(),
                 written, frames, percent, written == frames ? "\n" : "");
  else if (percent / 25 != before / 25 || written == 1)
    std::fprintf(stderr, "kneeviz: recording %s: frame %d of %d (%d%%)\n", recorder.title().c_str(), written,
                 frames, percent);
}

}  // namespace kneeviz::app
