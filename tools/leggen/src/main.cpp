// leggen: generates kneeviz's anatomical right leg (assets/models/leg.glb).
#include <chrono>
#include <cstdio>
#include <exception>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <string>
#include <vector>

#include "leg_model.h"
#include "preview.h"

namespace {

constexpr const char* kUsage =
    "usage: leggen --out PATH.glb [--preview DIR] [--quiet]\n"
    "\n"
    "Generates the anatomical right leg of kneeviz as a glTF 2.0 binary.\n"
    "  --out PATH      where to write the .glb (written to a temporary file, then renamed)\n"
    "  --preview DIR   also write debug renders (PNG) of the model into DIR\n"
    "  --quiet         no progress output\n"
    "  --help          this text\n";

struct Arguments {
  std::string out;
  std::string preview;
  bool quiet = false;
};

Arguments parse(int argc, char** argv) {
  Arguments args;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    auto value = [&]() -> std::string {
      if (i + 1 >= argc) throw std::runtime_error(arg + " needs a value");
      return argv[++i];
    };
    if (arg == "--help" || arg == "-h") {
      std::cout << kUsage;
      std::exit(0);
    } else if (arg == "--out") {
      args.out = value();
    } else if (arg == "--preview") {
      args.preview = value();
    } else if (arg == "--quiet") {
      args.quiet = true;
    } else {
      throw std::runtime_error("unknown argument '" + arg + "'");
    }
  }
  if (args.out.empty()) throw std::runtime_error("--out PATH is required");
  return args;
}

void write_atomically(const std::filesystem::path& path, const std::vector<uint8_t>& bytes) {
  std::filesystem::path temporary = path;
  temporary += ".tmp";
  {
    std::ofstream file(temporary, std::ios::binary | std::ios::trunc);
    if (!file) throw std::runtime_error("cannot open " + temporary.string() + " for writing");
    file.write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
    if (!file) throw std::runtime_error("failed writing " + temporary.string());
  }
  std::filesystem::rename(temporary, path);
}

}  // namespace

int main(int argc, char** argv) {
  try {
    const Arguments args = parse(argc, argv);
    const auto start = std::chrono::steady_clock::now();
    auto log = [&](const std::string& line) {
      if (!args.quiet) std::cerr << "leggen: " << line << '\n';
    };
    const leggen::LegModel model = leggen::build_leg_model(log);
    const std::vector<uint8_t> bytes = leggen::encode_glb(model);
    write_atomically(args.out, bytes);
    size_t triangles = 0;
    for (const auto& s : model.structures) triangles += s.mesh.indices.size() / 3;
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    log("wrote " + args.out + ": " + std::to_string(triangles) + " triangles, " +
        std::to_string(bytes.size()) + " bytes, " + std::to_string(seconds) + " s");
    if (!args.preview.empty()) leggen::write_previews(model, args.preview);
    return 0;
  } catch (const std::exception& error) {
    std::cerr << "leggen: error: " << error.what() << "\n\n" << kUsage;
    return 1;
  }
}
