#include "leg_model.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <sstream>
#include <thread>

#include "leg_frame.h"

namespace leggen {

namespace {

// Fibre direction at a vertex: the muscle's local line of action, projected into the surface's
// tangent plane and kept pointing proximal to distal.
glm::vec4 fibre_tangent(const Sdf& field, const vec3& position, const vec3& normal) {
  vec3 direction = field.fibre_direction(position);
  if (glm::length(direction) < 0.5f) direction = vec3(0, -1, 0);
  vec3 tangent = direction - glm::dot(direction, normal) * normal;
  if (glm::length(tangent) < 0.05f) {
    // At the rounded tips the line of action is along the normal; any tangent pointing down
    // the limb will do.
    const vec3 down(0, -1, 0);
    tangent = down - glm::dot(down, normal) * normal;
    if (glm::length(tangent) < 0.05f) tangent = glm::cross(normal, vec3(1, 0, 0));
  }
  return glm::vec4(glm::normalize(tangent), 1.0f);
}

std::vector<StructureSpec> collect_specs(const std::function<void(const std::string&)>& log) {
  std::vector<StructureSpec> specs = build_bones();
  std::vector<StructureSpec> thigh = build_thigh_muscles(specs);
  std::vector<StructureSpec> leg = build_leg_muscles(specs);
  specs.insert(specs.end(), thigh.begin(), thigh.end());
  specs.insert(specs.end(), leg.begin(), leg.end());
  split_tendons(specs);
  // Gluteus maximus after the tendons: it lies over the hamstrings' tendons of origin.
  specs.push_back(build_gluteus_maximus(specs));
  StructureSpec skin = build_skin(specs);
  if (log) log("laying lymphatics under the skin");
  std::vector<StructureSpec> lymph = build_lymphatics(skin);
  specs.insert(specs.end(), lymph.begin(), lymph.end());
  std::vector<StructureSpec> vessels = build_vessels_and_nerves(specs, skin);
  specs.insert(specs.end(), vessels.begin(), vessels.end());
  specs.push_back(std::move(skin));
  // Output order: by group (bones, muscles, tendons, lymphatics, vessels and nerves, skin), then
  // as built.
  std::stable_sort(specs.begin(), specs.end(), [](const StructureSpec& a, const StructureSpec& b) {
    return static_cast<int>(a.group) < static_cast<int>(b.group);
  });
  return specs;
}

}  // namespace

const char* group_node_name(Group group) {
  switch (group) {
    case Group::Bones:
      return "bones";
    case Group::Muscles:
      return "muscles";
    case Group::Tendons:
      return "tendons";
    case Group::Lymphatics:
      return "lymphatics";
    case Group::VesselsNerves:
      return "vessels-nerves";
    case Group::Skin:
      return "skin-layer";
  }
  return "muscles";
}

LegModel build_leg_model(const std::function<void(const std::string&)>& log) {
  LegModel model;
  const std::vector<StructureSpec> specs = collect_specs(log);
  model.structures.resize(specs.size());
  std::vector<std::string> lines(specs.size());
  auto build = [&](size_t index) {
    const StructureSpec& spec = specs[index];
    const auto start = std::chrono::steady_clock::now();
    BuiltStructure& built = model.structures[index];
    built.id = spec.id;
    built.group = spec.group;
    built.colour = spec.colour;
    built.fibre_line = spec.fibre_line;
    built.mesh = spec.explicit_mesh ? *spec.explicit_mesh : mesh_field(*spec.field, spec.meshing);
    if (spec.skinning_tolerance > 0.0f) {
      refine_for_skinning(built.mesh, spec.binding, spec.skinning_tolerance);
    }
    const TriangleMesh& mesh = built.mesh;
    if (spec.has_fibres()) {
      built.tangents.resize(mesh.positions.size());
      for (size_t i = 0; i < mesh.positions.size(); ++i) {
        built.tangents[i] = fibre_tangent(*spec.field, mesh.positions[i], mesh.normals[i]);
      }
    }
    built.skin_weights.reserve(mesh.positions.size());
    for (const vec3& p : mesh.positions) built.skin_weights.push_back(weights_for(spec.binding, p));
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    std::ostringstream line;
    line.precision(2);
    line << std::fixed << spec.id << ": " << mesh.indices.size() / 3 << " triangles, "
         << mesh.positions.size() << " vertices, " << seconds << " s";
    lines[index] = line.str();
  };
  // Structures are independent, so they are meshed concurrently (largest first, handed out in
  // turn); each result goes to its own slot and depends only on its spec, so the output is the
  // same whatever the scheduling. The meshing of each one is itself parallel inside.
  std::vector<size_t> order(specs.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
    return (specs[a].group == Group::Skin) > (specs[b].group == Group::Skin);
  });
  std::atomic<size_t> next{0};
  const size_t workers = std::clamp<size_t>(std::thread::hardware_concurrency(), 1, 8);
  std::vector<std::thread> threads;
  for (size_t w = 0; w < workers; ++w) {
    threads.emplace_back([&] {
      for (size_t k = next++; k < order.size(); k = next++) build(order[k]);
    });
  }
  for (std::thread& thread : threads) thread.join();
  if (log) {
    for (const std::string& line : lines) log(line);
  }
  model.landmarks = build_landmarks();
  return model;
}

}  // namespace leggen
