#pragma once
// The window's Browse buttons joined to a chooser: the desktop's own through the XDG portal
// (desktop/portal_chooser.h) where one answers, else the panel's (ui/file_chooser.h). The panel
// asks, this opens the desktop's dialog and, when it closes, writes the choice into the panel's box;
// once the desktop's fails, every Browse opens the panel's chooser for the rest of the session.

#include <optional>

#include "desktop/portal_chooser.h"
#include "ui/panel.h"

namespace kneeviz::app {

class FileChoosing {
 public:
  // Before the panel is drawn: which chooser its Browse buttons use, and whether one is open.
  void prepare(ui::PanelState& panel) const;
  // After: opens the dialog the panel asked for, and delivers what the user chose.
  void update(const ui::PanelRequests& requests, ui::PanelState& panel);

 private:
  void fall_back(ui::FileBox box, ui::PanelState& panel, const std::string& why);

  desktop::PortalChooser portal_;
  std::optional<ui::FileBox> box_;  // the box the open dialog fills
};

// The desktop dialog's request for a Browse button of the panel.
desktop::ChooserRequest chooser_request(const ui::BrowseRequest& browse);

}  // namespace kneeviz::app
