// Demo data for the run command: accounts for every unit across platforms, filings in every
// state, a few overdue — each account marked demo. Never used by tests' assertions on real data.
#pragma once

#include "app/node.h"

namespace govmedia::app {

struct DemoSummary {
  int accounts = 0;
  int filings = 0;
  int inspections = 0;
  bool already_present = false;
};

/// Seeds the demo once; a database that already holds demo accounts is left as it is.
core::Result<DemoSummary> SeedDemo(Node& platform);

}  // namespace govmedia::app
