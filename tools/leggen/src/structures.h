// The anatomical content of the leg: every structure as a field (or an explicit mesh), how it is
// meshed, coloured, grouped and bound to the skeleton, plus the landmarks.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "mesher.h"
#include "sdf.h"

namespace leggen {

enum class Group { Bones, Muscles, Tendons, Lymphatics, VesselsNerves, Skin };

// Which skeleton joints move a structure's vertices (see skinning.h for the weights).
enum class Binding {
  Femur,           // all to skel-thigh: the bone, rigid
  Pelvis,          // all to skel-pelvis
  Thigh,           // skel-thigh, blended into the pelvis across the hip band
  Shank,           // all to skel-shank
  Patella,         // all to skel-patella
  KneeBand,        // thigh above the knee band, shank below, skel-knee-blend across it
  ThighToPatella,  // quadriceps tendon: thigh above, patella at the patella
  PatellaToShank,  // patellar tendon: patella at the apex, shank at the tuberosity
};

// The skin's joints, in their order in the GLB. Pelvis and HipBlend came last, so the knee's
// joint indices are those of the first edition.
enum class Joint { Thigh, Shank, KneeBlend, Patella, Pelvis, HipBlend };
inline constexpr int kJointCount = 6;

struct StructureSpec {
  std::string id;
  Group group = Group::Muscles;
  vec3 colour{0.5f};
  Binding binding = Binding::KneeBand;
  SdfPtr field;  // meshed unless explicit_mesh is set
  MeshingOptions meshing;
  std::optional<TriangleMesh> explicit_mesh;
  std::vector<vec3> explicit_fibres;  // per vertex of explicit_mesh, when it has fibres
  std::vector<vec3> fibre_line;       // origin to insertion; muscles and tendons only
  // What this structure adds to the skin's volume: its own field unless skin_volume is set
  // (packed muscles give their group's envelope once) or in_skin_union is false (straps and bands
  // that lie on muscles already counted, whose thin edges would crease the skin).
  bool in_skin_union = true;
  SdfPtr skin_volume;
  // A packed muscle's own tube, before packing: its tendon is cut from this (a round cord), not
  // from its cell, which near the joints is a thin wedge between neighbours.
  SdfPtr own_shape;
  // When above 0, edges along which the joint weights change fast are split after meshing until
  // length x weight change is below this (metres; see refine_for_skinning), so flexing bends them.
  float skinning_tolerance = 0.0f;
  bool has_fibres() const { return group == Group::Muscles || group == Group::Tendons; }
};

struct Landmark {
  std::string id;
  vec3 position;  // model space, bind pose
  Joint parent;
};

// Colours shared by the builders.
namespace palette {
inline constexpr vec3 kBone{0.91f, 0.86f, 0.74f};
// Tendons a cool silvery white, bone a warm ivory: on a washed-out projector the two were one
// colour where tendons lie on bone (the ankle, the patella, the heel).
inline constexpr vec3 kTendon{0.80f, 0.85f, 0.90f};
inline constexpr vec3 kLymph{0.28f, 0.68f, 0.34f};
inline constexpr vec3 kSkin{0.86f, 0.67f, 0.56f};
// Muscles share one deep red with small shifts so neighbours can be told apart.
vec3 muscle(int variant);
}  // namespace palette

std::vector<StructureSpec> build_bones();
std::vector<StructureSpec> build_thigh_muscles(const std::vector<StructureSpec>& bones);
std::vector<StructureSpec> build_leg_muscles(const std::vector<StructureSpec>& bones);
// Gluteus maximus (a structure) lies on gluteus medius (volume only); the skin wraps both.
std::vector<SdfPtr> gluteus_maximus_parts();
SdfPtr gluteus_medius_shape();
StructureSpec build_gluteus_maximus(const std::vector<StructureSpec>& inside);
// Cuts each muscle's tendon off as a mesh of its own, "<id>-tendon", appended to `specs`.
void split_tendons(std::vector<StructureSpec>& specs);
// The skin wraps everything built so far; lymphatics are then laid just under it.
StructureSpec build_skin(const std::vector<StructureSpec>& inside);
std::vector<StructureSpec> build_lymphatics(const StructureSpec& skin);
// The arteries, veins and nerves of the femoral triangle and the popliteal fossa, and the two
// saphenous veins, placed on the bones in `inside` and under the skin.
std::vector<StructureSpec> build_vessels_and_nerves(const std::vector<StructureSpec>& inside,
                                                    const StructureSpec& skin);
std::vector<Landmark> build_landmarks();

// Looks up a structure by ID; throws std::out_of_range when absent.
const StructureSpec& find_structure(const std::vector<StructureSpec>& structures, const std::string& id);

}  // namespace leggen
