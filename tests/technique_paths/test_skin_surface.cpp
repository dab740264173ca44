// The skin's BVH gives exactly what testing every triangle gives: first hits, all hits and
// closest points on random queries, straight and flexed.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <optional>
#include <random>

#include "leg_fixture.h"
#include "technique/skin_surface.h"

using namespace kneeviz;
using namespace kneeviz::technique;
using kneeviz::technique::testing::leg;

namespace {

struct BruteHit {
  double t = std::numeric_limits<double>::infinity();
  std::size_t triangle = 0;
};

// Möller–Trumbore in double over every triangle: the reference.
bool ray_triangle(const glm::dvec3& o, const glm::dvec3& d, const glm::dvec3& a, const glm::dvec3& b,
                  const glm::dvec3& c, double& t) {
  const glm::dvec3 e1 = b - a, e2 = c - a, p = glm::cross(d, e2);
  const double det = glm::dot(e1, p);
  if (std::abs(det) < 1e-30) return false;
  const glm::dvec3 s = o - a;
  const double u = glm::dot(s, p) / det;
  if (u < 0 || u > 1) return false;
  const glm::dvec3 q = glm::cross(s, e1);
  const double v = glm::dot(d, q) / det;
  if (v < 0 || u + v > 1) return false;
  t = glm::dot(e2, q) / det;
  return t > 0;
}

std::vector<double> brute_hits(const SkinSurface& surface, const glm::vec3& origin, const glm::vec3& dir) {
  std::vector<double> hits;
  const auto& p = surface.positions();
  const auto& idx = surface.indices();
  for (std::size_t i = 0; i < surface.triangle_count(); ++i) {
    double t;
    if (ray_triangle(origin, dir, p[idx[3 * i]], p[idx[3 * i + 1]], p[idx[3 * i + 2]], t)) hits.push_back(t);
  }
  std::sort(hits.begin(), hits.end());
  return hits;
}

double closest_on_segment2(const glm::dvec3& p, const glm::dvec3& a, const glm::dvec3& b) {
  const glm::dvec3 ab = b - a;
  const double s = std::clamp(glm::dot(p - a, ab) / glm::dot(ab, ab), 0.0, 1.0);
  const glm::dvec3 d = p - (a + s * ab);
  return glm::dot(d, d);
}

// Distance from p to triangle abc: the plane when p projects inside, else the nearest edge.
double triangle_distance(const glm::dvec3& p, const glm::dvec3& a, const glm::dvec3& b, const glm::dvec3& c) {
  const glm::dvec3 n = glm::cross(b - a, c - a);
  const double n2 = glm::dot(n, n);
  if (n2 > 1e-30) {
    const glm::dvec3 q = p - n * (glm::dot(p - a, n) / n2);
    const bool inside = glm::dot(glm::cross(b - a, q - a), n) >= 0 &&
                        glm::dot(glm::cross(c - b, q - b), n) >= 0 &&
                        glm::dot(glm::cross(a - c, q - c), n) >= 0;
    if (inside) return std::abs(glm::dot(p - a, n)) / std::sqrt(n2);
  }
  return std::sqrt(
      std::min({closest_on_segment2(p, a, b), closest_on_segment2(p, b, c), closest_on_segment2(p, c, a)}));
}

double brute_distance(const SkinSurface& surface, const glm::vec3& point) {
  double best = std::numeric_limits<double>::infinity();
  const auto& p = surface.positions();
  const auto& idx = surface.indices();
  for (std::size_t i = 0; i < surface.triangle_count(); ++i)
    best = std::min(best, triangle_distance(point, p[idx[3 * i]], p[idx[3 * i + 1]], p[idx[3 * i + 2]]));
  return best;
}

glm::vec3 random_unit(std::mt19937& rng) {
  std::normal_distribution<float> n(0.f, 1.f);
  glm::vec3 v;
  do v = {n(rng), n(rng), n(rng)};
  while (glm::length(v) < 1e-3f);
  return glm::normalize(v);
}

glm::vec3 random_in(std::mt19937& rng, const scene::Bounds& box, float margin) {
  std::uniform_real_distribution<float> u(0.f, 1.f);
  const glm::vec3 lo = box.min - margin, hi = box.max + margin;
  return lo + (hi - lo) * glm::vec3(u(rng), u(rng), u(rng));
}

void check_rays(float flexion) {
  const SkinSurface skin = SkinSurface::from_model(leg(), scene::Pose{flexion});
  REQUIRE(skin.triangle_count() > 10000);
  std::mt19937 rng(1234);
  int hits = 0;
  for (int i = 0; i < 300; ++i) {
    // Half the rays aimed through the leg's box, half anywhere.
    const glm::vec3 origin = random_in(rng, skin.bounds(), 0.1f);
    const glm::vec3 dir =
        i % 2 ? random_unit(rng) : glm::normalize(random_in(rng, skin.bounds(), -0.02f) - origin + 1e-4f);
    const std::vector<double> reference = brute_hits(skin, origin, dir);
    const std::optional<SurfaceHit> first = skin.intersect(origin, dir);
    REQUIRE(first.has_value() == !reference.empty());
    if (!first) continue;
    ++hits;
    CHECK(std::abs(first->distance - reference.front()) < 1e-5);
    CHECK(glm::length(first->point - (origin + dir * first->distance)) < 1e-4f);
    CHECK(std::abs(glm::length(first->normal) - 1.f) < 1e-4f);
    CHECK(std::abs(first->barycentric.x + first->barycentric.y + first->barycentric.z - 1.f) < 1e-5f);
    const std::vector<SurfaceHit> all = skin.intersect_all(origin, dir);
    REQUIRE(all.size() == reference.size());
    for (std::size_t k = 0; k < all.size(); ++k) CHECK(std::abs(all[k].distance - reference[k]) < 1e-5);
    // A limited ray finds nothing before the first hit.
    CHECK_FALSE(skin.intersect(origin, dir, 0.f, first->distance * 0.999f).has_value());
  }
  CHECK(hits > 100);
}

}  // namespace

TEST_SUITE("cpu") {
  TEST_CASE("BVH first and all ray hits equal brute force on random rays") {
    check_rays(0.f);
  }

  TEST_CASE("BVH ray hits equal brute force with the knee flexed to 90 degrees") {
    check_rays(90.f);
  }

  TEST_CASE("BVH closest points equal brute force on random points") {
    const SkinSurface skin = SkinSurface::from_model(leg(), scene::Pose{});
    std::mt19937 rng(99);
    for (int i = 0; i < 300; ++i) {
      // Points inside, outside and near the surface.
      glm::vec3 point = random_in(rng, skin.bounds(), 0.15f);
      if (i % 3 == 0) point = skin.positions()[rng() % skin.positions().size()] + random_unit(rng) * 0.01f;
      const std::optional<SurfaceHit> near = skin.closest_point(point);
      REQUIRE(near.has_value());
      const double reference = brute_distance(skin, point);
      CHECK(std::abs(near->distance - reference) < 1e-5);
      CHECK(std::abs(glm::length(near->point - point) - near->distance) < 1e-5f);
      // Limited by max_distance: found exactly when it is within reach.
      CHECK(skin.closest_point(point, static_cast<float>(reference) * 0.99f).has_value() == false);
      CHECK(skin.closest_point(point, static_cast<float>(reference) * 1.01f + 1e-6f).has_value());
    }
  }

  TEST_CASE("a surface with a fibre field interpolates it and rejects bad input") {
    // One triangle, directions per vertex.
    const SkinSurface tri({{0, 0, 0}, {1, 0, 0}, {0, 1, 0}}, {{0, 0, 1}, {0, 0, 1}, {0, 0, 1}}, {0, 1, 2},
                          {{1, 0, 0}, {1, 0, 0}, {0, 1, 0}});
    const std::optional<SurfaceHit> hit = tri.intersect({0.25f, 0.25f, 1.f}, {0, 0, -1});
    REQUIRE(hit);
    CHECK(hit->distance == doctest::Approx(1.f));
    CHECK(hit->barycentric.z == doctest::Approx(0.25f));
    const glm::vec3 f = tri.interpolate_direction(*hit);
    CHECK(f.x == doctest::Approx(0.75f));
    CHECK(f.y == doctest::Approx(0.25f));
    const std::optional<SurfaceHit> near = tri.closest_point({2.f, -1.f, 0.5f});
    REQUIRE(near);
    CHECK(glm::length(near->point - glm::vec3(1, 0, 0)) < 1e-6f);
    CHECK_THROWS_AS(SkinSurface({{0, 0, 0}}, {{0, 0, 1}}, {0, 1, 2}), GeometryError);
    CHECK_THROWS_AS(SkinSurface::from_model(leg(), scene::Pose{}, "no-such-mesh"), GeometryError);
    CHECK_FALSE(SkinSurface().intersect({0, 0, 0}, {0, 0, 1}).has_value());
    CHECK_FALSE(SkinSurface().closest_point({0, 0, 0}).has_value());
  }

  TEST_CASE("building the BVH twice gives the same hierarchy") {
    const SkinSurface a = SkinSurface::from_model(leg(), scene::Pose{30.f});
    const SkinSurface b = SkinSurface::from_model(leg(), scene::Pose{30.f});
    CHECK(a.node_count() == b.node_count());
    const std::optional<SurfaceHit> ha = a.closest_point({0.05f, -0.3f, 0.1f});
    const std::optional<SurfaceHit> hb = b.closest_point({0.05f, -0.3f, 0.1f});
    REQUIRE(ha);
    REQUIRE(hb);
    CHECK(ha->triangle == hb->triangle);
  }

}  // TEST_SUITE
