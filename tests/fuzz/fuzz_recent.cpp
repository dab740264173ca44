// The recent files list (session::read_recent), which never throws: a bad file gives an empty list.
#include <cstddef>
#include <cstdint>

#include "fuzz_input.h"
#include "session/settings.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const kneeviz::fuzz::InputFile file(data, size, ".json");
  std::string message;
  kneeviz::session::read_recent(file.path(), &message);
  return 0;
}
