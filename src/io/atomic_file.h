#pragma once
// Writing user files whole or not at all: into a temporary file beside the target, then renamed
// over it, so that an interrupted write never leaves a half-written file.

#include <filesystem>
#include <span>
#include <stdexcept>
#include <string>

#include "json/error.h"

namespace kneeviz::io {

class FileError : public Error {
 public:
  using Error::Error;
};

// Throws FileError naming the file and the reason (missing folder, permissions, disk full...).
// Temporaries a killed kneeviz left for the same file are removed first.
void write_file_atomically(const std::filesystem::path& file, std::span<const unsigned char> bytes);

// This process's temporary for `name` in `folder`: hidden, "." + name + ".tmp" + PID + suffix, so
// that it stays on the target's file system and no two processes share one.
std::filesystem::path temporary_beside(const std::filesystem::path& folder, const std::string& name,
                                       const std::string& suffix = "");
// Removes what a killed kneeviz left in `folder` for `name`: temporaries (files or folders) named
// as temporary_beside names them, whose process no longer runs. Where the system cannot tell
// (no /proc), nothing is removed. Never throws.
void remove_stale_temporaries(const std::filesystem::path& folder, const std::string& name);

}  // namespace kneeviz::io
