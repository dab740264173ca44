#pragma once
// Lets doctest print glm vectors in CAPTURE, INFO and failed comparisons.

#include <doctest/doctest.h>

#include <glm/glm.hpp>
#include <sstream>

namespace doctest {

template <glm::length_t L, typename T, glm::qualifier Q>
struct StringMaker<glm::vec<L, T, Q>> {
  static String convert(const glm::vec<L, T, Q>& v) {
    std::ostringstream out;
    out << "(";
    for (glm::length_t i = 0; i < L; ++i) out << (i ? ", " : "") << +v[i];
    out << ")";
    return out.str().c_str();
  }
};

}  // namespace doctest
