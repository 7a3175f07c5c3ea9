// Demo data for the run command: accounts for every unit across platforms, filings in every
// state, a few overdue — each account marked demo; posts over the last weeks (some accounts
// going quiet), a finished spot-check round with a published notice and its rectifications, and
// some of this quarter's reports. Never used by tests' assertions on real data.
#pragma once

#include "app/node.h"

namespace govmedia::app {

struct DemoSummary {
  int accounts = 0;
  int filings = 0;
  int inspections = 0;
  int posts = 0;
  int rectifications = 0;
  bool already_present = false;
};

/// Seeds the demo once; a database that already holds demo accounts is left as it is.
core::Result<DemoSummary> SeedDemo(Node& platform);

}  // namespace govmedia::app
