#include "support/processes.h"

#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <sstream>

namespace kneeviz::test {

std::string shell_quoted(const std::string& text) {
  std::string result = "'";
  for (char c : text) result += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return result + "'";
}

bool on_path(const std::string& program) {
  const char* path = std::getenv("PATH");
  std::stringstream folders(path ? path : "");
  std::string folder;
  while (std::getline(folders, folder, ':'))
    if (!folder.empty() && ::access((folder + "/" + program).c_str(), X_OK) == 0) return true;
  return false;
}

Run run_program(const TempDir& dir, const std::string& executable, const std::vector<std::string>& arguments,
                const std::string& environment, const std::string& wrapper) {
  // Appended piece by piece: GCC 12 warns falsely (-Wrestrict) about long operator+ chains.
  std::string command = "env ";
  command += environment;
  command += " KNEEVIZ_GL_CHECKS=1";
  // No session bus unless the test gives one: a Browse never opens a dialog on a person's desktop.
  if (environment.find("DBUS_SESSION_BUS_ADDRESS") == std::string::npos) {
    command += " DBUS_SESSION_BUS_ADDRESS=";
    command += shell_quoted("unix:path=" + (dir / "no-session-bus").string());
  }
  // A settings folder of the test's own: no test sees a scene another run (or a person) left.
  command += " XDG_CONFIG_HOME=";
  command += shell_quoted((dir / "config").string());
  command += ' ';
  if (!wrapper.empty()) {
    command += wrapper;
    command += ' ';
  }
  command += shell_quoted(executable);
  for (const std::string& argument : arguments) {
    command += ' ';
    command += shell_quoted(argument);
  }
  command += " >";
  command += shell_quoted((dir / "stdout.txt").string());
  command += " 2>";
  command += shell_quoted((dir / "stderr.txt").string());
  command += " </dev/null";
  const int status = std::system(command.c_str());
  Run run;
  run.command = command;
  run.exit_code =
      WIFEXITED(status) ? WEXITSTATUS(status) : 128 + (WIFSIGNALED(status) ? WTERMSIG(status) : 0);
  run.out = read_text(dir / "stdout.txt");
  run.err = read_text(dir / "stderr.txt");
  return run;
}

}  // namespace kneeviz::test
