#pragma once
// Running the kneeviz program (or any command) from a test, as a user would from a shell.

#include <string>
#include <vector>

#include "support/test_files.h"

namespace kneeviz::test {

struct Run {
  int exit_code = -1;
  std::string out, err;
  std::string command;  // as given to the shell, for failure messages
};

// 'text' quoted for sh.
std::string shell_quoted(const std::string& text);
// Whether `program` is an executable in one of the PATH folders.
bool on_path(const std::string& program);

// Runs `executable` with `arguments` under env(1) with `environment` (e.g. "-u DISPLAY"), with no
// standard input; stdout and stderr are captured through files in `dir`. KNEEVIZ_GL_CHECKS=1 is set,
// XDG_CONFIG_HOME points into `dir`, so settings and saved scenes stay the test's own, and
// DBUS_SESSION_BUS_ADDRESS names no bus unless `environment` sets one.
// `wrapper` goes before the executable (e.g. "xvfb-run -a -s '-screen 0 1280x800x24'").
Run run_program(const TempDir& dir, const std::string& executable, const std::vector<std::string>& arguments,
                const std::string& environment = "-u DISPLAY -u WAYLAND_DISPLAY",
                const std::string& wrapper = "");

}  // namespace kneeviz::test
