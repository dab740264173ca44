#include "support/window_checks.h"

#include <iostream>

namespace kneeviz::test {

void Checks::operator()(bool ok, const std::string& what) {
  std::cout << (ok ? "ok:     " : "FAILED: ") << what << "\n";
  if (!ok) ++failures_;
}

bool have_programs(std::initializer_list<std::string_view> programs, std::string_view debian_packages) {
  std::string missing;
  for (const std::string_view program : programs)
    if (!on_path(std::string(program))) missing += (missing.empty() ? "" : ", ") + std::string(program);
  if (missing.empty()) return true;
  std::cout << "SKIPPED: not installed: " << missing << " (Debian: apt install " << debian_packages << ")\n";
  return false;
}

Run run_in_window(const TempDir& dir, const std::string& executable, std::vector<std::string> arguments) {
  const auto once = [&] {
    return run_program(dir, executable, arguments, "-u WAYLAND_DISPLAY",
                       "xvfb-run -a -s '-screen 0 1280x800x24'");
  };
  Run run = once();
  // xvfb-run sometimes fails to remove its own temporary folder and then exits 5 whatever the
  // program did, hiding its status: that run tells nothing, so it is run again, once.
  if (run.exit_code == 5 && run.err.find("xvfb-run: error: problem while cleaning up") != std::string::npos) {
    std::cout << "xvfb-run could not clean up after itself (exit 5); running again\n";
    run = once();
  }
  std::cout << "running: " << run.command << "\nexit code " << run.exit_code << "\nstdout:\n"
            << run.out << "stderr:\n"
            << run.err;
  return run;
}

}  // namespace kneeviz::test
