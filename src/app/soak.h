// How `kneeviz soak` judges memory: resident memory is sampled as each technique ends, and
// growth is measured against the first round's peak (every technique once: caches warm, shaders
// compiled), so a sample taken just after the allocator hands pages back does not pass for a
// baseline.
#pragma once

#include <cstddef>
#include <span>

namespace kneeviz::app {

struct MemoryGrowth {
  bool judged = false;              // at least one full round was sampled
  double first_round_peak_mb = 0.;  // the highest of the first `round` samples
  double growth_mb = 0.;            // how far later samples rose above that peak (>= 0)
};

// `resident_mb` in the order sampled, one per technique ended (plus any final sample); `round` is
// the number of techniques in a round.
MemoryGrowth memory_growth(std::span<const double> resident_mb, std::size_t round);

}  // namespace kneeviz::app
