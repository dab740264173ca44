#include "support/test_models.h"

#include <cmath>
#include <cstring>
#include <nlohmann/json.hpp>
#include <numbers>
#include <sstream>

#include "support/test_files.h"

namespace kneeviz::test {

Shape box(glm::vec3 centre, glm::vec3 half_size) {
  Shape shape;
  // Each face: its normal n and two in-plane axes a, b.
  const glm::vec3 normals[6] = {{1, 0, 0}, {-1, 0, 0}, {0, 1, 0}, {0, -1, 0}, {0, 0, 1}, {0, 0, -1}};
  for (const glm::vec3& n : normals) {
    const glm::vec3 a = std::abs(n.y) > 0.5f ? glm::vec3(0, 0, 1) : glm::cross(glm::vec3(0, 1, 0), n);
    const glm::vec3 b = glm::cross(n, a);  // a x b = n: the corners below run counter-clockwise
    const auto base = static_cast<std::uint32_t>(shape.positions.size());
    const glm::vec2 corners[4] = {{-1, -1}, {1, -1}, {1, 1}, {-1, 1}};
    for (const glm::vec2& c : corners) {
      shape.positions.push_back(centre + (n + a * c.x + b * c.y) * half_size);
      shape.normals.push_back(n);
    }
    shape.indices.insert(shape.indices.end(), {base, base + 1, base + 2, base, base + 2, base + 3});
  }
  return shape;
}

Shape ellipsoid(glm::vec3 centre, glm::vec3 radii, int slices, int stacks) {
  Shape shape;
  for (int j = 0; j <= stacks; ++j) {
    const float theta = std::numbers::pi_v<float> * float(j) / float(stacks);  // from +Y down
    for (int i = 0; i <= slices; ++i) {
      const float phi = 2.f * std::numbers::pi_v<float> * float(i) / float(slices);
      const glm::vec3 unit{std::sin(theta) * std::sin(phi), std::cos(theta), std::sin(theta) * std::cos(phi)};
      shape.positions.push_back(centre + unit * radii);
      shape.normals.push_back(glm::normalize(unit / radii));
    }
  }
  const auto at = [&](int i, int j) { return std::uint32_t(j * (slices + 1) + i); };
  for (int j = 0; j < stacks; ++j)
    for (int i = 0; i < slices; ++i) {
      // Seen from outside, (i, j) -> (i, j+1) -> (i+1, j+1) turns counter-clockwise.
      if (j > 0) shape.indices.insert(shape.indices.end(), {at(i, j), at(i, j + 1), at(i + 1, j)});
      if (j < stacks - 1)
        shape.indices.insert(shape.indices.end(), {at(i + 1, j), at(i, j + 1), at(i + 1, j + 1)});
    }
  return shape;
}

Shape octahedron(glm::vec3 centre, float radius) {
  Shape shape;
  const glm::vec3 axes[6] = {{1, 0, 0}, {-1, 0, 0}, {0, 1, 0}, {0, -1, 0}, {0, 0, 1}, {0, 0, -1}};
  for (const glm::vec3& a : axes) shape.positions.push_back(centre + a * radius);
  // One triangle per octant, wound counter-clockwise seen from outside.
  for (std::uint32_t x : {0u, 1u})
    for (std::uint32_t y : {2u, 3u})
      for (std::uint32_t z : {4u, 5u}) {
        const glm::vec3 n = glm::vec3(x == 0 ? 1 : -1, y == 2 ? 1 : -1, z == 4 ? 1 : -1);
        const glm::vec3 e1 = shape.positions[y] - shape.positions[x];
        const glm::vec3 e2 = shape.positions[z] - shape.positions[x];
        if (glm::dot(glm::cross(e1, e2), n) > 0.f)
          shape.indices.insert(shape.indices.end(), {x, y, z});
        else
          shape.indices.insert(shape.indices.end(), {x, z, y});
      }
  return shape;
}

namespace {

std::string base64(const std::vector<unsigned char>& bytes) {
  static constexpr char table[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  for (std::size_t i = 0; i < bytes.size(); i += 3) {
    const std::uint32_t chunk = (std::uint32_t(bytes[i]) << 16) |
                                (i + 1 < bytes.size() ? std::uint32_t(bytes[i + 1]) << 8 : 0u) |
                                (i + 2 < bytes.size() ? std::uint32_t(bytes[i + 2]) : 0u);
    out += table[(chunk >> 18) & 63];
    out += table[(chunk >> 12) & 63];
    out += i + 1 < bytes.size() ? table[(chunk >> 6) & 63] : '=';
    out += i + 2 < bytes.size() ? table[chunk & 63] : '=';
  }
  return out;
}

template <typename T>
std::size_t append(std::vector<unsigned char>& buffer, const std::vector<T>& values) {
  const std::size_t offset = buffer.size();
  buffer.resize(offset + values.size() * sizeof(T));
  std::memcpy(buffer.data() + offset, values.data(), values.size() * sizeof(T));
  return offset;
}

}  // namespace

std::string gltf_json(const GltfScene& scene) {
  using nlohmann::json;
  json doc;
  doc["asset"] = {{"version", "2.0"}, {"generator", "kneeviz tests"}};
  std::vector<unsigned char> buffer;
  json views = json::array(), accessors = json::array(), meshes = json::array(), materials = json::array();
  const auto add_view = [&](std::size_t offset, std::size_t length, int target) {
    views.push_back({{"buffer", 0}, {"byteOffset", offset}, {"byteLength", length}, {"target", target}});
    return views.size() - 1;
  };
  for (const GltfMesh& mesh : scene.meshes) {
    const Shape& s = mesh.shape;
    glm::vec3 lo(1e30f), hi(-1e30f);
    for (const glm::vec3& p : s.positions) lo = glm::min(lo, p), hi = glm::max(hi, p);
    json attributes;
    const std::size_t positions = add_view(append(buffer, s.positions), s.positions.size() * 12, 34962);
    accessors.push_back({{"bufferView", positions},
                         {"componentType", 5126},
                         {"count", s.positions.size()},
                         {"type", "VEC3"},
                         {"min", {lo.x, lo.y, lo.z}},
                         {"max", {hi.x, hi.y, hi.z}}});
    attributes["POSITION"] = accessors.size() - 1;
    if (mesh.write_normals && !s.normals.empty()) {
      const std::size_t normals = add_view(append(buffer, s.normals), s.normals.size() * 12, 34962);
      accessors.push_back(
          {{"bufferView", normals}, {"componentType", 5126}, {"count", s.normals.size()}, {"type", "VEC3"}});
      attributes["NORMAL"] = accessors.size() - 1;
    }
    const std::size_t indices = add_view(append(buffer, s.indices), s.indices.size() * 4, 34963);
    accessors.push_back(
        {{"bufferView", indices}, {"componentType", 5125}, {"count", s.indices.size()}, {"type", "SCALAR"}});
    const std::size_t index_accessor = accessors.size() - 1;
    const glm::vec4 c = mesh.base_colour;
    materials.push_back(
        {{"name", mesh.name + "-material"},
         {"pbrMetallicRoughness",
          {{"baseColorFactor", {c.r, c.g, c.b, c.a}}, {"metallicFactor", 0.0}, {"roughnessFactor", 0.6}}},
         {"alphaMode", c.a < 1.f ? "BLEND" : "OPAQUE"}});
    meshes.push_back({{"name", mesh.name},
                      {"primitives",
                       {{{"attributes", attributes},
                         {"indices", index_accessor},
                         {"material", materials.size() - 1},
                         {"mode", 4}}}}});
  }
  json nodes = json::array();
  for (const GltfNode& node : scene.nodes) {
    json n = {{"name", node.name}};
    if (node.translation != glm::vec3(0.f))
      n["translation"] = {node.translation.x, node.translation.y, node.translation.z};
    if (node.mesh >= 0) n["mesh"] = node.mesh;
    if (!node.children.empty()) n["children"] = node.children;
    nodes.push_back(n);
  }
  doc["scene"] = 0;
  doc["scenes"] = {{{"nodes", scene.roots}}};
  doc["nodes"] = nodes;
  if (!meshes.empty()) {
    doc["meshes"] = meshes;
    doc["materials"] = materials;
    doc["accessors"] = accessors;
    doc["bufferViews"] = views;
    doc["buffers"] = {
        {{"byteLength", buffer.size()}, {"uri", "data:application/octet-stream;base64," + base64(buffer)}}};
  }
  return doc.dump(1);
}

void write_gltf(const std::filesystem::path& file, const GltfScene& scene) {
  write_text(file, gltf_json(scene));
}

GltfScene scene_of(std::vector<GltfMesh> meshes) {
  GltfScene scene;
  scene.nodes.push_back({"model", glm::vec3(0.f), -1, {}});
  scene.roots = {0};
  for (std::size_t i = 0; i < meshes.size(); ++i) {
    scene.nodes.push_back({meshes[i].name, glm::vec3(0.f), int(i), {}});
    scene.nodes[0].children.push_back(int(i) + 1);
  }
  scene.meshes = std::move(meshes);
  return scene;
}

std::string obj_object(const std::string& name, const Shape& shape, std::size_t first_vertex, bool as_group) {
  std::ostringstream out;
  out << (as_group ? "g " : "o ") << name << "\n";
  for (const glm::vec3& p : shape.positions) out << "v " << p.x << " " << p.y << " " << p.z << "\n";
  const bool normals = !shape.normals.empty();
  for (const glm::vec3& n : shape.normals) out << "vn " << n.x << " " << n.y << " " << n.z << "\n";
  for (std::size_t t = 0; t < shape.indices.size(); t += 3) {
    out << "f";
    for (std::size_t k = 0; k < 3; ++k) {
      const std::size_t i = first_vertex + shape.indices[t + k];
      out << " " << i;
      if (normals) out << "//" << i;
    }
    out << "\n";
  }
  return out.str();
}

}  // namespace kneeviz::test
