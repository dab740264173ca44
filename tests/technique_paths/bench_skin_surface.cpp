// Prints how long the skin's BVH takes to build and to query on the bundled leg. A benchmark:
// figures, no assertions. Usage: bench_skin_surface
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <random>

#include "leg_fixture.h"
#include "technique/limb.h"
#include "technique/path.h"
#include "technique/skin_surface.h"
#include "technique/timeline.h"

using namespace kneeviz;
using namespace kneeviz::technique;
using Clock = std::chrono::steady_clock;

namespace {
double ms_since(Clock::time_point start) {
  return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}
}  // namespace

int main() {
  const scene::Model& leg = testing::leg();
  const scene::Mesh* skin_mesh = nullptr;
  for (const scene::Mesh& mesh : leg.meshes)
    if (mesh.name == "skin") skin_mesh = &mesh;
  if (!skin_mesh) return 1;
  const std::vector<glm::mat4> globals = scene::posed_globals(leg, scene::Pose{45.f});
  const std::vector<glm::mat4> skinning = scene::skinning_matrices(leg, globals);

  double best_total = 1e9;
  SkinSurface skin;
  for (int run = 0; run < 5; ++run) {
    const auto start = Clock::now();
    skin = SkinSurface::from_mesh(*skin_mesh, globals, skinning);
    best_total = std::min(best_total, ms_since(start));
  }
  // The hierarchy alone, from already posed triangles.
  double best_build = 1e9;
  for (int run = 0; run < 5; ++run) {
    std::vector<glm::vec3> p = skin.positions(), n = skin.normals();
    std::vector<std::uint32_t> i = skin.indices();
    const auto start = Clock::now();
    const SkinSurface again(std::move(p), std::move(n), std::move(i));
    best_build = std::min(best_build, ms_since(start));
  }
  std::printf("skin: %zu triangles, %zu nodes\n", skin.triangle_count(), skin.node_count());
  std::printf("skin + BVH in a pose: %.2f ms (best of 5); BVH build alone: %.2f ms\n", best_total,
              best_build);

  std::mt19937 rng(1);
  std::uniform_real_distribution<float> u(0.f, 1.f);
  const scene::Bounds box = skin.bounds();
  auto random_point = [&](float margin) {
    const glm::vec3 lo = box.min - margin, hi = box.max + margin;
    return lo + (hi - lo) * glm::vec3(u(rng), u(rng), u(rng));
  };
  constexpr int kQueries = 100000;
  std::vector<glm::vec3> origins(kQueries), targets(kQueries);
  for (int q = 0; q < kQueries; ++q) {
    origins[q] = random_point(0.1f);
    targets[q] = random_point(-0.05f);
  }
  int hits = 0;
  auto start = Clock::now();
  for (int q = 0; q < kQueries; ++q)
    hits += skin.intersect(origins[q], glm::normalize(targets[q] - origins[q])).has_value();
  std::printf("first hit: %.2f us per ray (%d of %d hit)\n", ms_since(start) * 1000.0 / kQueries, hits,
              kQueries);
  start = Clock::now();
  std::size_t all = 0;
  for (int q = 0; q < kQueries; ++q)
    all += skin.intersect_all(origins[q], glm::normalize(targets[q] - origins[q])).size();
  std::printf("all hits: %.2f us per ray (%.2f crossings each)\n", ms_since(start) * 1000.0 / kQueries,
              static_cast<double>(all) / kQueries);
  start = Clock::now();
  float sum = 0.f;
  for (int q = 0; q < kQueries; ++q) sum += skin.closest_point(origins[q])->distance;
  std::printf("closest point (anywhere in the box): %.2f us per query (mean distance %.3f m)\n",
              ms_since(start) * 1000.0 / kQueries, sum / kQueries);
  start = Clock::now();
  for (int q = 0; q < kQueries; ++q)
    sum += skin.closest_point(skin.positions()[q % skin.positions().size()] + 0.003f)->distance;
  std::printf("closest point (3 mm off the skin): %.2f us per query\n", ms_since(start) * 1000.0 / kQueries);

  const auto frame_start = Clock::now();
  const LimbFrame frame(leg, scene::Pose{45.f}, {"iliotibial-tract", "patellar-tendon"});
  std::printf("LimbFrame (skin + 2 fibre structures): %.2f ms\n", ms_since(frame_start));
  Stroke stroke;
  stroke.segment = Segment::thigh;
  stroke.from = 0.2f;
  stroke.to = 0.8f;
  stroke.angle_deg = 90.f;
  stroke.motion = Motion::circles_on_glide;
  stroke.duration_s = 4.f;
  const StrokePath path(stroke, frame);
  start = Clock::now();
  const std::vector<StrokeSample> samples = path.samples(0.f, 4.f, 0.001f);
  std::printf("stroke sample (circles on a glide, with its direction): %.2f us each\n",
              ms_since(start) * 1000.0 / static_cast<double>(samples.size()));

  // A technique's timeline: building it, and a pose at random times (what a frame asks for).
  Technique technique;
  Phase phase;
  phase.strokes = {stroke};
  phase.strokes.push_back(testing::make_stroke(Segment::knee, 0.45f, 0.45f, 90.f, Motion::cross_fibre, 4.f));
  phase.strokes.back().fibre_of = "iliotibial-tract";
  phase.strokes.push_back(testing::make_stroke(Segment::thigh, 0.3f, 0.6f, 0.f, Motion::taps, 4.f));
  technique.phases = {phase};
  start = Clock::now();
  const TechniqueTimeline timeline(technique, leg);
  std::printf("timeline (1 leg pose, 3 strokes): %.2f ms to build\n", ms_since(start));
  std::uniform_real_distribution<double> when(0.0, timeline.duration());
  constexpr int kPoses = 20000;
  start = Clock::now();
  for (int q = 0; q < kPoses; ++q) sum += timeline.pose_at(when(rng)).lift_m;
  std::printf("pose_at: %.2f us each (glide with circles, cross-fibre, taps, transitions)\n",
              ms_since(start) * 1000.0 / kPoses);
  return sum > 0.f ? 0 : 1;
}
