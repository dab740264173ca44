#pragma once
// The error of the project's JSON readers (region catalogues, clinic content, saved scenes): a
// problem at a place in a file. what() reads "FILE:LINE:COLUMN: TEXT", or "FILE: TEXT" when the
// file could not be read at all (line 0).

#include <string>

#include "json/error.h"

namespace kneeviz::json {

// "FILE:LINE:COLUMN", or "FILE" when `line` is 0.
std::string file_place(const std::string& file, int line, int column);

class LocatedError : public Error {
 public:
  LocatedError(std::string file, int line, int column, std::string field, const std::string& text);

  const std::string& file() const { return file_; }
  int line() const { return line_; }      // 1-based; 0 when the file could not be read at all
  int column() const { return column_; }  // 1-based; 0 with line 0
  // The offending field as written in messages (`groups[2].id`, `camera.pitch_deg`); empty for
  // malformed JSON and unreadable files.
  const std::string& field() const { return field_; }

 private:
  std::string file_;
  int line_;
  int column_;
  std::string field_;
};

}  // namespace kneeviz::json
