#pragma once
// A stand-in for the XDG desktop portal's file chooser on the session bus, for tests run under
// dbus-run-session: it owns org.freedesktop.portal.Desktop, answers OpenFile and SaveFile the way
// xdg-desktop-portal does (the request's object path at once, then its Response signal) with the
// answer the test set, and records what it was asked. It serves the bus on a thread of its own.

#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace kneeviz::test {

class FakePortal {
 public:
  struct Asked {
    std::string method;  // "OpenFile" or "SaveFile"
    std::string title, parent_window, handle_token, current_name, current_folder;
    std::vector<std::string> patterns;  // of every filter, in order
    bool modal = false;
  };
  enum class Reply { choose, cancel, fail, never };

  // Connects to the session bus and takes the portal's name; throws when it cannot.
  FakePortal();
  ~FakePortal();

  // How the next dialogs end: with `uri` chosen, cancelled, failed (response 2), or never.
  void answer(Reply reply, std::string uri = {});
  std::vector<Asked> asked() const;
  // The request objects a client asked to Close.
  std::vector<std::string> closed() const;

  struct Impl;  // the bus, its thread and what was asked (public for sd-bus's method tables)

 private:
  std::unique_ptr<Impl> impl_;
};

}  // namespace kneeviz::test
