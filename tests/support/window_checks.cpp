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
  const Run run = run_program(dir, executable, std::move(arguments), "-u WAYLAND_DISPLAY",
                              "xvfb-run -a -s '-screen 0 1280x800x24'");
  std::cout << "running: " << run.command << "\nexit code " << run.exit_code << "\nstdout:\n"
            << run.out << "stderr:\n"
            << run.err;
  return run;
}

}  // namespace kneeviz::test
