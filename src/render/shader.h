#pragma once
// Shader programs built from the files in shaders/, which CMake embeds into the binary.

#include <glm/glm.hpp>
#include <span>
#include <string_view>

#include "render/gl_objects.h"

namespace kneeviz::render {

// Compiles and links the embedded shaders with these file names (e.g. "mesh.vert", "mesh.frag").
// Throws std::runtime_error with the file name and the driver's log when one does not build.
Program build_program(std::string_view vertex_file, std::string_view fragment_file);

// Uniform setters by name. Locations are looked up once, when the program links, for every uniform
// its two shader files declare. A declared uniform the compiler dropped (unused) is ignored, as GL
// does; a name neither file declares (a misspelling) throws std::logic_error naming the files and
// the name while GL checks are on (Debug builds, tests, KNEEVIZ_GL_CHECKS=1), and is ignored
// otherwise.
void set_uniform(const Program& program, const char* name, int value);
void set_uniform(const Program& program, const char* name, float value);
void set_uniform(const Program& program, const char* name, const glm::vec3& value);
void set_uniform(const Program& program, const char* name, const glm::vec4& value);
void set_uniform(const Program& program, const char* name, const glm::mat3& value);
void set_uniform(const Program& program, const char* name, const glm::mat4& value);
void set_uniform(const Program& program, const char* name, const glm::mat4* values, int count);
// Arrays (`uniform vec3 u_dent_centre[4];`), from their first element.
void set_uniform(const Program& program, const char* name, std::span<const float> values);
void set_uniform(const Program& program, const char* name, std::span<const glm::vec2> values);
void set_uniform(const Program& program, const char* name, std::span<const glm::vec3> values);

}  // namespace kneeviz::render
