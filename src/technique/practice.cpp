#include "technique/practice.h"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <limits>
#include <nlohmann/json.hpp>
#include <optional>
#include <sstream>

#include "clinic/clinic_content.h"
#include "json/positions.h"

namespace kneeviz::technique {
namespace {

constexpr float kNearM = 0.02f;           // within this of the reference path: on it
constexpr double kVelocityWindowS = 0.1;  // directions over ±this...
constexpr double kSlowWindowS = 0.3;      // ...or this where the hand moves slower than kQuickMps
constexpr float kQuickMps = 0.04f;
constexpr double kRunGapS = 0.3;      // a pause this long in contact starts a new run
constexpr float kMovingMps = 0.005f;  // slower than this, the hand rests
constexpr float kProgressWeightM =
    0.5f;  // matching: being this far apart counts as a whole attempt apart in time
constexpr float kPressureWeightM = 0.1f;  // matching a motion: this far apart counts as a pressure of 1 apart
constexpr float kOffSkinM = 0.03f;

// What a stroke repeats, whose rate the tempo also measures: circles, strokes to and fro, taps.
enum class Beat { none, circles, to_and_fro, taps };

Beat beat_of(Motion motion) {
  switch (motion) {
    case Motion::circles_on_glide:
    case Motion::stationary_circles:
      return Beat::circles;
    case Motion::side_to_side:
    case Motion::up_and_down:
    case Motion::cross_fibre:
      return Beat::to_and_fro;
    case Motion::taps:
      return Beat::taps;
    case Motion::glide:
      return Beat::none;
  }
  return Beat::none;
}

// A contact sample with what scoring needs of it.
struct Point {
  glm::vec3 p{0.f};
  double t = 0.0;
  float pressure = 0.f;
  int run = 0;
  double progress = 0.0;     // share of the trace's contact time before it
  int phase = -1;            // the reference's only
  int stroke = -1;           // the reference's only: index into its phase's strokes
  glm::vec3 direction{0.f};  // the reference's stroke direction
  glm::vec3 normal{0.f};     // the reference's skin normal
  bool axis_only = false;    // the reference's stroke goes back and forth: its line counts, not its sense
  Beat beat = Beat::none;    // the reference's stroke's rhythm
  std::optional<glm::vec3> velocity;  // over the window, within the run
};

void finish(std::vector<Point>& points) {
  double total = 0.0;
  for (std::size_t i = 1; i < points.size(); ++i)
    if (points[i].run == points[i - 1].run) total += points[i].t - points[i - 1].t;
  double so_far = 0.0;
  for (std::size_t i = 0; i < points.size(); ++i) {
    if (i > 0 && points[i].run == points[i - 1].run) so_far += points[i].t - points[i - 1].t;
    points[i].progress = total > 0.0 ? so_far / total : 0.0;
  }
  // The velocity over ±window within the run: over a wide window first, which a few millimetres
  // of tremble barely move; where that finds the hand quick, over a narrow one, which follows
  // small quick circles and back-and-forth strokes that a wide one would average away.
  const auto velocity = [&](std::size_t i, double window) -> std::optional<glm::vec3> {
    std::size_t h = i, j = i;
    while (h > 0 && points[h - 1].run == points[i].run && points[i].t - points[h - 1].t <= window) --h;
    while (j + 1 < points.size() && points[j + 1].run == points[i].run &&
           points[j + 1].t - points[i].t <= window)
      ++j;
    if (j == h || points[j].t <= points[h].t) return std::nullopt;
    return (points[j].p - points[h].p) / float(points[j].t - points[h].t);
  };
  // Where the wide window's motion largely cancels out (circles, back and forth), the hand goes
  // round or to and fro within it: the narrow one follows it, if it is quick.
  for (std::size_t i = 0; i < points.size(); ++i) {
    const std::optional<glm::vec3> wide = velocity(i, kSlowWindowS), narrow = velocity(i, kVelocityWindowS);
    points[i].velocity = wide;
    // Quick, or a quick start the wide window averages away: the narrow window's.
    if (!wide || glm::length(*wide) >= kQuickMps ||
        (narrow && glm::length(*narrow) >= kQuickMps && glm::length(*wide) < 0.5f * glm::length(*narrow)))
      points[i].velocity = narrow;
  }
}

std::vector<Point> contact_points(const Trace& trace) {
  std::vector<Point> points;
  int run = 0;
  bool in_contact = false;
  double last_t = -1e9;
  for (const TraceSample& s : trace.samples) {
    if (!s.contact) {
      in_contact = false;
      continue;
    }
    if (!in_contact || s.t - last_t > kRunGapS) ++run;
    in_contact = true;
    last_t = s.t;
    Point point;
    point.p = s.p;
    point.t = s.t;
    point.pressure = s.pressure;
    point.run = run;
    points.push_back(point);
  }
  finish(points);
  return points;
}

std::vector<Point> reference_points(const TechniqueTimeline& timeline, TraceWindow window) {
  std::vector<Point> points;
  int run = 0;
  bool in_contact = false;
  const double end = std::min(window.end, timeline.duration());
  for (const HandPose& pose : timeline.samples(window.start, end, kReferenceStepS)) {
    if (pose.time >= window.end) break;
    if (!pose.contact || pose.transition) {
      in_contact = false;
      continue;
    }
    if (!in_contact) ++run;
    in_contact = true;
    Point point;
    point.p = pose.position;
    point.t = pose.time;
    point.pressure = pose.pressure;
    point.run = run;
    point.phase = pose.phase;
    point.stroke = pose.stroke;
    point.direction = pose.direction;
    point.normal = pose.normal;
    const Technique& t = timeline.technique();
    if (pose.phase >= 0 && pose.phase < int(t.phases.size()) && pose.stroke >= 0 &&
        pose.stroke < int(t.phases[std::size_t(pose.phase)].strokes.size())) {
      const Motion motion = t.phases[std::size_t(pose.phase)].strokes[std::size_t(pose.stroke)].motion;
      point.axis_only =
          motion == Motion::side_to_side || motion == Motion::up_and_down || motion == Motion::cross_fibre;
      point.beat = beat_of(motion);
    }
    points.push_back(point);
  }
  finish(points);
  return points;
}

// How many circles, strokes to and fro or taps the points make, over how long: for each point its
// beat, stroke line and skin normal (the reference's own, or for an attempt its match's). Circles
// count the hand's net turn about the skin normal within each run (a few millimetres of tremble
// turn it both ways and cancel out); strokes to and fro count reversals along the stroke's line,
// each past a speed no tremble reaches; taps count the runs of contact, over the time from the
// first to the last.
struct Rhythm {
  double cycles = 0.0, seconds = 0.0;
};

Rhythm rhythm_of(const std::vector<Point>& points, const std::vector<const Point*>& like) {
  constexpr float kBeatSpeed = 0.02f;  // m/s: slower than this, the hand's way does not count
  Rhythm rhythm;
  std::vector<int> tap_runs;
  double first_tap = 0.0, last_tap = 0.0;
  double turn = 0.0;  // this run's net turn, radians
  int sense = 0, reversals = 0;
  glm::vec3 previous{0.f};    // the last quick velocity in the run...
  bool has_previous = false;  // ...if there was one
  const auto end_run = [&] {
    rhythm.cycles += std::abs(turn) / (2.0 * 3.14159265358979) + reversals / 2.0;
    turn = 0.0;
    sense = reversals = 0;
    has_previous = false;
  };
  for (std::size_t i = 0; i < points.size(); ++i) {
    if (i > 0 && points[i].run != points[i - 1].run) end_run();
    const Point& at = *like[i];
    if (at.beat == Beat::none) continue;
    if (at.beat == Beat::taps) {
      if (tap_runs.empty() || tap_runs.back() != points[i].run) {
        if (tap_runs.empty()) first_tap = points[i].t;
        last_tap = points[i].t;
        tap_runs.push_back(points[i].run);
      }
      continue;
    }
    if (i > 0 && points[i].run == points[i - 1].run && like[i - 1]->beat == at.beat)
      rhythm.seconds += points[i].t - points[i - 1].t;
    if (!points[i].velocity || glm::length(*points[i].velocity) < kBeatSpeed) continue;
    const glm::vec3 v = *points[i].velocity;
    if (at.beat == Beat::circles) {
      if (has_previous)
        turn +=
            std::atan2(double(glm::dot(glm::cross(previous, v), at.normal)), double(glm::dot(previous, v)));
      previous = v;
      has_previous = true;
    } else if (glm::length(at.direction) > 0.5f) {
      // The stroke's line, one way round whichever way the hand goes along it: its largest
      // component positive.
      glm::vec3 line = glm::normalize(at.direction);
      const glm::vec3 size = glm::abs(line);
      const int major = size.x >= size.y && size.x >= size.z ? 0 : size.y >= size.z ? 1 : 2;
      if (line[major] < 0.f) line = -line;
      const float along = glm::dot(v, line);
      const int now = along > kBeatSpeed ? 1 : along < -kBeatSpeed ? -1 : 0;
      if (now != 0 && sense != 0 && now != sense) ++reversals;
      if (now != 0) sense = now;
    }
  }
  end_run();
  if (tap_runs.size() >= 2) {
    rhythm.cycles += double(tap_runs.size() - 1);
    rhythm.seconds += last_tap - first_tap;
  }
  return rhythm;
}

// The point of `in` nearest `to`: in space; with `by_progress`, also in how far through the trace
// each is; with `by_pressure`, also in how firmly (a glide up and the lighter slide back down
// the same line are told apart by it).
std::size_t nearest(const std::vector<Point>& in, const Point& to, bool by_progress,
                    bool by_pressure = false) {
  std::size_t best = 0;
  float best_d = std::numeric_limits<float>::max();
  for (std::size_t i = 0; i < in.size(); ++i) {
    float d = glm::distance(in[i].p, to.p);
    if (by_progress || by_pressure) {
      const float late = by_progress ? kProgressWeightM * float(in[i].progress - to.progress) : 0.f;
      const float firm = by_pressure ? kPressureWeightM * (in[i].pressure - to.pressure) : 0.f;
      d = std::sqrt(d * d + late * late + firm * firm);
    }
    if (d < best_d) {
      best_d = d;
      best = i;
    }
  }
  return best;
}

float median(std::vector<float> values) {
  if (values.empty()) return 0.f;
  std::nth_element(values.begin(), values.begin() + std::ptrdiff_t(values.size() / 2), values.end());
  return values[values.size() / 2];
}

int percent(double share) {
  return int(std::lround(100.0 * std::clamp(share, 0.0, 1.0)));
}

std::string zone_name(const std::string& id) {
  for (const clinic::CautionZone& zone : clinic::ClinicContent::builtin().caution_zones)
    if (zone.id == id) return zone.name;
  return id;
}

std::string rounded(double value, int decimals) {
  std::ostringstream out;
  out.setf(std::ios::fixed);
  out.precision(decimals);
  out << value;
  return out.str();
}

}  // namespace

Trace reference_trace(const TechniqueTimeline& timeline, double step, TraceWindow window) {
  Trace trace;
  trace.technique = timeline.technique().id;
  const double end = std::min(window.end, timeline.duration());
  for (const HandPose& pose : timeline.samples(window.start, end, step)) {
    if (pose.time >= window.end) break;
    trace.samples.push_back({pose.time - window.start, pose.position, pose.contact && !pose.transition,
                             pose.contact && !pose.transition ? pose.pressure : 0.f});
  }
  return trace;
}

std::vector<PhaseSpan> practice_spans(const TechniqueTimeline& timeline) {
  std::vector<PhaseSpan> spans;
  for (const PhaseSpan& span : timeline.phase_spans())
    if (span.technique_repetition == 0 && span.end > span.start) spans.push_back(span);
  return spans;
}

TraceWindow practice_window(const TechniqueTimeline& timeline) {
  const std::vector<PhaseSpan> spans = practice_spans(timeline);
  if (spans.empty()) return {0.0, timeline.duration()};
  return {spans.front().start, spans.back().end};
}

std::vector<glm::vec3> reference_path(const TechniqueTimeline& timeline, TraceWindow window) {
  std::vector<glm::vec3> path;
  for (const Point& point : reference_points(timeline, window)) path.push_back(point.p);
  return path;
}

std::string trace_to_json(const Trace& trace) {
  // A sample a line: a trace of minutes stays readable and diffable.
  const auto tidy = [](double value, double unit) { return std::round(value / unit) * unit; };
  std::string text = "{\n  \"format_version\": " + std::to_string(kTraceFormatVersion) +
                     ",\n  \"technique\": " + nlohmann::json(trace.technique).dump() + ",\n  \"samples\": [";
  for (std::size_t i = 0; i < trace.samples.size(); ++i) {
    const TraceSample& s = trace.samples[i];
    nlohmann::ordered_json sample;
    sample["t"] = tidy(s.t, 1e-4);
    sample["p"] = {tidy(s.p.x, 1e-5), tidy(s.p.y, 1e-5), tidy(s.p.z, 1e-5)};
    sample["contact"] = s.contact;
    sample["pressure"] = tidy(s.pressure, 1e-3);
    text += (i == 0 ? "\n    " : ",\n    ") + sample.dump();
  }
  return text + "\n  ]\n}\n";
}

Trace parse_trace(const std::string& text, const std::string& source, const std::string& expected_technique) {
  const auto refuse = [&](const std::string& place, const std::string& problem) -> void {
    throw TraceError(source + ": " + (place.empty() ? "" : place + ": ") + problem);
  };
  if (const auto deep = json::first_too_deep(text))
    refuse("", "nested deeper than " + std::to_string(json::kMaxJsonDepth) + " levels at line " +
                   std::to_string(deep->line) + "; expected a practice trace (it nests 4 deep)");
  nlohmann::json document;
  try {
    document = nlohmann::json::parse(text);
  } catch (const nlohmann::json::exception& error) {
    const std::string what = error.what();
    refuse("", "malformed JSON: " + what.substr(what.find(']') + 2));
  }
  if (!document.is_object()) refuse("", "expected an object with format_version, technique and samples");
  for (const auto& [key, value] : document.items())
    if (key != "format_version" && key != "technique" && key != "samples" && key != "$comment")
      refuse(key, "unknown field; expected format_version, technique and samples");
  if (!document.contains("format_version") || document["format_version"] != kTraceFormatVersion)
    refuse("format_version", "expected 1, the version this kneeviz reads");
  if (!document.contains("technique") || !document["technique"].is_string())
    refuse("technique", "expected the technique's id");
  Trace trace;
  trace.technique = document["technique"].get<std::string>();
  if (trace.technique != expected_technique)
    refuse("technique", "this is a trace of '" + trace.technique + "', not of '" + expected_technique + "'");
  if (!document.contains("samples") || !document["samples"].is_array())
    refuse("samples", "expected an array of samples ({t, p, contact, pressure})");
  const nlohmann::json& samples = document["samples"];
  if (samples.size() < 2)
    refuse("samples", "expected at least two samples, found " + std::to_string(samples.size()));
  if (samples.size() > kMaxTraceSamples)
    refuse("samples", "found " + std::to_string(samples.size()) + "; expected at most " +
                          std::to_string(kMaxTraceSamples));
  bool touched = false;
  for (std::size_t i = 0; i < samples.size(); ++i) {
    const std::string place = "samples[" + std::to_string(i) + "]";
    const nlohmann::json& s = samples[i];
    if (!s.is_object()) refuse(place, "expected an object {t, p, contact, pressure}");
    for (const auto& [key, value] : s.items())
      if (key != "t" && key != "p" && key != "contact" && key != "pressure")
        refuse(place + "." + key, "unknown field; expected t, p, contact and pressure");
    TraceSample sample;
    if (!s.contains("t") || !s["t"].is_number() || !std::isfinite(s["t"].get<double>()) ||
        s["t"].get<double>() < 0.0)
      refuse(place + ".t", "expected seconds from the start, 0 or more");
    sample.t = s["t"].get<double>();
    if (!trace.samples.empty() && sample.t < trace.samples.back().t)
      refuse(place + ".t", "goes back in time (" + rounded(sample.t, 3) + " s after " +
                               rounded(trace.samples.back().t, 3) + " s); expected samples in time order");
    const auto p = s.find("p");
    if (p == s.end() || !p->is_array() || p->size() != 3 ||
        !std::all_of(p->begin(), p->end(),
                     [](const nlohmann::json& v) { return v.is_number() && std::isfinite(v.get<double>()); }))
      refuse(place + ".p", "expected a point [x, y, z] in metres");
    sample.p = {(*p)[0].get<float>(), (*p)[1].get<float>(), (*p)[2].get<float>()};
    if (!s.contains("contact") || !s["contact"].is_boolean())
      refuse(place + ".contact", "expected true or false");
    sample.contact = s["contact"].get<bool>();
    if (!s.contains("pressure") || !s["pressure"].is_number() || !(s["pressure"].get<double>() >= 0.0) ||
        s["pressure"].get<double>() > 1.0)
      refuse(place + ".pressure", "expected a pressure from 0 to 1");
    sample.pressure = s["pressure"].get<float>();
    touched = touched || sample.contact;
    trace.samples.push_back(sample);
  }
  if (!touched) refuse("samples", "the hand never touches the skin (no sample has \"contact\": true)");
  return trace;
}

Trace read_trace_file(const std::filesystem::path& file, const std::string& expected_technique) {
  std::error_code error;
  if (!std::filesystem::exists(file, error)) throw TraceError(file.string() + ": no such file");
  if (!std::filesystem::is_regular_file(file, error))
    throw TraceError(file.string() + ": not a regular file; expected a practice trace (.json)");
  if (std::filesystem::file_size(file, error) > (64u << 20))
    throw TraceError(file.string() + ": larger than 64 MiB; expected a practice trace");
  std::ifstream in(file, std::ios::binary);
  if (!in) throw TraceError(file.string() + ": cannot be opened for reading");
  std::ostringstream text;
  text << in.rdbuf();
  return parse_trace(text.str(), file.string(), expected_technique);
}

PracticeScore score_trace(const TechniqueTimeline& timeline, const Trace& attempt, const ZoneAt& zone_at,
                          TraceWindow window) {
  const std::vector<Point> reference = reference_points(timeline, window);
  const std::vector<Point> tried = contact_points(attempt);
  PracticeScore score;
  if (reference.empty())
    throw TraceError("the reference has no contact in " + rounded(window.start, 2) + " s to " +
                     rounded(std::min(window.end, timeline.duration()), 2) + " s of " +
                     timeline.technique().id);
  if (tried.empty()) return score;

  // Each attempt point's match on the reference: in space alone, and in space and progress.
  std::vector<std::size_t> near(tried.size()), along(tried.size());
  std::vector<float> apart(tried.size()), off_skin;
  for (std::size_t i = 0; i < tried.size(); ++i) {
    near[i] = nearest(reference, tried[i], false);
    along[i] = nearest(reference, tried[i], true);
    apart[i] = glm::distance(tried[i].p, reference[near[i]].p);
    if (const auto hit = timeline.frame_at(reference[near[i]].t).skin().closest_point(tried[i].p, 0.5f))
      off_skin.push_back(hit->distance);
    else
      off_skin.push_back(0.5f);
  }
  if (median(off_skin) > kOffSkinM)
    throw TraceError(
        "the attempt's contact points lie " + rounded(100.0 * median(off_skin), 1) +
        " cm from the skin at the median; expected points on the skin, in the model's space (metres)");
  score.off_target_cm = 100.0 * median(apart);

  // Placement: the reference's path covered, and the attempt kept on it.
  std::size_t covered = 0, on_target = 0;
  // Stroke by stroke as well: each of the reference's strokes (by phase and stroke), its share
  // covered, and the share of the attempt's moments matched to it that were on it and moving its way.
  struct StrokeTally {
    int phase = -1, stroke = -1;
    std::size_t points = 0, covered = 0, matched = 0, on_target = 0, moving = 0;
    double agreement = 0.0;
  };
  std::vector<StrokeTally> strokes;
  const auto tally_of = [&](const Point& r) -> StrokeTally& {
    for (StrokeTally& t : strokes)
      if (t.phase == r.phase && t.stroke == r.stroke) return t;
    strokes.push_back({r.phase, r.stroke});
    return strokes.back();
  };
  for (const Point& r : reference) {
    const bool near_attempt = glm::distance(tried[nearest(tried, r, false)].p, r.p) <= kNearM;
    covered += near_attempt;
    StrokeTally& tally = tally_of(r);
    ++tally.points;
    tally.covered += near_attempt;
  }
  for (std::size_t i = 0; i < tried.size(); ++i) {
    on_target += apart[i] <= kNearM;
    StrokeTally& tally = tally_of(reference[along[i]]);
    ++tally.matched;
    tally.on_target += apart[i] <= kNearM;
  }
  score.placement =
      percent(0.5 * (double(covered) / double(reference.size()) + double(on_target) / double(tried.size())));

  // Direction: the hand's motion against the stroke's at the matching moment; pressure likewise.
  double agreement = 0.0, pressure_gap = 0.0, pressure_sign = 0.0;
  std::size_t moving = 0;
  for (std::size_t i = 0; i < tried.size(); ++i) {
    const Point& r = reference[along[i]];
    pressure_gap += std::abs(tried[i].pressure - r.pressure);
    pressure_sign += tried[i].pressure - r.pressure;
    if (!tried[i].velocity || glm::length(*tried[i].velocity) < kMovingMps) continue;
    const Point& motion = reference[nearest(reference, tried[i], true, true)];
    if (glm::length(motion.direction) < 0.5f) continue;
    const float cosine = glm::dot(glm::normalize(*tried[i].velocity), glm::normalize(motion.direction));
    // Back-and-forth strokes count their line (across the fibres, along the limb); glides and
    // circles their sense too (up toward the heart, the circles' turn).
    const float agrees = motion.axis_only ? std::abs(cosine) : std::max(0.f, cosine);
    agreement += agrees;
    ++moving;
    StrokeTally& tally = tally_of(reference[along[i]]);
    tally.agreement += agrees;
    ++tally.moving;
  }
  for (const StrokeTally& t : strokes) {
    const double cover = double(t.covered) / double(std::max<std::size_t>(t.points, 1));
    const double kept = t.matched ? double(t.on_target) / double(t.matched) : 0.0;
    const double way = t.moving ? t.agreement / double(t.moving) : (t.matched ? 1.0 : 0.0);
    score.strokes.push_back({t.phase, t.stroke, percent((cover + kept + way) / 3.0)});
  }
  score.direction = moving > 0 ? percent(agreement / double(moving)) : 100;
  score.pressure = percent(1.0 - pressure_gap / double(tried.size()) / 0.5);

  // Tempo: the time the hand spends on the skin against the reference's: half the speed takes
  // twice as long. Unlike speeds read off the positions, a few millimetres of tremble and uneven
  // sampling leave it as it is, and circles and taps count like glides.
  const auto contact_time = [](const std::vector<Point>& points) {
    double total = 0.0;
    for (std::size_t i = 1; i < points.size(); ++i)
      if (points[i].run == points[i - 1].run) total += points[i].t - points[i - 1].t;
    return total;
  };
  score.speed_ratio = contact_time(reference) / std::max(1e-6, contact_time(tried));
  const auto closeness = [](double ratio) {
    return std::exp(-1.5 * std::abs(std::log(std::max(ratio, 1e-6))));
  };
  score.tempo = percent(closeness(score.speed_ratio));
  // And the rhythm, where the strokes repeat: circles, strokes or taps a second against the
  // reference's (the same time spent at half the rate is as far off as half the speed).
  {
    std::vector<const Point*> own(reference.size()), matched(tried.size());
    for (std::size_t i = 0; i < reference.size(); ++i) own[i] = &reference[i];
    // Each attempt moment repeats what the reference does at that place and point in the work.
    for (std::size_t i = 0; i < tried.size(); ++i) matched[i] = &reference[along[i]];
    const Rhythm wanted = rhythm_of(reference, own), done = rhythm_of(tried, matched);
    if (wanted.cycles >= 4.0 && wanted.seconds > 0.0) {
      const double wanted_rate = wanted.cycles / wanted.seconds;
      score.beats_per_second = done.seconds > 0.0 ? done.cycles / done.seconds : 0.0;
      score.reference_beats_per_second = wanted_rate;
      score.tempo = std::min(score.tempo, percent(closeness(score.beats_per_second / wanted_rate)));
    }
  }
  // And the holds: where the reference rests on a spot in contact for 0.8 s or more (a tight spot
  // held: its points stay within 1.5 mm of where the rest began), the time in contact the attempt
  // spends within a centimetre of each such spot (nearest it on the path) against the time the
  // reference spends there, holding and passing. Moving on without holding spends a fraction of it.
  {
    constexpr double kMinHoldS = 0.8;
    constexpr float kRestRadiusM = 0.0015f, kSpotM = 0.01f;
    std::vector<glm::vec3> spots;
    for (std::size_t i = 0; i < reference.size();) {
      std::size_t j = i;
      const auto still = [&](std::size_t k) {
        return reference[k].run == reference[i].run &&
               glm::distance(reference[k].p, reference[i].p) <= kRestRadiusM;
      };
      while (j + 1 < reference.size() && still(j + 1)) ++j;
      if (reference[j].t - reference[i].t >= kMinHoldS) {
        const glm::vec3 spot = reference[(i + j) / 2].p;
        if (std::none_of(spots.begin(), spots.end(),
                         [&](const glm::vec3& s) { return glm::distance(s, spot) < kSpotM; }))
          spots.push_back(spot);
      }
      i = j + 1;
    }
    // Where a moment is: the reference's own place, or for the attempt the nearest place on the
    // reference's path (so that a path moved off target is judged on placement, not here too).
    const auto time_at_spots = [&](const std::vector<Point>& points, const auto& place_of) {
      double total = 0.0;
      for (std::size_t i = 1; i < points.size(); ++i)
        if (points[i].run == points[i - 1].run &&
            std::any_of(spots.begin(), spots.end(),
                        [&](const glm::vec3& s) { return glm::distance(s, place_of(i)) <= kSpotM; }))
          total += points[i].t - points[i - 1].t;
      return total;
    };
    const double wanted =
        spots.empty() ? 0.0 : time_at_spots(reference, [&](std::size_t i) { return reference[i].p; });
    if (wanted >= 1.0) {
      const double done = time_at_spots(tried, [&](std::size_t i) { return reference[near[i]].p; });
      score.held_s = done;
      score.reference_held_s = wanted;
      score.tempo = std::min(score.tempo, percent(closeness(std::max(done, 0.05) / wanted)));
    }
  }

  // Order: when the attempt worked on each phase's ground, in the reference's order of phases.
  std::vector<std::vector<float>> times_by_phase;
  for (std::size_t i = 0; i < tried.size(); ++i) {
    if (apart[i] > kNearM) continue;
    const int phase = reference[along[i]].phase;
    if (phase < 0) continue;
    if (times_by_phase.size() <= std::size_t(phase)) times_by_phase.resize(std::size_t(phase) + 1);
    times_by_phase[std::size_t(phase)].push_back(float(tried[i].t));
  }
  std::vector<float> when;
  for (const std::vector<float>& times : times_by_phase)
    if (!times.empty()) when.push_back(median(times));
  std::size_t pairs = 0, in_order = 0;
  for (std::size_t a = 0; a < when.size(); ++a)
    for (std::size_t b = a + 1; b < when.size(); ++b) {
      ++pairs;
      in_order += when[a] <= when[b];
    }
  score.order = pairs > 0 ? percent(double(in_order) / double(pairs)) : 100;

  // Safety: more than light pressure on a caution zone fails, whatever else.
  score.safety = 100;
  if (zone_at)
    for (std::size_t i = 0; i < tried.size() && score.safety == 100; ++i) {
      if (tried[i].pressure <= kLightPressure) continue;
      const std::string zone = zone_at(timeline.frame_at(reference[near[i]].t), tried[i].p);
      if (!zone.empty()) {
        score.safety = 0;
        score.safety_zone = zone_name(zone);
      }
    }

  score.overall = int(
      std::lround((score.placement + score.direction + score.tempo + score.pressure + score.order) / 5.0));
  if (score.safety == 0) score.overall = std::min(score.overall, 40);

  // The two things to work on, the weakest first (safety before anything).
  std::vector<std::pair<int, std::string>> advice;
  if (score.safety == 0)
    advice.emplace_back(-1, "Safety: the hand pressed more than lightly on the " + score.safety_zone +
                                "; only the lightest touch belongs there.");
  advice.emplace_back(score.placement,
                      "Placement: keep the hand on the working area (about " +
                          rounded(score.off_target_cm, 1) + " cm from the reference path at the median, " +
                          std::to_string(percent(double(covered) / double(reference.size()))) +
                          " % of it covered).");
  advice.emplace_back(score.direction,
                      "Direction: move the way the stroke goes; much of the attempt ran against or "
                      "across it.");
  // The rhythm named when it is clearly further off than the pace (the two agree when the whole
  // stroke is slowed down).
  const bool rhythm_off =
      score.reference_beats_per_second > 0.0 &&
      std::abs(std::log(std::max(score.beats_per_second, 1e-6) / score.reference_beats_per_second)) >
          std::abs(std::log(std::max(score.speed_ratio, 1e-6))) + 0.2;
  const bool holds_off = score.reference_held_s > 0.0 &&
                         std::abs(std::log(std::max(score.held_s, 0.05) / score.reference_held_s)) >
                             std::abs(std::log(std::max(score.speed_ratio, 1e-6))) + 0.2;
  if (holds_off)
    advice.emplace_back(score.tempo, "Tempo: hold still where the stroke holds a tight spot (about " +
                                         rounded(score.held_s, 1) +
                                         " s at those spots against the reference's " +
                                         rounded(score.reference_held_s, 1) + " s).");
  else if (rhythm_off)
    advice.emplace_back(score.tempo,
                        "Tempo: about " + rounded(score.beats_per_second, 1) +
                            " circles, strokes or taps a second against the reference's " +
                            rounded(score.reference_beats_per_second, 1) + "; " +
                            (score.beats_per_second < score.reference_beats_per_second ? "quicken" : "slow") +
                            " the rhythm, not only the pace.");
  else
    advice.emplace_back(
        score.tempo,
        score.speed_ratio > 10.0
            ? std::string("Tempo: the hand hardly stayed on the skin; keep it in contact "
                          "through each stroke, at the reference's pace.")
        : score.speed_ratio < 0.1 ? std::string("Tempo: many times slower than the reference; keep a steady, "
                                                "unhurried rhythm at its pace.")
        : score.speed_ratio < 1.0
            ? "Tempo: about " + rounded(1.0 / score.speed_ratio, 1) +
                  " times slower than the reference; keep a steady, unhurried rhythm at its pace."
            : "Tempo: about " + rounded(score.speed_ratio, 1) +
                  " times faster than the reference; slow down.");
  advice.emplace_back(score.pressure, pressure_sign > 0.0
                                          ? "Pressure: lighter; the attempt pressed more firmly than "
                                            "the strokes ask."
                                          : "Pressure: firmer; the attempt pressed more lightly than "
                                            "the strokes ask.");
  advice.emplace_back(score.order, "Order: work through the phases in the technique's order.");
  // Within one phase, the stroke that needs the most work, by number.
  if (score.strokes.size() > 1 &&
      std::all_of(score.strokes.begin(), score.strokes.end(),
                  [&](const StrokeScore& s) { return s.phase == score.strokes[0].phase; })) {
    const auto weakest =
        std::min_element(score.strokes.begin(), score.strokes.end(),
                         [](const StrokeScore& a, const StrokeScore& b) { return a.score < b.score; });
    advice.emplace_back(weakest->score,
                        "Stroke " + std::to_string(weakest->stroke + 1) +
                            " of the phase needs the most work: follow its path and its way (the "
                            "ribbon on the leg shows where it strayed).");
  }
  std::stable_sort(advice.begin(), advice.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  for (std::size_t i = 0; i < advice.size() && score.feedback.size() < 2; ++i)
    if (advice[i].first < 90) score.feedback.push_back(advice[i].second);
  if (score.feedback.empty())
    score.feedback.emplace_back("Close to the reference in every figure: well done.");
  return score;
}

}  // namespace kneeviz::technique
