// The panel's file chooser: what it lists of a folder, and where it opens.
#include <doctest/doctest.h>

#include <cstdlib>
#include <filesystem>

#include "support/test_files.h"
#include "ui/file_chooser.h"

using namespace kneeviz;

TEST_SUITE("cpu") {
  TEST_CASE("the chooser lists subfolders and files of its kinds by name and leaves hidden ones out") {
    const test::TempDir dir;
    for (const char* folder : {"Clinic", "archive", ".cache"})
      std::filesystem::create_directories(dir / folder);
    for (const char* file : {"knee.json", "Ankle.JSON", "notes.txt", ".last.json", "b.json"})
      test::write_text(dir / file, "{}");
    const ui::FolderListing listing(dir.path(), {".json"});
    CHECK(listing.error().empty());
    CHECK(listing.folders() == std::vector<std::string>{"archive", "Clinic"});
    CHECK(listing.files() == std::vector<std::string>{"Ankle.JSON", "b.json", "knee.json"});
    // Into a folder and back up again.
    test::write_text(dir / "Clinic" / "monday.json", "{}");
    const ui::FolderListing inside = listing.into("Clinic");
    CHECK(inside.files() == std::vector<std::string>{"monday.json"});
    CHECK(std::filesystem::equivalent(inside.up().folder(), dir.path()));
    CHECK(ui::FolderListing(dir.path(), {}).files().size() == 4);  // no kinds: every visible file
    CHECK(ui::FolderListing("/", {}).up().folder() == "/");        // the root has nothing above it
  }

  TEST_CASE("a folder the chooser cannot read says why and lists nothing") {
    const test::TempDir dir;
    const ui::FolderListing missing(dir / "gone", {".json"});
    CHECK(missing.folders().empty());
    CHECK(missing.files().empty());
    CHECK(missing.error().find((dir / "gone").string() + ": cannot list the folder") == 0);
  }

  TEST_CASE("the chooser opens in the current file's folder and else at home") {
    const test::TempDir dir;
    std::filesystem::create_directories(dir / "scenes");
    CHECK(ui::chooser_start((dir / "scenes" / "knee.json").string()) == dir / "scenes");
    const char* home = std::getenv("HOME");
    if (home && std::filesystem::is_directory(home)) {
      CHECK(ui::chooser_start("") == std::filesystem::path(home));
      CHECK(ui::chooser_start((dir / "nowhere" / "x.json").string()) == std::filesystem::path(home));
    }
  }

}  // TEST_SUITE
