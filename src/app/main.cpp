// kneeviz: parse the command line, run one command, report failures on stderr.
#include <exception>
#include <iostream>

#include "app/cli.h"
#include "app/commands.h"
#include "io/atomic_file.h"
#include "platform/gl_context.h"
#include "lesson/lesson.h"
#include "scene/loader.h"
#include "session/learner_history.h"
#include "technique/skin_surface.h"
#include "technique/practice.h"
#include "technique/technique_file.h"

int main(int argc, char** argv) {
  using namespace kneeviz;
  const app::ParsedCommandLine parsed = app::parse_command_line(argc, argv);
  if (!parsed.options) return parsed.exit_code;
  const app::Options& options = *parsed.options;
  try {
    switch (options.command) {
      case app::Command::render: return app::run_render(options);
      case app::Command::record: return app::run_record(options);
      case app::Command::export_scene: return app::run_export(options);
      case app::Command::info: return app::run_info(options);
      case app::Command::list_regions: return app::run_list_regions(options);
      case app::Command::list_techniques: return app::run_list_techniques(options);
      case app::Command::list_lessons: return app::run_list_lessons(options);
      case app::Command::check: return app::run_check(options);
      case app::Command::practice_reference: return app::run_practice_reference(options);
      case app::Command::practice_score: return app::run_practice_score(options);
      case app::Command::practice_history: return app::run_practice_history(options);
      case app::Command::bench: return app::run_bench(options);
      case app::Command::soak: return app::run_soak(options);
      case app::Command::view: return app::run_viewer(options);
    }
  } catch (const app::UsageError& error) {
    std::cerr << "kneeviz: " << error.what() << "\n";
    return 2;
  } catch (const lesson::LessonError& error) {
    std::cerr << "kneeviz: " << error.what() << "\n";
  } catch (const technique::TechniqueError& error) {
    std::cerr << "kneeviz: " << error.what() << "\n";
  } catch (const technique::TraceError& error) {
    std::cerr << "kneeviz: " << error.what() << "\n";
  } catch (const technique::GeometryError& error) {
    std::cerr << "kneeviz: " << error.what() << "\n";
  } catch (const anatomy::CatalogueError& error) {
    std::cerr << "kneeviz: " << error.what() << "\n";
  } catch (const scene::ModelError& error) {
    std::cerr << "kneeviz: " << error.what() << "\n";
  } catch (const platform::PlatformError& error) {
    std::cerr << "kneeviz: " << error.what() << "\n";
  } catch (const session::LearnerError& error) {
    std::cerr << "kneeviz: " << error.what() << "\n";
    return 2;
  } catch (const io::FileError& error) {
    std::cerr << "kneeviz: " << error.what() << "\n";
  } catch (const std::exception& error) {
    std::cerr << "kneeviz: internal error: " << error.what() << "\n";
  }
  return 1;
}
