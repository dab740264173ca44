#include "mesher.h"

#include <meshoptimizer.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <map>
#include <stdexcept>
#include <unordered_map>

#include "parallel.h"

namespace leggen {

namespace {

constexpr int kCoarseStep = 4;

struct Grid {
  vec3 origin;
  float spacing = 0.0f;
  int nx = 0, ny = 0, nz = 0;
  std::vector<float> values;

  size_t index(int i, int j, int k) const {
    return static_cast<size_t>(i) +
           static_cast<size_t>(nx) * (static_cast<size_t>(j) + static_cast<size_t>(ny) * k);
  }
  vec3 position(int i, int j, int k) const {
    return origin + spacing * vec3(static_cast<float>(i), static_cast<float>(j), static_cast<float>(k));
  }
};

int round_up_to_coarse(int n) {
  return ((n - 1 + kCoarseStep - 1) / kCoarseStep) * kCoarseStep + 1;
}

// Samples the field everywhere, but exactly only near its surface: a coarse grid tells which
// coarse cells are far from the zero set (same sign at all corners and further than the cell can
// span), and those are filled by trilinear interpolation, which keeps the sign right.
Grid sample_field(const Sdf& field, float spacing) {
  Grid grid;
  grid.spacing = spacing;
  const Bounds b = field.bounds().expanded(3.0f * spacing);
  const vec3 size = b.hi - b.lo;
  grid.origin = b.lo;
  grid.nx = round_up_to_coarse(static_cast<int>(std::ceil(size.x / spacing)) + 1);
  grid.ny = round_up_to_coarse(static_cast<int>(std::ceil(size.y / spacing)) + 1);
  grid.nz = round_up_to_coarse(static_cast<int>(std::ceil(size.z / spacing)) + 1);
  const size_t total = static_cast<size_t>(grid.nx) * grid.ny * grid.nz;
  if (total > 400'000'000) throw std::runtime_error("meshing grid too large");

  const int cx = (grid.nx - 1) / kCoarseStep + 1;
  const int cy = (grid.ny - 1) / kCoarseStep + 1;
  const int cz = (grid.nz - 1) / kCoarseStep + 1;
  std::vector<float> coarse(static_cast<size_t>(cx) * cy * cz);
  auto coarse_index = [&](int i, int j, int k) {
    return static_cast<size_t>(i) + static_cast<size_t>(cx) * (j + static_cast<size_t>(cy) * k);
  };
  parallel_for(static_cast<size_t>(cz), [&](size_t k) {
    for (int j = 0; j < cy; ++j) {
      for (int i = 0; i < cx; ++i) {
        coarse[coarse_index(i, j, static_cast<int>(k))] = field.distance(
            grid.position(i * kCoarseStep, j * kCoarseStep, static_cast<int>(k) * kCoarseStep));
      }
    }
  });

  // A coarse cell is "far" when its corners agree in sign and are further from the surface
  // than the cell's diagonal, allowing for fields that are only roughly Euclidean.
  const float far_limit = 1.6f * kCoarseStep * spacing * std::sqrt(3.0f);
  std::vector<uint8_t> near(total, 0);
  for (int k = 0; k + 1 < cz; ++k) {
    for (int j = 0; j + 1 < cy; ++j) {
      for (int i = 0; i + 1 < cx; ++i) {
        bool any_inside = false, any_outside = false;
        float smallest = 1e9f;
        for (int c = 0; c < 8; ++c) {
          const float v = coarse[coarse_index(i + (c & 1), j + ((c >> 1) & 1), k + ((c >> 2) & 1))];
          (v < 0 ? any_inside : any_outside) = true;
          smallest = std::min(smallest, std::abs(v));
        }
        if (!(any_inside && any_outside) && smallest > far_limit) continue;
        for (int kk = k * kCoarseStep; kk <= (k + 1) * kCoarseStep; ++kk) {
          for (int jj = j * kCoarseStep; jj <= (j + 1) * kCoarseStep; ++jj) {
            for (int ii = i * kCoarseStep; ii <= (i + 1) * kCoarseStep; ++ii) {
              near[grid.index(ii, jj, kk)] = 1;
            }
          }
        }
      }
    }
  }

  grid.values.resize(total);
  parallel_for(static_cast<size_t>(grid.nz), [&](size_t k_index) {
    const int k = static_cast<int>(k_index);
    for (int j = 0; j < grid.ny; ++j) {
      for (int i = 0; i < grid.nx; ++i) {
        const size_t at = grid.index(i, j, k);
        float value;
        if (near[at]) {
          value = field.distance(grid.position(i, j, k));
        } else {
          const int ci = std::min(i / kCoarseStep, cx - 2);
          const int cj = std::min(j / kCoarseStep, cy - 2);
          const int ck = std::min(k / kCoarseStep, cz - 2);
          const float fx = static_cast<float>(i - ci * kCoarseStep) / kCoarseStep;
          const float fy = static_cast<float>(j - cj * kCoarseStep) / kCoarseStep;
          const float fz = static_cast<float>(k - ck * kCoarseStep) / kCoarseStep;
          auto c = [&](int di, int dj, int dk) { return coarse[coarse_index(ci + di, cj + dj, ck + dk)]; };
          const float x00 = c(0, 0, 0) + fx * (c(1, 0, 0) - c(0, 0, 0));
          const float x10 = c(0, 1, 0) + fx * (c(1, 1, 0) - c(0, 1, 0));
          const float x01 = c(0, 0, 1) + fx * (c(1, 0, 1) - c(0, 0, 1));
          const float x11 = c(0, 1, 1) + fx * (c(1, 1, 1) - c(0, 1, 1));
          const float y0 = x00 + fy * (x10 - x00);
          const float y1 = x01 + fy * (x11 - x01);
          value = y0 + fz * (y1 - y0);
        }
        // The outer layer is forced outside so every surface closes inside the grid.
        const bool border =
            i == 0 || j == 0 || k == 0 || i == grid.nx - 1 || j == grid.ny - 1 || k == grid.nz - 1;
        grid.values[at] = border ? std::max(value, spacing) : value;
      }
    }
  });
  return grid;
}

// Marching tetrahedra on the Freudenthal split of each cube (six tetrahedra along the main
// diagonal, the same in every cube), so neighbouring cubes share faces and the surface closes.
TriangleMesh polygonise(const Grid& grid) {
  TriangleMesh mesh;
  std::unordered_map<uint64_t, uint32_t> vertex_of_edge;
  const std::array<std::array<int, 3>, 6> axis_orders{
      {{0, 1, 2}, {0, 2, 1}, {1, 0, 2}, {1, 2, 0}, {2, 0, 1}, {2, 1, 0}}};

  auto corner_offset = [&](int bits) {
    return static_cast<size_t>(bits & 1) + static_cast<size_t>(grid.nx) * ((bits >> 1) & 1) +
           static_cast<size_t>(grid.nx) * grid.ny * ((bits >> 2) & 1);
  };
  auto corner_vector = [](int bits) { return glm::ivec3(bits & 1, (bits >> 1) & 1, (bits >> 2) & 1); };

  const float slack = 0.06f * grid.spacing;
  for (int k = 0; k + 1 < grid.nz; ++k) {
    for (int j = 0; j + 1 < grid.ny; ++j) {
      for (int i = 0; i + 1 < grid.nx; ++i) {
        const size_t base = grid.index(i, j, k);
        float v[8];
        int inside_count = 0;
        for (int c = 0; c < 8; ++c) {
          // Values almost on zero are pushed off it so the surface never grazes a grid point,
          // which would leave clusters of sliver triangles.
          const float value = grid.values[base + corner_offset(c)];
          v[c] = std::abs(value) < slack ? (value < 0.0f ? -slack : slack) : value;
          inside_count += v[c] < 0.0f;
        }
        if (inside_count == 0 || inside_count == 8) continue;
        const vec3 cube_origin = grid.position(i, j, k);

        // Vertex on the lattice edge between corners a and b of this cube (a's bits within b's).
        auto edge_vertex = [&](int a, int b) -> uint32_t {
          if ((a & b) != a) std::swap(a, b);
          const uint64_t key =
              static_cast<uint64_t>(base + corner_offset(a)) * 8u + static_cast<uint64_t>(a ^ b);
          const auto found = vertex_of_edge.find(key);
          if (found != vertex_of_edge.end()) return found->second;
          // Keep vertices off the grid points so no two of them ever coincide.
          const float t = std::clamp(v[a] / (v[a] - v[b]), 0.03f, 0.97f);
          const vec3 pa = cube_origin + grid.spacing * vec3(corner_vector(a));
          const vec3 pb = cube_origin + grid.spacing * vec3(corner_vector(b));
          const uint32_t id = static_cast<uint32_t>(mesh.positions.size());
          mesh.positions.push_back(pa + t * (pb - pa));
          vertex_of_edge.emplace(key, id);
          return id;
        };
        auto orientation = [&](int o, int a, int b, int c) {
          const glm::ivec3 p = corner_vector(o);
          const glm::ivec3 e1 = corner_vector(a) - p, e2 = corner_vector(b) - p, e3 = corner_vector(c) - p;
          return e1.x * (e2.y * e3.z - e2.z * e3.y) - e1.y * (e2.x * e3.z - e2.z * e3.x) +
                 e1.z * (e2.x * e3.y - e2.y * e3.x);
        };
        auto emit = [&](uint32_t a, uint32_t b, uint32_t c, bool flip) {
          mesh.indices.insert(mesh.indices.end(), {a, flip ? c : b, flip ? b : c});
        };

        for (const auto& order : axis_orders) {
          const int t0 = 0;
          const int t1 = 1 << order[0];
          const int t2 = t1 | (1 << order[1]);
          const int t3 = 7;
          const int tet[4] = {t0, t1, t2, t3};
          int in[4], out[4], ni = 0, no = 0;
          for (int c : tet) (v[c] < 0.0f ? in[ni++] : out[no++]) = c;
          if (ni == 0 || no == 0) continue;
          if (ni == 1) {
            // Normal must point away from the inside corner.
            const bool flip = orientation(in[0], out[0], out[1], out[2]) < 0;
            emit(edge_vertex(in[0], out[0]), edge_vertex(in[0], out[1]), edge_vertex(in[0], out[2]), flip);
          } else if (ni == 3) {
            // Normal must point towards the outside corner.
            const bool flip = orientation(out[0], in[0], in[1], in[2]) > 0;
            emit(edge_vertex(out[0], in[0]), edge_vertex(out[0], in[1]), edge_vertex(out[0], in[2]), flip);
          } else {
            const uint32_t q1 = edge_vertex(in[0], out[0]), q2 = edge_vertex(in[0], out[1]),
                           q3 = edge_vertex(in[1], out[1]), q4 = edge_vertex(in[1], out[0]);
            const bool flip = orientation(in[0], in[1], out[0], out[1]) < 0;
            emit(q1, q2, q3, flip);
            emit(q1, q3, q4, flip);
          }
        }
      }
    }
  }
  return mesh;
}

// Drops closed specks: components whose area is under `min_area`. At a tight crease of a field
// (the skin under the gluteal fold) simplification can pinch off a tiny closed piece, which
// ended as four triangles on one point: degenerate, and not a surface.
void remove_specks(std::vector<uint32_t>& indices, const std::vector<vec3>& positions, float min_area) {
  std::vector<uint32_t> parent(positions.size());
  for (uint32_t v = 0; v < parent.size(); ++v) parent[v] = v;
  auto root = [&](uint32_t v) {
    while (parent[v] != v) v = parent[v] = parent[parent[v]];
    return v;
  };
  for (size_t t = 0; t < indices.size(); t += 3) {
    for (int k = 1; k < 3; ++k) parent[root(indices[t + k])] = root(indices[t]);
  }
  std::unordered_map<uint32_t, float> area;
  for (size_t t = 0; t < indices.size(); t += 3) {
    const vec3& a = positions[indices[t]];
    const vec3 n = glm::cross(positions[indices[t + 1]] - a, positions[indices[t + 2]] - a);
    area[root(indices[t])] += 0.5f * glm::length(n);
  }
  std::vector<uint32_t> kept;
  for (size_t t = 0; t < indices.size(); t += 3) {
    if (area[root(indices[t])] >= min_area) {
      kept.insert(kept.end(), indices.begin() + static_cast<long>(t),
                  indices.begin() + static_cast<long>(t + 3));
    }
  }
  indices = std::move(kept);
}

// Edge collapses occasionally fold two triangles onto the same three vertices (a zero-volume
// flap). Opposite-facing pairs cancel out and are dropped together.
void remove_flaps(std::vector<uint32_t>& indices) {
  std::map<std::array<uint32_t, 3>, std::vector<size_t>> by_corners;
  for (size_t t = 0; t < indices.size(); t += 3) {
    std::array<uint32_t, 3> key{indices[t], indices[t + 1], indices[t + 2]};
    std::sort(key.begin(), key.end());
    by_corners[key].push_back(t);
  }
  std::vector<bool> drop(indices.size() / 3, false);
  for (const auto& [corners, triangles] : by_corners) {
    if (triangles.size() < 2) continue;
    for (size_t t : triangles) drop[t / 3] = true;
  }
  std::vector<uint32_t> kept;
  for (size_t t = 0; t < indices.size(); t += 3) {
    if (!drop[t / 3])
      kept.insert(kept.end(), indices.begin() + static_cast<long>(t),
                  indices.begin() + static_cast<long>(t + 3));
  }
  indices = std::move(kept);
}

// Closed, 2-manifold and consistently wound: every directed edge once, its reverse once.
bool is_closed_manifold(const std::vector<uint32_t>& indices) {
  std::map<std::pair<uint32_t, uint32_t>, int> directed;
  for (size_t t = 0; t < indices.size(); t += 3) {
    for (int k = 0; k < 3; ++k) {
      const uint32_t a = indices[t + k], b = indices[t + (k + 1) % 3];
      if (a == b || ++directed[{a, b}] > 1) return false;
    }
  }
  for (const auto& [edge, count] : directed) {
    if (directed.find({edge.second, edge.first}) == directed.end()) return false;
  }
  return true;
}

// A collapse can also pinch two sheets together along one edge (four triangles on it). Around
// each vertex of such an edge, the triangles fall into separate fans once the pinched edges are
// ignored; every fan but the first gets its own copy of the vertex, nudged 10 microns into its
// sheet, so the surface is a manifold again (the sheets merely touch).
void split_pinches(std::vector<uint32_t>& indices, std::vector<vec3>& positions) {
  std::map<std::pair<uint32_t, uint32_t>, int> directed;
  for (size_t t = 0; t < indices.size(); t += 3) {
    for (int k = 0; k < 3; ++k) ++directed[{indices[t + k], indices[t + (k + 1) % 3]}];
  }
  auto manifold_edge = [&](uint32_t a, uint32_t b) {
    const auto ab = directed.find({a, b}), ba = directed.find({b, a});
    return ab != directed.end() && ba != directed.end() && ab->second == 1 && ba->second == 1;
  };
  std::vector<uint32_t> pinched;
  for (const auto& [edge, count] : directed) {
    if (count > 1) pinched.insert(pinched.end(), {edge.first, edge.second});
  }
  std::sort(pinched.begin(), pinched.end());
  pinched.erase(std::unique(pinched.begin(), pinched.end()), pinched.end());
  if (pinched.empty()) return;
  std::map<uint32_t, std::vector<size_t>> incident;
  for (size_t t = 0; t < indices.size(); t += 3) {
    for (int k = 0; k < 3; ++k) {
      if (std::binary_search(pinched.begin(), pinched.end(), indices[t + k])) {
        incident[indices[t + k]].push_back(t);
      }
    }
  }
  for (const uint32_t v : pinched) {
    const std::vector<size_t>& fan = incident[v];
    std::vector<int> component(fan.size(), -1);
    int components = 0;
    for (size_t seed = 0; seed < fan.size(); ++seed) {
      if (component[seed] >= 0) continue;
      component[seed] = components;
      std::vector<size_t> stack{seed};
      while (!stack.empty()) {
        const size_t i = stack.back();
        stack.pop_back();
        for (size_t j = 0; j < fan.size(); ++j) {
          if (component[j] >= 0) continue;
          // Connected when they share an unpinched edge (v, w).
          bool joined = false;
          for (int a = 0; a < 3 && !joined; ++a) {
            const uint32_t w = indices[fan[i] + a];
            if (w == v) continue;
            for (int b = 0; b < 3; ++b) {
              if (indices[fan[j] + b] == w && manifold_edge(v, w)) joined = true;
            }
          }
          if (joined) {
            component[j] = components;
            stack.push_back(j);
          }
        }
      }
      ++components;
    }
    for (int c = 1; c < components; ++c) {
      vec3 centroid(0.0f);
      int n = 0;
      for (size_t i = 0; i < fan.size(); ++i) {
        if (component[i] != c) continue;
        for (int k = 0; k < 3; ++k) centroid += positions[indices[fan[i] + k]];
        n += 3;
      }
      const vec3 p = positions[v];
      const vec3 towards = centroid / static_cast<float>(n) - p;
      const float length = glm::length(towards);
      const uint32_t copy = static_cast<uint32_t>(positions.size());
      positions.push_back(length > 0 ? p + towards * (1e-5f / length) : p);
      for (size_t i = 0; i < fan.size(); ++i) {
        if (component[i] != c) continue;
        for (int k = 0; k < 3; ++k) {
          if (indices[fan[i] + k] == v) indices[fan[i] + k] = copy;
        }
      }
    }
  }
}

void simplify(TriangleMesh& mesh, const MeshingOptions& options) {
  if (mesh.indices.empty()) throw std::runtime_error("field produced an empty surface");
  vec3 lo(1e9f), hi(-1e9f);
  for (const vec3& p : mesh.positions) {
    lo = glm::min(lo, p);
    hi = glm::max(hi, p);
  }
  const float extent = std::max({hi.x - lo.x, hi.y - lo.y, hi.z - lo.z});
  // Progressive: halve the triangle count per round and keep a round only if the result is
  // still closed and manifold (meshoptimizer does not check the link condition, so a collapse
  // can pinch thin parts). Each round is deterministic, so the output is too.
  const size_t goal = options.target_triangles * 3;
  std::vector<uint32_t> simplified = mesh.indices;
  while (simplified.size() > goal) {
    bool reduced = false;
    for (const double keep : {0.5, 0.7, 0.85}) {
      const size_t target = std::max(goal, static_cast<size_t>(simplified.size() * keep) / 3 * 3);
      std::vector<uint32_t> candidate(simplified.size());
      candidate.resize(meshopt_simplify(candidate.data(), simplified.data(), simplified.size(),
                                        &mesh.positions[0].x, mesh.positions.size(), sizeof(vec3), target,
                                        options.max_simplify_error / extent, 0, nullptr));
      remove_flaps(candidate);
      if (!is_closed_manifold(candidate)) split_pinches(candidate, mesh.positions);
      if (candidate.size() < simplified.size() && is_closed_manifold(candidate)) {
        simplified = std::move(candidate);
        reduced = true;
        break;
      }
    }
    if (!reduced) break;
  }
  // Anything under four grid cells' faces is below what the grid resolves.
  remove_specks(simplified, mesh.positions, 4.0f * options.spacing * options.spacing);
  const size_t count = simplified.size();
  meshopt_optimizeVertexCache(simplified.data(), simplified.data(), count, mesh.positions.size());
  std::vector<vec3> compact(mesh.positions.size());
  const size_t used = meshopt_optimizeVertexFetch(compact.data(), simplified.data(), count,
                                                  mesh.positions.data(), mesh.positions.size(), sizeof(vec3));
  compact.resize(used);
  mesh.positions = std::move(compact);
  mesh.indices = std::move(simplified);
}

void project_onto_surface(const Sdf& field, float spacing, TriangleMesh& mesh) {
  parallel_for(mesh.positions.size(), [&](size_t i) {
    vec3 p = mesh.positions[i];
    const vec3 start = p;
    for (int iteration = 0; iteration < 2; ++iteration) {
      const float value = field.distance(p);
      const vec3 g = gradient(field, p, 0.25f * spacing);
      const float g2 = glm::dot(g, g);
      if (g2 < 1e-8f) break;
      p -= value * g / g2;
    }
    // Never move further than the grid could have been off: guards against creases.
    const vec3 moved = p - start;
    const float limit = 0.5f * spacing;
    if (glm::length(moved) > limit) p = start + moved * (limit / glm::length(moved));
    mesh.positions[i] = p;
  });
}

// Area-weighted normals of the mesh itself.
std::vector<vec3> mesh_normals(const TriangleMesh& mesh) {
  std::vector<vec3> sums(mesh.positions.size(), vec3(0.0f));
  for (size_t t = 0; t < mesh.indices.size(); t += 3) {
    const uint32_t a = mesh.indices[t], b = mesh.indices[t + 1], c = mesh.indices[t + 2];
    const vec3 n = glm::cross(mesh.positions[b] - mesh.positions[a], mesh.positions[c] - mesh.positions[a]);
    sums[a] += n;
    sums[b] += n;
    sums[c] += n;
  }
  for (vec3& n : sums) {
    const float length = glm::length(n);
    n = length > 0.0f ? n / length : vec3(0, 1, 0);
  }
  return sums;
}

// Folds at creases: a triangle whose face disagrees with its vertex normals (or is nearly
// edge-on to them) is a pleat the marching and the projection left where the surface turns
// sharply. Its vertices and their neighbours are relaxed towards the centroid of their
// neighbours (umbrella smoothing, a few steps), which unfolds the pleat and rounds the crease by
// a fraction of a millimetre; their normals then blend the field's with the mesh's own. Repeated
// until no triangle is left folded (with a margin, so flexing the knee does not tip them over).
void repair_folds(TriangleMesh& mesh) {
  std::vector<std::vector<uint32_t>> neighbours(mesh.positions.size());
  for (size_t t = 0; t < mesh.indices.size(); t += 3) {
    for (int k = 0; k < 3; ++k) {
      const uint32_t a = mesh.indices[t + k], b = mesh.indices[t + (k + 1) % 3];
      neighbours[a].push_back(b);
      neighbours[b].push_back(a);
    }
  }
  for (auto& n : neighbours) {
    std::sort(n.begin(), n.end());
    n.erase(std::unique(n.begin(), n.end()), n.end());
  }
  auto folded = [&](size_t t, float margin) {
    const uint32_t a = mesh.indices[t], b = mesh.indices[t + 1], c = mesh.indices[t + 2];
    const vec3 n = glm::cross(mesh.positions[b] - mesh.positions[a], mesh.positions[c] - mesh.positions[a]);
    const float length = glm::length(n);
    if (length < 1e-12f) return true;
    const vec3 average = mesh.normals[a] + mesh.normals[b] + mesh.normals[c];
    return glm::dot(n / length, average) <= margin * glm::length(average);
  };
  for (int round = 0; round < 16; ++round) {
    std::vector<uint8_t> region(mesh.positions.size(), 0);
    bool any = false;
    for (size_t t = 0; t < mesh.indices.size(); t += 3) {
      if (!folded(t, 0.5f)) continue;
      any = true;
      for (int k = 0; k < 3; ++k) {
        const uint32_t v = mesh.indices[t + k];
        region[v] = 1;
        for (const uint32_t w : neighbours[v]) region[w] = std::max<uint8_t>(region[w], 2);
      }
    }
    if (!any) break;
    for (int step = 0; step < 3; ++step) {
      std::vector<vec3> next = mesh.positions;
      for (size_t v = 0; v < mesh.positions.size(); ++v) {
        if (!region[v] || neighbours[v].empty()) continue;
        vec3 centroid(0.0f);
        for (const uint32_t w : neighbours[v]) centroid += mesh.positions[w];
        centroid /= static_cast<float>(neighbours[v].size());
        const float weight = region[v] == 1 ? 0.6f : 0.3f;
        next[v] = mesh.positions[v] + weight * (centroid - mesh.positions[v]);
      }
      mesh.positions = std::move(next);
    }
    const std::vector<vec3> own = mesh_normals(mesh);
    for (size_t v = 0; v < mesh.positions.size(); ++v) {
      if (!region[v]) continue;
      const vec3 blended = mesh.normals[v] + 2.0f * own[v];
      const float length = glm::length(blended);
      mesh.normals[v] = length > 0.0f ? blended / length : own[v];
    }
  }
  // Whatever is left takes the mesh's own normals, which agree with its faces.
  const std::vector<vec3> own = mesh_normals(mesh);
  for (size_t t = 0; t < mesh.indices.size(); t += 3) {
    if (!folded(t, 0.0f)) continue;
    for (int k = 0; k < 3; ++k) mesh.normals[mesh.indices[t + k]] = own[mesh.indices[t + k]];
  }
}

// Volume-preserving Taubin smoothing (uniform umbrella weights, lambda 0.5, mu -0.53): each
// pair of steps shrinks then re-inflates, so the 3 mm saw-tooth at creases is removed while
// shapes larger than a few triangles keep their size. Every vertex stays within `limit` of
// where it started (so the skin cannot sink into what it covers), and the smoothed mesh takes
// its own area-weighted normals. Guards: vertices split at pinches (copies 10 microns apart)
// stay where they are, and a step that would tip a triangle against its vertex normals is
// undone for that triangle's vertices. Jacobi updates in vertex order: deterministic.
void taubin_smooth(TriangleMesh& mesh, int steps, float limit) {
  const size_t count = mesh.positions.size();
  std::vector<std::vector<uint32_t>> neighbours(count);
  for (size_t t = 0; t < mesh.indices.size(); t += 3) {
    for (int k = 0; k < 3; ++k) {
      const uint32_t a = mesh.indices[t + k], b = mesh.indices[t + (k + 1) % 3];
      neighbours[a].push_back(b);
      neighbours[b].push_back(a);
    }
  }
  for (auto& n : neighbours) {
    std::sort(n.begin(), n.end());
    n.erase(std::unique(n.begin(), n.end()), n.end());
  }
  // Pinned: vertices with another vertex within 0.1 mm (the copies made at pinches).
  std::vector<uint8_t> pinned(count, 0);
  {
    const float cell = 1e-4f;
    std::unordered_map<uint64_t, std::vector<uint32_t>> buckets;
    auto key = [&](int x, int y, int z) {
      return (static_cast<uint64_t>(static_cast<uint32_t>(x) & 0x1fffff) << 42) |
             (static_cast<uint64_t>(static_cast<uint32_t>(y) & 0x1fffff) << 21) |
             static_cast<uint64_t>(static_cast<uint32_t>(z) & 0x1fffff);
    };
    auto cell_of = [&](const vec3& p) {
      return glm::ivec3(static_cast<int>(std::floor(p.x / cell)), static_cast<int>(std::floor(p.y / cell)),
                        static_cast<int>(std::floor(p.z / cell)));
    };
    for (uint32_t v = 0; v < count; ++v) {
      const glm::ivec3 c = cell_of(mesh.positions[v]);
      buckets[key(c.x, c.y, c.z)].push_back(v);
    }
    for (uint32_t v = 0; v < count; ++v) {
      const glm::ivec3 c = cell_of(mesh.positions[v]);
      for (int dz = -1; dz <= 1; ++dz)
        for (int dy = -1; dy <= 1; ++dy)
          for (int dx = -1; dx <= 1; ++dx) {
            const auto found = buckets.find(key(c.x + dx, c.y + dy, c.z + dz));
            if (found == buckets.end()) continue;
            for (const uint32_t w : found->second) {
              if (w != v && glm::length(mesh.positions[w] - mesh.positions[v]) < cell) {
                pinned[v] = 1;
              }
            }
          }
    }
  }
  auto bad_triangles = [&](const std::vector<vec3>& positions) {
    std::vector<vec3> sums(count, vec3(0.0f));
    std::vector<vec3> faces(mesh.indices.size() / 3);
    for (size_t t = 0; t < mesh.indices.size(); t += 3) {
      const uint32_t a = mesh.indices[t], b = mesh.indices[t + 1], c = mesh.indices[t + 2];
      const vec3 n = glm::cross(positions[b] - positions[a], positions[c] - positions[a]);
      faces[t / 3] = n;
      sums[a] += n;
      sums[b] += n;
      sums[c] += n;
    }
    std::vector<uint8_t> bad(faces.size(), 0);
    for (size_t t = 0; t < mesh.indices.size(); t += 3) {
      const vec3 n = faces[t / 3];
      const float length = glm::length(n);
      const vec3 average =
          sums[mesh.indices[t]] / std::max(glm::length(sums[mesh.indices[t]]), 1e-20f) +
          sums[mesh.indices[t + 1]] / std::max(glm::length(sums[mesh.indices[t + 1]]), 1e-20f) +
          sums[mesh.indices[t + 2]] / std::max(glm::length(sums[mesh.indices[t + 2]]), 1e-20f);
      bad[t / 3] = length < 1e-12f || glm::dot(n / length, average) <= 0.3f * glm::length(average);
    }
    return bad;
  };
  const std::vector<vec3> start = mesh.positions;
  std::vector<vec3> next(count);
  std::vector<uint8_t> bad_before = bad_triangles(mesh.positions);
  for (int step = 0; step < 2 * steps; ++step) {
    const float factor = step % 2 == 0 ? 0.5f : -0.53f;
    parallel_for(count, [&](size_t v) {
      const vec3 p = mesh.positions[v];
      if (neighbours[v].empty() || pinned[v]) {
        next[v] = p;
        return;
      }
      vec3 centroid(0.0f);
      for (const uint32_t w : neighbours[v]) centroid += mesh.positions[w];
      centroid /= static_cast<float>(neighbours[v].size());
      vec3 q = p + factor * (centroid - p);
      const vec3 moved = q - start[v];
      const float length = glm::length(moved);
      if (length > limit) q = start[v] + moved * (limit / length);
      next[v] = q;
    });
    for (int pass = 0; pass < 4; ++pass) {
      const std::vector<uint8_t> bad_after = bad_triangles(next);
      bool reverted = false;
      for (size_t t = 0; t < bad_after.size(); ++t) {
        if (!bad_after[t] || bad_before[t]) continue;
        for (int k = 0; k < 3; ++k) {
          const uint32_t v = mesh.indices[3 * t + k];
          if (next[v] != mesh.positions[v]) {
            next[v] = mesh.positions[v];
            reverted = true;
          }
        }
      }
      if (!reverted) {
        bad_before = bad_after;
        break;
      }
      if (pass == 3) bad_before = bad_triangles(next);
    }
    std::swap(mesh.positions, next);
  }
  mesh.normals = mesh_normals(mesh);
}

// Flips the shared edge of two triangles where one of them is a cap (a vertex almost on the
// opposite edge, an angle over 150 degrees): the new diagonal gives two better-shaped triangles.
// A cap is a fraction of a millimetre high, so under skinning its apex crosses the long edge as
// soon as the weights along it differ a little (the back of the lower thigh folded at 120
// degrees). Vertices do not move, and since the apex lies almost on the old diagonal the surface
// moves by no more than the cap's height, so the pair may meet at up to 60 degrees (caps line
// soft creases, where their own normals tilt).
void flip_caps(TriangleMesh& mesh) {
  auto key = [](uint32_t a, uint32_t b) { return (static_cast<uint64_t>(a) << 32) | b; };
  auto angle_at = [&](uint32_t apex, uint32_t p, uint32_t q) {
    const vec3 u = glm::normalize(mesh.positions[p] - mesh.positions[apex]);
    const vec3 v = glm::normalize(mesh.positions[q] - mesh.positions[apex]);
    return std::acos(std::clamp(glm::dot(u, v), -1.0f, 1.0f));
  };
  auto face_normal = [&](uint32_t a, uint32_t b, uint32_t c) {
    return glm::cross(mesh.positions[b] - mesh.positions[a], mesh.positions[c] - mesh.positions[a]);
  };
  const float cap_angle = glm::radians(150.0f);
  const float flat_cosine = 0.5f;  // the two triangles within 60 degrees of each other
  for (int pass = 0; pass < 4; ++pass) {
    std::unordered_map<uint64_t, uint32_t> face_of_edge;  // directed edge -> its triangle
    for (uint32_t t = 0; size_t{t} * 3 < mesh.indices.size(); ++t) {
      for (int k = 0; k < 3; ++k) {
        face_of_edge[key(mesh.indices[3 * t + k], mesh.indices[3 * t + (k + 1) % 3])] = t;
      }
    }
    std::vector<bool> touched(mesh.indices.size() / 3, false);
    bool flipped = false;
    for (uint32_t t = 0; size_t{t} * 3 < mesh.indices.size(); ++t) {
      for (int k = 0; k < 3 && !touched[t]; ++k) {
        const uint32_t a = mesh.indices[3 * t + k], b = mesh.indices[3 * t + (k + 1) % 3];
        const uint32_t c = mesh.indices[3 * t + (k + 2) % 3];
        const auto across = face_of_edge.find(key(b, a));
        if (across == face_of_edge.end() || touched[across->second]) continue;
        const uint32_t u = across->second;
        uint32_t d = 0;
        for (int j = 0; j < 3; ++j) {
          const uint32_t v = mesh.indices[3 * u + j];
          if (v != a && v != b) d = v;
        }
        if (c == d || face_of_edge.count(key(c, d)) || face_of_edge.count(key(d, c))) continue;
        if (std::max(angle_at(c, a, b), angle_at(d, b, a)) < cap_angle) continue;
        const vec3 n1 = face_normal(a, b, c), n2 = face_normal(b, a, d);
        const vec3 m1 = face_normal(d, c, a), m2 = face_normal(c, d, b);
        const vec3 n = glm::normalize(n1 + n2);
        if (glm::dot(glm::normalize(n1), glm::normalize(n2)) < flat_cosine || glm::dot(m1, n) <= 0.0f ||
            glm::dot(m2, n) <= 0.0f) {
          continue;
        }
        // The new pair must be better: its smallest angle larger than the old pair's.
        const float before = std::min({angle_at(a, b, c), angle_at(b, c, a), angle_at(c, a, b),
                                       angle_at(b, a, d), angle_at(a, d, b), angle_at(d, b, a)});
        const float after = std::min({angle_at(d, c, a), angle_at(c, a, d), angle_at(a, d, c),
                                      angle_at(c, d, b), angle_at(d, b, c), angle_at(b, c, d)});
        if (after <= before) continue;
        const uint32_t first[3] = {d, c, a}, second[3] = {c, d, b};
        std::copy(first, first + 3, mesh.indices.begin() + 3 * std::ptrdiff_t{t});
        std::copy(second, second + 3, mesh.indices.begin() + 3 * std::ptrdiff_t{u});
        face_of_edge[key(d, c)] = t;  // so no later flip in this pass makes the same edge
        face_of_edge[key(c, d)] = u;
        touched[t] = touched[u] = true;
        flipped = true;
      }
    }
    if (!flipped) break;
  }
}

}  // namespace

void compute_field_normals(const Sdf& field, float step, TriangleMesh& mesh) {
  // Area-weighted face normals are the fallback where the gradient vanishes.
  std::vector<vec3> face_normals(mesh.positions.size(), vec3(0.0f));
  for (size_t t = 0; t < mesh.indices.size(); t += 3) {
    const vec3& a = mesh.positions[mesh.indices[t]];
    const vec3& b = mesh.positions[mesh.indices[t + 1]];
    const vec3& c = mesh.positions[mesh.indices[t + 2]];
    const vec3 n = glm::cross(b - a, c - a);
    for (int k = 0; k < 3; ++k) face_normals[mesh.indices[t + k]] += n;
  }
  mesh.normals.resize(mesh.positions.size());
  parallel_for(mesh.positions.size(), [&](size_t i) {
    vec3 g = gradient(field, mesh.positions[i], step);
    const float face_length = glm::length(face_normals[i]);
    const vec3 face = face_length > 0 ? face_normals[i] / face_length : vec3(0, 1, 0);
    const float length = glm::length(g);
    // Trust the field unless it disagrees wildly with the mesh (a crease or a thin wall).
    g = length > 1e-6f ? g / length : face;
    mesh.normals[i] = glm::dot(g, face) > 0.2f ? g : face;
  });
}

TriangleMesh mesh_field(const Sdf& field, const MeshingOptions& options) {
  const Grid grid = sample_field(field, options.spacing);
  TriangleMesh mesh = polygonise(grid);
  simplify(mesh, options);
  const std::vector<vec3> simplified = mesh.positions;
  project_onto_surface(field, options.spacing, mesh);
  compute_field_normals(field, 0.3f * options.spacing, mesh);
  // Pulling vertices onto the zero set can flip a small triangle where the surface creases
  // (a cut, a tight blend). Such triangles get their simplified positions back, and their
  // vertices the mesh's own normals.
  for (int round = 0; round < 3; ++round) {
    std::vector<uint32_t> flipped;
    for (size_t t = 0; t < mesh.indices.size(); t += 3) {
      const uint32_t a = mesh.indices[t], b = mesh.indices[t + 1], c = mesh.indices[t + 2];
      const vec3 n = glm::cross(mesh.positions[b] - mesh.positions[a], mesh.positions[c] - mesh.positions[a]);
      const vec3 vertex_normals = mesh.normals[a] + mesh.normals[b] + mesh.normals[c];
      if (glm::dot(n, vertex_normals) <= 0.0f || glm::length(n) < 1e-12f) {
        flipped.insert(flipped.end(), {a, b, c});
      }
    }
    if (flipped.empty()) break;
    for (const uint32_t v : flipped) mesh.positions[v] = simplified[v];
    std::vector<vec3> face_sums(mesh.positions.size(), vec3(0.0f));
    for (size_t t = 0; t < mesh.indices.size(); t += 3) {
      const uint32_t a = mesh.indices[t], b = mesh.indices[t + 1], c = mesh.indices[t + 2];
      const vec3 n = glm::cross(mesh.positions[b] - mesh.positions[a], mesh.positions[c] - mesh.positions[a]);
      face_sums[a] += n;
      face_sums[b] += n;
      face_sums[c] += n;
    }
    for (const uint32_t v : flipped) {
      const float length = glm::length(face_sums[v]);
      if (length > 0.0f) mesh.normals[v] = face_sums[v] / length;
    }
  }
  if (options.repair_folds) repair_folds(mesh);
  if (options.smooth_steps > 0) {
    taubin_smooth(mesh, options.smooth_steps, options.smooth_limit);
    // The smoothing leaves triangles that were folded before it as they are; a fold the first
    // repair missed (a pleat in the gluteal fold, a flipped triangle on the front of the thigh)
    // is repaired again against the smoothed mesh's own normals.
    if (options.repair_folds) {
      repair_folds(mesh);
      flip_caps(mesh);
      mesh.normals = mesh_normals(mesh);
    }
  }
  return mesh;
}

}  // namespace leggen
