// kneeviz: parse the command line, run one command, report failures on stderr.
#include <exception>
#include <iostream>

#include "app/cli.h"
#include "app/commands.h"
#include "json/error.h"
#include "session/learner_history.h"

int main(int argc, char** argv) {
  using namespace kneeviz;
  const app::ParsedCommandLine parsed = app::parse_command_line(argc, argv);
  if (!parsed.options) return parsed.exit_code;
  const app::Options& options = *parsed.options;
  try {
    switch (options.command) {
      case app::Command::render:
        return app::run_render(options);
      case app::Command::record:
        return app::run_record(options);
      case app::Command::export_scene:
        return app::run_export(options);
      case app::Command::info:
        return app::run_info(options);
      case app::Command::list_regions:
        return app::run_list_regions(options);
      case app::Command::list_techniques:
        return app::run_list_techniques(options);
      case app::Command::list_lessons:
        return app::run_list_lessons(options);
      case app::Command::check:
        return app::run_check(options);
      case app::Command::practice_reference:
        return app::run_practice_reference(options);
      case app::Command::practice_score:
        return app::run_practice_score(options);
      case app::Command::practice_history:
        return app::run_practice_history(options);
      case app::Command::bench:
        return app::run_bench(options);
      case app::Command::soak:
        return app::run_soak(options);
      case app::Command::view:
        return app::run_viewer(options);
    }
  } catch (const app::UsageError& error) {  // the command line: exit 2, as for CLI11's own
    std::cerr << "kneeviz: " << error.what() << "\n";
    return 2;
  } catch (const session::LearnerError& error) {  // a learner's name that cannot be a file
    std::cerr << "kneeviz: " << error.what() << "\n";
    return 2;
  } catch (const Error& error) {  // a file, a model, a display: said plainly
    std::cerr << "kneeviz: " << error.what() << "\n";
  } catch (const std::exception& error) {
    std::cerr << "kneeviz: internal error: " << error.what() << "\n";
  }
  return 1;
}
