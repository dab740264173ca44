#pragma once
// How finely the geometry sweeps (the hands against the leg, the table and the supports, moment by
// moment through every technique) sample a technique's time.
//
// The Release suite samples every moment its checks name; that suite is where the quality figures
// are asserted. Under AddressSanitizer and UndefinedBehaviorSanitizer (tools/test-sanitized.sh) the
// same sweeps run the same code paths to find memory and undefined-behaviour errors, and sampling
// every moment adds nothing to that but a quarter of CI's time, so there they take every fourth
// moment. The bounds they check are the same: extremes over fewer moments lie within the extremes
// over all of them, and the shares they count keep their ratio.

namespace kneeviz::test {

#ifdef KNEEVIZ_SANITIZED
inline constexpr double kSweepStride = 4.0;
#else
inline constexpr double kSweepStride = 1.0;
#endif

// The time step for a sweep the Release suite runs every `step` seconds.
constexpr double sweep_step(double step) {
  return step * kSweepStride;
}

}  // namespace kneeviz::test
