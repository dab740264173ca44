#include "render/shader.h"

#include <glm/gtc/type_ptr.hpp>
#include <stdexcept>
#include <string>

#include "kneeviz_shaders.h"

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

GLint location(const Program& program, const char* name) {
  return glGetUniformLocation(program.id(), name);
}

}  // namespace

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

}  // namespace kneeviz::render
