// Practice mode's session (practice/practice_session.h), driven as the window drives it: the reference
// performed phase by phase through the pointer scores high, phase by phase and whole; no contact,
// a retry and the pressure keys behave as a learner expects.
#include <doctest/doctest.h>

#include "clinic/clinic_content.h"
#include "practice/practice_session.h"
#include "technique_paths/leg_fixture.h"

using namespace kneeviz;

namespace {

const technique::Technique& shipped(const std::string& id) {
  for (const technique::Technique& t : technique::testing::shipped_techniques())
    if (t.id == id) return t;
  throw std::runtime_error("no shipped technique " + id);
}

technique::ZoneAt zones() {
  return technique::zone_lookup(clinic::ClinicContent::builtin().caution_zones);
}

// The pressure level nearest `pressure`.
int level_for(float pressure) {
  int best = 0;
  for (int i = 1; i < practice::kPressureLevelCount; ++i)
    if (std::abs(practice::kPressureLevels[i].value - pressure) <
        std::abs(practice::kPressureLevels[best].value - pressure))
      best = i;
  return best;
}

// Performs the current phase as the reference does, through the pointer: on the skin with the
// button held where the reference touches, lifted elsewhere, starting at `clock`.
double perform_phase(practice::PracticeSession& session, double clock) {
  const technique::PhaseSpan& span = session.span();
  const technique::Trace reference = technique::reference_trace(session.timeline(), 1.0 / 30.0,
                                                                {span.start, span.end});  // a frame at 30 fps
  session.start(clock);
  for (const technique::TraceSample& s : reference.samples) {
    if (s.contact) session.set_pressure_level(level_for(s.pressure));
    session.sample(clock + s.t, s.p, s.contact);
  }
  clock += reference.samples.back().t;
  session.finish(clock);
  return clock + 2.0;  // the learner reads the card
}

}  // namespace

TEST_SUITE("cpu") {
  TEST_CASE(
      "the reference performed phase by phase through the pointer scores high and is kept as an attempt") {
    for (const std::string id : {"lymphatic-drainage", "calf-glide", "knee-friction"}) {
      CAPTURE(id);
      const technique::TechniqueTimeline timeline(shipped(id), technique::testing::leg());
      practice::PracticeSession session(timeline, zones(), practice::PracticeGuide::from_memory);
      REQUIRE(session.phase_count() == technique::practice_spans(timeline).size());
      REQUIRE(session.phase_count() >= 1);
      double clock = 100.0;
      for (std::size_t phase = 0; phase < session.phase_count(); ++phase) {
        CHECK(session.stage() == practice::PracticeSession::Stage::ready);
        CHECK(session.phase() == phase);
        clock = perform_phase(session, clock);
        REQUIRE(session.stage() == practice::PracticeSession::Stage::reviewing);
        const practice::PracticeResult* result = session.current_result();
        REQUIRE(result != nullptr);
        REQUIRE(result->score.has_value());
        CAPTURE(result->problem);
        CAPTURE(phase);
        CHECK(result->score->placement >= 90);
        CHECK(result->score->direction >= 85);
        CHECK(result->score->tempo >= 90);
        CHECK(result->score->pressure >= 80);  // the nearest of four levels
        CHECK(result->score->safety == 100);
        // The ribbon's distances: the reference lies on its own path.
        REQUIRE(result->off_path_m.size() == result->trace.samples.size());
        for (const float off : result->off_path_m) CHECK(off < 0.02f);
        session.next();
      }
      REQUIRE(session.stage() == practice::PracticeSession::Stage::finished);
      REQUIRE(session.whole().has_value());
      REQUIRE(session.whole()->score.has_value());
      const technique::PracticeScore& whole = *session.whole()->score;
      CHECK(whole.order == 100);
      CHECK(whole.placement >= 90);
      CHECK(whole.overall >= 85);
      const std::optional<session::Attempt> attempt = session.attempt("2026-12-02T10:00:00Z");
      REQUIRE(attempt.has_value());
      CHECK(attempt->technique == id);
      CHECK(attempt->guide == "from-memory");
      CHECK(attempt->overall == whole.overall);
    }
  }

  TEST_CASE("a phase never touched is explained and a retry drops it") {
    const technique::TechniqueTimeline timeline(shipped("calf-glide"), technique::testing::leg());
    practice::PracticeSession session(timeline, zones(), practice::PracticeGuide::follow_me);
    const glm::vec3 on_leg = technique::reference_path(timeline).front();
    session.start(0.0);
    // Moving over the leg without the button, then pressing off the leg: no contact either way.
    session.sample(0.1, on_leg, false);
    session.sample(0.2, std::nullopt, true);
    session.sample(0.3, on_leg + glm::vec3(0.f, 0.01f, 0.f), false);
    REQUIRE(session.recording().samples.size() == 3);
    CHECK_FALSE(session.recording().samples[1].contact);
    CHECK(session.recording().samples[1].p == on_leg);  // off the leg, the point stays where it was
    session.finish(0.4);
    const practice::PracticeResult* result = session.current_result();
    REQUIRE(result != nullptr);
    CHECK_FALSE(result->score.has_value());
    CHECK(result->problem.find("never touched") != std::string::npos);
    session.retry();
    CHECK(session.stage() == practice::PracticeSession::Stage::ready);
    CHECK(session.phase() == 0);
    CHECK(session.current_result() == nullptr);
    CHECK(session.recording().samples.empty());
    // Nothing is kept for an attempt that is not finished.
    CHECK_FALSE(session.attempt("now").has_value());
  }

  TEST_CASE("phases left out leave the whole attempt unscored and say which") {
    const technique::TechniqueTimeline timeline(shipped("calf-glide"), technique::testing::leg());
    practice::PracticeSession session(timeline, zones(), practice::PracticeGuide::from_memory);
    REQUIRE(session.phase_count() == 3);
    double clock = perform_phase(session, 0.0);
    session.next();
    for (int skipped = 0; skipped < 2; ++skipped) {  // started and ended without a touch
      session.start(clock);
      session.finish(clock + 1.0);
      session.next();
    }
    REQUIRE(session.stage() == practice::PracticeSession::Stage::finished);
    REQUIRE(session.whole().has_value());
    CHECK_FALSE(session.whole()->score.has_value());
    CHECK(session.whole()->problem.find("phase 2, 3 not") != std::string::npos);
    CHECK_FALSE(session.attempt("now").has_value());
  }

  TEST_CASE("when following the reference plays along with the learner and holds at the phase's end") {
    const technique::TechniqueTimeline timeline(shipped("calf-glide"), technique::testing::leg());
    practice::PracticeSession follow(timeline, zones(), practice::PracticeGuide::follow_me);
    practice::PracticeSession memory(timeline, zones(), practice::PracticeGuide::from_memory);
    const technique::PhaseSpan span = follow.span();
    CHECK(follow.reference_time(5.0) == span.start);  // not started: the phase's first moment
    follow.start(10.0);
    memory.start(10.0);
    CHECK(follow.reference_time(11.0) == doctest::Approx(span.start + 1.0));
    CHECK(follow.reference_time(10.0 + 1000.0) == doctest::Approx(span.end));
    CHECK(memory.reference_time(11.0) == span.start);
    CHECK_FALSE(follow.overdue(10.0 + 2.0 * (span.end - span.start)));
    CHECK(follow.overdue(10.0 + 3.0 * (span.end - span.start) + 11.0));
  }

  TEST_CASE("a hand held still on the skin between slow frames is recorded as resting there") {
    const technique::TechniqueTimeline timeline(shipped("calf-glide"), technique::testing::leg());
    practice::PracticeSession session(timeline, zones(), practice::PracticeGuide::from_memory);
    const glm::vec3 on_leg = technique::reference_path(timeline).front();
    session.start(0.0);
    session.sample(0.0, on_leg, true);
    session.sample(1.0, on_leg + glm::vec3(0.f, 0.02f, 0.f), true);  // a frame a second later
    const std::vector<technique::TraceSample>& samples = session.recording().samples;
    REQUIRE(samples.size() == 11);
    for (std::size_t i = 1; i + 1 < samples.size(); ++i) {
      CHECK(samples[i].contact);
      CHECK(samples[i].p == on_leg);
      CHECK(samples[i].t - samples[i - 1].t == doctest::Approx(0.1));
    }
    // Lifted in between: nothing is made up.
    session.sample(1.5, std::nullopt, false);
    session.sample(3.0, on_leg, true);
    CHECK(session.recording().samples.size() == 13);
  }

  TEST_CASE("the pressure keys step through four levels and stay within them") {
    const technique::TechniqueTimeline timeline(shipped("calf-glide"), technique::testing::leg());
    practice::PracticeSession session(timeline, zones(), practice::PracticeGuide::follow_me);
    CHECK(std::string(practice::kPressureLevels[session.pressure_level()].name) == "light");
    session.step_pressure(+1);
    CHECK(session.pressure() == doctest::Approx(0.55f));
    session.step_pressure(+5);
    CHECK(session.pressure_level() == practice::kPressureLevelCount - 1);
    session.step_pressure(-9);
    CHECK(session.pressure_level() == 0);
    session.set_pressure_level(7);
    CHECK(session.pressure_level() == 3);
  }

}  // TEST_SUITE
