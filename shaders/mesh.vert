#version 330 core
// Positions and normals of a mesh, skinned on the GPU when it has joints.

layout(location = 0) in vec3 a_position;
layout(location = 1) in vec3 a_normal;
layout(location = 2) in vec4 a_fibre;
layout(location = 3) in uvec4 a_joints;
layout(location = 4) in vec4 a_weights;

uniform mat4 u_model;
uniform mat3 u_normal_matrix;
uniform mat4 u_view;
uniform mat4 u_projection;
uniform int u_skinned;
uniform mat4 u_joints[48];
// Metres along the normal: the hands' contour is their back faces, inflated.
uniform float u_inflate;
// Dents pressed into the skin by the hands (scene/skin_dent.h: the same profile on the CPU).
uniform int u_dent_count;  // 0 for every mesh but the skin
uniform vec3 u_dent_centre[4];
uniform vec3 u_dent_normal[4];
uniform vec3 u_dent_across[4];
uniform vec3 u_dent_along[4];
uniform vec2 u_dent_half_size[4];
uniform float u_dent_depth[4];
uniform vec3 u_dent_shift[4];

out vec3 v_world_position;
out vec3 v_world_normal;
out float v_bind_height;  // height in the standing pose: lymph flows up the leg, toward the nodes
out vec3 v_bind_position;  // as stored, so a muscle's fibre streaks stay on it as the leg bends
out vec3 v_fibre;          // the stored fibre direction (zero where the mesh has none)

void main() {
  mat4 place = u_model;
  mat3 turn = u_normal_matrix;
  if (u_skinned != 0) {
    place = a_weights.x * u_joints[a_joints.x] + a_weights.y * u_joints[a_joints.y] +
            a_weights.z * u_joints[a_joints.z] + a_weights.w * u_joints[a_joints.w];
    // Blended rigid transforms: the upper 3x3 is close enough to a rotation for normals.
    turn = mat3(place);
  }
  vec4 world = place * vec4(a_position, 1.0);
  world.xyz += normalize(turn * a_normal) * u_inflate;
  vec3 moved = world.xyz;
  for (int i = 0; i < u_dent_count; ++i) {
    vec3 local = world.xyz - u_dent_centre[i];
    float height = dot(local, u_dent_normal[i]);
    if (height > 0.03 || height < -0.05) continue;
    vec2 uv = vec2(dot(local, u_dent_across[i]), dot(local, u_dent_along[i])) /
              max(u_dent_half_size[i], vec2(1e-4));
    float w = (1.0 - smoothstep(0.8, 1.4, length(uv))) * (1.0 - smoothstep(0.02, 0.05, -height));
    moved += w * (u_dent_shift[i] - u_dent_normal[i] * u_dent_depth[i]);
  }
  world.xyz = moved;
  v_world_position = world.xyz;
  v_world_normal = turn * a_normal;
  v_bind_height = a_position.y;
  v_bind_position = a_position;
  v_fibre = a_fibre.xyz;
  gl_Position = u_projection * u_view * world;
}
