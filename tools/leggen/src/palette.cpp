#include <stdexcept>

#include "structures.h"

namespace leggen {

vec3 palette::muscle(int variant) {
  // A deep red, nudged per muscle (a few percent) so neighbouring bellies read apart.
  const float shift = static_cast<float>((variant * 7) % 5 - 2) * 0.018f;
  return {0.58f + shift, 0.11f + 0.4f * shift, 0.10f + 0.2f * shift};
}

const StructureSpec& find_structure(const std::vector<StructureSpec>& structures, const std::string& id) {
  for (const StructureSpec& spec : structures) {
    if (spec.id == id) return spec;
  }
  throw std::out_of_range("no structure named " + id);
}

}  // namespace leggen
