// doctest's main() for every test executable, with one guard: ctest runs each test case as
// `exe --test-case=NAME`, and doctest passes when NAME matches nothing (a comma or a wildcard in a
// test case's name breaks the match). Here a run whose filters match no test case fails instead.
#define DOCTEST_CONFIG_IMPLEMENT
#include <doctest/doctest.h>

#include <cstdio>

namespace {

unsigned g_test_cases_run = 0;
bool g_run_ended = false;

struct CountTestCases : doctest::IReporter {
  explicit CountTestCases(const doctest::ContextOptions&) {}
  void report_query(const doctest::QueryData&) override {}
  void test_run_start() override {}
  void test_run_end(const doctest::TestRunStats& stats) override {
    g_run_ended = true;
    g_test_cases_run = stats.numTestCasesPassingFilters;
  }
  void test_case_start(const doctest::TestCaseData&) override {}
  void test_case_reenter(const doctest::TestCaseData&) override {}
  void test_case_end(const doctest::CurrentTestCaseStats&) override {}
  void test_case_exception(const doctest::TestCaseException&) override {}
  void subcase_start(const doctest::SubcaseSignature&) override {}
  void subcase_end() override {}
  void log_assert(const doctest::AssertData&) override {}
  void log_message(const doctest::MessageData&) override {}
  void test_case_skipped(const doctest::TestCaseData&) override {}
};
DOCTEST_REGISTER_LISTENER("count-test-cases", 1, CountTestCases);

}  // namespace

int main(int argc, char** argv) {
  doctest::Context context(argc, argv);
  const int result = context.run();
  if (context.shouldExit() || !g_run_ended) return result;  // --help, --list-test-cases, ...
  if (g_test_cases_run == 0) {
    std::fprintf(stderr, "no test case matched the filters on the command line: nothing was tested\n");
    return result != 0 ? result : 1;
  }
  return result;
}
