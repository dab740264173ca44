// The words of the technique file format for the enums (docs/techniques.md): to_string writes
// them, the *_from_string functions of technique_file.h read them back.

#include "technique/technique.h"

#include <array>
#include <optional>
#include <string_view>
#include <utility>

#include "technique/technique_file.h"

namespace kneeviz::technique {

namespace {

constexpr std::array kContactWords{
    std::pair{Contact::palm, "palm"},         std::pair{Contact::fingertips, "fingertips"},
    std::pair{Contact::knuckles, "knuckles"}, std::pair{Contact::thumb, "thumb"},
    std::pair{Contact::forearm, "forearm"},
};
constexpr std::array kHandUseWords{
    std::pair{HandUse::one, "one"},
    std::pair{HandUse::side_by_side, "side_by_side"},
    std::pair{HandUse::reinforced, "reinforced"},
    std::pair{HandUse::alternating, "alternating"},
};
constexpr std::array kSegmentWords{
    std::pair{Segment::thigh, "thigh"},
    std::pair{Segment::knee, "knee"},
    std::pair{Segment::shank, "shank"},
};
constexpr std::array kMotionWords{
    std::pair{Motion::glide, "glide"},
    std::pair{Motion::circles_on_glide, "circles_on_glide"},
    std::pair{Motion::side_to_side, "side_to_side"},
    std::pair{Motion::up_and_down, "up_and_down"},
    std::pair{Motion::taps, "taps"},
    std::pair{Motion::stationary_circles, "stationary_circles"},
    std::pair{Motion::cross_fibre, "cross_fibre"},
};

template <typename Enum, std::size_t N>
const char* word_of(const std::array<std::pair<Enum, const char*>, N>& words, Enum value) {
  for (const auto& [known, word] : words)
    if (known == value) return word;
  return "unknown";
}

template <typename Enum, std::size_t N>
std::optional<Enum> value_of(const std::array<std::pair<Enum, const char*>, N>& words,
                             std::string_view word) {
  for (const auto& [value, known] : words)
    if (word == known) return value;
  return std::nullopt;
}

}  // namespace

const char* to_string(Contact contact) {
  return word_of(kContactWords, contact);
}
const char* to_string(HandUse hands) {
  return word_of(kHandUseWords, hands);
}
HandUse hands_in_phase(const Technique& technique, int phase) {
  if (phase >= 0 && phase < int(technique.phases.size()) && technique.phases[std::size_t(phase)].hands)
    return *technique.phases[std::size_t(phase)].hands;
  return technique.hands;
}
const char* to_string(Segment segment) {
  return word_of(kSegmentWords, segment);
}
const char* to_string(Motion motion) {
  return word_of(kMotionWords, motion);
}

std::optional<Contact> contact_from_string(std::string_view word) {
  return value_of(kContactWords, word);
}
std::optional<HandUse> hand_use_from_string(std::string_view word) {
  return value_of(kHandUseWords, word);
}
std::optional<Segment> segment_from_string(std::string_view word) {
  return value_of(kSegmentWords, word);
}
std::optional<Motion> motion_from_string(std::string_view word) {
  return value_of(kMotionWords, word);
}

}  // namespace kneeviz::technique
