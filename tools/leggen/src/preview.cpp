#include "preview.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <stdexcept>

#include "leg_frame.h"

namespace leggen {

namespace {

struct Image {
  int width, height;
  std::vector<uint8_t> rgb;
  std::vector<float> depth;
  Image(int w, int h)
      : width(w), height(h), rgb(static_cast<size_t>(w) * h * 3, 0), depth(static_cast<size_t>(w) * h, 1e9f) {
    for (size_t i = 0; i < rgb.size(); i += 3) {
      rgb[i] = 38;
      rgb[i + 1] = 42;
      rgb[i + 2] = 48;
    }
  }
};

uint32_t crc32(const uint8_t* data, size_t size, uint32_t crc = 0xFFFFFFFFu) {
  for (size_t i = 0; i < size; ++i) {
    crc ^= data[i];
    for (int k = 0; k < 8; ++k) crc = (crc >> 1) ^ (0xEDB88320u & (0u - (crc & 1u)));
  }
  return crc;
}

// PNG with stored (uncompressed) deflate blocks: large but needs no zlib.
void write_png(const Image& image, const std::string& path) {
  std::vector<uint8_t> raw;
  for (int y = 0; y < image.height; ++y) {
    raw.push_back(0);
    const auto row = image.rgb.begin() + static_cast<long>(y) * image.width * 3;
    raw.insert(raw.end(), row, row + std::ptrdiff_t{image.width} * 3);
  }
  std::vector<uint8_t> z{0x78, 0x01};
  uint32_t a = 1, b = 0;
  for (uint8_t byte : raw) {
    a = (a + byte) % 65521;
    b = (b + a) % 65521;
  }
  for (size_t offset = 0; offset < raw.size(); offset += 65535) {
    const size_t n = std::min<size_t>(65535, raw.size() - offset);
    z.push_back(offset + n == raw.size() ? 1 : 0);
    z.push_back(static_cast<uint8_t>(n & 0xFF));
    z.push_back(static_cast<uint8_t>(n >> 8));
    z.push_back(static_cast<uint8_t>(~n & 0xFF));
    z.push_back(static_cast<uint8_t>((~n >> 8) & 0xFF));
    z.insert(z.end(), raw.begin() + static_cast<long>(offset), raw.begin() + static_cast<long>(offset + n));
  }
  const uint32_t adler = (b << 16) | a;
  for (int i = 3; i >= 0; --i) z.push_back(static_cast<uint8_t>(adler >> (8 * i)));

  std::ofstream file(path, std::ios::binary);
  auto put32 = [&](uint32_t v) {
    const uint8_t bytes[4] = {static_cast<uint8_t>(v >> 24), static_cast<uint8_t>(v >> 16),
                              static_cast<uint8_t>(v >> 8), static_cast<uint8_t>(v)};
    file.write(reinterpret_cast<const char*>(bytes), 4);
  };
  auto chunk = [&](const char* type, const std::vector<uint8_t>& data) {
    put32(static_cast<uint32_t>(data.size()));
    std::vector<uint8_t> typed(type, type + 4);
    typed.insert(typed.end(), data.begin(), data.end());
    file.write(reinterpret_cast<const char*>(typed.data()), static_cast<long>(typed.size()));
    put32(crc32(typed.data(), typed.size()) ^ 0xFFFFFFFFu);
  };
  const uint8_t signature[8] = {0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A};
  file.write(reinterpret_cast<const char*>(signature), 8);
  std::vector<uint8_t> header(13, 0);
  for (int i = 0; i < 4; ++i) {
    header[i] = static_cast<uint8_t>(image.width >> (24 - 8 * i));
    header[4 + i] = static_cast<uint8_t>(image.height >> (24 - 8 * i));
  }
  header[8] = 8;
  header[9] = 2;
  chunk("IHDR", header);
  chunk("IDAT", z);
  chunk("IEND", {});
}

struct View {
  std::string name;
  vec3 forward;  // camera looks along this
  vec3 centre;   // model point at the image centre
  float metres_per_pixel;
};

void draw_mesh(Image& image, const View& view, const std::vector<vec3>& positions,
               const std::vector<vec3>& normals, const std::vector<uint32_t>& indices, const vec3& colour,
               float alpha) {
  const vec3 up(0, 1, 0);
  const vec3 right = glm::normalize(glm::cross(view.forward, up));
  const vec3 light = glm::normalize(-view.forward + vec3(0.3f, 0.6f, 0.0f));
  std::vector<glm::vec3> screen(positions.size());
  for (size_t i = 0; i < positions.size(); ++i) {
    const vec3 d = positions[i] - view.centre;
    screen[i] = {image.width * 0.5f + glm::dot(d, right) / view.metres_per_pixel,
                 image.height * 0.5f - glm::dot(d, up) / view.metres_per_pixel, glm::dot(d, view.forward)};
  }
  for (size_t t = 0; t < indices.size(); t += 3) {
    const uint32_t i0 = indices[t], i1 = indices[t + 1], i2 = indices[t + 2];
    const vec3 a = screen[i0], b = screen[i1], c = screen[i2];
    const float area = (b.x - a.x) * (c.y - a.y) - (b.y - a.y) * (c.x - a.x);
    if (area >= 0.0f) continue;  // back face (screen y points down)
    const int x0 = std::max(0, static_cast<int>(std::floor(std::min({a.x, b.x, c.x}))));
    const int x1 = std::min(image.width - 1, static_cast<int>(std::ceil(std::max({a.x, b.x, c.x}))));
    const int y0 = std::max(0, static_cast<int>(std::floor(std::min({a.y, b.y, c.y}))));
    const int y1 = std::min(image.height - 1, static_cast<int>(std::ceil(std::max({a.y, b.y, c.y}))));
    for (int y = y0; y <= y1; ++y) {
      for (int x = x0; x <= x1; ++x) {
        const float px = static_cast<float>(x) + 0.5f, py = static_cast<float>(y) + 0.5f;
        const float w0 = ((b.x - px) * (c.y - py) - (b.y - py) * (c.x - px)) / area;
        const float w1 = ((c.x - px) * (a.y - py) - (c.y - py) * (a.x - px)) / area;
        const float w2 = 1.0f - w0 - w1;
        if (w0 < 0 || w1 < 0 || w2 < 0) continue;
        const float z = w0 * a.z + w1 * b.z + w2 * c.z;
        const size_t at = static_cast<size_t>(y) * image.width + x;
        if (z >= image.depth[at]) continue;
        image.depth[at] = z;
        const vec3 n = glm::normalize(w0 * normals[i0] + w1 * normals[i1] + w2 * normals[i2]);
        const float diffuse = std::max(0.0f, glm::dot(n, light));
        const vec3 h = glm::normalize(light - view.forward);
        const float specular = std::pow(std::max(0.0f, glm::dot(n, h)), 40.0f) * 0.25f;
        const vec3 shaded = colour * (0.25f + 0.75f * diffuse) + vec3(specular);
        for (int k = 0; k < 3; ++k) {
          const float old = image.rgb[at * 3 + k] / 255.0f;
          const float value = alpha * shaded[k] + (1.0f - alpha) * old;
          image.rgb[at * 3 + k] = static_cast<uint8_t>(std::clamp(value, 0.0f, 1.0f) * 255.0f);
        }
      }
    }
  }
}

glm::mat4 joint_matrix(int joint, float theta) {
  const LegFrame& f = leg_frame();
  float angle = 0.0f;
  if (joint == static_cast<int>(Joint::Shank)) angle = theta;
  if (joint == static_cast<int>(Joint::KneeBlend)) angle = 0.5f * theta;
  if (joint == static_cast<int>(Joint::Patella)) angle = 0.7f * theta;
  if (angle == 0.0f) return glm::mat4(1.0f);
  const float c = std::cos(angle), s = std::sin(angle);
  glm::mat4 rotation(1.0f);
  rotation[1][1] = c;
  rotation[1][2] = s;
  rotation[2][1] = -s;
  rotation[2][2] = c;
  const vec3 pivot =
      f.knee + (joint == static_cast<int>(Joint::Patella) ? kPatellaPivotFromKnee : kFlexionAxisFromKnee);
  glm::mat4 to_knee(1.0f), from_knee(1.0f);
  to_knee[3] = glm::vec4(pivot, 1.0f);
  from_knee[3] = glm::vec4(-pivot, 1.0f);
  return to_knee * rotation * from_knee;
}

}  // namespace

vec3 skinned_position(const vec3& position, const JointWeights& weights, float theta) {
  glm::vec4 result(0.0f);
  for (int k = 0; k < 4; ++k) {
    if (weights.weights[k] == 0.0f) continue;
    result += weights.weights[k] * (joint_matrix(weights.joints[k], theta) * glm::vec4(position, 1));
  }
  return vec3(result);
}

void write_previews(const LegModel& model, const std::string& directory) {
  std::filesystem::create_directories(directory);
  const LegFrame& f = leg_frame();
  const vec3 whole_centre(0.005f, 0.5f * (0.16f + f.floor_y), 0.05f);
  const float whole_scale = 1.12f / 1000.0f;
  const std::vector<View> views{
      {"anterior", {0, 0, -1}, whole_centre, whole_scale},
      {"posterior", {0, 0, 1}, whole_centre, whole_scale},
      {"lateral", {1, 0, 0}, whole_centre, whole_scale},
      {"medial", {-1, 0, 0}, whole_centre, whole_scale},
      {"knee-anterior", {0, 0, -1}, f.knee + vec3(0, 0.04f, 0), 0.3f / 700.0f},
      {"knee-medial", {-1, 0, 0}, f.knee + vec3(0, 0.04f, 0), 0.3f / 700.0f},
      {"knee-lateral", {1, 0, 0}, f.knee + vec3(0, 0.04f, 0), 0.3f / 700.0f},
      {"foot-medial", {-1, 0, 0}, f.at_ankle(0, -0.02f, 0.06f), 0.32f / 700.0f},
      {"hip-anterior", {0, 0, -1}, vec3(0.01f, 0.03f, 0.0f), 0.3f / 700.0f},
      {"hip-lateral", {1, 0, 0}, vec3(0.01f, 0.03f, 0.0f), 0.3f / 700.0f},
  };
  struct Layer {
    std::string suffix;
    bool skin, muscles, bones_only;
    float flexion;
  };
  const std::vector<Layer> layers{{"skin", true, true, false, 0.0f},
                                  {"muscles", false, true, false, 0.0f},
                                  {"bones", false, false, true, 0.0f}};
  for (const View& view : views) {
    const bool zoomed = view.metres_per_pixel < 0.001f;
    for (const Layer& layer : layers) {
      Image image(zoomed ? 700 : 520, zoomed ? 700 : 1000);
      for (const BuiltStructure& s : model.structures) {
        if (s.group == Group::Skin && !layer.skin) continue;
        if (layer.bones_only && s.group != Group::Bones) continue;
        draw_mesh(image, view, s.mesh.positions, s.mesh.normals, s.mesh.indices, s.colour, 1.0f);
      }
      write_png(image, directory + "/" + view.name + "-" + layer.suffix + ".png");
    }
  }
  // Flexed knee, lateral view, skin and deep layers.
  for (float degrees : {90.0f, 120.0f}) {
    const float theta = glm::radians(degrees);
    for (bool with_skin : {true, false}) {
      Image image(800, 800);
      const View view{"flexed", {1, 0, 0}, f.knee + vec3(0, -0.15f, -0.15f), 1.0f / 700.0f};
      for (const BuiltStructure& s : model.structures) {
        if (s.group == Group::Skin && !with_skin) continue;
        std::vector<vec3> positions, normals;
        for (size_t i = 0; i < s.mesh.positions.size(); ++i) {
          positions.push_back(skinned_position(s.mesh.positions[i], s.skin_weights[i], theta));
          const vec3 moved =
              skinned_position(s.mesh.positions[i] + 0.001f * s.mesh.normals[i], s.skin_weights[i], theta);
          normals.push_back(glm::normalize(moved - positions.back()));
        }
        draw_mesh(image, view, positions, normals, s.mesh.indices, s.colour, 1.0f);
      }
      write_png(image, directory + "/flexed" + std::to_string(static_cast<int>(degrees)) +
                           (with_skin ? "-skin.png" : "-muscles.png"));
    }
  }
}

}  // namespace leggen
