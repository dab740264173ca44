#pragma once
// What practice mode draws on the leg, in the model's space: the learner's trace as a ribbon
// (coloured by pressure while it is drawn, by how far it strayed from the reference once scored),
// and the reference's path of the phase beside it. Geometry only: the viewer draws it.

#include "practice/practice_session.h"
#include "render/overlay.h"

namespace kneeviz::app {

// How far a point of the learner's trace lies from the reference path, as a colour a room can read
// (Okabe-Ito hues, safe for colour-blind eyes): bluish green within 1 cm, yellow at 2.5 cm,
// reddish purple from 4 cm (vermillion is the pressure ramp's firm).
glm::vec4 error_colour(float off_m);

// The ribbons for the session's current stage. The reference path shows in review, and before and
// while recording when the guide is "follow me"; the learner's trace shows while recording and in
// review.
render::OverlayGeometry practice_overlay(const practice::PracticeSession& session);

}  // namespace kneeviz::app
