// Fixed-partition parallel loop: each index is computed by exactly one worker and results are
// written to their own slots, so output does not depend on scheduling (the model stays
// byte-for-byte reproducible).
#pragma once

#include <algorithm>
#include <cstddef>
#include <thread>
#include <vector>

namespace leggen {

template <typename Body>
void parallel_for(size_t count, const Body& body) {
  const size_t workers = std::clamp<size_t>(std::thread::hardware_concurrency(), 1, 16);
  if (workers == 1 || count < 256) {
    for (size_t i = 0; i < count; ++i) body(i);
    return;
  }
  std::vector<std::thread> threads;
  const size_t chunk = (count + workers - 1) / workers;
  for (size_t w = 0; w < workers; ++w) {
    const size_t begin = w * chunk;
    const size_t end = std::min(count, begin + chunk);
    if (begin >= end) break;
    threads.emplace_back([&body, begin, end] {
      for (size_t i = begin; i < end; ++i) body(i);
    });
  }
  for (auto& thread : threads) thread.join();
}

}  // namespace leggen
