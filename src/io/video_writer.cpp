#include "io/video_writer.h"

#include <unistd.h>

#include <cstdio>

#include "io/atomic_file.h"
#include "io/png.h"

namespace kneeviz::io {
namespace {

std::string quoted(const std::string& text) {
  std::string result = "'";
  for (char c : text) result += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return result + "'";
}

bool is_video_name(const std::filesystem::path& path) {
  const std::string ext = path.extension().string();
  return ext == ".mp4" || ext == ".mkv" || ext == ".mov" || ext == ".webm";
}

}  // namespace

VideoWriter::VideoWriter(const std::filesystem::path& out, glm::ivec2 size, int fps) : out_(out), size_(size) {
  std::error_code error;
  if (!is_video_name(out)) {
    std::filesystem::create_directories(out, error);
    if (error) throw FileError(out.string() + ": cannot make the folder for the frames: " + error.message());
    return;
  }
  const std::filesystem::path folder = out.has_parent_path() ? out.parent_path() : ".";
  if (!std::filesystem::is_directory(folder, error))
    throw FileError(out.string() + ": cannot write, the folder " + folder.string() + " does not exist");
  if (std::system("command -v ffmpeg > /dev/null 2>&1") != 0)
    throw FileError(out.string() + ": writing video needs ffmpeg, which is not installed (Debian/Ubuntu: "
                    "apt install ffmpeg); or give a folder instead, for PNG frames");
  // Beside the target, so the final rename stays on one file system; the extension tells ffmpeg
  // the container.
  temporary_ = folder / ("." + out.stem().string() + ".tmp" + std::to_string(::getpid()) + out.extension().string());
  // yuv420p needs even sizes; the frames are padded by a pixel if they are odd.
  const std::string command = "ffmpeg -loglevel error -y -f rawvideo -pix_fmt rgba -s " + std::to_string(size.x) +
                              "x" + std::to_string(size.y) + " -r " + std::to_string(fps) +
                              " -i - -vf 'pad=ceil(iw/2)*2:ceil(ih/2)*2' -c:v libx264 -preset medium -crf 18"
                              " -pix_fmt yuv420p -movflags +faststart " + quoted(temporary_.string());
  pipe_ = ::popen(command.c_str(), "w");
  if (!pipe_) throw FileError(out.string() + ": could not start ffmpeg");
}

VideoWriter::~VideoWriter() {
  if (pipe_) {
    ::pclose(pipe_);
    std::error_code error;
    std::filesystem::remove(temporary_, error);
  }
}

void VideoWriter::write(const std::vector<std::uint8_t>& rgba) {
  if (pipe_) {
    if (std::fwrite(rgba.data(), 1, rgba.size(), pipe_) != rgba.size())
      throw FileError(out_.string() + ": ffmpeg stopped taking frames (see its message above)");
  } else {
    char name[32];
    std::snprintf(name, sizeof name, "frame-%05d.png", frames_);
    write_png(out_ / name, size_, rgba);
  }
  ++frames_;
}

void VideoWriter::finish() {
  if (!pipe_) return;
  const int status = ::pclose(pipe_);
  pipe_ = nullptr;
  std::error_code error;
  if (status != 0) {
    std::filesystem::remove(temporary_, error);
    throw FileError(out_.string() + ": ffmpeg failed to encode the video (exit status " + std::to_string(status) + ")");
  }
  std::filesystem::rename(temporary_, out_, error);
  if (error) {
    std::filesystem::remove(temporary_, error);
    throw FileError(out_.string() + ": cannot put the video in place: " + error.message());
  }
  finished_video_ = true;
}

}  // namespace kneeviz::io
