// Starting a program while other threads allocate: a run starts its local targets and browser
// drivers while the watcher, the console and other targets' threads are busy. Between fork and
// exec the child may only make async-signal-safe calls; an allocation there can wait for ever
// on an allocator lock another thread held at the fork (ASan's allocator is not reset in the
// child), and the parent then waits for an exec that never comes.
#include "harness/process/child_process.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <future>
#include <memory>
#include <thread>
#include <vector>

namespace formcheck::process {
namespace {

// Starts `true` and waits for it, on a thread of its own; false when that took longer than
// `deadline` (the thread is then left behind: it may never return).
bool start_and_reap_within(std::chrono::milliseconds deadline) {
  auto done = std::make_shared<std::promise<bool>>();
  auto result = done->get_future();
  std::thread([done] {
    LaunchSpec spec;
    spec.executable = "true";
    spec.supervise = false;
    auto child = ChildProcess::start(spec);
    done->set_value(child && child.value()->wait_exit(std::chrono::seconds(5)).exited);
  }).detach();
  return result.wait_for(deadline) == std::future_status::ready && result.get();
}

TEST(ChildProcessFork, StartsWhileOtherThreadsAllocateWithoutEverHanging) {
  std::atomic<bool> stop{false};
  std::vector<std::thread> allocators;
  for (int t = 0; t < 3; ++t) {
    allocators.emplace_back([&stop] {
      while (!stop.load()) {
        std::vector<std::unique_ptr<char[]>> blocks;
        for (int i = 0; i < 64; ++i) {
          blocks.push_back(std::make_unique<char[]>(static_cast<size_t>(16 + (i * 37) % 4000)));
        }
      }
    });
  }
  int started = 0;
  bool hung = false;
  const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(8);
  while (std::chrono::steady_clock::now() < until && !hung) {
    hung = !start_and_reap_within(std::chrono::seconds(10));
    started += hung ? 0 : 1;
  }
  stop = true;
  for (auto& t : allocators) {
    t.join();
  }
  EXPECT_FALSE(hung) << "a start did not return within 10 s after " << started << " good ones";
  EXPECT_GT(started, 10);
}

}  // namespace
}  // namespace formcheck::process
