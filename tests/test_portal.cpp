// The desktop's file chooser through the XDG portal: a session bus of the test's own, a fake portal
// on it answering as xdg-desktop-portal does, and kneeviz's client asking it.

#include <doctest/doctest.h>
#include <stdlib.h>

#include <chrono>
#include <optional>
#include <thread>

#include "desktop/portal_chooser.h"
#include "support/fake_portal.h"
#include "support/test_files.h"
#include "support/virtual_display.h"

using kneeviz::desktop::ChooserAnswer;
using kneeviz::desktop::ChooserRequest;
using kneeviz::desktop::path_from_file_uri;
using kneeviz::desktop::PortalChooser;
using kneeviz::test::FakePortal;

namespace {

// DBUS_SESSION_BUS_ADDRESS set for the lifetime of a test, then restored.
class BusAddress {
 public:
  explicit BusAddress(const std::string& address) {
    if (const char* old = ::getenv("DBUS_SESSION_BUS_ADDRESS")) old_ = old;
    ::setenv("DBUS_SESSION_BUS_ADDRESS", address.c_str(), 1);
  }
  ~BusAddress() {
    if (old_)
      ::setenv("DBUS_SESSION_BUS_ADDRESS", old_->c_str(), 1);
    else
      ::unsetenv("DBUS_SESSION_BUS_ADDRESS");
  }

 private:
  std::optional<std::string> old_;
};

struct PrivateBus {
  kneeviz::test::TempDir dir;
  kneeviz::test::SessionBus bus{dir.path()};
  BusAddress address{bus.address()};
};

ChooserRequest scene_request(const std::filesystem::path& current) {
  ChooserRequest request;
  request.title = "Choose a scene file";
  request.current = current;
  request.filters = {{"Scene files", {"*.json"}}};
  return request;
}

}  // namespace

TEST_SUITE("cpu") {
  TEST_CASE("a portal's file URI becomes the local path it names") {
    CHECK(path_from_file_uri("file:///home/ann/scene.json") == std::filesystem::path("/home/ann/scene.json"));
    CHECK(path_from_file_uri("file:///home/ann/my%20knee%2Fclinic.json") ==
          std::filesystem::path("/home/ann/my knee/clinic.json"));
    CHECK(path_from_file_uri("file://localhost/tmp/a.png") == std::filesystem::path("/tmp/a.png"));
    CHECK(path_from_file_uri("file:///tmp/%C3%A9t%C3%A9.png") ==
          std::filesystem::path("/tmp/\xC3\xA9t\xC3\xA9.png"));
    CHECK_FALSE(path_from_file_uri("https://example.org/a.json"));
    CHECK_FALSE(path_from_file_uri("file://server/share/a.json"));
    CHECK_FALSE(path_from_file_uri("file:///tmp/a%2"));
    CHECK_FALSE(path_from_file_uri("file:///tmp/a%zz"));
    CHECK_FALSE(path_from_file_uri("file:///tmp/a%00b"));
    CHECK_FALSE(path_from_file_uri(""));
  }

  TEST_CASE("without a session bus the desktop chooser is unavailable at once and says why") {
    kneeviz::test::TempDir dir;
    BusAddress address("unix:path=" + (dir / "no-bus-here").string());
    const auto start = std::chrono::steady_clock::now();
    PortalChooser chooser;
    CHECK_FALSE(chooser.available());
    CHECK(chooser.why_unavailable().find("no session bus") != std::string::npos);
    CHECK_FALSE(chooser.open(scene_request("/tmp/a.json")));
    CHECK_FALSE(chooser.waiting());
    CHECK_FALSE(chooser.poll());
    CHECK(std::chrono::steady_clock::now() - start < std::chrono::seconds(2));
  }

  TEST_CASE("a session bus with no portal on it sends the user to the panel's chooser") {
    PrivateBus bus;
    PortalChooser chooser;
    REQUIRE(chooser.available());
    REQUIRE(chooser.open(scene_request("/tmp/a.json")));
    CHECK(chooser.waiting());
    const std::optional<ChooserAnswer> answer = chooser.wait(5000);
    REQUIRE(answer);
    CHECK(answer->outcome == ChooserAnswer::Outcome::unavailable);
    CHECK(answer->message.find("no desktop file chooser") != std::string::npos);
    CHECK_FALSE(chooser.available());
    CHECK_FALSE(chooser.waiting());
    CHECK_FALSE(chooser.open(scene_request("/tmp/a.json")));  // from now on, the panel's own
  }

  TEST_CASE("the desktop's chooser opens in the current file's folder and its choice comes back as a path") {
    PrivateBus bus;
    FakePortal portal;
    portal.answer(FakePortal::Reply::choose, "file:///srv/clinic%20notes/knee.json");
    PortalChooser chooser;
    ChooserRequest request = scene_request(bus.dir / "old.json");
    request.parent_window = "x11:1a00007";
    REQUIRE(chooser.open(request));
    std::optional<ChooserAnswer> answer = chooser.wait(5000);
    REQUIRE(answer);
    CHECK(answer->outcome == ChooserAnswer::Outcome::chosen);
    CHECK(answer->file == std::filesystem::path("/srv/clinic notes/knee.json"));
    CHECK_FALSE(chooser.waiting());
    CHECK_FALSE(chooser.poll());  // the answer comes once

    const std::vector<FakePortal::Asked> asked = portal.asked();
    REQUIRE(asked.size() == 1);
    CHECK(asked[0].method == "OpenFile");
    CHECK(asked[0].title == "Choose a scene file");
    CHECK(asked[0].parent_window == "x11:1a00007");
    CHECK(asked[0].modal);
    CHECK(asked[0].current_folder == bus.dir.path().string());
    CHECK(asked[0].current_name.empty());  // an open dialog offers no name
    CHECK(asked[0].patterns == std::vector<std::string>{"*.json"});

    // A second dialog from the same chooser, a save one this time, with a fresh request token.
    portal.answer(FakePortal::Reply::choose, "file:///tmp/knee.png");
    ChooserRequest save;
    save.kind = ChooserRequest::Kind::save;
    save.title = "Choose where to export";
    save.current = bus.dir / "knee-front.png";
    save.filters = {{"PNG pictures", {"*.png"}}, {"MP4 videos", {"*.mp4"}}};
    REQUIRE(chooser.open(save));
    answer = chooser.wait(5000);
    REQUIRE(answer);
    CHECK(answer->outcome == ChooserAnswer::Outcome::chosen);
    CHECK(answer->file == std::filesystem::path("/tmp/knee.png"));
    REQUIRE(portal.asked().size() == 2);
    const FakePortal::Asked second = portal.asked()[1];
    CHECK(second.method == "SaveFile");
    CHECK(second.current_name == "knee-front.png");
    CHECK(second.patterns == std::vector<std::string>{"*.png", "*.mp4"});
    CHECK(second.handle_token != asked[0].handle_token);
  }

  TEST_CASE("cancelling the desktop's chooser changes nothing and a failed one falls back to the panel's") {
    PrivateBus bus;
    FakePortal portal;
    PortalChooser chooser;
    portal.answer(FakePortal::Reply::cancel);
    REQUIRE(chooser.open(scene_request("/tmp/a.json")));
    std::optional<ChooserAnswer> answer = chooser.wait(5000);
    REQUIRE(answer);
    CHECK(answer->outcome == ChooserAnswer::Outcome::cancelled);
    CHECK(answer->file.empty());
    CHECK(chooser.available());  // the next Browse asks the desktop again

    portal.answer(FakePortal::Reply::choose, "https://example.org/remote.json");
    REQUIRE(chooser.open(scene_request("/tmp/a.json")));
    answer = chooser.wait(5000);
    REQUIRE(answer);
    CHECK(answer->outcome == ChooserAnswer::Outcome::cancelled);
    CHECK(answer->message.find("not a local file") != std::string::npos);

    portal.answer(FakePortal::Reply::fail);
    REQUIRE(chooser.open(scene_request("/tmp/a.json")));
    answer = chooser.wait(5000);
    REQUIRE(answer);
    CHECK(answer->outcome == ChooserAnswer::Outcome::unavailable);
    CHECK_FALSE(chooser.available());
  }

  TEST_CASE("a desktop dialog still open when kneeviz closes is closed with it") {
    PrivateBus bus;
    FakePortal portal;
    portal.answer(FakePortal::Reply::never);
    std::string handle;
    {
      PortalChooser chooser;
      REQUIRE(chooser.open(scene_request("/tmp/a.json")));
      CHECK_FALSE(chooser.wait(300));  // the user is still choosing
      CHECK(chooser.waiting());
      CHECK_FALSE(chooser.open(scene_request("/tmp/b.json")));  // one dialog at a time
      REQUIRE(portal.asked().size() == 1);
      handle = portal.asked()[0].handle_token;
    }
    const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(5);
    while (portal.closed().empty() && std::chrono::steady_clock::now() < give_up)
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    REQUIRE(portal.closed().size() == 1);
    CHECK(portal.closed()[0].ends_with("/" + handle));
  }

}  // TEST_SUITE
