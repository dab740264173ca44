#include "json/located_error.h"

#include <utility>

namespace kneeviz::json {

std::string file_place(const std::string& file, int line, int column) {
  if (line <= 0) return file;
  return file + ":" + std::to_string(line) + ":" + std::to_string(column);
}

LocatedError::LocatedError(std::string file, int line, int column, std::string field, const std::string& text)
    : Error(file_place(file, line, column) + ": " + text),
      file_(std::move(file)),
      line_(line),
      column_(column),
      field_(std::move(field)) {}

}  // namespace kneeviz::json
