#include "scene/model_checks.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <cstring>
#include <fstream>
#include <iterator>
#include <sstream>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace kneeviz::scene::checks {
namespace {

std::string read_all(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), {}};
}

std::size_t line_at(std::string_view text, std::size_t position) {
  return 1 + std::size_t(std::count(text.begin(),
                                    text.begin() + std::ptrdiff_t(std::min(position, text.size())), '\n'));
}

// The value of attribute `name` in the tag text `tag` ("<node id=\"a\" ..."); empty when absent.
std::string attribute(std::string_view tag, std::string_view name) {
  for (std::size_t at = tag.find(name); at != std::string_view::npos; at = tag.find(name, at + 1)) {
    const bool starts_word =
        at > 0 && (tag[at - 1] == ' ' || tag[at - 1] == '\t' || tag[at - 1] == '\n' || tag[at - 1] == '\r');
    std::size_t p = at + name.size();
    while (p < tag.size() && (tag[p] == ' ' || tag[p] == '\t')) ++p;
    if (!starts_word || p >= tag.size() || tag[p] != '=') continue;
    ++p;
    while (p < tag.size() && (tag[p] == ' ' || tag[p] == '\t')) ++p;
    if (p >= tag.size() || (tag[p] != '"' && tag[p] != '\'')) return {};
    const std::size_t end = tag.find(tag[p], p + 1);
    return end == std::string_view::npos ? std::string() : std::string(tag.substr(p + 1, end - p - 1));
  }
  return {};
}

// One pass over the tags of a Collada file: element and node nesting, and the graph of nodes
// (a node leads to the nodes nested in it and to the ones it instances).
void check_collada(const std::filesystem::path& file) {
  const std::string text = read_all(file);
  const auto refuse = [&](std::size_t at, const std::string& problem) {
    throw ModelError(file.string() + ":" + std::to_string(line_at(text, at)) + ": " + problem);
  };
  std::vector<std::vector<std::size_t>> leads_to;  // node -> nodes
  std::vector<std::size_t> node_at;                // where each node's tag is, for messages
  std::unordered_map<std::string, std::size_t> node_by_id;
  std::vector<std::pair<std::size_t, std::string>> instances;  // node, the id it instances
  std::vector<std::size_t> open_nodes;
  std::size_t depth = 0;
  for (std::size_t i = text.find('<'); i != std::string::npos; i = text.find('<', i)) {
    if (text.compare(i, 4, "<!--") == 0) {
      i = text.find("-->", i);
      continue;
    }
    if (text.compare(i, 9, "<![CDATA[") == 0) {
      i = text.find("]]>", i);
      continue;
    }
    const std::size_t close = text.find('>', i);
    if (close == std::string::npos) break;
    const std::string_view tag(text.data() + i, close - i);
    const std::size_t next = close + 1;
    if (tag.size() < 2 || tag[1] == '?' || tag[1] == '!') {
      i = next;
      continue;
    }
    const bool closing = tag[1] == '/', self_closing = tag.back() == '/';
    const std::size_t name_start = closing ? 2 : 1;
    const std::size_t name_end = std::min(tag.find_first_of(" \t\r\n/", name_start), tag.size());
    const std::string_view name = tag.substr(name_start, name_end - name_start);
    if (closing) {
      if (depth > 0) --depth;
      if (name == "node" && !open_nodes.empty()) open_nodes.pop_back();
    } else {
      if (!self_closing && ++depth > kMaxXmlDepth)
        refuse(i, "its XML elements nest deeper than " + std::to_string(kMaxXmlDepth) +
                      " levels; expected a Collada model (they nest a few dozen levels at most)");
      if (name == "node") {
        const std::size_t node = leads_to.size();
        leads_to.emplace_back();
        node_at.push_back(i);
        if (!open_nodes.empty()) leads_to[open_nodes.back()].push_back(node);
        if (const std::string id = attribute(tag, "id"); !id.empty()) node_by_id.emplace(id, node);
        if (!self_closing) open_nodes.push_back(node);
        if (open_nodes.size() > kMaxNodeDepth)
          refuse(i, "its <node> elements nest deeper than " + std::to_string(kMaxNodeDepth) +
                        " levels; expected a model's hierarchy (a few levels deep)");
      } else if (name == "instance_node" && !open_nodes.empty()) {
        const std::string url = attribute(tag, "url");
        if (url.starts_with("#")) instances.emplace_back(open_nodes.back(), url.substr(1));
      }
    }
    i = next;
  }
  for (const auto& [node, id] : instances)
    if (const auto target = node_by_id.find(id); target != node_by_id.end())
      leads_to[node].push_back(target->second);
  // A loop through the graph: a depth-first walk, without recursion, that meets a node it is
  // still inside.
  enum class State : unsigned char { unseen, inside, done };
  std::vector<State> state(leads_to.size(), State::unseen);
  for (std::size_t start = 0; start < leads_to.size(); ++start) {
    if (state[start] != State::unseen) continue;
    std::vector<std::pair<std::size_t, std::size_t>> stack{{start, 0}};  // node, next edge
    state[start] = State::inside;
    while (!stack.empty()) {
      auto& [node, edge] = stack.back();
      if (edge == leads_to[node].size()) {
        state[node] = State::done;
        stack.pop_back();
        continue;
      }
      const std::size_t to = leads_to[node][edge++];
      if (state[to] == State::inside)
        refuse(node_at[to],
               "a <node> instances itself or a node it lies in (through <instance_node>), "
               "an endless hierarchy; expected each node to appear once down its branch");
      if (state[to] == State::unseen) {
        state[to] = State::inside;
        stack.emplace_back(to, 0);
        if (stack.size() > kMaxNodeDepth * 4)
          refuse(node_at[to], "its nodes, through <instance_node>, nest deeper than " +
                                  std::to_string(kMaxNodeDepth * 4) + " levels");
      }
    }
  }
}

// An FBX scene is a list of connections, child -> parent between objects ("OO"; "OP" to one of
// the parent's properties). Assimp 5.2 follows them recursively, whatever their type: a loop (an
// object its own ancestor) overflows its stack. Valid files connect objects as a tree of trees.
void check_fbx_connections(const std::filesystem::path& file,
                           const std::vector<std::pair<std::int64_t, std::int64_t>>& child_parent) {
  std::unordered_map<std::int64_t, std::vector<std::int64_t>> parents;
  for (const auto& [child, up] : child_parent) parents[child].push_back(up);
  enum class State : unsigned char { inside, done };
  std::unordered_map<std::int64_t, State> state;
  for (const auto& [start, ignored] : parents) {
    if (state.contains(start)) continue;
    std::vector<std::pair<std::int64_t, std::size_t>> stack{{start, 0}};  // object, next parent
    state[start] = State::inside;
    while (!stack.empty()) {
      const std::int64_t object = stack.back().first;
      const auto found = parents.find(object);
      const std::size_t next = stack.back().second++;
      if (found == parents.end() || next >= found->second.size()) {
        state[object] = State::done;
        stack.pop_back();
        continue;
      }
      const std::int64_t up = found->second[next];
      const auto seen = state.find(up);
      if (seen != state.end() && seen->second == State::inside)
        throw ModelError(
            file.string() + ": object " + std::to_string(up) +
            " is connected as its own ancestor (a loop in the FBX connections); expected a tree");
      if (seen != state.end()) continue;
      state[up] = State::inside;
      stack.emplace_back(up, 0);
      if (stack.size() > kMaxNodeDepth * 4)
        throw ModelError(file.string() + ": its objects are connected more than " +
                         std::to_string(kMaxNodeDepth * 4) + " levels deep; expected a model's hierarchy");
    }
  }
}

void check_fbx(const std::filesystem::path& file) {
  const std::string data = read_all(file);
  std::vector<std::pair<std::int64_t, std::int64_t>> links;
  const auto refuse = [&](const std::string& problem) { throw ModelError(file.string() + ": " + problem); };
  if (!data.starts_with("Kaydara FBX Binary")) {
    // Text: lines like   C: "OO",100,200   (any quoted type: Assimp follows them all)
    for (std::size_t at = data.find("C:"); at != std::string::npos; at = data.find("C:", at + 2)) {
      std::size_t p = at + 2;
      while (p < data.size() && (data[p] == ' ' || data[p] == '\t')) ++p;
      if (p >= data.size() || data[p] != '"') continue;
      p = data.find('"', p + 1);
      if (p == std::string::npos) break;
      ++p;
      std::int64_t ids[2] = {0, 0};
      bool read = true;
      for (std::int64_t& id : ids) {
        while (p < data.size() && (data[p] == ' ' || data[p] == ',' || data[p] == '\t')) ++p;
        const auto [end, error] = std::from_chars(data.data() + p, data.data() + data.size(), id);
        read = read && error == std::errc();
        p = std::size_t(end - data.data());
      }
      if (read) links.emplace_back(ids[0], ids[1]);
    }
    check_fbx_connections(file, links);
    return;
  }
  // Binary: a 27-byte header, then node records: end offset, property count, property bytes
  // (32-bit before version 7500, 64-bit from it), a name; properties; nested records.
  if (data.size() < 27) refuse("the binary FBX ends inside its header");
  std::uint32_t version = 0;
  std::memcpy(&version, data.data() + 23, 4);
  const bool wide = version >= 7500;
  const std::size_t word = wide ? 8 : 4;
  const auto number = [&](std::size_t at, std::size_t bytes) {
    std::uint64_t value = 0;
    std::memcpy(&value, data.data() + at, bytes);  // little-endian, as x86 and ARM are
    return value;
  };
  struct Record {
    std::uint64_t end = 0;
    std::size_t properties = 0;  // where they begin
    std::uint64_t property_count = 0;
    std::size_t children = 0;  // where the nested records begin
    std::string name;
  };
  // The record at `at`, within `limit`; nothing for the null record that ends a list.
  const auto record_at = [&](std::size_t at, std::uint64_t limit) -> std::optional<Record> {
    if (at + 3 * word + 1 > limit) refuse("a record at byte " + std::to_string(at) + " runs past its end");
    Record record;
    record.end = number(at, word);
    record.property_count = number(at + word, word);
    const std::uint64_t property_bytes = number(at + 2 * word, word);
    const std::size_t name_length = static_cast<unsigned char>(data[at + 3 * word]);
    if (record.end == 0) return std::nullopt;
    record.properties = at + 3 * word + 1 + name_length;
    if (record.end <= at || record.end > limit || record.properties + property_bytes > record.end)
      refuse("the record at byte " + std::to_string(at) + " says it ends at byte " +
             std::to_string(record.end) + ", outside the record around it");
    record.name.assign(data, at + 3 * word + 1, name_length);
    record.children = std::size_t(record.properties + property_bytes);
    return record;
  };
  std::size_t at = 27;
  while (at < data.size()) {
    const std::optional<Record> top = record_at(at, data.size());
    if (!top) break;
    if (top->name == "Connections") {
      for (std::size_t inner = top->children; inner < top->end;) {
        const std::optional<Record> link = record_at(inner, top->end);
        if (!link) break;
        // C: its type as a string ('S', a length, the bytes: "OO", "OP"...), then two 64-bit
        // ids ('L'), child and parent.
        std::size_t p = link->properties;
        if (link->name == "C" && link->property_count >= 3 && p + 5 <= link->end && data[p] == 'S') {
          p += 5 + std::size_t(number(p + 1, 4));
          if (p + 18 <= link->end && data[p] == 'L' && data[p + 9] == 'L')
            links.emplace_back(std::int64_t(number(p + 1, 8)), std::int64_t(number(p + 10, 8)));
        }
        inner = std::size_t(link->end);
      }
    }
    at = std::size_t(top->end);
  }
  check_fbx_connections(file, links);
}

struct PlyProperty {
  std::string name;
  std::size_t bytes = 0;        // a scalar's size, or a list's items' size
  std::size_t count_bytes = 0;  // a list's count's size; 0 for a scalar
  bool is_integer = false;      // for a list's items
};

struct PlyHeader {
  std::size_t header_bytes = 0;
  bool binary = false, big_endian = false;
  struct Element {
    std::string name;
    std::uint64_t count = 0;
    std::vector<PlyProperty> properties;
    std::uint64_t min_bytes = 0;  // the least one element can take in the file
    std::size_t line = 0;
  };
  std::vector<Element> elements;
};

std::size_t ply_type_bytes(std::string_view type) {
  static const std::unordered_map<std::string_view, std::size_t> sizes{
      {"char", 1},   {"uchar", 1},   {"int8", 1},   {"uint8", 1},  {"short", 2}, {"ushort", 2},
      {"int16", 2},  {"uint16", 2},  {"int", 4},    {"uint", 4},   {"float", 4}, {"int32", 4},
      {"uint32", 4}, {"float32", 4}, {"double", 8}, {"float64", 8}};
  const auto found = sizes.find(type);
  return found == sizes.end() ? 0 : found->second;
}

bool ply_integer_type(std::string_view type) {
  return type != "float" && type != "float32" && type != "double" && type != "float64";
}

PlyHeader read_ply_header(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  PlyHeader header;
  const auto refuse = [&](std::size_t line, const std::string& problem) {
    throw ModelError(file.string() + ":" + std::to_string(line) + ": " + problem);
  };
  std::string line;
  for (std::size_t number = 1; std::getline(in, line); ++number) {
    header.header_bytes += line.size() + 1;
    if (header.header_bytes > (1u << 20)) refuse(number, "the PLY header runs past 1 MiB with no end_header");
    if (!line.empty() && line.back() == '\r') line.pop_back();
    std::istringstream words(line);
    std::string keyword;
    words >> keyword;
    if (keyword == "end_header") return header;
    if (keyword == "format") {
      std::string format;
      words >> format;
      if (format != "ascii" && format != "binary_little_endian" && format != "binary_big_endian")
        refuse(number, "unknown PLY format '" + format +
                           "'; expected ascii, binary_little_endian or binary_big_endian");
      header.binary = format != "ascii";
      header.big_endian = format == "binary_big_endian";
    } else if (keyword == "element") {
      PlyHeader::Element element;
      std::string count;
      words >> element.name >> count;
      const auto [end, error] = std::from_chars(count.data(), count.data() + count.size(), element.count);
      if (error != std::errc() || end != count.data() + count.size())
        refuse(number, "element '" + element.name + "' has no valid count, found '" + count + "'");
      element.line = number;
      header.elements.push_back(element);
    } else if (keyword == "property") {
      if (header.elements.empty()) refuse(number, "a property before any element");
      PlyHeader::Element& element = header.elements.back();
      PlyProperty property;
      std::string type;
      words >> type;
      if (type == "list") {
        std::string count_type, item_type;
        words >> count_type >> item_type >> property.name;
        property.count_bytes = ply_type_bytes(count_type);
        property.bytes = ply_type_bytes(item_type);
        property.is_integer = ply_integer_type(item_type);
        if (property.count_bytes == 0 || property.bytes == 0 || !ply_integer_type(count_type))
          refuse(number, "unknown PLY list types '" + count_type + " " + item_type + "'");
        element.min_bytes += header.binary ? property.count_bytes : 2;  // an empty list: its count alone
      } else {
        words >> property.name;
        property.bytes = ply_type_bytes(type);
        if (property.bytes == 0) refuse(number, "unknown PLY property type '" + type + "'");
        element.min_bytes += header.binary ? property.bytes : 2;  // a digit and a separator
      }
      element.properties.push_back(property);
    }
  }
  refuse(1, "the PLY header has no end_header");
  return header;
}

// Reads the body entry by entry, as the header describes it, without keeping it: every value
// present and a number, and every face a polygon (3 corners or more) of vertices the file has.
// Assimp 5.2 reads a PLY that runs short or has empty faces into faces its triangulation asserts
// on, which ends the program.
class PlyBody {
 public:
  PlyBody(const std::filesystem::path& file, const PlyHeader& header) : file_(file), header_(header) {
    std::ifstream in(file, std::ios::binary);
    in.seekg(std::streamoff(header.header_bytes));
    body_.assign(std::istreambuf_iterator<char>(in), {});
  }

  void check() {
    std::uint64_t vertices = 0;
    for (const PlyHeader::Element& element : header_.elements) {
      if (element.name == "vertex") vertices = element.count;
      const bool faces = element.name == "face";
      for (std::uint64_t entry = 0; entry < element.count; ++entry)
        for (const PlyProperty& property : element.properties) {
          const std::string place = "element '" + element.name + "', entry " + std::to_string(entry) +
                                    ", property '" + property.name + "'";
          if (property.count_bytes == 0) {
            (void)value(property.bytes, false, place);
            continue;
          }
          const double count = value(property.count_bytes, true, place);
          if (count < 0 || count != std::floor(count) || count > 1e6)
            refuse(place,
                   "has a list count of " + std::to_string(count) + "; expected a whole number of items");
          const bool corners =
              faces && (property.name == "vertex_indices" || property.name == "vertex_index");
          if (corners && count < 3)
            refuse(place, "has " + std::to_string(int(count)) + " corners; expected a polygon of 3 or more");
          for (std::uint64_t k = 0; k < std::uint64_t(count); ++k) {
            const double index = value(property.bytes, property.is_integer, place);
            if (corners && (index < 0 || index >= double(vertices)))
              refuse(place, "names vertex " + std::to_string(static_cast<long long>(index)) +
                                "; the file has " + std::to_string(vertices));
          }
        }
    }
  }

 private:
  [[noreturn]] void refuse(const std::string& place, const std::string& problem) const {
    throw ModelError(file_.string() + ": " + place + " " + problem);
  }

  // The next value: a word of the text, or `bytes` of the binary body.
  double value(std::size_t bytes, bool integer, const std::string& place) {
    if (!header_.binary) {
      while (at_ < body_.size() && std::isspace(static_cast<unsigned char>(body_[at_]))) ++at_;
      if (at_ >= body_.size()) refuse(place, "is missing: the file ends before it");
      std::size_t end = at_;
      while (end < body_.size() && !std::isspace(static_cast<unsigned char>(body_[end]))) ++end;
      double number = 0;
      const std::size_t digits = body_[at_] == '+' ? at_ + 1 : at_;  // from_chars takes no '+'
      const auto [stop, error] = std::from_chars(body_.data() + digits, body_.data() + end, number);
      if (error != std::errc() || stop != body_.data() + end || !std::isfinite(number))
        refuse(place,
               "is '" + body_.substr(at_, std::min<std::size_t>(end - at_, 20)) + "'; expected a number");
      at_ = end;
      return number;
    }
    if (body_.size() - at_ < bytes) refuse(place, "is missing: the file ends before it");
    unsigned char raw[8] = {};
    for (std::size_t b = 0; b < bytes; ++b)
      raw[b] = static_cast<unsigned char>(body_[at_ + (header_.big_endian ? bytes - 1 - b : b)]);
    at_ += bytes;
    if (!integer) return 0.0;  // a float's value does not matter here; a NaN position is caught later
    std::uint64_t bits = 0;
    for (std::size_t b = 0; b < bytes; ++b) bits |= std::uint64_t(raw[b]) << (8 * b);
    return double(bits);  // unsigned: an index of -1 reads as huge, beyond the vertices
  }

  const std::filesystem::path& file_;
  const PlyHeader& header_;
  std::string body_;
  std::size_t at_ = 0;
};

void check_ply(const std::filesystem::path& file, std::uintmax_t bytes) {
  const PlyHeader header = read_ply_header(file);
  const std::uint64_t body = bytes > header.header_bytes ? bytes - header.header_bytes : 0;
  std::uint64_t needed = 0;
  for (const PlyHeader::Element& element : header.elements) {
    // Each element takes a byte at least, or its count is a promise no file this size keeps.
    const std::uint64_t least = std::max<std::uint64_t>(element.min_bytes, 1);
    if (element.count > body || element.count * least > body - std::min(needed, body))
      throw ModelError(file.string() + ":" + std::to_string(element.line) + ": element '" + element.name +
                       "' says " + std::to_string(element.count) + " entries, which need at least " +
                       std::to_string(element.count * least) + " bytes, but the file holds " +
                       std::to_string(body - std::min(needed, body)) +
                       " after the header and the elements before it");
    needed += element.count * least;
  }
  PlyBody(file, header).check();
}

// Counts the occurrences of `needle` in the file, a chunk at a time.
std::uint64_t count_in_file(const std::filesystem::path& file, std::string_view needle) {
  std::ifstream in(file, std::ios::binary);
  std::string chunk(1 << 20, '\0'), carry;
  std::uint64_t count = 0;
  while (in) {
    in.read(chunk.data(), std::streamsize(chunk.size()));
    const std::string window = carry + chunk.substr(0, std::size_t(in.gcount()));
    for (std::size_t at = window.find(needle); at != std::string::npos;
         at = window.find(needle, at + needle.size()))
      ++count;
    // Keep what could start a match cut by the chunk's end, and nothing already counted.
    const std::size_t keep = std::min(window.size(), needle.size() - 1);
    carry = window.substr(window.size() - keep);
  }
  return count;
}

std::uint64_t obj_triangles(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  std::uint64_t triangles = 0;
  for (std::string line; std::getline(in, line);) {
    if (line.size() < 2 || line[0] != 'f' || (line[1] != ' ' && line[1] != '\t')) continue;
    std::istringstream corners(line.substr(2));
    std::uint64_t count = 0;
    for (std::string corner; corners >> corner;) ++count;
    if (count >= 3) triangles += count - 2;
  }
  return triangles;
}

std::uint64_t collada_triangles(const std::filesystem::path& file) {
  const std::string text = read_all(file);
  std::uint64_t triangles = 0;
  for (const char* primitive : {"<triangles", "<polylist", "<polygons", "<tristrips", "<trifans"}) {
    const std::string_view open = primitive;
    for (std::size_t at = text.find(open); at != std::string::npos; at = text.find(open, at + open.size())) {
      const std::size_t close = text.find('>', at);
      if (close == std::string::npos) break;
      const std::string count = attribute(std::string_view(text).substr(at, close - at), "count");
      std::uint64_t n = 0;
      std::from_chars(count.data(), count.data() + count.size(), n);
      triangles += n;
    }
  }
  return triangles;
}

}  // namespace

void check_structure(const std::filesystem::path& file, const std::string& extension, std::uintmax_t bytes) {
  if (extension == ".dae") check_collada(file);
  if (extension == ".ply") check_ply(file, bytes);
  if (extension == ".fbx") check_fbx(file);
}

std::optional<std::uint64_t> estimate_triangles(const std::filesystem::path& file,
                                                const std::string& extension, std::uintmax_t bytes) {
  if (extension == ".stl") {
    // Binary (as check_content tells it): the count its header gives, which matches the size.
    if (bytes >= 84) {
      std::ifstream in(file, std::ios::binary);
      char head[84] = {};
      in.read(head, sizeof head);
      std::uint32_t count = 0;
      for (int i = 0; i < 4; ++i) count |= std::uint32_t(static_cast<unsigned char>(head[80 + i])) << (8 * i);
      if (84u + 50u * std::uintmax_t(count) == bytes) return count;
    }
    return count_in_file(file, "endfacet");
  }
  if (extension == ".ply") {
    for (const PlyHeader::Element& element : read_ply_header(file).elements)
      if (element.name == "face") return element.count;
    return 0;
  }
  if (extension == ".obj") return obj_triangles(file);
  if (extension == ".dae") return collada_triangles(file);
  return std::nullopt;
}

}  // namespace kneeviz::scene::checks
