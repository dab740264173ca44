#pragma once
// The command line: kneeviz [--model FILE], kneeviz render ..., kneeviz info ...

#include <optional>

#include "app/options.h"

namespace kneeviz::app {

struct ParsedCommandLine {
  std::optional<Options> options;  // nothing when the program should just exit
  int exit_code = 0;               // for that exit: 0 after --help/--version, 2 for bad usage
};

// Parses argv; prints --help, --version and usage errors itself (errors on stderr).
ParsedCommandLine parse_command_line(int argc, char** argv);

}  // namespace kneeviz::app
