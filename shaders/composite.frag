#version 330 core
// Resolves weighted blended order-independent transparency over the opaque image: the weighted
// average colour of every translucent layer, covering (1 - product of transparencies) of it.
in vec2 v_uv;
uniform sampler2D u_accumulated;  // rgb: sum of colour * alpha * weight; a: product of (1 - alpha)
uniform sampler2D u_weights;      // r: sum of alpha * weight
out vec4 o_colour;
void main() {
  ivec2 pixel = ivec2(gl_FragCoord.xy);
  vec4 accumulated = texelFetch(u_accumulated, pixel, 0);
  float revealed = accumulated.a;
  if (revealed >= 0.999) discard;
  float weight = max(texelFetch(u_weights, pixel, 0).r, 1e-5);
  o_colour = vec4(accumulated.rgb / weight, 1.0 - revealed);
}
