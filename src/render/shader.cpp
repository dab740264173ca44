#include "render/shader.h"

#include <glm/gtc/type_ptr.hpp>
#include <sstream>
#include <stdexcept>
#include <string>
#include <unordered_map>
#include <vector>

#include "kneeviz_shaders.h"
#include "render/gl.h"

namespace kneeviz::render {
namespace {

std::string info_log(GLuint id, bool is_program) {
  GLint length = 0;
  (is_program ? glGetProgramiv : glGetShaderiv)(id, GL_INFO_LOG_LENGTH, &length);
  std::string log(static_cast<std::size_t>(std::max(length, 1)), '\0');
  (is_program ? glGetProgramInfoLog : glGetShaderInfoLog)(id, length, nullptr, log.data());
  while (!log.empty() && (log.back() == '\0' || log.back() == '\n')) log.pop_back();
  return log;
}

GLuint compile(GLenum stage, std::string_view file) {
  const auto bytes = shaders::find(file);
  if (bytes.empty()) throw std::runtime_error("shader " + std::string(file) + " is not embedded");
  const auto* source = reinterpret_cast<const GLchar*>(bytes.data());
  const auto length = static_cast<GLint>(bytes.size());
  const GLuint shader = glCreateShader(stage);
  glShaderSource(shader, 1, &source, &length);
  glCompileShader(shader);
  GLint ok = GL_FALSE;
  glGetShaderiv(shader, GL_COMPILE_STATUS, &ok);
  if (!ok) {
    const std::string log = info_log(shader, false);
    glDeleteShader(shader);
    throw std::runtime_error("shaders/" + std::string(file) + " does not compile:\n" + log);
  }
  return shader;
}

// The uniforms of a linked program: where each declared one is (-1 when the compiler dropped it),
// and the files it came from, for messages.
struct Uniforms {
  std::string files;
  std::unordered_map<std::string, GLint> locations;
};

std::unordered_map<GLuint, Uniforms>& uniforms_of_programs() {
  static std::unordered_map<GLuint, Uniforms> programs;
  return programs;
}

// The names of the `uniform TYPE NAME;` and `uniform TYPE NAME[N];` lines of a shader's source.
std::vector<std::string> declared_uniforms(std::string_view file) {
  const auto bytes = shaders::find(file);
  const std::string source(reinterpret_cast<const char*>(bytes.data()), bytes.size());
  std::vector<std::string> names;
  std::istringstream lines(source);
  for (std::string line; std::getline(lines, line);) {
    std::istringstream words(line.substr(0, line.find(';')));
    std::string keyword, type, name;
    if (!(words >> keyword >> type >> name) || keyword != "uniform") continue;
    names.push_back(name.substr(0, name.find('[')));
  }
  return names;
}

void remember_uniforms(const Program& program, std::string_view vertex_file, std::string_view fragment_file) {
  Uniforms uniforms;
  uniforms.files = "shaders/" + std::string(vertex_file) + " + shaders/" + std::string(fragment_file);
  for (const std::string_view file : {vertex_file, fragment_file})
    for (const std::string& name : declared_uniforms(file))
      uniforms.locations[name] = glGetUniformLocation(program.id(), name.c_str());
  uniforms_of_programs()[program.id()] = std::move(uniforms);
}

GLint location(const Program& program, const char* name) {
  const auto found = uniforms_of_programs().find(program.id());
  if (found == uniforms_of_programs().end())
    return glGetUniformLocation(program.id(), name);  // not built here
  const auto at = found->second.locations.find(name);
  if (at != found->second.locations.end()) return at->second;
  if (gl_checks_enabled())
    throw std::logic_error(found->second.files + " declare no uniform named " + std::string(name));
  return -1;
}

}  // namespace

void forget_uniforms(GLuint program) {
  uniforms_of_programs().erase(program);
}

Program build_program(std::string_view vertex_file, std::string_view fragment_file) {
  Program program = Program::create();
  const GLuint vertex = compile(GL_VERTEX_SHADER, vertex_file);
  GLuint fragment = 0;
  try {
    fragment = compile(GL_FRAGMENT_SHADER, fragment_file);
  } catch (...) {
    glDeleteShader(vertex);
    throw;
  }
  glAttachShader(program.id(), vertex);
  glAttachShader(program.id(), fragment);
  glLinkProgram(program.id());
  glDeleteShader(vertex);
  glDeleteShader(fragment);
  GLint ok = GL_FALSE;
  glGetProgramiv(program.id(), GL_LINK_STATUS, &ok);
  if (!ok)
    throw std::runtime_error("shaders/" + std::string(vertex_file) + " + shaders/" +
                             std::string(fragment_file) + " do not link:\n" + info_log(program.id(), true));
  remember_uniforms(program, vertex_file, fragment_file);
  label_object(GL_PROGRAM, program.id(),
               (std::string(vertex_file) + " + " + std::string(fragment_file)).c_str());
  return program;
}

void set_uniform(const Program& p, const char* name, int value) {
  glUniform1i(location(p, name), value);
}
void set_uniform(const Program& p, const char* name, float value) {
  glUniform1f(location(p, name), value);
}
void set_uniform(const Program& p, const char* name, const glm::vec3& value) {
  glUniform3fv(location(p, name), 1, glm::value_ptr(value));
}
void set_uniform(const Program& p, const char* name, const glm::vec4& value) {
  glUniform4fv(location(p, name), 1, glm::value_ptr(value));
}
void set_uniform(const Program& p, const char* name, const glm::mat3& value) {
  glUniformMatrix3fv(location(p, name), 1, GL_FALSE, glm::value_ptr(value));
}
void set_uniform(const Program& p, const char* name, const glm::mat4& value) {
  glUniformMatrix4fv(location(p, name), 1, GL_FALSE, glm::value_ptr(value));
}
void set_uniform(const Program& p, const char* name, const glm::mat4* values, int count) {
  glUniformMatrix4fv(location(p, name), count, GL_FALSE, glm::value_ptr(values[0]));
}
void set_uniform(const Program& p, const char* name, std::span<const float> values) {
  glUniform1fv(location(p, name), GLsizei(values.size()), values.data());
}
void set_uniform(const Program& p, const char* name, std::span<const glm::vec2> values) {
  glUniform2fv(location(p, name), GLsizei(values.size()), glm::value_ptr(values[0]));
}
void set_uniform(const Program& p, const char* name, std::span<const glm::vec3> values) {
  glUniform3fv(location(p, name), GLsizei(values.size()), glm::value_ptr(values[0]));
}

}  // namespace kneeviz::render
