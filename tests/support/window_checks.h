#pragma once
// What the window tests share. They are programs, not doctest cases (the window runs in its own
// process under a virtual X server), and report as such: a line a check, "ok:" or "FAILED:", and
// an exit code for ctest.

#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

#include "support/processes.h"
#include "support/test_files.h"

namespace kneeviz::test {

// ctest's SKIP_RETURN_CODE for the window tests (kneeviz_gui_test), used only where a program
// they need is not installed.
inline constexpr int kSkipped = 77;

// The checks of one test program: prints each, counts the failures.
class Checks {
 public:
  void operator()(bool ok, const std::string& what);
  // 0 when every check passed, 1 when one failed.
  int exit_code() const { return failures_ ? 1 : 0; }

 private:
  int failures_ = 0;
};

// Whether every program is on PATH; when not, says "SKIPPED:" with the Debian packages to install.
bool have_programs(std::initializer_list<std::string_view> programs, std::string_view debian_packages);

// `executable` with `arguments` in a window under xvfb-run (a 1280x800 screen, never Wayland);
// prints the command line, the exit code and stderr for the log.
Run run_in_window(const TempDir& dir, const std::string& executable, std::vector<std::string> arguments);

}  // namespace kneeviz::test
