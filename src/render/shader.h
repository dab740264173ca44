#pragma once
// Shader programs built from the files in shaders/, which CMake embeds into the binary.

#include <glm/glm.hpp>
#include <string_view>

#include "render/gl_objects.h"

namespace kneeviz::render {

// Compiles and links the embedded shaders with these file names (e.g. "mesh.vert", "mesh.frag").
// Throws std::runtime_error with the file name and the driver's log when one does not build.
Program build_program(std::string_view vertex_file, std::string_view fragment_file);

// Uniform setters that look the location up by name; a name the program lacks is ignored, as GL
// does, so shaders may drop what they do not use.
void set_uniform(const Program& program, const char* name, int value);
void set_uniform(const Program& program, const char* name, float value);
void set_uniform(const Program& program, const char* name, const glm::vec3& value);
void set_uniform(const Program& program, const char* name, const glm::vec4& value);
void set_uniform(const Program& program, const char* name, const glm::mat3& value);
void set_uniform(const Program& program, const char* name, const glm::mat4& value);
void set_uniform(const Program& program, const char* name, const glm::mat4* values, int count);

}  // namespace kneeviz::render
