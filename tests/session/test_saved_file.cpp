// kneeviz's own saved files never stop the window twice: set aside when unreadable, left alone
// when newer, and set aside after a start that died.
#include <doctest/doctest.h>

#include <fstream>
#include <string>

#include "session/saved_file.h"
#include "support/test_files.h"

namespace kneeviz::session {

TEST_SUITE("session") {
  TEST_CASE("a file set aside keeps its bytes under a dated name of its own") {
    const test::TempDir dir;
    const auto file = dir / "last-scene.json";
    test::write_text(file, "first");
    const std::optional<std::filesystem::path> first = set_aside(file);
    REQUIRE(first);
    CHECK(first->filename().string().starts_with("last-scene.json.unreadable-2"));
    CHECK_FALSE(std::filesystem::exists(file));
    test::write_text(file, "second");
    const std::optional<std::filesystem::path> second = set_aside(file);
    REQUIRE(second);
    CHECK(*second != *first);  // the same second: a name of its own, nothing overwritten
    CHECK(test::read_text(*first) == "first");
    CHECK(test::read_text(*second) == "second");
    std::string why;
    CHECK_FALSE(set_aside(dir / "missing.json", &why));
    CHECK_FALSE(why.empty());
  }

  TEST_CASE("the format version is read from a file's top level and never from a deep or broken one") {
    const test::TempDir dir;
    const auto file = dir / "scene.json";
    test::write_text(file, "{\"format_version\": 7, \"x\": [1]}");
    CHECK(format_version_of(file) == 7);
    test::write_text(file, "{\"format_version\": \"7\"}");
    CHECK_FALSE(format_version_of(file));
    test::write_text(file, "{\"format_version\": 7");
    CHECK_FALSE(format_version_of(file));
    test::write_text(
        file, "{\"format_version\": 7, \"x\": " + std::string(5000, '[') + std::string(5000, ']') + "}");
    CHECK_FALSE(format_version_of(file));
    CHECK_FALSE(format_version_of(dir.path()));
  }

  TEST_CASE("a start that died before its first frame has the saved files set aside at the next") {
    const test::TempDir dir;
    const auto scene = dir / "last-scene.json", recent = dir / "recent-files.json";
    test::write_text(scene, "{\"format_version\": 1}");
    {
      StartGuard clean(dir.path());
      CHECK_FALSE(clean.earlier_start_died());
      CHECK(std::filesystem::exists(dir / "starting"));
      clean.started();
      CHECK_FALSE(std::filesystem::exists(dir / "starting"));
    }
    // A marker left by a process that is gone: pid_max itself is never a process's number.
    std::string pid_max;
    std::ifstream("/proc/sys/kernel/pid_max") >> pid_max;
    REQUIRE_FALSE(pid_max.empty());
    test::write_text(dir / "starting", pid_max + "\n");
    StartGuard after_crash(dir.path());
    CHECK(after_crash.earlier_start_died());
    const std::string said = after_crash.set_aside_after_crash({scene, recent});
    CHECK(said.find("closed unexpectedly") != std::string::npos);
    CHECK(said.find("last-scene.json is kept as " + scene.string() + ".unreadable-") != std::string::npos);
    CHECK(said.find("recent-files.json") == std::string::npos);  // there was none
    CHECK_FALSE(std::filesystem::exists(scene));
    // This process's own marker: held, so a second window opening meanwhile sees a live start.
    StartGuard second(dir.path());
    CHECK_FALSE(second.earlier_start_died());
    CHECK(second.set_aside_after_crash({recent}).empty());
  }

}  // TEST_SUITE

}  // namespace kneeviz::session
