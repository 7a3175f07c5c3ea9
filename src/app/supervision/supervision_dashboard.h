// The figures of the supervision dashboards (ECharts in the console): for the city office the
// qualified rate per quarter and unit, accounts at risk, what is overdue and the ranking; for a
// unit its own tasks, deadlines and score trend. Read-only, assembled from the services.
#pragma once

#include <nlohmann/json.hpp>

#include "app/node.h"

namespace govmedia::app {

/// The contract of GET /api/dashboard/supervision for `year`; a unit operator gets the unit's own.
core::Result<nlohmann::json> SupervisionDashboard(Node& node, const core::Principal& p, int year);

}  // namespace govmedia::app
