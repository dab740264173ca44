#pragma once
// A massage technique as data: who lies how, what is touched with what, how hard and how fast,
// and the strokes, written relative to the limb so that one technique fits any leg model that has
// the landmarks (hip-joint-centre, knee-joint-centre, ankle-joint-centre, ...). Read from
// assets/techniques/<id>.json (format: docs/techniques.md). No GL, no UI.

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace kneeviz::technique {

enum class Contact { palm, fingertips, knuckles, thumb, forearm };

// What the therapist's two hands do in a phase. The working hand is the right one; the other:
enum class HandUse {
  one,           // rests flat on the leg beside the working hand, supporting it, without pressing
  side_by_side,  // works beside it, mirrored, across the limb (both palms on the thigh)
  reinforced,    // lies over the working hand and adds its weight (thumb or fingertips)
  alternating,   // does the same strokes half a cycle later beside it (taps; lymph strokes)
};
enum class Segment { thigh, knee, shank };

// The motion a stroke's contact point makes over the skin.
enum class Motion {
  glide,               // from `from` to `to` along the segment (and from angle to angle_to)
  circles_on_glide,    // small circles riding on a glide
  side_to_side,        // back and forth across the limb around a slowly travelling centre
  up_and_down,         // back and forth along the limb around a slowly travelling centre
  taps,                // contact on and off at `frequency_hz`, the tap points travelling (circles)
  stationary_circles,  // circles on one spot (over lymph nodes): `from` and `angle` fix the spot
  cross_fibre,         // short strokes perpendicular to the local fibres of `fibre_of`
};

// One stroke: where on the limb, which motion, for how long. Positions along a segment run from
// 0 at its proximal end to 1 at its distal end: thigh = hip-joint-centre → knee-joint-centre,
// shank = knee-joint-centre → ankle-joint-centre, knee = a band from 0.25 of the thigh length
// above the knee centre (0) to 0.25 of the shank length below it (1). Angles go around the limb
// seen from above: 0 anterior, 90 lateral, 180 posterior, 270 (or -90) medial, whatever the side.
struct Stroke {
  Segment segment = Segment::thigh;
  float from = 0.f, to = 0.f;  // along the segment
  float angle_deg = 0.f;
  std::optional<float> angle_to_deg;  // end angle of an oblique stroke; default: angle_deg
  Motion motion = Motion::glide;
  float duration_s = 4.f;  // one pass
  float amplitude_m =
      0.f;  // circle radius, half-width of side-to-side or up-and-down, half-length of a cross-fibre stroke
  float frequency_hz = 0.f;  // circles, oscillations or taps per second
  float pressure = 0.5f;     // 0 (skin stretch only) .. 1 (firm): ribbon width, how far the hand presses in
  bool lighter_return = false;  // glide back to the start with lighter pressure after the pass
  float pause_s = 0.f;          // dwell at the end (a restriction, a tight spot)
  std::string fibre_of;         // for cross_fibre: the structure whose fibres are crossed
};

struct Phase {
  std::string caption;           // what the viewer reads while it plays (own words, short)
  std::vector<Stroke> strokes;   // played in order
  int repetitions = 1;           // the strokes repeat this many times
  float knee_flexion_deg = 0.f;  // the client's knee during this phase (e.g. slightly bent)
  std::optional<HandUse> hands;  // the two hands in this phase; default: the technique's
};

// Where a value was written in the file a technique was read from: 1-based, 0 when unknown.
struct FilePosition {
  int line = 0;
  int column = 0;
};

struct Technique {
  std::string id;                    // kebab-case, the file name: "outside-thigh-glide"
  std::string name;                  // "Outside thigh glide"
  std::string summary;               // one or two sentences for the card
  std::string client_position;       // "supine", "side-lying", "prone", ... with a word on support
  std::vector<std::string> targets;  // structure IDs or group IDs of the region catalogue
  Contact contact = Contact::palm;
  HandUse hands = HandUse::one;  // the two hands, unless a phase says otherwise
  std::string contact_note;      // "fingertips; knuckles as a variant", "with or without oil"
  std::string pressure;          // as the card shows it: "very light", "light to moderate", ...
  std::string tempo;             // "slow", "a few taps per second", ...
  int repetitions = 1;           // of the whole sequence of phases
  std::vector<Phase> phases;
  std::vector<std::string> cautions;
  std::string source;  // which source document it follows

  // Filled by the reader (technique_file.h) so that checks needing other data (targets against a
  // region catalogue) can still point into the file: the file read, and where each target and each
  // fibre_of was written, by field name ("targets[1]", "phases[2].strokes[0].fibre_of"). Empty for
  // a technique built in code.
  std::string file;
  std::map<std::string, FilePosition> positions;
};

const char* to_string(Contact contact);
const char* to_string(HandUse hands);
// The hands of phase `phase` of `technique` (its own, else the technique's).
HandUse hands_in_phase(const Technique& technique, int phase);
const char* to_string(Segment segment);
const char* to_string(Motion motion);

}  // namespace kneeviz::technique
