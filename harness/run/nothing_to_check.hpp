#pragma once
// A plan that checks nothing passes: an empty "suites" list, suites without cases, no target
// left. Such a run would exit 0 having proved nothing, so it is a configuration problem.
#include "harness/config/config.hpp"
#include "harness/config/problems.hpp"

namespace formcheck::run {

struct Plan;

// One problem per target that would run no check, or one for a plan without targets; each
// names where the emptiness comes from and how to fix it. Empty when every target checks.
config::Problems nothing_to_check(const Plan& plan, const config::Config& config, bool suites_from_flags);

}  // namespace formcheck::run
