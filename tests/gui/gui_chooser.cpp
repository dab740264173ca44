// The Browse buttons with a desktop behind the window: a session bus of the test's own with a fake
// XDG portal on it (tests/support/fake_portal.h). The scene's Browse asks the desktop's chooser,
// whose answer fills the box (Save then writes there); when the desktop's chooser fails, Browse opens
// the panel's own, at once and from then on. Screenshots are kept as
// <build>/tests/renders/gui-chooser-*.png.
//
// Exits 0 when every check passes, 1 when one fails, and 77 only when Xvfb, xdotool or dbus-daemon
// is not installed.
#include <stdlib.h>

#include <chrono>
#include <filesystem>
#include <iostream>
#include <nlohmann/json.hpp>
#include <string>

#include "support/fake_portal.h"
#include "support/gui_person.h"
#include "support/processes.h"
#include "support/test_files.h"
#include "support/virtual_display.h"
#include "support/window_checks.h"

using namespace kneeviz;
using namespace std::chrono_literals;
using test::FakePortal;
using test::Person;
using test::wait_until;

namespace {

// `path` as a file URI, every byte outside the unreserved set escaped, as portals send it.
std::string file_uri(const std::filesystem::path& path) {
  std::string uri = "file://";
  constexpr char kHex[] = "0123456789ABCDEF";
  for (const unsigned char c : path.string()) {
    if (std::isalnum(c) || c == '/' || c == '-' || c == '_' || c == '.' || c == '~') {
      uri += char(c);
    } else {
      uri += '%';
      uri += kHex[c >> 4];
      uri += kHex[c & 15];
    }
  }
  return uri;
}

}  // namespace

int main() {
  if (!test::have_programs({"Xvfb", "xdotool", "ffmpeg", "dbus-daemon"}, "xvfb xdotool ffmpeg dbus-daemon"))
    return test::kSkipped;
  test::Checks check;
  test::TempDir dir;
  const test::VirtualDisplay display(dir.path(), {1280, 720});
  std::filesystem::create_directories(dir / "bus");
  const test::SessionBus bus(dir / "bus");
  ::setenv("DBUS_SESSION_BUS_ADDRESS", bus.address().c_str(), 1);  // for the portal and kneeviz
  FakePortal portal;
  const auto picked = dir / "clinic notes" / "knee class.json";
  std::filesystem::create_directories(picked.parent_path());
  portal.answer(FakePortal::Reply::choose, file_uri(picked));

  const auto ui_map_file = dir / "ui-map.json";
  test::BackgroundProcess kneeviz(
      {"env", "-u", "WAYLAND_DISPLAY", "DISPLAY=" + display.name(),
       "XDG_CONFIG_HOME=" + (dir / "config").string(), "KNEEVIZ_UI_MAP=" + ui_map_file.string(),
       "KNEEVIZ_GL_CHECKS=1", KNEEVIZ_EXECUTABLE},
      dir / "kneeviz-stdout.txt", dir / "kneeviz-stderr.txt");
  const auto stderr_of_kneeviz = [&] { return test::read_text(dir / "kneeviz-stderr.txt"); };
  Person person(dir, display, kneeviz, ui_map_file, "gui-chooser-");
  if (!person.find_window(90s)) {
    check(false, "kneeviz opens its window with the panel");
    std::cout << "kneeviz stderr:\n" << stderr_of_kneeviz();
    return 1;
  }
  person.rest();

  // The scene: Browse asks the desktop, the choice lands in the box, Save writes there.
  check(person.scroll_into_view("panel", "scene"), "the Scene section can be scrolled into view");
  if (!person.ui_map().has("scene file")) person.click(person.ui_map().item("scene").centre());
  check(person.scroll_into_view("panel", "scene save"), "the Scene section opens with its Save button");
  person.click(person.ui_map().item("browse Choose a scene file").centre());
  check(wait_until([&] { return !portal.asked().empty(); }, 20s), "Browse asks the desktop's file chooser");
  person.wait_frames(4);
  person.screenshot("1-desktop-chosen");
  check(!person.ui_map().has("chooser"), "the panel's own chooser stays closed while the desktop's answers");
  if (!portal.asked().empty()) {
    const FakePortal::Asked asked = portal.asked().front();
    check(asked.method == "OpenFile" && asked.title == "Choose a scene file",
          "the scene's Browse opens the desktop's Open dialog under the button's title");
    check(asked.patterns == std::vector<std::string>{"*.json"}, "the dialog shows scene files (*.json)");
  }
  person.click(person.ui_map().item("scene save").centre());
  const bool saved = wait_until([&] { return std::filesystem::exists(picked); }, 20s);
  check(saved,
        "Save writes the scene to the file the desktop's chooser returned (a folder and name with spaces)");
  if (saved) {
    person.wait_frames(2);
    const nlohmann::json scene = nlohmann::json::parse(test::read_text(picked), nullptr, false);
    check(!scene.is_discarded() && scene.contains("format_version"), "the file written is a scene file");
  }

  // The desktop's chooser fails: the panel's opens for the same Browse, and for every later one.
  portal.answer(FakePortal::Reply::fail);
  check(person.scroll_into_view("panel", "export"), "the Export section can be scrolled into view");
  if (!person.ui_map().has("export file")) person.click(person.ui_map().item("export").centre());
  check(person.scroll_into_view("panel", "browse Choose where to export"),
        "the Export section shows its Browse");
  person.click(person.ui_map().item("browse Choose where to export").centre());
  const bool fell_back = wait_until([&] { return person.ui_map().has("chooser"); }, 20s);
  person.wait_frames(2);
  person.screenshot("2-panel-fallback");
  check(fell_back, "when the desktop's chooser fails, the panel's own opens in its place");
  if (portal.asked().size() == 2) {
    const FakePortal::Asked asked = portal.asked()[1];
    check(asked.method == "SaveFile" && asked.patterns == std::vector<std::string>{"*.png", "*.mp4"},
          "the export's Browse opens the desktop's Save dialog for pictures and videos");
  } else {
    check(false, "the export's Browse asked the desktop once");
  }
  check(stderr_of_kneeviz().find("desktop's file chooser is not available") != std::string::npos,
        "the terminal says why the panel's chooser is used");
  person.chord({"Escape"});  // held over frames: ImGui 1.86 misses a quick tap
  person.wait_frames(3);
  check(!person.ui_map().has("chooser"), "Escape closes the panel's chooser");
  person.click(person.ui_map().item("browse Choose where to export").centre());
  check(wait_until([&] { return person.ui_map().has("chooser"); }, 20s) && portal.asked().size() == 2,
        "after a failure Browse opens the panel's chooser without asking the desktop again");
  person.chord({"Escape"});  // held over frames: ImGui 1.86 misses a quick tap
  person.wait_frames(2);
  return check.exit_code();
}
