// Work shared by those who ask for the same thing at the same time: the first to ask runs it,
// and whoever asks for the same key while it runs waits and takes its result instead of running
// it again. Nothing is kept once it is done, so an answer is never older than the request that
// started it. For reads that cost a core for a second and that a room of people opens at once
// (the supervision dashboard: the year's assessment of every unit, docs/benchmarks.md).
// Thread-safety: Run may be called from any number of threads.
#pragma once

#include <condition_variable>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include "core/status.h"

namespace govmedia::app {

template <typename Value>
class SharedFlight final {
 public:
  /// `work`'s result for `key`: run here, or taken from the run going on for the same key.
  core::Result<Value> Run(const std::string& key, const std::function<core::Result<Value>()>& work) {
    std::shared_ptr<Flight> flight;
    bool first = false;
    {
      std::lock_guard lock(mu_);
      auto& slot = flights_[key];
      if (!slot) {
        slot = std::make_shared<Flight>();
        first = true;
      }
      flight = slot;
    }
    if (!first) {
      std::unique_lock wait(flight->mu);
      flight->done.wait(wait, [&] { return flight->result.has_value(); });
      return *flight->result;
    }
    std::optional<core::Result<Value>> result;
    try {
      result.emplace(work());
    } catch (...) {
      Land(key, *flight, core::Status::Internal("计算中断"));
      throw;
    }
    Land(key, *flight, *result);
    return std::move(*result);
  }

 private:
  struct Flight {
    std::mutex mu;
    std::condition_variable done;
    std::optional<core::Result<Value>> result;
  };

  // Hands the result to those waiting, and lets the next request for the key run afresh.
  void Land(const std::string& key, Flight& flight, core::Result<Value> result) {
    {
      std::lock_guard lock(mu_);
      flights_.erase(key);
    }
    {
      std::lock_guard lock(flight.mu);
      flight.result.emplace(std::move(result));
    }
    flight.done.notify_all();
  }

  std::mutex mu_;  // guards flights_
  std::map<std::string, std::shared_ptr<Flight>> flights_;
};

}  // namespace govmedia::app
