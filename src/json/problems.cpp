#include "json/problems.h"

#include <utility>

#include "json/reader.h"

namespace kneeviz::json {

std::string Problem::text() const {
  return problem_text(*this);
}

ProblemsError::ProblemsError(std::vector<Problem> problems)
    : Error(join_lines(problems)), problems_(std::move(problems)) {
  if (problems_.empty()) problems_.push_back({"", 0, 0, "", "unknown problem", ""});
}

}  // namespace kneeviz::json
