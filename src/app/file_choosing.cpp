#include "app/file_choosing.h"

#include <iostream>

namespace kneeviz::app {
namespace {

// What the dialog's file-type menu calls each kind.
std::string kind_label(const std::string& pattern) {
  if (pattern == "*.json") return "Scene files";
  if (pattern == "*.png") return "PNG pictures";
  if (pattern == "*.mp4") return "MP4 videos";
  return pattern;
}

}  // namespace

desktop::ChooserRequest chooser_request(const ui::BrowseRequest& browse) {
  desktop::ChooserRequest request;
  request.kind = browse.save ? desktop::ChooserRequest::Kind::save : desktop::ChooserRequest::Kind::open;
  request.title = browse.title;
  std::error_code error;
  // A relative box is relative to where kneeviz was started, as Open and Save read it.
  if (!browse.current.empty()) request.current = std::filesystem::absolute(browse.current, error);
  for (const std::string& pattern : browse.patterns)
    request.filters.push_back({kind_label(pattern), {pattern}});
  return request;
}

void FileChoosing::prepare(ui::PanelState& panel) const {
  panel.desktop_chooser = portal_.available();
  panel.desktop_chooser_open = portal_.waiting();
}

void FileChoosing::fall_back(ui::FileBox box, ui::PanelState& panel, const std::string& why) {
  std::cerr << "kneeviz: the desktop's file chooser is not available (" << why
            << "); Browse opens kneeviz's own chooser\n";
  panel.open_panel_chooser = box;
  panel.desktop_chooser = false;
}

void FileChoosing::update(const ui::PanelRequests& requests, ui::PanelState& panel) {
  if (requests.browse && !portal_.waiting()) {
    if (portal_.open(chooser_request(*requests.browse)))
      box_ = requests.browse->box;
    else
      fall_back(requests.browse->box, panel, portal_.why_unavailable());
  }
  if (!box_) return;
  const std::optional<desktop::ChooserAnswer> answer = portal_.poll();
  if (!answer) return;
  const ui::FileBox box = *std::exchange(box_, std::nullopt);
  std::string& message = box == ui::FileBox::scene ? panel.scene_message : panel.export_message;
  switch (answer->outcome) {
    case desktop::ChooserAnswer::Outcome::chosen:
      (box == ui::FileBox::scene ? panel.scene_file : panel.export_file) = answer->file.string();
      break;
    case desktop::ChooserAnswer::Outcome::cancelled:
      if (!answer->message.empty()) message = "Nothing chosen: " + answer->message;
      break;
    case desktop::ChooserAnswer::Outcome::unavailable:
      fall_back(box, panel, answer->message);
      break;
  }
  prepare(panel);
}

}  // namespace kneeviz::app
