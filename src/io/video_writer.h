#pragma once
// Video files from rendered frames: MP4 (H.264) through Debian's ffmpeg, fed raw frames on a pipe,
// or a folder of numbered PNGs. Either way nothing half-written is left under the final name: the
// MP4 is encoded into a temporary file and renamed when complete. Captions are burnt into the
// picture (ffmpeg's libass), large and boxed, as a room reads them off a projector.

#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <glm/glm.hpp>
#include <optional>
#include <string>
#include <vector>

namespace kneeviz::io {

// A caption on screen from `start_s` until `end_s`, in seconds of video.
struct Caption {
  double start_s = 0.0;
  double end_s = 0.0;
  std::string text;
};

// Captions as an Advanced SubStation Alpha script for a video of `size`: white on a dark box,
// centred at the bottom, type a 26th of the height. Exposed for tests.
std::string captions_script(const std::vector<Caption>& captions, glm::ivec2 size);

// The video frames ffprobe counts in `file` (a full read of its packets, no decoding); nullopt
// when ffprobe is missing or cannot read it.
std::optional<int> count_video_frames(const std::filesystem::path& file);

class VideoWriter {
 public:
  // `out` ending in .mp4 (or .mkv, .webm...): encoded by ffmpeg; anything else is a folder that
  // receives frame-00000.png, frame-00001.png, ... Throws FileError (ffmpeg missing, folder
  // missing, ffmpeg refusing, a folder holding other files than frames). Captions are burnt into a
  // video; a folder of frames gets them as captions.srt beside the frames. Frames are written into
  // a fresh hidden folder beside `out` and swapped into place by finish(), so an older clip's
  // frames never mix with them.
  VideoWriter(const std::filesystem::path& out, glm::ivec2 size, int fps,
              const std::vector<Caption>& captions = {});
  ~VideoWriter();  // without finish(): the temporary file (or folder of frames) is removed
  VideoWriter(const VideoWriter&) = delete;
  VideoWriter& operator=(const VideoWriter&) = delete;

  // rgba: top row first, 4 bytes a pixel, `size` as given to the constructor. Throws FileError.
  void write(const std::vector<std::uint8_t>& rgba);
  // Closes the stream and puts the file (or the folder of frames) in place. Throws FileError when
  // ffmpeg failed or the clip is incomplete; what was there before is then kept.
  void finish();

  int frames_written() const { return frames_; }
  bool is_video() const { return pipe_ != nullptr || finished_video_; }

 private:
  void finish_frames();

  std::filesystem::path out_, temporary_, captions_file_, staging_;
  glm::ivec2 size_;
  std::FILE* pipe_ = nullptr;
  int frames_ = 0;
  bool finished_video_ = false;
};

}  // namespace kneeviz::io
