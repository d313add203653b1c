#pragma once
// The formcheck command line: parses arguments, dispatches to a command, and is the one
// place that turns an escaped error into `formcheck: error: …` and an exit code.
namespace formcheck::cli {

int run_app(int argc, char** argv);

}  // namespace formcheck::cli
