#pragma once
// Programs that run beside a test: a background process that is always stopped, and a virtual X
// server (Xvfb) of the test's own for a window to open on.

#include <sys/types.h>

#include <chrono>
#include <filesystem>
#include <glm/glm.hpp>
#include <string>
#include <vector>

namespace kneeviz::test {

// `command` (the program looked up in PATH) running in the background, with no standard input
// and its stdout and stderr going to files. Stopped (SIGTERM, then SIGKILL) and reaped on
// destruction, so nothing outlives the test on any path out of it. Throws when it cannot start.
class BackgroundProcess {
 public:
  BackgroundProcess(const std::vector<std::string>& command, const std::filesystem::path& out,
                    const std::filesystem::path& err);
  ~BackgroundProcess();
  BackgroundProcess(const BackgroundProcess&) = delete;
  BackgroundProcess& operator=(const BackgroundProcess&) = delete;

  // False once it has exited.
  bool running();

 private:
  pid_t pid_ = -1;
};

// A D-Bus session bus of the test's own (dbus-daemon), listening on a socket in `folder`. Throws
// when it is not ready within `timeout`; stopped on destruction.
class SessionBus {
 public:
  explicit SessionBus(const std::filesystem::path& folder,
                      std::chrono::seconds timeout = std::chrono::seconds(30));
  const std::string& address() const { return address_; }  // for DBUS_SESSION_BUS_ADDRESS

 private:
  std::filesystem::path socket_;
  BackgroundProcess daemon_;
  std::string address_;
};

// An Xvfb server on a free display number, with one screen of `size` at 24 bits and no TCP.
// Throws when it is not ready within `timeout`; stopped on destruction.
class VirtualDisplay {
 public:
  VirtualDisplay(const std::filesystem::path& folder, glm::ivec2 size,
                 std::chrono::seconds timeout = std::chrono::seconds(30));

  const std::string& name() const { return name_; }  // ":N", for DISPLAY
  glm::ivec2 size() const { return size_; }

 private:
  glm::ivec2 size_;
  std::filesystem::path number_file_;  // where Xvfb writes its display number once it is ready
  BackgroundProcess server_;
  std::string name_;
};

}  // namespace kneeviz::test
