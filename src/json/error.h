#pragma once
// The one base of every error kneeviz reports to its user: a file it cannot read (content, model,
// saved scene, trace), a command line it cannot follow, a display or GL it cannot get. Each kind of
// content has its own type below it, so a caller that can go on without one file catches that
// type, and `main` catches this one and prints it. Anything else that escapes is a bug.

#include <stdexcept>

namespace kneeviz {

class Error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

}  // namespace kneeviz
