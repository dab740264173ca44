// The XDG configuration folder and the recent files list.

#include <doctest/doctest.h>

#include <cstdlib>
#include <optional>
#include <string>
#include <vector>

#include "session/settings.h"
#include "support/test_files.h"

namespace kneeviz::session {

namespace {

// Sets (or unsets, with nullopt) an environment variable for the life of the object.
class ScopedEnv {
 public:
  ScopedEnv(const char* name, std::optional<std::string> value) : name_(name) {
    if (const char* old = std::getenv(name)) old_ = old;
    if (value)
      ::setenv(name, value->c_str(), 1);
    else
      ::unsetenv(name);
  }
  ~ScopedEnv() {
    if (old_)
      ::setenv(name_, old_->c_str(), 1);
    else
      ::unsetenv(name_);
  }
  ScopedEnv(const ScopedEnv&) = delete;
  ScopedEnv& operator=(const ScopedEnv&) = delete;

 private:
  const char* name_;
  std::optional<std::string> old_;
};

}  // namespace

TEST_SUITE("cpu") {
  TEST_CASE("the config folder is under XDG_CONFIG_HOME when it is set") {
    test::TempDir home, xdg;
    ScopedEnv set_home("HOME", home.path().string());
    ScopedEnv set_xdg("XDG_CONFIG_HOME", (xdg / "config").string());
    const auto folder = config_dir();
    CHECK(folder == xdg / "config" / "kneeviz");
    CHECK(std::filesystem::is_directory(folder));  // created on demand, parents included
    CHECK(last_scene_path() == xdg / "config" / "kneeviz" / "last-scene.json");
    CHECK(recent_files_path() == xdg / "config" / "kneeviz" / "recent-files.json");
    CHECK_FALSE(std::filesystem::exists(home / ".config"));
  }

  TEST_CASE("the config folder is under HOME/.config without XDG_CONFIG_HOME") {
    test::TempDir home;
    ScopedEnv set_home("HOME", home.path().string());
    SUBCASE("unset") {
      ScopedEnv unset_xdg("XDG_CONFIG_HOME", std::nullopt);
      CHECK(config_dir() == home / ".config" / "kneeviz");
    }
    SUBCASE("empty") {
      ScopedEnv empty_xdg("XDG_CONFIG_HOME", std::string());
      CHECK(config_dir() == home / ".config" / "kneeviz");
    }
    SUBCASE("relative (ignored as the specification says)") {
      ScopedEnv relative_xdg("XDG_CONFIG_HOME", std::string("relative/config"));
      CHECK(config_dir() == home / ".config" / "kneeviz");
    }
    CHECK(std::filesystem::is_directory(home / ".config" / "kneeviz"));
    CHECK(last_scene_path() == home / ".config" / "kneeviz" / "last-scene.json");
  }

  TEST_CASE("add_recent puts the newest first and drops duplicates") {
    std::vector<std::string> list;
    add_recent(list, "/clinic/a.json");
    add_recent(list, "/clinic/b.json");
    add_recent(list, "/clinic/c.json");
    CHECK(list == std::vector<std::string>{"/clinic/c.json", "/clinic/b.json", "/clinic/a.json"});
    add_recent(list, "/clinic/./a.json");  // the same file, written differently
    CHECK(list == std::vector<std::string>{"/clinic/a.json", "/clinic/c.json", "/clinic/b.json"});
  }

  TEST_CASE("add_recent keeps at most ten files") {
    std::vector<std::string> list;
    for (int i = 0; i < 15; ++i) add_recent(list, "/clinic/scene-" + std::to_string(i) + ".json");
    REQUIRE(list.size() == kMaxRecentFiles);
    CHECK(list.front() == "/clinic/scene-14.json");
    CHECK(list.back() == "/clinic/scene-5.json");
  }

  TEST_CASE("recent files round-trip in order and are capped") {
    test::TempDir dir;
    const auto file = dir / "recent-files.json";
    std::vector<std::string> list;
    for (int i = 0; i < 12; ++i) list.push_back("/clinic/scene-" + std::to_string(i) + ".json");
    list.insert(list.begin() + 2, "/clinic/scene-0.json");  // a duplicate, dropped
    write_recent(file, list);
    std::string message = "not cleared";
    const auto read = read_recent(file, &message);
    CHECK(message.empty());
    REQUIRE(read.size() == kMaxRecentFiles);
    CHECK(read[0] == "/clinic/scene-0.json");
    CHECK(read[1] == "/clinic/scene-1.json");
    CHECK(read[2] == "/clinic/scene-2.json");
    CHECK(read[9] == "/clinic/scene-9.json");
    CHECK(test::list_folder(dir.path()) == std::vector<std::string>{"recent-files.json"});  // no temp file
  }

  TEST_CASE("a recent files list nested 100000 deep is refused with a message instead of a crash") {
    test::TempDir dir;
    const auto file = dir / "recent-files.json";
    test::write_text(file, "{\"format_version\": 1, \"recent\": " + std::string(100000, '[') +
                               std::string(100000, ']') + "}");
    std::string message;
    CHECK(read_recent(file, &message).empty());
    CHECK(message.find(file.string()) != std::string::npos);
    CHECK(message.find("nested deeper than 256 levels") != std::string::npos);
  }

  TEST_CASE("a missing recent files list is empty and silent") {
    test::TempDir dir;
    std::string message = "not cleared";
    CHECK(read_recent(dir / "recent-files.json", &message).empty());
    CHECK(message.empty());
  }

  TEST_CASE("a corrupt recent files list is empty with a message") {
    test::TempDir dir;
    const auto file = dir / "recent-files.json";
    test::write_text(file, "{\"format_version\": 1, \"recent\": [\"/a.json\", 3]}");
    std::string message;
    CHECK(read_recent(file, &message).empty());
    CHECK(message.find(file.string()) != std::string::npos);
    CHECK(message.find("only strings") != std::string::npos);
    CHECK(message.find("kept as " + file.string() + ".unreadable-") != std::string::npos);
    CHECK_FALSE(std::filesystem::exists(file));  // set aside: the next start does not fail on it again
    test::write_text(file, "{\"format_version\": 1, \"recent\": [");
    CHECK(read_recent(file, &message).empty());
    CHECK(message.find("malformed JSON") != std::string::npos);
  }

}  // TEST_SUITE

}  // namespace kneeviz::session
