// Thin tubes along centre lines: lymph vessels, blood vessels and nerves. Built as explicit meshes
// (rings round a Catmull-Rom centre line), which is exact and fast for structures a millimetre or
// a few across, where a field meshed on a grid would need a very fine grid.
#pragma once

#include <vector>

#include "mesher.h"
#include "sdf.h"

namespace leggen {

// The Catmull-Rom spline through the keys, `per_span` samples a span, ending on the last key. The
// ends are extended by mirroring the neighbouring key.
std::vector<vec3> sample_spline(const std::vector<vec3>& keys, int per_span);

// Appends a closed tube: rings of `sides` vertices round the centre line (frames carried along
// without twisting), `radius[i]` round `line[i]`, and a pointed cap at each end reaching `tip`
// beyond the end ring's centre.
void append_tube(const std::vector<vec3>& line, const std::vector<float>& radius, int sides, float tip,
                 TriangleMesh& mesh);

}  // namespace leggen
