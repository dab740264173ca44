#version 330 core
// A vertical gradient with a soft vignette, dithered so that it shows no bands on a projector.
in vec2 v_uv;
uniform vec3 u_top;
uniform vec3 u_bottom;
out vec4 o_colour;

float noise(vec2 p) { return fract(sin(dot(p, vec2(12.9898, 78.233))) * 43758.5453); }

void main() {
  vec3 colour = mix(u_bottom, u_top, smoothstep(0.0, 1.0, v_uv.y));
  vec2 centred = v_uv - 0.5;
  colour *= 1.0 - 0.35 * dot(centred, centred);
  colour += (noise(gl_FragCoord.xy) - 0.5) / 255.0;
  o_colour = vec4(colour, 1.0);
}
