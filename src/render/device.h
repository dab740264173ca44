#pragma once
// What the window loop, the benchmarks and the screenshot code ask of the GL device, so that no
// GL call is made outside render/ and platform/: the renderer's name, waiting for the device,
// pending errors, the window's viewport, reading the window's picture back, and drawing into a
// transparent picture of one's own.

#include <functional>
#include <glm/vec2.hpp>
#include <map>
#include <optional>
#include <string>

#include "render/render_target.h"

namespace kneeviz::render {

// GL_RENDERER of the current context ("llvmpipe (LLVM 15.0.6, 256 bits)", say).
std::string renderer_name();

// Waits until the device has finished every command given so far (for timing a frame).
void finish();

// The first pending GL error, by name ("GL_INVALID_OPERATION"), clearing every pending one; empty
// when there is none. For calls made outside a Pass (render/gl.h) (ImGui's backend, say).
std::optional<std::string> take_error();

// Draws into the whole of the default framebuffer (the window), `size` pixels.
void use_window_viewport(glm::ivec2 size);

// The pixels of the bound read framebuffer, `size`, top row first (GL reads the bottom row first).
Image read_pixels(glm::ivec2 size);

// The window's back buffer as drawn so far (before the swap), top row first.
Image read_window(glm::ivec2 size);

// A transparent picture of `size` that `draw` draws into (its framebuffer bound, the viewport set,
// cleared to transparent black), read back top row first. The framebuffer binding and clear
// colour are as they were afterwards.
Image draw_transparent(glm::ivec2 size, const std::function<void()>& draw);

// Times each render pass (render/gl.h's Pass), for `kneeviz bench --pass-times`: while on, every
// pass waits for the GL work before it (glFinish) as it opens and as it ends, and adds the wall
// time it took, less that of the passes within it, to its name. The waits cost some time of
// their own: the figures show where a frame's time goes, not what it takes without them.
void time_passes(bool on);
// The milliseconds each pass took since the last call (or time_passes), by name; then afresh.
std::map<std::string, double> take_pass_times();

}  // namespace kneeviz::render
