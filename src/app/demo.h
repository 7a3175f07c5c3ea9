// Demo data for the run command: a city as it stands on the real clock's today. The units of
// 附件1 run about a hundred accounts with plausible names and people; the previous year is
// complete — four quarters of self-inspections, quarterly reports, the city office's spot checks
// with their notices and rectifications, higher-level checks, filings — and its annual assessment
// is finalised, most units qualified and a few not, each for a reason the records show (a
// higher-level check's serious error, two accounts failed in a provincial check after a secret
// leak and a silence, a quarter without self-inspection, reports missing with a rectification
// overdue). The current year runs to today: its past quarters done, the quarter under way only
// begun, so nothing not yet due is counted. Posts follow the units' work and the seasons.
//
// Every record is made through the services, with the clock set to the day it happened
// (TravelClock), so dates, audit rows and alerts read as if the year had been lived. Each account
// is marked demo. Never used by tests' assertions on real data.
#pragma once

#include "app/node.h"
#include "app/system_clock.h"

namespace govmedia::app {

struct DemoSummary {
  bool already_present = false;
  int previous_year = 0;
  // Counted from the database once seeded, so they add up with what the console shows.
  int64_t accounts = 0, filings = 0, inspections = 0, posts = 0, reports = 0, rounds = 0,
          rectifications = 0, alerts = 0;
  int64_t qualified = 0, unqualified = 0;  // the previous year's finalised assessment
};

/// Seeds the demo once, as of the clock's now (the system's time, or the moment set); a database
/// that already holds demo accounts is left as it is. `platform` must have been opened with
/// `clock`, which the demo moves through the past and puts back where it stood before returning.
/// Written in one transaction: on error nothing is left.
core::Result<DemoSummary> SeedDemo(Node& platform, TravelClock& clock);

}  // namespace govmedia::app
