// RegionView on the CPU: layer specs, hide, isolate, show all, and the per-mesh styles it hands
// the renderer for the bundled leg with the built-in catalogue.
#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <stdexcept>
#include <string>

#include "regions/region_renders.h"
#include "support/doctest_glm.h"
#include "support/test_files.h"

using namespace kneeviz;

namespace {

const scene::MeshStyle& style_of(const std::vector<scene::MeshStyle>& styles, std::string_view mesh) {
  const std::size_t index = test::mesh_index(mesh);
  REQUIRE_MESSAGE(index < styles.size(), mesh);
  return styles[index];
}

// The message of the std::invalid_argument that apply_layer_spec throws, or "(no throw)".
std::string layer_spec_error(std::string_view spec) {
  const auto view = test::leg_view();
  try {
    view->apply_layer_spec(spec);
  } catch (const std::invalid_argument& error) {
    return error.what();
  }
  return "(no throw)";
}

bool contains(const std::string& text, std::string_view part) {
  return text.find(part) != std::string::npos;
}

}  // namespace

TEST_SUITE("cpu") {
  TEST_CASE("every mesh of the bundled leg shows a structure of the built-in catalogue") {
    const auto view = test::leg_view();
    const auto& meshes = test::bundled_leg().meshes;
    for (std::size_t i = 0; i < meshes.size(); ++i) {
      CAPTURE(meshes[i].name);
      REQUIRE(view->structure_of_mesh(i) != nullptr);
      // A mesh shows the structure of its name, or a muscle's own tendon ("<id>-tendon") its muscle.
      const std::string& id = view->structure_of_mesh(i)->id;
      CHECK((id == meshes[i].name || id + "-tendon" == meshes[i].name));
    }
    CHECK(view->structure_of_mesh(meshes.size()) == nullptr);
    CHECK(view->meshes_of("rectus-femoris") == std::vector<std::size_t>{test::mesh_index("rectus-femoris")});
    std::vector<std::size_t> semitendinosus = view->meshes_of("semitendinosus");
    std::sort(semitendinosus.begin(), semitendinosus.end());
    std::vector<std::size_t> expected{test::mesh_index("semitendinosus"),
                                      test::mesh_index("semitendinosus-tendon")};
    std::sort(expected.begin(), expected.end());
    CHECK(semitendinosus == expected);
    CHECK(view->meshes_of("no-such-structure").empty());
  }

  TEST_CASE("a layer spec sets opacity and visibility per layer") {
    const auto view = test::leg_view();
    view->apply_layer_spec("skin=0.3,bones=1,lymphatic=0");
    REQUIRE(view->find_layer("skin"));
    CHECK(view->find_layer("skin")->opacity == doctest::Approx(0.3f));
    CHECK(view->find_layer("skin")->visible);
    CHECK(view->find_layer("bones")->opacity == doctest::Approx(1.f));
    CHECK(view->find_layer("bones")->visible);
    CHECK_FALSE(view->find_layer("lymphatic")->visible);
    CHECK(view->find_layer("muscles")->visible);  // untouched
    const auto styles = view->styles();
    CHECK(style_of(styles, "skin").visible);
    CHECK(style_of(styles, "skin").opacity == doctest::Approx(0.3f));
    CHECK_FALSE(style_of(styles, "inguinal-nodes").visible);
    CHECK_FALSE(style_of(styles, "lymph-vessels").visible);
    CHECK(style_of(styles, "femur").visible);
    CHECK(style_of(styles, "iliotibial-tract").visible);
    // A layer named without a value is shown fully.
    view->apply_layer_spec("lymphatic");
    CHECK(view->find_layer("lymphatic")->visible);
    CHECK(view->find_layer("lymphatic")->opacity == doctest::Approx(1.f));
  }

  TEST_CASE("a bad layer spec throws invalid_argument naming the bad part") {
    CHECK(contains(layer_spec_error("skin=2"), "skin=2"));
    CHECK(contains(layer_spec_error("bones=1,skin=-0.5"), "skin=-0.5"));
    CHECK(contains(layer_spec_error("skin=abc"), "skin=abc"));
    CHECK(contains(layer_spec_error("skin=0.5x"), "skin=0.5x"));
    const std::string unknown = layer_spec_error("nope=1");
    CHECK(contains(unknown, "nope"));
    CHECK(contains(unknown, "lymphatic"));  // ...and the layers there are
    CHECK(layer_spec_error("skin=0,muscles=0.5") == "(no throw)");
    CHECK(layer_spec_error("") == "(no throw)");
  }

  TEST_CASE("isolate the selection then hide the selection then show all") {
    const auto view = test::leg_view();
    view->apply_layer_spec("muscles=0.2");
    view->select("vastus-medialis");
    view->isolate_selection();
    auto styles = view->styles();
    for (std::size_t i = 0; i < styles.size(); ++i) {
      CAPTURE(test::bundled_leg().meshes[i].name);
      CHECK(styles[i].visible == (test::bundled_leg().meshes[i].name == "vastus-medialis"));
    }
    // Its layer is shown and not left faint.
    CHECK(view->find_layer("muscles")->visible);
    CHECK(style_of(styles, "vastus-medialis").opacity >= 0.5f);
    // The selection is highlighted in its own shade.
    CHECK(style_of(styles, "vastus-medialis").highlight == doctest::Approx(1.f));

    view->show_all();
    styles = view->styles();
    for (const scene::MeshStyle& style : styles) CHECK(style.visible);

    view->apply_layer_spec("skin=0");
    view->select("femur");
    view->hide_selection();
    CHECK_FALSE(view->selected().has_value());
    CHECK(view->structure_hidden("femur"));
    styles = view->styles();
    CHECK_FALSE(style_of(styles, "femur").visible);
    CHECK(style_of(styles, "tibia").visible);
    view->show_all();
    styles = view->styles();
    CHECK(style_of(styles, "femur").visible);
    CHECK(style_of(styles, "skin").visible);  // show all brings hidden layers back...
    CHECK(view->find_layer("muscles")->opacity >= 0.5f);
    // Hiding with nothing selected does nothing.
    view->hide_selection();
    for (const scene::MeshStyle& style : view->styles()) CHECK(style.visible);
  }

  TEST_CASE("styles: highlighted groups take their colour while the rest dims and lymphatics flow") {
    const auto view = test::leg_view();
    auto styles = view->styles();
    for (const scene::MeshStyle& style : styles) {
      CHECK(style.highlight == 0.f);
      CHECK(style.dim == 0.f);
      CHECK_FALSE(style.lymph_flow);
    }
    CHECK_FALSE(view->set_highlighted("no-such-group", true));
    REQUIRE(view->set_highlighted("quadriceps", true));
    REQUIRE(view->set_highlighted("lymphatic", true));
    styles = view->styles();
    const glm::vec3 blue = view->catalogue().find_group("quadriceps")->colour.srgb();
    const glm::vec3 green = view->catalogue().find_group("lymphatic")->colour.srgb();
    for (const char* mesh : {"rectus-femoris", "vastus-lateralis", "vastus-medialis", "vastus-intermedius",
                             "quadriceps-tendon", "patellar-tendon"}) {
      CAPTURE(mesh);
      CHECK(style_of(styles, mesh).highlight == doctest::Approx(1.f));
      CHECK(style_of(styles, mesh).highlight_colour == blue);  // the group's, not each head's shade
      CHECK(style_of(styles, mesh).dim == 0.f);
      CHECK_FALSE(style_of(styles, mesh).lymph_flow);
    }
    for (const char* mesh : {"inguinal-nodes", "popliteal-nodes", "lymph-vessels"}) {
      CAPTURE(mesh);
      CHECK(style_of(styles, mesh).highlight == doctest::Approx(1.f));
      CHECK(style_of(styles, mesh).highlight_colour == green);
      CHECK(style_of(styles, mesh).lymph_flow);
    }
    for (const char* mesh : {"biceps-femoris", "femur", "gastrocnemius", "iliotibial-tract"}) {
      CAPTURE(mesh);
      CHECK(style_of(styles, mesh).highlight == 0.f);
      CHECK(style_of(styles, mesh).dim > 0.3f);
    }
    CHECK(style_of(styles, "skin").dim == 0.f);  // the skin is not greyed: it is what patients see
    CHECK(blue != green);

    view->set_highlighted("quadriceps", false);
    CHECK(view->styles()[test::mesh_index("rectus-femoris")].highlight == 0.f);
    view->clear_highlights();
    for (const scene::MeshStyle& style : view->styles()) CHECK(style.dim == 0.f);
  }

  TEST_CASE("every layer of the catalogue's groups exists and groups map onto the right layers") {
    const auto view = test::leg_view();
    for (const anatomy::RegionGroup& group : view->catalogue().groups()) {
      CAPTURE(group.id);
      CHECK(view->find_layer(view->layer_of_group(group.id)) != nullptr);
    }
    CHECK(view->layer_of_group("quadriceps") == "muscles");
    CHECK(view->layer_of_group("calf") == "muscles");
    CHECK(view->layer_of_group("it-band") == "it-band");
    CHECK(view->layer_of_group("lymphatic") == "lymphatic");
    CHECK(view->layer_of_group("skin") == "skin");
    CHECK(view->layer_of_group("bones") == "bones");
    CHECK(view->layer_of_group("vessels-nerves") == "vessels");
  }

  // The layers, their names and how what lies on them is drawn are the catalogue's to declare
  // (docs/regions.md): the built-in one wraps the leg in its skin and lets the lymph vessels lie
  // over the muscles without hiding a highlight; another catalogue may say otherwise.
  TEST_CASE("the layers and how they draw come from the catalogue") {
    const auto builtin = test::leg_view();
    std::vector<std::string> names;
    for (const anatomy::Layer& layer : builtin->layers()) names.push_back(layer.name);
    CHECK(names == std::vector<std::string>{"Skin", "Muscles", "IT band", "Bones", "Lymphatics",
                                            "Vessels and nerves"});
    REQUIRE(builtin->envelope_layer() != nullptr);
    CHECK(builtin->envelope_layer()->id == "skin");
    auto styles = builtin->styles();
    CHECK(style_of(styles, "skin").envelope);
    CHECK_FALSE(style_of(styles, "skin").occludes);
    CHECK_FALSE(style_of(styles, "lymph-vessels").occludes);
    CHECK(style_of(styles, "rectus-femoris").occludes);
    CHECK_FALSE(style_of(styles, "rectus-femoris").envelope);

    // The same leg, its catalogue declaring the layers otherwise: no envelope, the lymph vessels on
    // a layer of their own name that hides a highlight like any other.
    std::string text = test::read_text(std::filesystem::path(KNEEVIZ_SOURCE_DIR) / "assets" / "regions.json");
    const auto replace = [&](const std::string& from, const std::string& to) {
      const std::size_t at = text.find(from);
      REQUIRE_MESSAGE(at != std::string::npos, from);
      text.replace(at, from.size(), to);
    };
    replace(R"({"id": "skin", "name": "Skin", "envelope": true})", R"({"id": "skin", "name": "Outer skin"})");
    replace(R"({"id": "lymphatic", "name": "Lymphatics", "occludes": false})",
            R"({"id": "lymph", "name": "Lymph 100%"})");
    for (std::size_t at = text.find(R"("layer": "lymphatic")"); at != std::string::npos;
         at = text.find(R"("layer": "lymphatic")", at))
      text.replace(at, 20, R"("layer": "lymph")");
    anatomy::RegionView other(test::bundled_leg(), anatomy::RegionCatalogue::from_string(text, "other.json"));
    CHECK(other.envelope_layer() == nullptr);
    CHECK(other.find_layer("lymphatic") == nullptr);
    REQUIRE(other.find_layer("lymph") != nullptr);
    CHECK(other.find_layer("lymph")->name == "Lymph 100%");
    CHECK(other.layer_of_group("lymphatic") == "lymph");
    styles = other.styles();
    CHECK_FALSE(style_of(styles, "skin").envelope);
    CHECK(style_of(styles, "skin").occludes);
    CHECK(style_of(styles, "lymph-vessels").occludes);
    // Highlighted, a skin that wraps nothing takes the full tint and others dim beside it.
    REQUIRE(other.set_highlighted("skin", true));
    CHECK(other.styles()[test::mesh_index("skin")].highlight == doctest::Approx(1.f));
    REQUIRE(builtin->set_highlighted("skin", true));
    CHECK(builtin->styles()[test::mesh_index("skin")].highlight == doctest::Approx(0.3f));
    other.apply_layer_spec("lymph=0");
    CHECK_FALSE(other.styles()[test::mesh_index("lymph-vessels")].visible);
    CHECK_THROWS_AS(other.apply_layer_spec("lymphatic=0"), std::invalid_argument);
  }

}  // TEST_SUITE("cpu")
