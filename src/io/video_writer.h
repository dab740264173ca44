#pragma once
// Video files from rendered frames: MP4 (H.264) through Debian's ffmpeg, fed raw frames on a pipe,
// or a folder of numbered PNGs. Either way nothing half-written is left under the final name: the
// MP4 is encoded into a temporary file and renamed when complete.

#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include <glm/glm.hpp>

namespace kneeviz::io {

class VideoWriter {
 public:
  // `out` ending in .mp4 (or .mkv, .webm...): encoded by ffmpeg; anything else is a folder that
  // receives frame-00000.png, frame-00001.png, ... Throws FileError (ffmpeg missing, folder
  // missing, ffmpeg refusing).
  VideoWriter(const std::filesystem::path& out, glm::ivec2 size, int fps);
  ~VideoWriter();  // without finish(): the temporary file is removed
  VideoWriter(const VideoWriter&) = delete;
  VideoWriter& operator=(const VideoWriter&) = delete;

  // rgba: top row first, 4 bytes a pixel, `size` as given to the constructor. Throws FileError.
  void write(const std::vector<std::uint8_t>& rgba);
  // Closes the stream and puts the file in place. Throws FileError when ffmpeg failed.
  void finish();

  int frames_written() const { return frames_; }
  bool is_video() const { return pipe_ != nullptr || finished_video_; }

 private:
  std::filesystem::path out_, temporary_;
  glm::ivec2 size_;
  std::FILE* pipe_ = nullptr;
  int frames_ = 0;
  bool finished_video_ = false;
};

}  // namespace kneeviz::io
