#pragma once
// The desktop's own file chooser, through the XDG desktop portal (org.freedesktop.portal.FileChooser
// on the session bus, spoken with sd-bus): the dialog the user knows from every other application,
// with their bookmarks and recent folders, and the only chooser that works inside a Flatpak or Snap.
// The dialog runs in the portal's process; nothing here blocks: open() sends the request and poll(),
// called once a frame, reads the answer when it comes. Where no session bus or no portal runs (a bare
// X server, a kiosk, the tests), the caller falls back to the panel's own chooser (ui/file_chooser.h).

#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace kneeviz::desktop {

// A group of files the dialog can show, e.g. {"Scene files", {"*.json"}}.
struct FileFilter {
  std::string label;
  std::vector<std::string> patterns;  // glob patterns
};

struct ChooserRequest {
  enum class Kind { open, save } kind = Kind::open;
  std::string title;
  std::filesystem::path current;  // the file the box holds now: its folder opens, its name is offered
  std::vector<FileFilter> filters;
  std::string parent_window;  // "x11:<hex XID>" where known, else empty
};

struct ChooserAnswer {
  enum class Outcome {
    chosen,       // `file` is the user's choice
    cancelled,    // the user closed the dialog
    unavailable,  // no portal answered: use the panel's chooser (`message` says why)
  } outcome = Outcome::cancelled;
  std::filesystem::path file;
  std::string message;
};

class PortalChooser {
 public:
  // Connects to the session bus named by DBUS_SESSION_BUS_ADDRESS (or the user's runtime folder's
  // bus). Never throws; without a bus, available() is false from the start.
  PortalChooser();
  ~PortalChooser();  // closes a dialog still open
  PortalChooser(const PortalChooser&) = delete;
  PortalChooser& operator=(const PortalChooser&) = delete;

  // False once there is no bus, or a portal failed to answer a request: from then on the caller
  // uses its own chooser. why_unavailable() says what happened, for the log.
  bool available() const { return bus_ != nullptr && !failed_; }
  const std::string& why_unavailable() const { return why_; }
  // A dialog was asked for and has not been answered yet.
  bool waiting() const { return state_ != State::idle; }

  // Asks the portal for a dialog. False (and nothing sent) when unavailable or one is already open.
  bool open(const ChooserRequest& request);
  // Reads what the bus delivered, without waiting. The answer once the dialog closed (or the
  // portal failed), then nothing until the next open().
  std::optional<ChooserAnswer> poll();
  // The same, waiting up to `timeout_ms` for the bus between reads; for tests and the command line.
  std::optional<ChooserAnswer> wait(int timeout_ms);

 private:
  enum class State { idle, calling, dialog };
  struct Bus;
  void fail(std::string why);
  bool watch(const std::string& handle);
  void finish(ChooserAnswer answer);

  std::unique_ptr<Bus> bus_;
  State state_ = State::idle;
  bool failed_ = false;
  std::string why_;
  std::string handle_;  // the request object the portal answers on
  std::optional<ChooserAnswer> answer_;
  unsigned tokens_ = 0;
};

// The local path a portal's file URI names ("file:///home/a%20b/x.json" -> /home/a b/x.json);
// nothing for another scheme or a malformed escape.
std::optional<std::filesystem::path> path_from_file_uri(const std::string& uri);

}  // namespace kneeviz::desktop
