#version 330 core
// Highlighted structures, over the finished image: a pixel inside one is filled with its group's
// colour at u_fill (0 where the structure shows for itself); a pixel outside every highlighted
// structure but within u_radius pixels of one takes its edge colour as an outline, fading out with
// distance. The mask holds a slot number per pixel (0: none), only where the structure lies on
// the side of the limb the camera sees; u_rows the nearest highlighted pixel along each row
// (outline_rows.frag), so that the nearest of all is the nearest of those up and down the column.
in vec2 v_uv;
uniform sampler2D u_mask;
uniform sampler2D u_rows;
uniform vec3 u_slot_colours[8];  // the fill
uniform vec3 u_edge_colours[8];  // the outline: the same, or a darker shade of a light colour
uniform float u_radius;
uniform float u_strength;
uniform float u_fill;
out vec4 o_colour;

int slot_at(ivec2 p) {
  ivec2 size = textureSize(u_mask, 0);
  p = clamp(p, ivec2(0), size - 1);
  return int(texelFetch(u_mask, p, 0).r * 255.0 + 0.5);
}

void main() {
  ivec2 pixel = ivec2(gl_FragCoord.xy);
  int own = slot_at(pixel);
  if (own != 0) {
    bool unfilled = texelFetch(u_mask, pixel, 0).g > 0.5;  // the selected skin
    if (u_fill <= 0.0 || unfilled) discard;
    o_colour = vec4(u_slot_colours[min(own, 7)], u_fill);
    return;
  }
  int reach = int(ceil(u_radius));
  ivec2 last = textureSize(u_rows, 0) - 1;
  float best = 1e9;
  int slot = 0;
  // Row by row, a nearer one replacing: of two as near, the one the square was read in first.
  for (int y = -reach; y <= reach; ++y) {
    vec2 row = texelFetch(u_rows, clamp(pixel + ivec2(0, y), ivec2(0), last), 0).rg;
    int s = int(row.r * 255.0 + 0.5);
    if (s == 0) continue;
    float d = length(vec2(floor(row.g * 255.0 + 0.5), float(y)));
    if (d > u_radius || d >= best) continue;
    best = d;
    slot = s;
  }
  if (slot == 0) discard;
  float alpha = u_strength * (1.0 - smoothstep(u_radius * 0.55, u_radius, best));
  o_colour = vec4(u_edge_colours[min(slot, 7)], alpha);
}
