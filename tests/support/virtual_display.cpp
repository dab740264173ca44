#include "support/virtual_display.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include <stdexcept>
#include <thread>

#include "support/test_files.h"

namespace kneeviz::test {

BackgroundProcess::BackgroundProcess(const std::vector<std::string>& command,
                                     const std::filesystem::path& out, const std::filesystem::path& err) {
  // Everything the child needs is made before fork: after it, only exec and plain system calls.
  std::vector<char*> argv;
  for (const std::string& argument : command) argv.push_back(const_cast<char*>(argument.c_str()));
  argv.push_back(nullptr);
  const std::string out_name = out.string(), err_name = err.string();
  const pid_t parent = ::getpid();
  pid_t pid = ::fork();
  if (pid < 0) throw std::runtime_error("cannot fork to run " + command.front());
  if (pid == 0) {
    // Also gone when the test itself is killed (a ctest timeout), not only when it returns.
    ::prctl(PR_SET_PDEATHSIG, SIGTERM);
    if (::getppid() != parent) ::_exit(127);
    const int in = ::open("/dev/null", O_RDONLY);
    const int o = ::open(out_name.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    const int e = ::open(err_name.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (in < 0 || o < 0 || e < 0) ::_exit(127);
    ::dup2(in, 0);
    ::dup2(o, 1);
    ::dup2(e, 2);
    ::execvp(argv[0], argv.data());
    ::_exit(127);
  }
  pid_ = pid;
}

BackgroundProcess::~BackgroundProcess() {
  if (!running()) return;
  ::kill(pid_, SIGTERM);
  for (int i = 0; i < 50 && running(); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(100));
  if (!running()) return;
  ::kill(pid_, SIGKILL);
  ::waitpid(pid_, nullptr, 0);
}

bool BackgroundProcess::running() {
  if (pid_ < 0) return false;
  int status = 0;
  if (::waitpid(pid_, &status, WNOHANG) == 0) return true;
  pid_ = -1;  // reaped
  return false;
}

namespace {

std::vector<std::string> xvfb_command(glm::ivec2 size) {
  // -displayfd: Xvfb takes the first free display number and writes it to stdout once it
  // accepts connections, so parallel tests never race for one.
  // -noreset: by default an X server resets whenever its last client leaves, refusing connections
  // while it does. A test polls for the window with xdotool, one short-lived client after another,
  // while kneeviz (slow to start under the sanitizers) is still on its way: a sanitizer CI run saw
  // kneeviz's window fail to open ("Failed to open display") in the moment after an xdotool left.
  const std::string screen = std::to_string(size.x) + "x" + std::to_string(size.y) + "x24";
  return {"Xvfb", "-displayfd", "1", "-screen", "0", screen, "-nolisten", "tcp", "-noreset"};
}

// Whether a server accepts a connection on the local socket at `path`.
bool accepts_at(const std::string& path) {
  const int fd = ::socket(AF_UNIX, SOCK_STREAM, 0);
  if (fd < 0) return false;
  sockaddr_un address{};
  address.sun_family = AF_UNIX;
  path.copy(address.sun_path, sizeof(address.sun_path) - 1);
  const bool connected = ::connect(fd, reinterpret_cast<const sockaddr*>(&address), sizeof(address)) == 0;
  ::close(fd);
  return connected;
}

// Whether an X server accepts a connection on display `number`'s local socket.
bool accepts(const std::string& number) {
  return accepts_at("/tmp/.X11-unix/X" + number);
}

}  // namespace

SessionBus::SessionBus(const std::filesystem::path& folder, std::chrono::seconds timeout)
    : socket_(folder / "bus"),
      daemon_(
          {"dbus-daemon", "--session", "--nofork", "--nopidfile", "--address=unix:path=" + socket_.string()},
          folder / "dbus-out.txt", folder / "dbus-log.txt"),
      address_("unix:path=" + socket_.string()) {
  const auto give_up = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < give_up && daemon_.running()) {
    if (accepts_at(socket_.string())) return;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  throw std::runtime_error("dbus-daemon did not start; its log: " + read_text(folder / "dbus-log.txt"));
}

VirtualDisplay::VirtualDisplay(const std::filesystem::path& folder, glm::ivec2 size,
                               std::chrono::seconds timeout)
    : size_(size),
      number_file_(folder / "xvfb-display.txt"),
      server_(xvfb_command(size), number_file_, folder / "xvfb-log.txt") {
  const auto give_up = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < give_up && server_.running()) {
    const std::string number = std::filesystem::exists(number_file_) ? read_text(number_file_) : "";
    // The number comes once Xvfb listens; a window is only started once its socket answers (a
    // CI run once saw kneeviz fail to open a display whose number had just been written).
    if (!number.empty() && number.back() == '\n' && accepts(number.substr(0, number.size() - 1))) {
      name_ = ":" + number.substr(0, number.size() - 1);
      return;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  throw std::runtime_error("Xvfb did not start; its log: " + read_text(folder / "xvfb-log.txt"));
}

}  // namespace kneeviz::test
