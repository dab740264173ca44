// The shipped lesson "Massage for knee pain": it parses and validates against the built-in region
// catalogue and the shipped technique ids, and follows the content brief: safety, why knees hurt,
// the structures involved, the ten techniques, safety again. Also the lesson's timing.

#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <set>
#include <string>
#include <vector>

#include "anatomy/region_catalogue.h"
#include "lesson/lesson.h"

using kneeviz::anatomy::RegionCatalogue;
using namespace kneeviz::lesson;

namespace {

const std::filesystem::path kLessons = KNEEVIZ_LESSONS_DIR;
const std::filesystem::path kTechniques = KNEEVIZ_TECHNIQUES_DIR;

// The technique ids are the file names of assets/techniques/ (a technique's id equals its name).
std::vector<std::string> shipped_technique_ids() {
  std::vector<std::string> ids;
  for (const auto& entry : std::filesystem::directory_iterator(kTechniques))
    if (entry.path().extension() == ".json") ids.push_back(entry.path().stem().string());
  std::sort(ids.begin(), ids.end());
  return ids;
}

Lesson shipped_lesson() {
  static const RegionCatalogue catalogue = RegionCatalogue::builtin();
  static const std::vector<std::string> techniques = shipped_technique_ids();
  return read_lesson_file(kLessons / "massage-for-knee-pain.json", &catalogue, &techniques);
}

const std::vector<std::string> kTenTechniques = {
    "outside-thigh-glide",  "thigh-tapping",   "front-thigh-glide",  "inner-thigh-glide", "knee-friction",
    "cross-fiber-friction", "it-band-release", "lymphatic-drainage", "hamstring-glide",   "calf-glide"};

}  // namespace

TEST_SUITE("cpu") {
  TEST_CASE("the shipped lesson folder loads and validates against the catalogue and techniques") {
    const RegionCatalogue catalogue = RegionCatalogue::builtin();
    const std::vector<std::string> techniques = shipped_technique_ids();
    REQUIRE(techniques.size() == 10);
    std::vector<Lesson> lessons;
    REQUIRE_NOTHROW(lessons = load_lesson_folder(kLessons, &catalogue, &techniques));
    REQUIRE(!lessons.empty());
    CHECK(std::is_sorted(lessons.begin(), lessons.end(),
                         [](const Lesson& a, const Lesson& b) { return a.id < b.id; }));
    const auto found = std::find_if(lessons.begin(), lessons.end(),
                                    [](const Lesson& l) { return l.id == "massage-for-knee-pain"; });
    REQUIRE(found != lessons.end());
    CHECK(found->title == "Massage for knee pain");
  }

  TEST_CASE("the shipped lesson has 20 to 25 steps with short captions and 6 to 15 s durations") {
    const Lesson lesson = shipped_lesson();
    CHECK(lesson.steps.size() >= 20);
    CHECK(lesson.steps.size() <= 25);
    for (const LessonStep& step : lesson.steps) {
      INFO(step.caption);
      CHECK(step.duration_s >= 6.f);
      CHECK(step.duration_s <= 15.f);
      const auto sentences = std::count(step.caption.begin(), step.caption.end(), '.');
      CHECK(sentences >= 1);
      CHECK(sentences <= 2);
      CHECK(step.caption.size() < 260);
      CHECK(!step.section.empty());
    }
  }

  TEST_CASE("the shipped lesson starts and ends with safety") {
    const Lesson lesson = shipped_lesson();
    REQUIRE(lesson.steps.size() >= 2);
    for (const LessonStep* step : {&lesson.steps.front(), &lesson.steps.back()}) {
      CHECK(step->show_safety);
      CHECK(step->section == "safety");
      CHECK(!step->technique);
    }
    // The opening names when not to massage; the closing says massage does not replace diagnosis.
    const std::string& opening = lesson.steps.front().caption;
    for (const char* word : {"osteoporosis", "varicose", "blood pressure", "provider"})
      CHECK_MESSAGE(opening.find(word) != std::string::npos, word);
    CHECK(lesson.steps.back().caption.find("diagnose") != std::string::npos);
    // Safety appears nowhere else.
    for (std::size_t i = 1; i + 1 < lesson.steps.size(); ++i) CHECK(!lesson.steps[i].show_safety);
  }

  TEST_CASE("the shipped lesson goes why then structures then techniques then safety") {
    const Lesson lesson = shipped_lesson();
    std::vector<std::string> order;
    for (const LessonStep& step : lesson.steps)
      if (order.empty() || order.back() != step.section) order.push_back(step.section);
    CHECK(order == std::vector<std::string>{"safety", "why", "structures", "techniques", "safety"});
    // Techniques play only in the techniques part, and every step there plays one.
    for (const LessonStep& step : lesson.steps)
      CHECK((step.section == "techniques") == step.technique.has_value());
  }

  TEST_CASE("the why part names the causes from the documents") {
    const Lesson lesson = shipped_lesson();
    std::string why;
    for (const LessonStep& step : lesson.steps)
      if (step.section == "why") why += step.caption + " ";
    for (const char* cause : {"again and again", "cartilage", "tendon", "ligament", "years", "osteoarthritis",
                              "Overuse", "IT band syndrome", "kneecap"})
      CHECK_MESSAGE(why.find(cause) != std::string::npos, cause);
  }

  TEST_CASE("the structures part highlights the four groups each with a translucent skin") {
    const Lesson lesson = shipped_lesson();
    const RegionCatalogue catalogue = RegionCatalogue::builtin();
    std::vector<std::string> shown;
    for (const LessonStep& step : lesson.steps) {
      if (step.section != "structures") continue;
      REQUIRE(step.highlight.size() == 1);
      shown.push_back(step.highlight.front());
      CHECK(step.view.has_value());
      REQUIRE(step.layers.count("skin") == 1);
      CHECK(step.layers.at("skin") < 0.5f);
      CHECK(step.frame == step.highlight.front());
    }
    CHECK(shown == std::vector<std::string>{"quadriceps", "hamstrings", "it-band", "lymphatic"});
    // The lymphatic step makes the lymphatic layer visible.
    for (const LessonStep& step : lesson.steps)
      if (step.section == "structures" && step.highlight.front() == "lymphatic")
        CHECK(step.layers.at("lymphatic") == doctest::Approx(1.0));
  }

  TEST_CASE("the techniques part plays all ten techniques for 8 to 15 s each") {
    const Lesson lesson = shipped_lesson();
    std::vector<std::string> played;
    for (const LessonStep& step : lesson.steps) {
      if (!step.technique) continue;
      INFO(*step.technique);
      played.push_back(*step.technique);
      const float length = step.technique_to_s - step.technique_from_s;
      CHECK(length >= 8.f);
      CHECK(length <= 15.f);
      CHECK(step.technique_from_s >= 0.f);
      CHECK(step.view.has_value());
      CHECK(step.frame.has_value());
    }
    CHECK(std::set<std::string>(played.begin(), played.end()) ==
          std::set<std::string>(kTenTechniques.begin(), kTenTechniques.end()));
    CHECK(played.size() == 10);
  }

  TEST_CASE("step_at and step_start round trip over the shipped lesson") {
    const Lesson lesson = shipped_lesson();
    double sum = 0.0;
    for (const LessonStep& step : lesson.steps) sum += step.duration_s;
    CHECK(total_duration(lesson) == doctest::Approx(sum));
    for (std::size_t i = 0; i < lesson.steps.size(); ++i) {
      const double start = step_start(lesson, i);
      StepTime at = step_at(lesson, start);
      CHECK(at.index == i);
      CHECK(at.time_in_step == doctest::Approx(0.0));
      at = step_at(lesson, start + 0.5 * lesson.steps[i].duration_s);
      CHECK(at.index == i);
      CHECK(start + at.time_in_step == doctest::Approx(start + 0.5 * lesson.steps[i].duration_s));
    }
    CHECK(step_start(lesson, lesson.steps.size()) == doctest::Approx(total_duration(lesson)));
    const StepTime end = step_at(lesson, total_duration(lesson));
    CHECK(end.index == lesson.steps.size() - 1);
    CHECK(end.time_in_step == doctest::Approx(lesson.steps.back().duration_s));
    CHECK(step_at(lesson, 1e9).index == lesson.steps.size() - 1);
    CHECK(step_at(lesson, -5.0).index == 0);
    CHECK(step_at(lesson, -5.0).time_in_step == doctest::Approx(0.0));
    CHECK(step_at(Lesson{}, 3.0).index == 0);
  }

  TEST_CASE("the step clock begins each step once and plays its technique's stretch then holds it") {
    const Lesson lesson = shipped_lesson();
    std::size_t with_technique = lesson.steps.size();
    for (std::size_t i = 0; i < lesson.steps.size() && with_technique == lesson.steps.size(); ++i)
      if (lesson.steps[i].technique) with_technique = i;
    REQUIRE(with_technique < lesson.steps.size());
    const LessonStep& step = lesson.steps[with_technique];
    const double start = step_start(lesson, with_technique);

    StepClock clock;
    CHECK(clock.shown() == -1);
    StepClock::Moment at = clock.at(lesson, start + 0.25);
    CHECK(at.index == with_technique);
    CHECK(at.begins);
    CHECK(at.opening);
    CHECK(at.technique_time == doctest::Approx(step.technique_from_s + 0.25));
    at = clock.at(lesson, start + 1.0);  // the same step: not begun again
    CHECK_FALSE(at.begins);
    CHECK_FALSE(at.opening);
    CHECK(at.technique_time == doctest::Approx(step.technique_from_s + 1.0));
    // Past the stretch (a step that outlasts its technique's length), the technique holds at its end.
    Lesson longer = lesson;
    longer.steps[with_technique].duration_s = step.technique_to_s - step.technique_from_s + 5.f;
    at = clock.at(longer, start + longer.steps[with_technique].duration_s - 0.5);
    CHECK_FALSE(at.begins);
    CHECK(at.technique_time == doctest::Approx(step.technique_to_s));
    CHECK(clock.shown() == int(with_technique));
    // The next step begins once; a restart begins it afresh, unless it is on screen already.
    at = clock.at(lesson, step_start(lesson, with_technique + 1));
    CHECK(at.begins);
    CHECK(at.index == with_technique + 1);
    clock.restart();
    CHECK(clock.at(lesson, step_start(lesson, with_technique + 1)).opening);
    clock.restart(int(with_technique + 1));
    CHECK_FALSE(clock.at(lesson, step_start(lesson, with_technique + 1)).begins);
  }
}
