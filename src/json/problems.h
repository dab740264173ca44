#pragma once
// Problems a reader that keeps going finds in a file (techniques, lessons): each at its place, with
// what was found and what was expected, and the error that carries every one of them.

#include <string>
#include <vector>

#include "json/error.h"

namespace kneeviz::json {

// One thing wrong with a file.
struct Problem {
  std::string file;      // as given to the reader (a path, or the source name of a string)
  int line = 0;          // 1-based; 0 when the file could not be read or the place is unknown
  int column = 0;        // 1-based; 0 with line 0
  std::string field;     // `phases[2].strokes[0].amplitude_m`; empty for malformed JSON and I/O
  std::string message;   // what is wrong: "missing", "found \"elbow\"", ...
  std::string expected;  // what would be right; may be empty

  // "FILE:LINE:COL: FIELD: message; expected ..." (FIELD: and the expectation only when known).
  std::string text() const;
};

// Everything wrong with one or more files. what() is every problem's text(), one per line, in the
// order given; problems() has them one by one (at least one). The accessors describe the first.
// Each kind of content derives its own error from it (TechniqueError, LessonError).
class ProblemsError : public Error {
 public:
  explicit ProblemsError(std::vector<Problem> problems);

  const std::vector<Problem>& problems() const { return problems_; }
  const std::string& file() const { return problems_.front().file; }
  int line() const { return problems_.front().line; }
  int column() const { return problems_.front().column; }
  const std::string& field() const { return problems_.front().field; }

 private:
  std::vector<Problem> problems_;
};

}  // namespace kneeviz::json
