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

out vec3 v_world_position;
out vec3 v_world_normal;
out float v_bind_height;  // height in the standing pose: lymph flows up the leg, toward the nodes

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
  v_world_position = world.xyz;
  v_world_normal = turn * a_normal;
  v_bind_height = a_position.y;
  gl_Position = u_projection * u_view * world;
}
