#include "leg_frame.h"

#include <array>
#include <stdexcept>
#include <string>

namespace leggen {

namespace {

// gait2392 right leg in kneeviz axes (metres, +Y up, +Z anterior, lateral is -X), from
// shared/reference/gait2392-right-leg.csv. Credit: Delp et al. 1990; Anderson & Pandy 1999,
// 2001; model by Thelen, Seth, Anderson and Delp; CC BY 3.0.
struct ReferenceRow {
  std::string_view name;
  vec3 position;
};

constexpr vec3 kReferenceKnee(0.0f, -0.3958f, -0.0045f);
constexpr vec3 kReferenceAnkle(0.0f, -0.8258f, -0.0045f);

const std::array<ReferenceRow, 40> kReference{{
    {"semimem_r-P1", {0.0120f, -0.0314f, -0.0485f}},  {"semimem_r-P2", {0.0189f, -0.4310f, -0.0393f}},
    {"semimem_r-P3", {0.0196f, -0.4435f, -0.0315f}},  {"semiten_r-P1", {0.0231f, -0.0438f, -0.0556f}},
    {"semiten_r-P2", {0.0228f, -0.4244f, -0.0465f}},  {"semiten_r-P3", {0.0229f, -0.4486f, -0.0377f}},
    {"semiten_r-P4", {0.0245f, -0.4704f, -0.0158f}},  {"semiten_r-P5", {0.0193f, -0.4914f, -0.0018f}},
    {"bifemlh_r-P1", {0.0141f, -0.0365f, -0.0553f}},  {"bifemlh_r-P2", {-0.0294f, -0.4318f, -0.0346f}},
    {"bifemlh_r-P3", {-0.0343f, -0.4521f, -0.0279f}}, {"bifemsh_r-P1", {-0.0234f, -0.2111f, 0.0050f}},
    {"bifemsh_r-P2", {-0.0294f, -0.4318f, -0.0346f}}, {"bifemsh_r-P3", {-0.0343f, -0.4521f, -0.0279f}},
    {"tfl_r-P1", {-0.0406f, 0.0875f, 0.0396f}},       {"tfl_r-P2", {-0.0597f, -0.0995f, 0.0294f}},
    {"tfl_r-P3", {-0.0357f, -0.4049f, 0.0054f}},      {"tfl_r-P4", {-0.0297f, -0.4445f, 0.0015f}},
    {"rect_fem_r-P1", {-0.0133f, 0.0350f, 0.0412f}},  {"rect_fem_r-P2", {-0.0019f, -0.4030f, 0.0334f}},
    {"rect_fem_r-P3", {-0.0014f, -0.3748f, 0.0573f}}, {"vas_med_r-P1", {-0.0188f, -0.2099f, 0.0140f}},
    {"vas_med_r-P2", {-0.0009f, -0.2769f, 0.0356f}},  {"vas_med_r-P3", {0.0125f, -0.4048f, 0.0370f}},
    {"vas_med_r-P4", {0.0131f, -0.4255f, 0.0274f}},   {"vas_med_r-P5", {0.0146f, -0.3740f, 0.0515f}},
    {"vas_int_r-P1", {-0.0310f, -0.1924f, 0.0290f}},  {"vas_int_r-P2", {-0.0285f, -0.2084f, 0.0335f}},
    {"vas_int_r-P3", {-0.0055f, -0.4030f, 0.0343f}},  {"vas_int_r-P4", {-0.0018f, -0.3705f, 0.0510f}},
    {"vas_lat_r-P1", {-0.0349f, -0.1854f, 0.0048f}},  {"vas_lat_r-P2", {-0.0409f, -0.2591f, 0.0269f}},
    {"vas_lat_r-P3", {-0.0205f, -0.4030f, 0.0361f}},  {"vas_lat_r-P4", {-0.0184f, -0.4243f, 0.0253f}},
    {"vas_lat_r-P5", {-0.0165f, -0.3762f, 0.0555f}},  {"med_gas_r-P1", {0.0235f, -0.3929f, -0.0190f}},
    {"med_gas_r-P2", {0.0258f, -0.4022f, -0.0300f}},  {"med_gas_r-P3", {-0.0026f, -0.8368f, -0.0533f}},
    {"lat_gas_r-P1", {-0.0272f, -0.3946f, -0.0220f}}, {"lat_gas_r-P3", {-0.0026f, -0.8368f, -0.0533f}},
}};

LegFrame make_leg_frame() {
  LegFrame frame{};
  frame.body_height = 1.75f;
  const float hip_to_knee = 0.245f * frame.body_height;
  const float knee_to_ankle = 0.246f * frame.body_height;
  frame.thigh_scale = hip_to_knee / -kReferenceKnee.y;
  frame.shank_scale = knee_to_ankle / (kReferenceKnee.y - kReferenceAnkle.y);
  frame.hip = vec3(0.0f);
  frame.knee = kReferenceKnee * frame.thigh_scale;
  frame.ankle = frame.knee + (kReferenceAnkle - kReferenceKnee) * frame.shank_scale;
  frame.floor_y = frame.ankle.y - 0.039f * frame.body_height;
  frame.foot_length = 0.152f * frame.body_height;
  return frame;
}

}  // namespace

const LegFrame& leg_frame() {
  static const LegFrame frame = make_leg_frame();
  return frame;
}

vec3 reference_point(std::string_view point_name) {
  const LegFrame& frame = leg_frame();
  for (const ReferenceRow& row : kReference) {
    if (row.name != point_name) continue;
    if (row.position.y >= kReferenceKnee.y) return row.position * frame.thigh_scale;
    return frame.knee + (row.position - kReferenceKnee) * frame.shank_scale;
  }
  throw std::out_of_range("unknown gait2392 point: " + std::string(point_name));
}

}  // namespace leggen
