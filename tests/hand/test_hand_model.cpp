// The procedural hand: a closed, outward, smooth mesh per contact posture, placed in the
// documented hand frame (contact at the origin, +Y off the skin, +Z forward, the wrist behind).
#include <doctest/doctest.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <glm/glm.hpp>
#include <map>
#include <numeric>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "technique/hand_model.h"

using kneeviz::scene::Mesh;
using kneeviz::technique::Contact;
using kneeviz::technique::hand_contact_radius;
using kneeviz::technique::make_hand;

namespace {

constexpr std::array<Contact, 5> kContacts{Contact::palm, Contact::fingertips, Contact::knuckles,
                                           Contact::thumb, Contact::forearm};

const char* name_of(Contact contact) {
  static const std::array<const char*, 5> names{"palm", "fingertips", "knuckles", "thumb", "forearm"};
  return names[static_cast<std::size_t>(contact)];
}

const Mesh& hand(Contact contact) {
  static const std::array<Mesh, 5> hands{make_hand(Contact::palm), make_hand(Contact::fingertips),
                                         make_hand(Contact::knuckles), make_hand(Contact::thumb),
                                         make_hand(Contact::forearm)};
  return hands[static_cast<std::size_t>(contact)];
}

// Vertex ids after welding equal positions.
std::vector<std::uint32_t> welded_ids(const Mesh& mesh) {
  std::map<std::tuple<float, float, float>, std::uint32_t> first;
  std::vector<std::uint32_t> ids(mesh.vertices.size());
  for (std::size_t i = 0; i < mesh.vertices.size(); ++i) {
    const glm::vec3 p = mesh.vertices[i].position;
    ids[i] = first.try_emplace({p.x, p.y, p.z}, static_cast<std::uint32_t>(i)).first->second;
  }
  return ids;
}

// Clusters of points closer than `link` to each other (single linkage).
int cluster_count(const std::vector<glm::vec3>& points, float link) {
  std::vector<int> parent(points.size());
  std::iota(parent.begin(), parent.end(), 0);
  auto root = [&](int i) {
    while (parent[std::size_t(i)] != i)
      i = parent[std::size_t(i)] = parent[std::size_t(parent[std::size_t(i)])];
    return i;
  };
  for (std::size_t i = 0; i < points.size(); ++i) {
    for (std::size_t j = i + 1; j < points.size(); ++j) {
      if (glm::length(points[i] - points[j]) < link) parent[std::size_t(root(int(i)))] = root(int(j));
    }
  }
  int count = 0;
  for (std::size_t i = 0; i < points.size(); ++i) count += root(int(i)) == int(i) ? 1 : 0;
  return count;
}

std::vector<glm::vec3> contact_points(const Mesh& mesh, float band) {
  std::vector<glm::vec3> points;
  for (const auto& v : mesh.vertices) {
    if (v.position.y < band) points.push_back(v.position);
  }
  return points;
}

// Area of the triangles lying wholly within `band` of y = 0.
double contact_area(const Mesh& mesh, float band) {
  double area = 0.0;
  for (std::size_t t = 0; t + 2 < mesh.indices.size(); t += 3) {
    const glm::vec3 a = mesh.vertices[mesh.indices[t]].position,
                    b = mesh.vertices[mesh.indices[t + 1]].position,
                    c = mesh.vertices[mesh.indices[t + 2]].position;
    if (std::max({a.y, b.y, c.y}) < band) area += 0.5 * glm::length(glm::cross(b - a, c - a));
  }
  return area;
}

}  // namespace

TEST_SUITE("cpu") {
  TEST_CASE("every hand posture is a closed outward mesh within the triangle budget") {
    for (Contact contact : kContacts) {
      CAPTURE(std::string(name_of(contact)));
      const Mesh& mesh = hand(contact);
      REQUIRE(mesh.indices.size() % 3 == 0);
      CHECK(mesh.triangle_count() > 2000);
      CHECK(mesh.triangle_count() < 24000);
      CHECK_FALSE(mesh.skinned);
      const std::vector<std::uint32_t> id = welded_ids(mesh);
      // Every directed edge once, and its reverse once: closed, manifold and consistently wound.
      std::map<std::pair<std::uint32_t, std::uint32_t>, int> directed;
      for (std::size_t t = 0; t < mesh.indices.size(); t += 3) {
        for (std::size_t k = 0; k < 3; ++k) {
          ++directed[{id[mesh.indices[t + k]], id[mesh.indices[t + (k + 1) % 3]]}];
        }
      }
      int open = 0, repeated = 0;
      for (const auto& [edge, count] : directed) {
        if (count != 1) ++repeated;
        const auto reverse = directed.find({edge.second, edge.first});
        if (reverse == directed.end() || reverse->second != 1) ++open;
      }
      CHECK(open == 0);
      CHECK(repeated == 0);
      // Positive signed volume: the faces point outward. An adult hand and a stretch of
      // forearm: several hundred cubic centimetres.
      double volume = 0.0;
      for (std::size_t t = 0; t < mesh.indices.size(); t += 3) {
        const glm::dvec3 a = mesh.vertices[mesh.indices[t]].position,
                         b = mesh.vertices[mesh.indices[t + 1]].position,
                         c = mesh.vertices[mesh.indices[t + 2]].position;
        volume += glm::dot(a, glm::cross(b, c)) / 6.0;
      }
      CHECK(volume > 300e-6);
      CHECK(volume < 1500e-6);
      for (const auto& v : mesh.vertices) {
        REQUIRE(std::abs(glm::length(v.normal) - 1.f) < 1e-3f);
        REQUIRE(v.weights == glm::vec4(0.f));
      }
    }
  }

  TEST_CASE("the normals point out of the hand") {
    // Each vertex normal agrees with the faces around it.
    for (Contact contact : kContacts) {
      CAPTURE(std::string(name_of(contact)));
      const Mesh& mesh = hand(contact);
      std::vector<glm::vec3> face_sum(mesh.vertices.size(), glm::vec3(0.f));
      for (std::size_t t = 0; t < mesh.indices.size(); t += 3) {
        const glm::vec3 a = mesh.vertices[mesh.indices[t]].position,
                        b = mesh.vertices[mesh.indices[t + 1]].position,
                        c = mesh.vertices[mesh.indices[t + 2]].position;
        const glm::vec3 n = glm::cross(b - a, c - a);
        for (std::size_t k = 0; k < 3; ++k) face_sum[mesh.indices[t + k]] += n;
      }
      int disagree = 0;
      for (std::size_t i = 0; i < mesh.vertices.size(); ++i) {
        if (glm::dot(face_sum[i], mesh.vertices[i].normal) <= 0.f) ++disagree;
      }
      CHECK(disagree <= int(mesh.vertices.size() / 500));
    }
  }

  TEST_CASE("the touching part is at the origin and the rest of the hand above the skin") {
    for (Contact contact : kContacts) {
      CAPTURE(std::string(name_of(contact)));
      const Mesh& mesh = hand(contact);
      float bottom = 1e9f;
      for (const auto& v : mesh.vertices) bottom = std::min(bottom, v.position.y);
      CHECK(std::abs(bottom) < 0.5e-3f);
      // The lowest part (within 0.3 mm of the lowest vertex: the grid's noise on a flat palm)
      // lies around the origin.
      glm::vec3 lowest{0.f};
      int count = 0;
      for (const auto& v : mesh.vertices) {
        if (v.position.y < bottom + 0.3e-3f) lowest += v.position, ++count;
      }
      lowest /= float(count);
      CHECK(glm::length(glm::vec2(lowest.x, lowest.z)) < 0.01f);
      for (const auto& v : mesh.vertices) REQUIRE(v.position.y > -1e-3f);
      CHECK(hand_contact_radius(contact) > 0.005f);
      CHECK(hand_contact_radius(contact) < 0.06f);
    }
  }

  TEST_CASE("the hand has adult proportions and trails its wrist behind and up") {
    for (Contact contact : kContacts) {
      CAPTURE(std::string(name_of(contact)));
      const Mesh& mesh = hand(contact);
      kneeviz::scene::Bounds bounds;
      for (const auto& v : mesh.vertices) bounds.extend(v.position);
      // The end of the forearm stretch is the farthest point behind, and it is off the skin.
      glm::vec3 back{0.f, 0.f, 1e9f};
      for (const auto& v : mesh.vertices) {
        if (v.position.z < back.z) back = v.position;
      }
      CHECK(back.z < -0.04f);
      CHECK(back.y > 0.02f);
      CHECK(bounds.size().z > 0.12f);
      CHECK(bounds.size().y < 0.25f);
      if (contact == Contact::forearm) {
        CHECK(bounds.max.z > 0.12f);  // the hand lies ahead of the forearm's contact
      }
    }
    // The flat hand: about 19 cm from the wrist to the tip of the middle finger, 8.5 cm wide
    // (with the thumb alongside, a little more), and its fingers ahead of the contact.
    const Mesh& palm = hand(Contact::palm);
    kneeviz::scene::Bounds flat;
    for (const auto& v : palm.vertices) {
      if (v.position.y < 0.008f) flat.extend(v.position);
    }
    CHECK(flat.max.z > 0.07f);
    CHECK(flat.size().x > 0.08f);
    CHECK(flat.size().x < 0.12f);
    CHECK(flat.size().z > 0.16f);
    CHECK(flat.size().z < 0.22f);
  }

  TEST_CASE("palm contact is broad and flat") {
    const double area = contact_area(hand(Contact::palm), 3e-3f);
    CHECK(area > 30e-4);
  }

  TEST_CASE("fingertips touch with separate pads") {
    const std::vector<glm::vec3> points = contact_points(hand(Contact::fingertips), 3e-3f);
    REQUIRE(!points.empty());
    CHECK(cluster_count(points, 4e-3f) >= 3);
    // The pads sit side by side across the stroke.
    float x_min = 1e9f, x_max = -1e9f;
    for (const auto& p : points) x_min = std::min(x_min, p.x), x_max = std::max(x_max, p.x);
    CHECK(x_max - x_min > 0.03f);
    CHECK(contact_area(hand(Contact::fingertips), 3e-3f) < 8e-4);
  }

  TEST_CASE("knuckles touch in a row across the stroke") {
    const std::vector<glm::vec3> points = contact_points(hand(Contact::knuckles), 3e-3f);
    REQUIRE(!points.empty());
    kneeviz::scene::Bounds row;
    for (const auto& p : points) row.extend(p);
    CHECK(row.size().x > 0.035f);
    CHECK(row.size().x > 1.5f * row.size().z);
  }

  TEST_CASE("thumb and forearm touch with one small patch") {
    for (Contact contact : {Contact::thumb, Contact::forearm}) {
      CAPTURE(std::string(name_of(contact)));
      const std::vector<glm::vec3> points = contact_points(hand(contact), 2e-3f);
      REQUIRE(!points.empty());
      CHECK(cluster_count(points, 4e-3f) == 1);
      kneeviz::scene::Bounds patch;
      for (const auto& p : points) patch.extend(p);
      CHECK(patch.size().x < 0.05f);
    }
  }

  TEST_CASE("the hand is deterministic and curl keeps it on the skin") {
    const Mesh again = make_hand(Contact::knuckles);
    const Mesh& first = hand(Contact::knuckles);
    REQUIRE(again.vertices.size() == first.vertices.size());
    CHECK(again.indices == first.indices);
    bool same = true;
    for (std::size_t i = 0; i < again.vertices.size(); ++i) {
      same = same && again.vertices[i].position == first.vertices[i].position &&
             again.vertices[i].normal == first.vertices[i].normal;
    }
    CHECK(same);
    for (Contact contact : kContacts) {
      CAPTURE(std::string(name_of(contact)));
      const Mesh relaxed = make_hand(contact, 1.f);
      float lowest = 1e9f;
      for (const auto& v : relaxed.vertices) lowest = std::min(lowest, v.position.y);
      CHECK(std::abs(lowest) < 0.5e-3f);
      CHECK(relaxed.triangle_count() < 24000);
    }
  }

  TEST_CASE("the glove is light blue") {
    const Mesh& mesh = hand(Contact::palm);
    CHECK(mesh.material.base_colour.b > mesh.material.base_colour.r + 0.2f);
    CHECK(mesh.material.base_colour.b > 0.8f);
    CHECK(mesh.name == "hand-palm");
  }
}
