#include "harness/cli/app.hpp"

int main(int argc, char** argv) { return formcheck::cli::run_app(argc, argv); }
