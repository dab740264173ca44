# Script mode: writes INPUT's bytes as a C++ array SYMBOL in NAMESPACE to OUTPUT.
file(READ "${INPUT}" hex HEX)
string(LENGTH "${hex}" hex_length)
math(EXPR size "${hex_length} / 2")
string(REGEX REPLACE "([0-9a-f][0-9a-f])" "0x\\1," bytes "${hex}")
# One line per 64 bytes keeps the generated file readable for compilers and people.
string(REGEX REPLACE "((0x..,){64})" "\\1\n" bytes "${bytes}")
file(WRITE "${OUTPUT}.tmp"
"#include <cstddef>
namespace ${NAMESPACE} {
extern const unsigned char ${SYMBOL}[];
extern const std::size_t ${SYMBOL}_size;
alignas(16) const unsigned char ${SYMBOL}[] = {
${bytes}0x00};
const std::size_t ${SYMBOL}_size = ${size};
}
")
file(RENAME "${OUTPUT}.tmp" "${OUTPUT}")
