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
  SdfPtr field;  // meshed unless explicitMesh is set
  MeshingOptions meshing;
  std::optional<TriangleMesh> explicitMesh;
  std::vector<vec3> explicitFibres;  // per vertex of explicitMesh, when it has fibres
  std::vector<vec3> fibreLine;       // origin to insertion; muscles and tendons only
  // What this structure adds to the skin's volume: its own field unless skinVolume is set
  // (packed muscles give their group's envelope once) or inSkinUnion is false (straps and bands
  // that lie on muscles already counted, whose thin edges would crease the skin).
  bool inSkinUnion = true;
  SdfPtr skinVolume;
  // A packed muscle's own tube, before packing: its tendon is cut from this (a round cord), not
  // from its cell, which near the joints is a thin wedge between neighbours.
  SdfPtr ownShape;
  // When above 0, edges along which the joint weights change fast are split after meshing until
  // length x weight change is below this (metres; see refineForSkinning), so flexing bends them.
  float skinningTolerance = 0.0f;
  bool hasFibres() const { return group == Group::Muscles || group == Group::Tendons; }
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

std::vector<StructureSpec> buildBones();
std::vector<StructureSpec> buildThighMuscles(const std::vector<StructureSpec>& bones);
std::vector<StructureSpec> buildLegMuscles(const std::vector<StructureSpec>& bones);
// Gluteus maximus (a structure) lies on gluteus medius (volume only); the skin wraps both.
std::vector<SdfPtr> gluteusMaximusParts();
SdfPtr gluteusMediusShape();
StructureSpec buildGluteusMaximus(const std::vector<StructureSpec>& inside);
// Cuts each muscle's tendon off as a mesh of its own, "<id>-tendon", appended to `specs`.
void splitTendons(std::vector<StructureSpec>& specs);
// The skin wraps everything built so far; lymphatics are then laid just under it.
StructureSpec buildSkin(const std::vector<StructureSpec>& inside);
std::vector<StructureSpec> buildLymphatics(const StructureSpec& skin);
// The arteries, veins and nerves of the femoral triangle and the popliteal fossa, and the two
// saphenous veins, placed on the bones in `inside` and under the skin.
std::vector<StructureSpec> buildVesselsAndNerves(const std::vector<StructureSpec>& inside,
                                                 const StructureSpec& skin);
std::vector<Landmark> buildLandmarks();

// Looks up a structure by ID; throws std::out_of_range when absent.
const StructureSpec& findStructure(const std::vector<StructureSpec>& structures, const std::string& id);

}  // namespace leggen
